"""Statistics on a real SQLite database seeded with SQL: exact numbers, retention, erasure."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import JAKARTA, FixedClock
from bot.insights.statistics import StatisticsService, window_start, zones_of
from bot.reference.agencies import load_agencies
from bot.units.service import UnitService
from storage.database import Database
from storage.outbox import OutboxRepository
from storage.people import PeopleRepository
from storage.retention import fold_old_deliveries
from storage.sql import fetch_all
from storage.statistics import (
    CampaignCounts,
    CurrentTotals,
    FunnelCounts,
    GroupCount,
    StatisticsRepository,
)
from storage.units import UnitRepository
from tests.statistics.seed import (
    add_campaign,
    add_counter,
    add_delivery,
    add_people,
    add_reshare,
    add_run,
    open_db,
)

RETENTION_CUTOFF = datetime(2026, 9, 1, tzinfo=UTC)


async def seed(db: Database) -> None:
    async with db.transaction() as tx:
        await add_people(tx)
        for day, name, value in (
            ("2026-11-27", "enrollment_started", 3),
            ("2026-11-01", "enrollment_started", 4),
            ("2026-11-01", "consented", 6),
            ("2026-11-01", "submitted", 5),
            ("2026-11-01", "verified", 4),
            ("2026-11-01", "suspended", 1),
            ("2026-10-29", "enrollment_started", 10),  # first day of a 30-day report
            ("2026-10-28", "enrollment_started", 1000),  # the day before it
            ("2026-10-01", "enrollment_started", 100),
            ("2026-10-01", "consented", 90),
        ):
            await add_counter(tx, day, name, value)
        for number, person_id, issued_at in ((1, 1, "2026-11-10"), (2, 2, "2026-09-01")):
            await tx.execute(
                "INSERT INTO badges (number, person_id, holder_name, agency, recipient_type,"
                " recipient_hash, recipient_salt, evidence, issued_at, expires_at)"
                " VALUES (?, ?, 'x', 'x', 'email', 'h', 's', 'e', ?, '2027-12-31')",
                (f"GPR-{number}", person_id, f"{issued_at}T02:00:00+00:00"),
            )
            await add_counter(tx, issued_at, "badged", 1)  # as BadgeService.issue counts
        await add_campaign(tx, 1, "Vaksinasi Nasional")
        await add_run(tx, 11, 1, "2026-11-20T01:00:00+00:00")
        await add_delivery(tx, 101, 11, 1, "sent", "2026-11-20T01:00:05.000000+00:00")
        await add_delivery(tx, 102, 11, 2, "sent", "2026-11-20T01:00:06.000000+00:00")
        await add_delivery(tx, 103, 11, 3, "blocked")
        await add_delivery(tx, 104, 11, 4, "failed")
        await add_delivery(tx, 105, 11, 7, "pending")
        await add_campaign(tx, 2, "Cek Fakta Hoaks")
        await add_run(tx, 21, 2, "2026-08-01T01:00:00+00:00")
        await add_delivery(tx, 201, 21, 1, "sent", "2026-08-01T01:00:03.000000+00:00")
        await add_delivery(tx, 202, 21, 2, "sent", "2026-08-02T02:00:00.000000+00:00")
        await add_delivery(tx, 203, 21, 3, "skipped")
        await add_delivery(tx, 204, 21, 4, "failed")
        await add_delivery(tx, 205, 21, 7, "pending")  # still the outbox's: never folded
        # Due before the cutoff but sent after it: not old yet.
        await add_delivery(tx, 206, 21, 5, "sent", "2026-09-05T00:00:00.000000+00:00")
        await add_reshare(tx, 1, 1, 10, "2026-11-24T03:00:00+00:00", delivery_id=101)
        await add_reshare(tx, 2, 1, 5, "2026-11-25T03:00:00+00:00", delivery_id=102)
        await add_reshare(tx, 7, 1, 7, "2026-11-26T00:00:00+00:00")
        await add_reshare(tx, 1, 2, 20, "2026-08-02T00:00:00+00:00", delivery_id=201)
        await add_reshare(tx, 4, 2, 7, "2026-11-03T00:00:00+00:00")
        # Monday 00:00 WIB exactly (in this week), and one second before it (not).
        await add_reshare(tx, 5, 2, 1, "2026-11-22T17:00:00+00:00")
        await add_reshare(tx, 6, 2, 1, "2026-11-22T16:59:59+00:00")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with open_db(tmp_path) as database:
        await seed(database)
        yield database


@pytest.fixture
def service(db: Database, clock: FixedClock) -> StatisticsService:
    units = UnitService(db, UnitRepository(), load_agencies(), clock)
    return StatisticsService(db, StatisticsRepository(), clock, PeopleRepository(), units)


C1 = CampaignCounts(
    campaign_id=1,
    title="Vaksinasi Nasional",
    status="done",
    first_due_at=datetime(2026, 11, 20, 1, tzinfo=UTC),
    sent=2,
    failed=1,
    blocked=1,
    skipped=0,
    queued=1,
    reshares=3,
)
C2 = CampaignCounts(
    campaign_id=2,
    title="Cek Fakta Hoaks",
    status="done",
    first_due_at=datetime(2026, 8, 1, 1, tzinfo=UTC),
    sent=3,
    failed=1,
    blocked=0,
    skipped=1,
    queued=1,
    reshares=4,
)


async def test_report_30_days(service: StatisticsService, clock: FixedClock) -> None:
    report = await service.report(30)

    assert report.start == datetime(2026, 10, 29, tzinfo=UTC)
    assert report.end == clock.now()
    assert report.funnel == FunnelCounts(
        started=17, consented=6, submitted=5, verified=4, suspended=1, erased=0
    )
    assert report.badges_issued == 1
    assert report.totals == CurrentTotals(
        verified=4, active=2, opted_out=1, blocked=1, awaiting_review=1, suspended=1
    )
    assert report.by_agency == (
        GroupCount("A", "Kementerian Komunikasi dan Digital", 2),
        GroupCount("B", "Pemerintah Provinsi Bali", 2),
    )
    assert report.by_province == (
        GroupCount("jk", "DKI Jakarta", 2),
        GroupCount("ba", "Bali", 1),
        GroupCount("pa", "Papua", 1),
    )
    assert report.by_zone == (
        GroupCount("WIB", "WIB", 2),
        GroupCount("WITA", "WITA", 1),
        GroupCount("WIT", "WIT", 1),
    )
    assert report.campaigns == (C1,)
    assert report.campaigns[0].reshare_rate == 1.5


async def test_shorter_and_longer_periods(service: StatisticsService) -> None:
    week, quarter = await service.report(7), await service.report(90)

    assert week.funnel == FunnelCounts(3, 0, 0, 0, 0, 0)
    assert week.badges_issued == 0
    assert quarter.funnel.started == 1117
    assert quarter.funnel.consented == 96
    assert quarter.badges_issued == 2
    assert week.campaigns == ()  # its run was due on the 20th
    assert quarter.campaigns == (C1,)


async def test_only_known_periods(service: StatisticsService) -> None:
    with pytest.raises(ValueError, match="days"):
        await service.report(14)


async def test_zone_of_an_unknown_province_is_shown_apart(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.execute("UPDATE enrollments SET province_code = 'xx' WHERE person_id = 4")

    zones = zones_of(await StatisticsRepository().verified_by_province(db.reader))

    assert [(z.key, z.count) for z in zones] == [("WIB", 1), ("WITA", 1), ("WIT", 1), ("", 1)]


async def campaign_numbers(db: Database) -> list[CampaignCounts]:
    return await StatisticsRepository().campaign_counts(db.reader, [1, 2])


@pytest.mark.parametrize("chunk", [1, 2, 5000])
async def test_folding_keeps_campaign_numbers(db: Database, chunk: int) -> None:
    assert await campaign_numbers(db) == [C1, C2]

    folded = await fold_old_deliveries(db, OutboxRepository(), RETENTION_CUTOFF, chunk=chunk)

    assert folded == 4
    assert await campaign_numbers(db) == [C1, C2]
    live = await fetch_all(db.reader, "SELECT id FROM deliveries ORDER BY id")
    assert [row[0] for row in live] == [101, 102, 103, 104, 105, 205, 206]
    daily = await fetch_all(
        db.reader, "SELECT day, campaign_id, status, count FROM delivery_daily ORDER BY 1, 3"
    )
    assert [tuple(row) for row in daily] == [
        ("2026-08-01", 2, "failed", 1),
        ("2026-08-01", 2, "sent", 1),
        ("2026-08-01", 2, "skipped", 1),
        ("2026-08-02", 2, "sent", 1),
    ]
    # The reshare of a folded delivery stays, without its delivery.
    reshares = await fetch_all(
        db.reader, "SELECT delivery_id FROM reshares WHERE person_id = 1 AND campaign_id = 2"
    )
    assert [row[0] for row in reshares] == [None]


async def test_folding_again_changes_nothing(db: Database) -> None:
    await fold_old_deliveries(db, OutboxRepository(), RETENTION_CUTOFF)

    assert await fold_old_deliveries(db, OutboxRepository(), RETENTION_CUTOFF) == 0
    assert await campaign_numbers(db) == [C1, C2]


async def test_a_later_fold_adds_to_the_same_day(db: Database) -> None:
    async with db.transaction() as tx:
        await add_run(tx, 22, 2, "2026-08-01T05:00:00+00:00")
        await add_delivery(tx, 221, 22, 1, "sent", "2026-08-01T05:00:01.000000+00:00")
    # 201 (sent 01:00:03), and 203 and 204 (never sent, run due 01:00) are older than 04:00.
    assert (
        await fold_old_deliveries(db, OutboxRepository(), datetime(2026, 8, 1, 4, tzinfo=UTC)) == 3
    )

    assert await fold_old_deliveries(db, OutboxRepository(), RETENTION_CUTOFF) == 2
    daily = await fetch_all(
        db.reader,
        "SELECT count FROM delivery_daily WHERE day = '2026-08-01' AND status = 'sent'",
    )
    assert [row[0] for row in daily] == [2]
    [_, c2] = await campaign_numbers(db)
    assert c2.sent == 4


async def test_folding_needs_an_aware_cutoff(db: Database) -> None:
    with pytest.raises(ValueError, match="timezone"):
        await fold_old_deliveries(db, OutboxRepository(), datetime(2026, 9, 1))


async def test_erasure_keeps_the_funnel_and_lowers_current_totals(
    db: Database, service: StatisticsService
) -> None:
    before = await service.report(30)
    async with db.transaction() as tx:
        # What PrivacyService.erase does: delete the person, count the erasure.
        await tx.execute("DELETE FROM people WHERE id = 4")
        await add_counter(tx, "2026-11-27", "erased", 1)

    after = await service.report(30)

    assert after.funnel == FunnelCounts(
        started=17, consented=6, submitted=5, verified=4, suspended=1, erased=1
    )
    assert after.totals == CurrentTotals(
        verified=3, active=1, opted_out=1, blocked=1, awaiting_review=1, suspended=1
    )
    assert after.by_agency[1] == GroupCount("B", "Pemerintah Provinsi Bali", 1)
    # The erased person's deliveries stay as anonymous rows; their reshares go with them.
    assert after.campaigns == before.campaigns
    [_, c2] = await campaign_numbers(db)
    assert (c2.failed, c2.reshares) == (1, 3)


def ranking(board_entries: tuple[object, ...]) -> list[tuple[int, int, int]]:
    return [(e.rank, e.person_id, e.points) for e in board_entries]  # type: ignore[attr-defined]


async def test_weekly_leaderboard(service: StatisticsService) -> None:
    board = await service.leaderboard("week")

    assert board.start == datetime(2026, 11, 23, tzinfo=JAKARTA)
    assert ranking(board.entries) == [(1, 1, 10), (2, 7, 7), (3, 2, 5), (4, 5, 1)]
    first = board.entries[0]
    assert (first.name, first.agency_name, first.reshares) == (
        "Ani Lestari",
        "Kementerian Komunikasi dan Digital",
        1,
    )


async def test_monthly_leaderboard_shares_ranks_on_ties(service: StatisticsService) -> None:
    board = await service.leaderboard("month")

    assert board.start == datetime(2026, 11, 1, tzinfo=JAKARTA)
    assert ranking(board.entries) == [
        (1, 1, 10),
        (2, 4, 7),
        (2, 7, 7),
        (4, 2, 5),
        (5, 5, 1),
        (5, 6, 1),
    ]
    top_two = await service.leaderboard("month", limit=2)
    assert ranking(top_two.entries) == [(1, 1, 10), (2, 4, 7)]


async def test_leaderboard_per_agency(service: StatisticsService) -> None:
    a = await service.leaderboard("month", "A")
    b = await service.leaderboard("month", "B")

    assert ranking(a.entries) == [(1, 1, 10), (2, 2, 5), (3, 5, 1)]
    assert ranking(b.entries) == [(1, 4, 7), (1, 7, 7)]


async def test_leaderboard_opt_out(service: StatisticsService) -> None:
    await service.set_leaderboard_hidden(1, True)

    assert await service.leaderboard_hidden(1)
    board = await service.leaderboard("month")
    assert [e.person_id for e in board.entries] == [4, 7, 2, 5, 6]
    assert board.entries[0].rank == 1

    await service.set_leaderboard_hidden(1, False)
    assert (await service.leaderboard("month")).entries[0].person_id == 1


@pytest.mark.parametrize(
    ("now", "week", "month"),
    [
        # Sunday 23:59 WIB is still the week that began Monday the 16th.
        ("2026-11-22T16:59:00+00:00", "2026-11-16T00:00:00+07:00", "2026-11-01T00:00:00+07:00"),
        # Monday 00:00 WIB starts a new week while it is still Sunday in UTC.
        ("2026-11-22T17:00:00+00:00", "2026-11-23T00:00:00+07:00", "2026-11-01T00:00:00+07:00"),
        # 1 December 06:00 WIB is 30 November in UTC.
        ("2026-11-30T23:00:00+00:00", "2026-11-30T00:00:00+07:00", "2026-12-01T00:00:00+07:00"),
    ],
)
def test_window_starts_in_jakarta_time(now: str, week: str, month: str) -> None:
    moment = datetime.fromisoformat(now)

    assert window_start("week", moment) == datetime.fromisoformat(week)
    assert window_start("month", moment) == datetime.fromisoformat(month)
    assert window_start("week", moment).utcoffset() == timedelta(hours=7)
