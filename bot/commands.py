"""The bot's commands, named in both languages. Channel-agnostic: the Telegram adapter turns
these into CommandHandlers and the setMyCommands menus."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.languages import Locale

Audience = Literal["everyone", "admin"]


@dataclass(frozen=True)
class Command:
    indonesian: str
    english: str
    description_key: str
    audience: Audience = "everyone"
    in_menu: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.indonesian, self.english)))

    def name_in(self, locale: Locale) -> str:
        return self.indonesian if locale == "id" else self.english


START = Command("start", "start", "cmd_start")
HELP = Command("bantuan", "help", "cmd_help")

COMMANDS: tuple[Command, ...] = (START, HELP)


def menu(locale: Locale, audience: Audience = "everyone") -> list[tuple[str, str]]:
    """(command, description key) pairs for one language's command menu."""
    return [
        (command.name_in(locale), command.description_key)
        for command in COMMANDS
        if command.in_menu and command.audience == audience
    ]
