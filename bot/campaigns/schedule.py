"""When a campaign reaches each time zone: pure functions over UTC instants, no I/O.

"08:00" for an ASN means 08:00 in their own zone, so a daily push fans out into one instant
per zone (WIT first, WIB last). Indonesia has no daylight saving, so a zone is a fixed UTC
offset: fixed offsets keep these functions independent of the host's tz database.

Nothing is sent in a person's quiet hours: a send that would land there waits until the quiet
period ends in that person's zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Literal

from bot.clock import zone_tz
from bot.reference.regions import TimeZone

__all__ = [
    "ONCE_RUN_KEY",
    "PlannedRun",
    "QuietHours",
    "Schedule",
    "ScheduleKind",
    "adjust_for_quiet_hours",
    "daily_run_key",
    "due_times",
    "misfire",
    "nominal_time",
    "parse_quiet_hours",
    "planned_runs",
    "run_key",
    "zone_tz",
]

ONCE_RUN_KEY = "once"
_ONE_DAY = timedelta(days=1)
_QUIET_PATTERN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def _require_aware(instant: datetime, name: str) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {instant!r}")


@dataclass(frozen=True)
class QuietHours:
    """A local-time window [start, end); start > end means it wraps past midnight."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("quiet hours are local wall-clock times, without a time zone")
        if self.start == self.end:
            raise ValueError("quiet hours must not start and end at the same time")

    @property
    def wraps(self) -> bool:
        return self.start > self.end

    def contains(self, local_time: time) -> bool:
        local_time = local_time.replace(tzinfo=None)
        if self.wraps:
            return local_time >= self.start or local_time < self.end
        return self.start <= local_time < self.end

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_quiet_hours(text: str) -> QuietHours:
    """Reads a setting such as "21:00-06:00" (start inclusive, end exclusive)."""
    match = _QUIET_PATTERN.match(text)
    if match is None:
        raise ValueError(f"quiet hours must look like 21:00-06:00 (HH:MM-HH:MM), got {text!r}")
    hour1, minute1, hour2, minute2 = (int(part) for part in match.groups())
    try:
        start, end = time(hour1, minute1), time(hour2, minute2)
    except ValueError as error:
        raise ValueError(f"quiet hours {text!r} name a time that does not exist: {error}") from None
    if start == end:
        raise ValueError(f"quiet hours {text!r} start and end at the same time")
    return QuietHours(start, end)


class ScheduleKind(StrEnum):
    NOW = "now"
    ONCE = "once"
    DAILY = "daily"


@dataclass(frozen=True)
class Schedule:
    """`now` and `once` happen at `run_at` (UTC); `daily` at `daily_time` in every zone.

    A `now` schedule gets its `run_at` when the campaign is approved; until then it has none
    and nothing is due.
    """

    kind: ScheduleKind
    run_at: datetime | None = None
    daily_time: time | None = None

    def __post_init__(self) -> None:
        if self.run_at is not None:
            _require_aware(self.run_at, "run_at")
            object.__setattr__(self, "run_at", self.run_at.astimezone(UTC))
        if self.kind is ScheduleKind.DAILY:
            if self.daily_time is None:
                raise ValueError("a daily schedule needs daily_time")
            if self.daily_time.tzinfo is not None:
                raise ValueError("daily_time is a local wall-clock time, without a time zone")
        elif self.kind is ScheduleKind.ONCE and self.run_at is None:
            raise ValueError("a one-off schedule needs run_at")


def due_times(
    schedule: Schedule, zone: TimeZone, *, after: datetime, until: datetime
) -> list[datetime]:
    """The nominal UTC instants in [after, until) at which the schedule reaches `zone`.

    Quiet hours are not applied here (see :func:`adjust_for_quiet_hours`).
    """
    _require_aware(after, "after")
    _require_aware(until, "until")
    if schedule.kind is not ScheduleKind.DAILY:
        run_at = schedule.run_at
        return [run_at] if run_at is not None and after <= run_at < until else []
    assert schedule.daily_time is not None
    tz = zone_tz(zone)
    day = after.astimezone(tz).date()
    last_day = until.astimezone(tz).date()
    found = []
    while day <= last_day:
        instant = datetime.combine(day, schedule.daily_time, tzinfo=tz).astimezone(UTC)
        if after <= instant < until:
            found.append(instant)
        day += _ONE_DAY
    return found


def adjust_for_quiet_hours(instant: datetime, zone: TimeZone, quiet: QuietHours) -> datetime:
    """Moves a send that lands in the zone's quiet hours to the end of that quiet period."""
    _require_aware(instant, "instant")
    local = instant.astimezone(zone_tz(zone))
    if not quiet.contains(local.time()):
        return instant.astimezone(UTC)
    # In a wrapping window the evening part ends on the next day; the early-morning part (and
    # a window that does not wrap) ends on the same day.
    end_day = local.date()
    if quiet.wraps and local.time() >= quiet.start:
        end_day += _ONE_DAY
    return datetime.combine(end_day, quiet.end, tzinfo=local.tzinfo).astimezone(UTC)


def run_key(schedule: Schedule, nominal: datetime, zone: TimeZone) -> str:
    """Names a run: the local date of the nominal time for daily runs, "once" otherwise.

    The key comes from the nominal time, not the quiet-hours-adjusted one, so a change of the
    quiet hours setting cannot give one day two runs.
    """
    if schedule.kind is not ScheduleKind.DAILY:
        return ONCE_RUN_KEY
    return daily_run_key(nominal, zone)


def daily_run_key(nominal: datetime, zone: TimeZone) -> str:
    _require_aware(nominal, "nominal")
    local_day: date = nominal.astimezone(zone_tz(zone)).date()
    return local_day.isoformat()


def nominal_time(schedule: Schedule, zone: TimeZone, key: str) -> datetime | None:
    """When the run named `key` was asked for, before quiet hours moved it."""
    if schedule.kind is not ScheduleKind.DAILY:
        return schedule.run_at
    assert schedule.daily_time is not None
    day = date.fromisoformat(key)
    return datetime.combine(day, schedule.daily_time, tzinfo=zone_tz(zone)).astimezone(UTC)


@dataclass(frozen=True)
class PlannedRun:
    zone: TimeZone
    run_key: str
    due_at: datetime  # UTC, after quiet hours


def planned_runs(
    schedule: Schedule,
    zone: TimeZone,
    quiet: QuietHours,
    *,
    after: datetime,
    until: datetime,
) -> list[PlannedRun]:
    """The runs whose quiet-hours-adjusted time falls in [after, until), in time order."""
    # Quiet hours only ever delay a send, by less than a day, so a nominal time up to a day
    # before `after` can still land inside the window.
    runs = []
    for nominal in due_times(schedule, zone, after=after - _ONE_DAY, until=until):
        due_at = adjust_for_quiet_hours(nominal, zone, quiet)
        if after <= due_at < until:
            runs.append(PlannedRun(zone, run_key(schedule, nominal, zone), due_at))
    return runs


def misfire(
    due_at: datetime, now: datetime, grace: timedelta
) -> Literal["send", "missed", "not_yet"]:
    """Whether a run due at `due_at` is sent now, or was missed (late by more than `grace`)."""
    _require_aware(due_at, "due_at")
    _require_aware(now, "now")
    if now < due_at:
        return "not_yet"
    return "send" if now - due_at <= grace else "missed"


def local_time(moment: datetime, zone: str) -> str:
    """The time in the zone's own clock, named: what the people there see."""
    local = moment.astimezone(zone_tz(TimeZone[zone]))
    return f"{local:%Y-%m-%d %H:%M} {zone}"
