"""Serve many people at once while keeping each person's messages in order."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerPersonUpdateProcessor(BaseUpdateProcessor):
    """Updates of different people run concurrently; one person's run one after another.

    A conversation's state depends on the previous answer, so a person's updates must not
    overtake each other; other people should not wait for them (PTB's default processes every
    update in sequence). asyncio.Lock wakes waiters in arrival order, which keeps the order.
    """

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _person_of(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def _person_of(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_user:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat else None
