"""Helpers for flow tests: talk to the bot as a simulated person, read its answers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram.ext import Application

from bot.emulator import BotApiEmulator, BotMessage, SimUser

ADMIN_CHAT_TITLE = "Humas Admin"
# Edits of an earlier message (buttons removed after a press) are not new answers.
EDIT_METHODS = frozenset({"editMessageReplyMarkup"})


@dataclass
class BotHarness:
    application: Application  # type: ignore[type-arg]
    emulator: BotApiEmulator

    def person(self, first_name: str = "Siti", *, language_code: str | None = "id") -> Person:
        return Person(
            self.emulator, self.emulator.add_user(first_name, language_code=language_code)
        )

    def busy(self) -> bool:
        """Whether the bot still holds updates: queued, waiting for their person's turn, or
        being handled (a handler may wait on a platform API with no Bot API call in flight)."""
        processor = self.application.update_processor
        return (
            not self.application.update_queue.empty()
            or processor.current_concurrent_updates > 0
            or getattr(processor, "pending_updates", 0) > 0
        )


class Person:
    """A simulated civil servant in a private chat with the bot."""

    def __init__(self, emulator: BotApiEmulator, user: SimUser) -> None:
        self.emulator = emulator
        self.user = user
        self.last: BotMessage | None = None

    async def reply(self, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """The bot's next new message (or text edit) in this chat."""
        while True:
            message = await self.emulator.next_message(self.user, timeout=timeout)
            if message.method not in EDIT_METHODS:
                self.last = message
                return message

    async def says(self, text: str) -> BotMessage:
        self.emulator.send_text(self.user, text)
        return await self.reply()

    async def presses(self, button_text: str, message: BotMessage | None = None) -> BotMessage:
        target = message or self.last
        assert target is not None, "no bot message to press a button on"
        self.emulator.press_button(self.user, target.message, text=button_text)
        return await self.reply()

    async def settled(self) -> list[BotMessage]:
        """Waits until the bot is idle and returns (consuming) what it sent meanwhile."""
        await self.emulator.wait_idle()
        sent = [m for m in self.emulator.drain(self.user) if m.method not in EDIT_METHODS]
        if sent:
            self.last = sent[-1]
        return sent

    async def submits(self) -> list[BotMessage]:
        """Confirms the summary; returns the confirmation and the first verification results."""
        first = await self.presses(self.buttons()[0])
        return [first, *await self.settled()]

    def buttons(self, message: BotMessage | None = None) -> list[str]:
        target = message or self.last
        markup: dict[str, Any] = (target.reply_markup if target else None) or {}
        return [button["text"] for row in markup.get("inline_keyboard", []) for button in row]


async def answered_with(emulator: BotApiEmulator, text: str, timeout: float = 5.0) -> list[str]:  # noqa: ASYNC109
    """Waits until a button press was answered with `text` (or times out); returns every
    answer text so far. Idleness alone is no proof: the bot may still be working on a press."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        answers = [a.get("text", "") for a in emulator.callback_answers if a.get("text")]
        if text in answers or asyncio.get_running_loop().time() > deadline:
            return answers
        await asyncio.sleep(0.02)


async def eventually(check: Callable[[], bool], timeout: float = 5.0) -> bool:  # noqa: ASYNC109
    """Polls `check` until it holds or the time is up (for effects with no message to wait
    for, such as a database write or a request the bot makes on its own)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True
