"""Pacing requests per API, honouring the API's own "come back later", and a small TTL cache.

The limiter hands out time slots in arrival order (FIFO): each caller reserves the earliest slot
that keeps the provider inside its window, then sleeps until it. A caller whose slot is further
away than ``max_wait`` gets :class:`RateLimited` at once instead, so a chat is never held
hostage by a quota; the caller can schedule a retry at ``retry_at``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from bot.clock import Clock
from bot.enrollment.social_handles import Platform
from bot.verification.accounts import RateLimited

__all__ = [
    "GRAPH_LIMIT",
    "X_LIMIT",
    "YOUTUBE_LIMIT",
    "RateLimit",
    "RateLimiter",
    "Sleep",
    "TtlCache",
]

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class RateLimit:
    """At most ``max_requests`` per sliding ``per`` window, and ``min_interval`` between two."""

    max_requests: int
    per: timedelta
    min_interval: timedelta = timedelta(0)

    def __post_init__(self) -> None:
        if self.max_requests < 1 or self.per <= timedelta(0):
            raise ValueError("a rate limit needs max_requests >= 1 and a positive window")


# X: users/by/username allows 300 requests per 15 minutes for an app.
X_LIMIT = RateLimit(300, timedelta(minutes=15))
# Graph: platform rate limit is 200 calls per hour per user of the app; our one token is that user.
GRAPH_LIMIT = RateLimit(200, timedelta(hours=1))
# YouTube: quota units are per day (channels.list = 1 unit); only smooth bursts here.
YOUTUBE_LIMIT = RateLimit(10, timedelta(seconds=1))


class RateLimiter:
    def __init__(
        self,
        limit: RateLimit,
        clock: Clock,
        *,
        sleep: Sleep = asyncio.sleep,
        max_wait: timedelta = timedelta(seconds=10),
    ) -> None:
        self.limit = limit
        self.max_wait = max_wait
        self._clock = clock
        self._sleep = sleep
        self._slots: deque[datetime] = deque()  # reserved start times, non-decreasing
        self._paused_until: datetime | None = None

    @property
    def paused_until(self) -> datetime | None:
        return self._paused_until

    def pause_until(self, moment: datetime) -> None:
        """The API said "not before ``moment``" (429 reset time, exhausted quota)."""
        if self._paused_until is None or moment > self._paused_until:
            self._paused_until = moment

    def next_slot(self) -> datetime:
        """When a caller arriving now would be let through."""
        return self._next_slot(self._clock.now())

    async def acquire(self, platform: Platform) -> None:
        """Wait for this caller's turn; RateLimited (``platform``) if it is beyond max_wait."""
        now = self._clock.now()
        deadline = now + self.max_wait
        slot = self._next_slot(now)
        if slot > deadline:
            raise RateLimited(platform, slot)
        self._slots.append(slot)
        try:
            await self._wait_until(slot)
            # A 429 that arrived while we slept paused the provider: respect it too. Loop only
            # while the pause keeps moving, so a clock that does not advance cannot spin us.
            waited_for = slot
            while self._paused_until is not None and self._paused_until > waited_for:
                if self._paused_until > deadline:
                    raise RateLimited(platform, self._paused_until)
                waited_for = self._paused_until
                await self._wait_until(waited_for)
        except BaseException:
            # Not used after all (cancelled or over budget): give the slot back. It may already
            # have been pruned if a long pause pushed us past the window.
            with contextlib.suppress(ValueError):
                self._slots.remove(slot)
            raise

    def _next_slot(self, now: datetime) -> datetime:
        limit = self.limit
        slots = self._slots
        while slots and slots[0] <= now - limit.per:
            slots.popleft()
        slot = now
        if self._paused_until is not None and self._paused_until > slot:
            slot = self._paused_until
        if slots:
            # FIFO: never ahead of someone who reserved earlier.
            slot = max(slot, slots[-1] + limit.min_interval)
            if len(slots) >= limit.max_requests:
                slot = max(slot, slots[-limit.max_requests] + limit.per)
        return slot

    async def _wait_until(self, moment: datetime) -> None:
        delay = (moment - self._clock.now()).total_seconds()
        if delay > 0:
            await self._sleep(delay)


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class TtlCache(Generic[K, V]):
    """Entries expire ``ttl`` after being stored; beyond ``max_size`` the least recently used go."""

    def __init__(self, clock: Clock, *, ttl: timedelta, max_size: int) -> None:
        if max_size < 1:
            raise ValueError("max_size must be at least 1")
        self._clock = clock
        self.ttl = ttl
        self.max_size = max_size
        self._entries: OrderedDict[K, tuple[datetime, V]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: K) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires_at, value = entry
        if expires_at <= self._clock.now():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._entries[key] = (self._clock.now() + self.ttl, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_size:
            self._entries.popitem(last=False)

    def discard(self, key: K) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()
