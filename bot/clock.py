"""Time as a dependency, so tests can move it (schedules, expiries, time zones)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.reference.regions import TimeZone

# Western Indonesia Time (UTC+7, no daylight saving): the time admins type and read, and the
# one reports, exports and statistics windows are cut in.
JAKARTA = ZoneInfo(TimeZone.WIB.iana)


def wib_minute(moment: datetime) -> str:
    """`2026-11-30 19:05`: a moment as admins type and read it, in WIB."""
    return moment.astimezone(JAKARTA).strftime("%Y-%m-%d %H:%M")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until moved; for tests and the benchmarks."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware start")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, moment: datetime) -> None:
        self._now = moment
