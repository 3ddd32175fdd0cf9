from datetime import UTC, datetime, time, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.campaigns.schedule import (
    PlannedRun,
    QuietHours,
    Schedule,
    ScheduleKind,
    adjust_for_quiet_hours,
    due_times,
    misfire,
    nominal_time,
    parse_quiet_hours,
    planned_runs,
    run_key,
    zone_tz,
)
from bot.reference.regions import TimeZone

QUIET = QuietHours(time(21, 0), time(6, 0))
DAILY_8 = Schedule(ScheduleKind.DAILY, daily_time=time(8, 0))
START = datetime(2026, 11, 28, 0, 0, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# -- quiet hours ------------------------------------------------------------------------------


def test_quiet_hours_are_parsed_from_the_setting() -> None:
    assert parse_quiet_hours("21:00-06:00") == QUIET
    assert parse_quiet_hours(" 7:30 - 9:05 ") == QuietHours(time(7, 30), time(9, 5))
    assert str(QUIET) == "21:00-06:00"


@pytest.mark.parametrize("text", ["", "21-06", "21:00", "21:00-6", "25:00-06:00", "21:61-06:00"])
def test_malformed_quiet_hours_are_refused_with_the_expected_shape(text: str) -> None:
    with pytest.raises(ValueError, match=r"21:00-06:00|does not exist"):
        parse_quiet_hours(text)


def test_quiet_hours_that_start_where_they_end_are_refused() -> None:
    with pytest.raises(ValueError, match="same time"):
        parse_quiet_hours("06:00-06:00")


@pytest.mark.parametrize(
    ("local", "quiet"),
    [
        (time(21, 0), True),
        (time(23, 0), True),
        (time(0, 0), True),
        (time(5, 59), True),
        (time(6, 0), False),
        (time(12, 0), False),
        (time(20, 59), False),
    ],
)
def test_quiet_hours_wrap_past_midnight(local: time, quiet: bool) -> None:
    assert QUIET.contains(local) is quiet


def test_quiet_hours_within_one_day() -> None:
    lunch = parse_quiet_hours("12:00-13:00")
    assert [lunch.contains(time(h, m)) for h, m in ((11, 59), (12, 0), (12, 59), (13, 0))] == [
        False,
        True,
        True,
        False,
    ]


def test_a_send_in_the_evening_waits_for_the_next_morning_in_that_zone() -> None:
    # 16:00 UTC is 23:00 WIB, 00:00 WITA, 01:00 WIT: all quiet; each moves to 06:00 local.
    instant = utc(2026, 11, 28, 16, 0)
    assert adjust_for_quiet_hours(instant, TimeZone.WIB, QUIET) == utc(2026, 11, 28, 23, 0)
    assert adjust_for_quiet_hours(instant, TimeZone.WITA, QUIET) == utc(2026, 11, 28, 22, 0)
    assert adjust_for_quiet_hours(instant, TimeZone.WIT, QUIET) == utc(2026, 11, 28, 21, 0)


def test_a_send_outside_quiet_hours_is_not_moved() -> None:
    instant = utc(2026, 11, 28, 3, 0)  # 10:00 WIB
    assert adjust_for_quiet_hours(instant, TimeZone.WIB, QUIET) == instant


def test_a_non_wrapping_quiet_period_ends_the_same_day() -> None:
    lunch = parse_quiet_hours("12:00-13:00")
    instant = utc(2026, 11, 28, 5, 30)  # 12:30 WIB
    assert adjust_for_quiet_hours(instant, TimeZone.WIB, lunch) == utc(2026, 11, 28, 6, 0)


# -- due times --------------------------------------------------------------------------------


def test_a_daily_0800_push_reaches_each_zone_at_0800_local() -> None:
    until = START + timedelta(days=1)
    fan_out = {zone: due_times(DAILY_8, zone, after=START, until=until) for zone in TimeZone}

    assert fan_out == {
        TimeZone.WIT: [utc(2026, 11, 28, 23, 0)],  # 08:00 WIT on 29 Nov
        TimeZone.WITA: [utc(2026, 11, 28, 0, 0)],  # 08:00 WITA on 28 Nov
        TimeZone.WIB: [utc(2026, 11, 28, 1, 0)],  # 08:00 WIB on 28 Nov
    }
    assert run_key(DAILY_8, utc(2026, 11, 28, 23, 0), TimeZone.WIT) == "2026-11-29"
    assert run_key(DAILY_8, utc(2026, 11, 28, 1, 0), TimeZone.WIB) == "2026-11-28"


def test_the_previous_utc_day_holds_wit_morning() -> None:
    runs = planned_runs(
        DAILY_8, TimeZone.WIT, QUIET, after=utc(2026, 11, 27, 12, 0), until=utc(2026, 11, 28, 12)
    )
    assert runs == [PlannedRun(TimeZone.WIT, "2026-11-28", utc(2026, 11, 27, 23, 0))]


def test_one_off_schedules_are_the_same_instant_for_every_zone() -> None:
    at = utc(2026, 11, 28, 4, 0)  # 11:00 WIB, 12:00 WITA, 13:00 WIT
    for kind in (ScheduleKind.ONCE, ScheduleKind.NOW):
        schedule = Schedule(kind, run_at=at)
        for zone in TimeZone:
            assert due_times(schedule, zone, after=START, until=at + timedelta(1)) == [at]
            assert run_key(schedule, at, zone) == "once"


def test_a_now_schedule_without_an_approval_time_has_nothing_due() -> None:
    schedule = Schedule(ScheduleKind.NOW)
    assert due_times(schedule, TimeZone.WIB, after=START, until=START + timedelta(days=9)) == []


def test_a_once_schedule_outside_the_window_is_not_due() -> None:
    schedule = Schedule(ScheduleKind.ONCE, run_at=utc(2026, 12, 5, 4, 0))
    assert due_times(schedule, TimeZone.WIB, after=START, until=START + timedelta(days=2)) == []


def test_a_daily_time_inside_quiet_hours_moves_to_the_morning_but_keeps_its_day() -> None:
    late = Schedule(ScheduleKind.DAILY, daily_time=time(22, 30))
    runs = planned_runs(late, TimeZone.WIB, QUIET, after=START, until=START + timedelta(days=1))

    # 22:30 WIB on 28 Nov would be 15:30 UTC; it waits for 06:00 WIB on 29 Nov (23:00 UTC).
    assert runs == [PlannedRun(TimeZone.WIB, "2026-11-28", utc(2026, 11, 28, 23, 0))]


def test_a_late_night_run_from_the_day_before_is_planned_when_it_lands_in_the_window() -> None:
    late = Schedule(ScheduleKind.DAILY, daily_time=time(22, 30))
    after = utc(2026, 11, 28, 20, 0)  # 03:00 WIB on 29 Nov, before the delayed send
    runs = planned_runs(late, TimeZone.WIB, QUIET, after=after, until=after + timedelta(hours=4))
    assert [run.run_key for run in runs] == ["2026-11-28"]


def test_schedules_check_their_fields() -> None:
    with pytest.raises(ValueError, match="daily_time"):
        Schedule(ScheduleKind.DAILY)
    with pytest.raises(ValueError, match="run_at"):
        Schedule(ScheduleKind.ONCE)
    with pytest.raises(ValueError, match="timezone-aware"):
        Schedule(ScheduleKind.ONCE, run_at=datetime(2026, 11, 28, 4, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        due_times(DAILY_8, TimeZone.WIB, after=datetime(2026, 11, 28), until=START)


def test_a_run_at_in_another_offset_is_kept_in_utc() -> None:
    jakarta = datetime(2026, 11, 28, 11, 0, tzinfo=zone_tz(TimeZone.WIB))
    assert Schedule(ScheduleKind.ONCE, run_at=jakarta).run_at == utc(2026, 11, 28, 4, 0)


# -- misfire ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("late_by", "decision"),
    [
        (timedelta(minutes=-1), "not_yet"),
        (timedelta(0), "send"),
        (timedelta(minutes=60), "send"),
        (timedelta(minutes=61), "missed"),
    ],
)
def test_misfire(late_by: timedelta, decision: str) -> None:
    due = utc(2026, 11, 28, 1, 0)
    assert misfire(due, due + late_by, timedelta(minutes=60)) == decision


# -- properties -------------------------------------------------------------------------------

clock_times = st.builds(time, st.integers(0, 23), st.integers(0, 59))
quiet_windows = st.tuples(clock_times, clock_times).filter(lambda pair: pair[0] != pair[1])
zones = st.sampled_from(list(TimeZone))
starts = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
)


@given(
    daily=clock_times,
    window=quiet_windows,
    zone=zones,
    after=starts,
    days=st.integers(1, 20),
)
def test_planned_daily_runs_are_outside_quiet_hours_ordered_and_one_per_day(
    daily: time, window: tuple[time, time], zone: TimeZone, after: datetime, days: int
) -> None:
    quiet = QuietHours(*window)
    schedule = Schedule(ScheduleKind.DAILY, daily_time=daily)
    until = after + timedelta(days=days)
    runs = planned_runs(schedule, zone, quiet, after=after, until=until)

    instants = [run.due_at for run in runs]
    assert instants == sorted(instants)
    assert len({run.run_key for run in runs}) == len(runs)
    assert days - 1 <= len(runs) <= days + 1
    for run in runs:
        assert after <= run.due_at < until
        assert not quiet.contains(run.due_at.astimezone(zone_tz(zone)).time())


@given(daily=clock_times, zone=zones, after=starts, days=st.integers(1, 20))
def test_daily_due_times_are_at_the_local_clock_time_a_day_apart(
    daily: time, zone: TimeZone, after: datetime, days: int
) -> None:
    schedule = Schedule(ScheduleKind.DAILY, daily_time=daily)
    instants = due_times(schedule, zone, after=after, until=after + timedelta(days=days))

    assert len(instants) == days
    assert all(instant.astimezone(zone_tz(zone)).time() == daily for instant in instants)
    assert all(b - a == timedelta(days=1) for a, b in pairwise(instants))


@given(instant=starts, window=quiet_windows, zone=zones)
def test_adjusting_never_moves_back_lands_outside_quiet_hours_and_within_a_day(
    instant: datetime, window: tuple[time, time], zone: TimeZone
) -> None:
    quiet = QuietHours(*window)
    moved = adjust_for_quiet_hours(instant, zone, quiet)

    assert instant <= moved < instant + timedelta(days=1)
    assert not quiet.contains(moved.astimezone(zone_tz(zone)).time())
    assert adjust_for_quiet_hours(moved, zone, quiet) == moved


@given(
    zone=st.sampled_from(list(TimeZone)),
    daily=st.times().map(lambda moment: moment.replace(second=0, microsecond=0)),
)
def test_every_planned_run_knows_the_time_it_was_asked_for(zone: TimeZone, daily: time) -> None:
    schedule = Schedule(ScheduleKind.DAILY, daily_time=daily)

    for run in planned_runs(schedule, zone, QUIET, after=START, until=START + timedelta(days=3)):
        nominal = nominal_time(schedule, zone, run.run_key)
        assert nominal is not None
        local = nominal.astimezone(zone_tz(zone))
        assert (local.date().isoformat(), local.time()) == (run.run_key, daily)
        assert (run.due_at > nominal) == QUIET.contains(daily)
