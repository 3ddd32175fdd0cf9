"""Fake time for the pacer and the delivery worker, and the measure their limits are about.

`FakeTime.sleep` parks the caller until the time it asked for; `FakeTime.run` lets the event
loop do everything it can, then moves the time to the earliest parked wake-up, and so on until
the awaited work is done. Waits thus take no real time, and what the code under test sees of
the time is exact: a send the pacer lets start at t starts at t. Work that waits on a thread
(SQLite) or a socket may see the time move on meanwhile, as if it had been that slow, never
as if a sleep had been cut short.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

_T = TypeVar("_T")
_SETTLE_ROUNDS = 50  # loop iterations that let ready tasks run before the time moves


class FakeTime:
    """A `bot.clock.Clock`, a monotonic clock and a sleep sharing one fake time."""

    def __init__(self, start: datetime = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)) -> None:
        self._start = start
        self._elapsed = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def monotonic(self) -> float:
        return 1000.0 + self._elapsed

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self._elapsed)

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        wake: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self._elapsed + seconds, next(self._order), wake))
        await wake

    async def run(self, work: Awaitable[_T]) -> _T:
        """Awaits `work`, moving the time whenever nothing else can go on."""
        task = asyncio.ensure_future(work)
        while not task.done():
            for _ in range(_SETTLE_ROUNDS):
                await asyncio.sleep(0)
                if task.done():
                    break
            else:
                # A thread (SQLite) or a socket may still answer: a real moment for it before
                # the time moves, so that waits on them rarely look slow.
                await asyncio.sleep(0.001)
                if not task.done() and not self._ready_soon():
                    self._wake_next()
        return task.result()

    @staticmethod
    def _ready_soon() -> bool:
        """Whether the event loop has callbacks ready (something came back meanwhile)."""
        loop = asyncio.get_running_loop()
        return bool(getattr(loop, "_ready", ()))

    def _wake_next(self) -> bool:
        """Moves the time to the earliest wake-up and wakes everyone due then."""
        while self._sleepers and self._sleepers[0][2].done():
            heapq.heappop(self._sleepers)  # its sleeper was cancelled
        if not self._sleepers:
            return False
        self._elapsed = max(self._elapsed, self._sleepers[0][0])
        while self._sleepers and self._sleepers[0][0] <= self._elapsed:
            _, _, wake = heapq.heappop(self._sleepers)
            if not wake.done():
                wake.set_result(None)
        return True


def most_in_one_second(times: list[float]) -> int:
    ordered = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best
