"""Helpers for tests that drive the bot: run it against the emulator, talk to it as a
simulated person, and wait for the effects of what was sent (never for quiet)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from telegram import Update

from bot.app import build_application
from bot.channels.telegram.application import BotApplication
from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, BotMessage, SimChat, SimUser

TOKEN = "123456:TEST-TOKEN-FOR-THE-EMULATOR"
ADMIN_CHAT_TITLE = "Humas Admin"
# Edits of an earlier message (buttons removed after a press) are not new answers.
EDIT_METHODS = frozenset({"editMessageReplyMarkup"})


@dataclass
class BotHarness:
    application: BotApplication
    emulator: BotApiEmulator

    def person(
        self, first_name: str = "Siti", *, language_code: str | None = "id", patience: float = 5.0
    ) -> Person:
        return Person(
            self.emulator,
            self.emulator.add_user(first_name, language_code=language_code),
            patience=patience,
        )


class Person:
    """A simulated civil servant in a private chat with the bot."""

    def __init__(self, emulator: BotApiEmulator, user: SimUser, *, patience: float = 5.0) -> None:
        self.emulator = emulator
        self.user = user
        self.last: BotMessage | None = None
        # How long to wait for each answer unless a call says otherwise.
        self.patience = patience

    async def reply(self, timeout: float | None = None) -> BotMessage:  # noqa: ASYNC109
        """The bot's next new message (or text edit) in this chat."""
        while True:
            message = await self.emulator.next_message(
                self.user, timeout=self.patience if timeout is None else timeout
            )
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

    async def replies(self, count: int, timeout: float = 15.0) -> list[BotMessage]:  # noqa: ASYNC109
        """The bot's next `count` new messages in this chat."""
        return [await self.reply(timeout) for _ in range(count)]

    async def replies_until(self, text: str, timeout: float = 15.0) -> list[BotMessage]:  # noqa: ASYNC109
        """The bot's new messages up to and including the first that contains `text`: for
        answers that come on their own (a check's result), after others that may come first."""
        deadline = asyncio.get_running_loop().time() + timeout
        received: list[BotMessage] = []
        while not received or text not in received[-1].content:
            left = deadline - asyncio.get_running_loop().time()
            try:
                received.append(await self.reply(timeout=max(left, 0.0)))
            except TimeoutError as exc:
                seen = [m.content[:60] for m in received]
                raise TimeoutError(f"no message containing {text!r}; got {seen}") from exc
        return received

    async def submits(self, replies: int = 3) -> list[BotMessage]:
        """Confirms the summary; returns the confirmation and the next `replies` answers: the
        checking notice and one result per account (two with the default answers)."""
        first = await self.presses(self.buttons()[0])
        return [first, *await self.replies(replies)]

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


async def all_handled(
    emulator: BotApiEmulator,
    user: SimUser,
    chat: SimChat | SimUser | None = None,
    timeout: float = 5.0,  # noqa: ASYNC109
) -> None:
    """Waits until the bot finished every update `user` sent so far (in `chat`, their private
    chat by default): the proof a test needs before asserting that nothing (more) was sent.
    The bot handles one person's updates one after another, so once a later press by the same
    person is answered, everything before it was handled. The press carries data no button
    has; it is answered as a stale button and changes nothing."""
    last = emulator.history(chat or user)[-1]
    probe = emulator.press_forged(user, last, "probe:handled")
    await emulator.wait_for_callback_answer(probe, timeout)


async def wait_until(check: Callable[[], bool], awaited: str, timeout: float = 5.0) -> None:  # noqa: ASYNC109
    """Polls `check` until it holds; fails naming what was `awaited` when the time is up
    (for effects with no message to wait for, such as a row in the database)."""
    if not await eventually(check, timeout):
        raise TimeoutError(f"waited {timeout}s for {awaited}")


async def eventually(check: Callable[[], bool], timeout: float = 5.0) -> bool:  # noqa: ASYNC109
    """Polls `check` until it holds or the time is up (for effects with no message to wait
    for, such as a database write or a request the bot makes on its own)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def running_bot(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    """The real Application, polling the emulator, for the length of the block."""
    application = build_application(settings, clock=clock)
    async with application:
        await application.start()
        assert application.updater
        await application.updater.start_polling(
            poll_interval=0, timeout=1, allowed_updates=Update.ALL_TYPES
        )
        try:
            yield BotHarness(application, emulator)
        finally:
            await application.updater.stop()
            await application.stop()
