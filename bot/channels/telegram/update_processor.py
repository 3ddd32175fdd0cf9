"""Serve many people at once while keeping each person's messages in order.

With the shared inbox (several instances, see bot.channels.telegram.turns) PTB hands every
polled update to the processor, which stores it in the inbox the webhook writes to too, and
the person's turn handles it from there. One instance on SQLite keeps each person's updates
in memory instead (no database round trips per update). Either way handling takes one of
`max_concurrent_updates` slots."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Awaitable
from typing import Any, Protocol

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.observability import metrics

_LOGGER = logging.getLogger(__name__)

# Room for a quick burst (an album is up to 10 updates) and for presses while the bot is
# slow; beyond it a person is flooding, and only that person's extra updates are lost.
MAX_HELD_PER_PERSON = 20


class UpdateReceiver(Protocol):
    async def receive(self, update: object, payload: str | None = None) -> None: ...


class _Person:
    """One person's updates inside the processor: the one running and those waiting."""

    __slots__ = ("held", "turn")

    def __init__(self) -> None:
        # asyncio.Lock wakes waiters in arrival order, which keeps the person's order.
        self.turn = asyncio.Lock()
        self.held = 0


class PerPersonUpdateProcessor(BaseUpdateProcessor):
    """Updates of different people run concurrently; one person's run one after another.

    A conversation's state depends on the previous answer, so a person's updates must not
    overtake each other; other people should not wait for them (PTB's default processes every
    update in sequence). With `receiver` (the shared inbox) the order is kept by the person's
    turn (turns.py), across instances; without, by a lock per person held here. PTB's gate
    admits every update. At most `max_concurrent_updates` updates are handled at once, and an
    update takes one of these slots only when it is its person's turn: with PTB's own
    semaphore, taken before the person's order is known, 500 quick messages of one person held
    every slot while waiting for each other, and another person's /start waited 46 s.
    """

    def __init__(
        self,
        max_concurrent_updates: int,
        receiver: UpdateReceiver | None = None,
        flood: FloodWatch | None = None,
    ) -> None:
        super().__init__(sys.maxsize)
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._receiver = receiver
        self._flood = flood or FloodWatch()
        self._people: dict[str, _Person] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if self._receiver is not None:
            # Stored in the inbox; its person's turn handles it.
            if asyncio.iscoroutine(coroutine):
                coroutine.close()  # handled later from the inbox; without this Python warns
            await self._receiver.receive(update)
            return
        arrived = time.monotonic()
        metrics.update_received()
        key = _person_of(update)
        if key is None:
            await self.handle(coroutine, time.monotonic() - arrived)
            return
        person = self._people.get(key)
        if person is None:
            person = self._people[key] = _Person()
        elif person.held >= self._flood.cap:
            if asyncio.iscoroutine(coroutine):
                coroutine.close()  # never awaited: without this Python warns about it
            self._flood.dropped(key, update)
            return
        person.held += 1
        try:
            async with person.turn:
                await self.handle(coroutine, time.monotonic() - arrived)
        finally:
            person.held -= 1
            if not person.held:
                del self._people[key]
                self._flood.caught_up(key)

    async def handle(self, coroutine: Awaitable[Any], waited: float = 0.0) -> None:
        """Runs one update's handling (its person's turn has come) in one of the slots."""
        async with self._slots:
            metrics.update_started(waited)
            await coroutine

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


class FloodWatch:
    """Logs a flooding person once when their updates start being dropped, and once when the
    flood is over (per instance: the one that dropped them counts them). Dropped updates are
    not answered, not even a button press: an answer per dropped update would spend the Bot
    API connections everyone else needs."""

    def __init__(self, cap: int = MAX_HELD_PER_PERSON) -> None:
        self.cap = cap
        self._dropped: dict[str, int] = {}

    def dropped(self, key: str, update: object) -> None:
        metrics.update_dropped(update_kind(update))
        count = self._dropped.get(key, 0)
        if not count:
            _LOGGER.warning(
                "Person %s sends faster than the bot answers; dropping updates beyond %d held",
                masked(key),
                self.cap,
            )
        self._dropped[key] = count + 1

    def caught_up(self, key: str) -> None:
        """None of the person's updates waits any more."""
        count = self._dropped.pop(key, 0)
        if count:
            _LOGGER.warning(
                "Flood from person %s is over: %d updates were dropped", masked(key), count
            )


def update_kind(update: object) -> str:
    """Which kind of update this is (`message`, `callback_query`...), for metrics."""
    if isinstance(update, Update):
        for kind in Update.ALL_TYPES:
            if getattr(update, kind, None) is not None:
                return str(kind)
    return "other"


def _person_of(update: object) -> str | None:
    if not isinstance(update, Update):
        return None
    if update.effective_user:
        return f"tg:{update.effective_user.id}"
    return f"chat:{update.effective_chat.id}" if update.effective_chat else None


def masked(key: str) -> str:
    """Enough of a person's key to tell floods apart in the log, not to identify a person."""
    return f"…{key[-3:]}"
