"""Serve many people at once while keeping each person's messages in order."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.observability import metrics

_LOGGER = logging.getLogger(__name__)

# Room for a quick burst (an album is up to 10 updates) and for presses while the bot is
# slow; beyond it a person is flooding, and only that person's extra updates are lost.
MAX_HELD_PER_PERSON = 20


class _Person:
    """One person's updates inside the processor: the one running and those waiting."""

    __slots__ = ("dropped", "held", "turn")

    def __init__(self) -> None:
        # asyncio.Lock wakes waiters in arrival order, which keeps the person's order.
        self.turn = asyncio.Lock()
        self.held = 0
        self.dropped = 0


class PerPersonUpdateProcessor(BaseUpdateProcessor):
    """Updates of different people run concurrently; one person's run one after another.

    A conversation's state depends on the previous answer, so a person's updates must not
    overtake each other; other people should not wait for them (PTB's default processes every
    update in sequence). At most `max_concurrent_updates` updates run at once, and an update
    takes one of these slots only when it is its person's turn: PTB's own semaphore is taken
    before `do_process_update`, so with it 500 quick messages of one person held every slot
    while waiting for each other, and another person's /start waited 46 s. PTB's gate
    therefore admits every update. Each person holds at most `max_held_per_person` updates;
    a flooder's further updates are dropped (not answered, not even a button press: an answer
    per dropped update would spend the Bot API connections everyone else needs).
    """

    def __init__(
        self, max_concurrent_updates: int, max_held_per_person: int = MAX_HELD_PER_PERSON
    ) -> None:
        super().__init__(sys.maxsize)
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._max_held = max_held_per_person
        self._people: dict[int, _Person] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        arrived = time.monotonic()
        metrics.update_received()
        key = _person_of(update)
        if key is None:
            async with self._slots:
                metrics.update_started(time.monotonic() - arrived)
                await coroutine
            return
        person = self._people.get(key)
        if person is None:
            person = self._people[key] = _Person()
        elif person.held >= self._max_held:
            metrics.update_dropped(update_kind(update))
            _drop(coroutine, key, person)
            return
        person.held += 1
        try:
            async with person.turn, self._slots:
                metrics.update_started(time.monotonic() - arrived)
                await coroutine
        finally:
            person.held -= 1
            if not person.held:
                del self._people[key]
                if person.dropped:
                    _LOGGER.warning(
                        "Flood from person %s is over: %d updates were dropped",
                        _masked(key),
                        person.dropped,
                    )

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def _drop(coroutine: Awaitable[Any], key: int, person: _Person) -> None:
    if asyncio.iscoroutine(coroutine):
        coroutine.close()  # never awaited: without this Python warns about it
    if not person.dropped:
        _LOGGER.warning(
            "Person %s sends faster than the bot answers; dropping updates beyond %d held",
            _masked(key),
            person.held,
        )
    person.dropped += 1


def update_kind(update: object) -> str:
    """Which kind of update this is (`message`, `callback_query`...), for metrics."""
    if isinstance(update, Update):
        for kind in Update.ALL_TYPES:
            if getattr(update, kind, None) is not None:
                return str(kind)
    return "other"


def _masked(key: int) -> str:
    """Enough of a Telegram id to tell floods apart in the log, not to identify a person."""
    return f"…{str(key)[-3:]}"


def _person_of(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_user:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat else None
