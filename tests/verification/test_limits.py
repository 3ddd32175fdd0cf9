"""The per-provider limiter (FIFO slots, sliding window, pauses, bounded wait) and the TTL cache."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FixedClock
from bot.enrollment.social_handles import Platform
from bot.verification.accounts import RateLimited
from bot.verification.limits import RateLimit, RateLimiter, TtlCache
from tests.fakes import SteppingSleep

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def sleep(clock: FixedClock) -> SteppingSleep:
    return SteppingSleep(clock)


def limiter(
    clock: FixedClock,
    sleep: SteppingSleep,
    limit: RateLimit,
    max_wait: timedelta = timedelta(seconds=30),
) -> RateLimiter:
    return RateLimiter(limit, clock, sleep=sleep, max_wait=max_wait)


async def test_requests_inside_the_window_pass_without_waiting(
    clock: FixedClock, sleep: SteppingSleep
) -> None:
    gate = limiter(clock, sleep, RateLimit(3, timedelta(seconds=10)))

    for _ in range(3):
        await gate.acquire(Platform.X)

    assert sleep.delays == []


async def test_request_beyond_the_window_waits_for_the_oldest_to_leave_it(
    clock: FixedClock, sleep: SteppingSleep
) -> None:
    gate = limiter(clock, sleep, RateLimit(2, timedelta(seconds=10)))
    await gate.acquire(Platform.X)
    clock.advance(timedelta(seconds=4))
    await gate.acquire(Platform.X)

    await gate.acquire(Platform.X)

    assert (sleep.delays, clock.now()) == ([6.0], NOW + timedelta(seconds=10))


async def test_waiting_callers_go_through_in_arrival_order(
    clock: FixedClock, sleep: SteppingSleep
) -> None:
    gate = limiter(clock, sleep, RateLimit(1, timedelta(seconds=1)))
    finished: list[str] = []

    async def caller(name: str) -> None:
        await gate.acquire(Platform.YOUTUBE)
        finished.append(name)

    await asyncio.gather(caller("a"), caller("b"), caller("c"))

    # One request per second: the third caller leaves two seconds after the first.
    assert (finished, clock.now()) == (["a", "b", "c"], NOW + timedelta(seconds=2))


async def test_minimum_interval_spaces_consecutive_requests(
    clock: FixedClock, sleep: SteppingSleep
) -> None:
    gate = limiter(
        clock, sleep, RateLimit(100, timedelta(seconds=1), min_interval=timedelta(seconds=0.25))
    )

    for _ in range(3):
        await gate.acquire(Platform.YOUTUBE)

    assert sleep.delays == [0.25, 0.25]


async def test_wait_longer_than_max_wait_raises_rate_limited_at_once(
    clock: FixedClock, sleep: SteppingSleep
) -> None:
    gate = limiter(clock, sleep, RateLimit(1, timedelta(hours=1)), max_wait=timedelta(seconds=10))
    await gate.acquire(Platform.FACEBOOK)

    with pytest.raises(RateLimited) as caught:
        await gate.acquire(Platform.FACEBOOK)

    assert (caught.value.platform, caught.value.retry_at, sleep.delays) == (
        Platform.FACEBOOK,
        NOW + timedelta(hours=1),
        [],
    )


async def test_rejected_caller_does_not_use_up_a_slot(
    clock: FixedClock, sleep: SteppingSleep
) -> None:
    gate = limiter(clock, sleep, RateLimit(1, timedelta(minutes=1)), max_wait=timedelta(seconds=5))
    await gate.acquire(Platform.X)
    with pytest.raises(RateLimited):
        await gate.acquire(Platform.X)
    clock.advance(timedelta(minutes=1))

    await gate.acquire(Platform.X)

    assert sleep.delays == []


async def test_pause_from_the_api_holds_callers_until_it_ends(
    clock: FixedClock, sleep: SteppingSleep
) -> None:
    gate = limiter(clock, sleep, RateLimit(100, timedelta(seconds=1)))
    gate.pause_until(NOW + timedelta(seconds=20))

    await gate.acquire(Platform.X)

    assert clock.now() == NOW + timedelta(seconds=20)


async def test_pause_beyond_max_wait_raises_with_the_pause_end(
    clock: FixedClock, sleep: SteppingSleep
) -> None:
    gate = limiter(clock, sleep, RateLimit(100, timedelta(seconds=1)))
    gate.pause_until(NOW + timedelta(minutes=15))

    with pytest.raises(RateLimited) as caught:
        await gate.acquire(Platform.X)

    assert caught.value.retry_at == NOW + timedelta(minutes=15)


async def test_pause_set_while_a_caller_waits_is_respected_by_that_caller(
    clock: FixedClock,
) -> None:
    gate: RateLimiter

    async def sleep_and_get_paused(seconds: float) -> None:
        clock.advance(timedelta(seconds=seconds))
        if clock.now() == NOW + timedelta(seconds=1):
            # Someone else got a 429 while we slept.
            gate.pause_until(NOW + timedelta(seconds=5))

    gate = RateLimiter(
        RateLimit(1, timedelta(seconds=1)),
        clock,
        sleep=sleep_and_get_paused,
        max_wait=timedelta(seconds=30),
    )
    await gate.acquire(Platform.X)

    await gate.acquire(Platform.X)

    assert clock.now() == NOW + timedelta(seconds=5)


def test_cache_returns_entries_until_their_ttl_runs_out(clock: FixedClock) -> None:
    cache: TtlCache[str, int] = TtlCache(clock, ttl=timedelta(minutes=10), max_size=10)
    cache.put("budi", 1)
    clock.advance(timedelta(minutes=9, seconds=59))
    before = cache.get("budi")
    clock.advance(timedelta(seconds=1))

    assert (before, cache.get("budi"), len(cache)) == (1, None, 0)


def test_cache_evicts_the_least_recently_used_beyond_max_size(clock: FixedClock) -> None:
    cache: TtlCache[str, int] = TtlCache(clock, ttl=timedelta(minutes=10), max_size=2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.get("a")
    cache.put("c", 3)

    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
