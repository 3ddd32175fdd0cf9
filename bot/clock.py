"""Time as a dependency, so tests can move it (schedules, expiries, time zones)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Protocol

from bot.reference.regions import TimeZone


def zone_tz(zone: TimeZone) -> timezone:
    """A zone's clock: Indonesia's zones are fixed offsets by law (no daylight saving), so a
    fixed offset named WIB/WITA/WIT is exact and needs no tz database."""
    return timezone(timedelta(hours=zone.utc_offset_hours), zone.name)


# Western Indonesia Time (UTC+7): the time admins type and read, and the one reports, exports
# and statistics windows are cut in.
JAKARTA = zone_tz(TimeZone.WIB)


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
