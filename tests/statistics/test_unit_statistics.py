"""Statistics rolled up by PR unit, on a real database: people enroll through the enrollment
service (so their units are the ones the bot gives them), campaign messages go through the
outbox repository, reshares through the reshare repository; every expected number below is
counted by hand from the scenario."""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import pytest

from bot.clock import FixedClock
from bot.enrollment.service import EnrollmentService
from bot.insights.exports import Exporter
from bot.insights.statistics import StatisticsService, UnitFigures
from bot.people.service import TELEGRAM, ChannelIdentity
from bot.reference.agencies import AgencyKind, load_agencies
from bot.reference.regions import find_provinces
from bot.units.scope import Scope
from bot.units.service import UnitService
from storage.counters import CounterRepository
from storage.database import Database
from storage.enrollments import EnrollmentRepository
from storage.exports import ExportRepository
from storage.outbox import OutboxRepository, SentMark
from storage.people import PeopleRepository
from storage.reshares import ReshareRepository
from storage.statistics import CurrentTotals, FunnelCounts, StatisticsRepository
from storage.units import UnitRepository
from tests.statistics.seed import add_campaign, add_run

NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
MIGRATIONS = Path(__file__).resolve().parents[2] / "storage" / "migrations"


class Unheard:
    async def notify_admins(self, key: str, /, **values: object) -> None:
        raise AssertionError(f"unexpected admin notice {key}")


# (agency kind, agency code or typed regional name, province typed, verified)
CENTRAL, PROVINCIAL, REGIONAL = AgencyKind.CENTRAL, AgencyKind.PROVINCIAL, AgencyKind.REGIONAL
PEOPLE: tuple[tuple[AgencyKind, str, str, str], ...] = (
    (CENTRAL, "komdigi", "Jawa Timur", "verified"),  # 1, later moves to Kemenkeu
    (CENTRAL, "komdigi", "Jawa Timur", "verified"),  # 2
    (CENTRAL, "komdigi", "Bali", "submitted"),  # 3
    (CENTRAL, "kemenkeu", "DKI Jakarta", "verified"),  # 4
    (PROVINCIAL, "pemprov-yo", "DI Yogyakarta", "verified"),  # 5
    (PROVINCIAL, "pemprov-yo", "DI Yogyakarta", "submitted"),  # 6
    (REGIONAL, "Kabupaten Sleman", "DI Yogyakarta", "verified"),  # 7
    (REGIONAL, "Kabupaten Sleman", "DI Yogyakarta", "verified"),  # 8
    (REGIONAL, "Kota Yogyakarta", "DI Yogyakarta", "draft"),  # 9
    (PROVINCIAL, "pemprov-jb", "Jawa Barat", "verified"),  # 10
)


NAMES = ("Ani", "Budi", "Citra", "Dedi", "Eka", "Fajar", "Gita", "Hadi", "Indah", "Joko")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "units.sqlite3") as database:
        yield database


@pytest.fixture
def units(db: Database) -> UnitService:
    return UnitService(db, UnitRepository(), load_agencies(), FixedClock(NOW))


@pytest.fixture
def statistics(db: Database, units: UnitService) -> StatisticsService:
    return StatisticsService(db, StatisticsRepository(), FixedClock(NOW), PeopleRepository(), units)


def who(number: int) -> ChannelIdentity:
    return ChannelIdentity(TELEGRAM, str(1000 + number))


async def enroll(
    service: EnrollmentService,
    number: int,
    kind: AgencyKind,
    agency: str,
    province: str,
    status: str,
) -> int:
    person = who(number)
    draft = await service.consent(person, "id", "persetujuan")
    await service.answer_nip(person, f"19850612 200501 2 {number:03d}")
    await service.answer_full_name(person, NAMES[number - 1])
    await service.choose_agency_kind(person, kind)
    if kind is REGIONAL:
        await service.answer_regional_agency(person, agency)
    else:
        await service.choose_agency(person, agency)
    await service.answer_work_unit(person, "Biro Humas")
    await service.choose_province(person, find_provinces(province)[0].code)
    if status == "draft":
        return draft.person.id
    await service.answer_work_email(person, None)
    draft = await service.answer_social_handle(person, f"@pegawai{number}")
    while draft.enrollment.current_platform:
        draft = await service.answer_social_handle(person, None)
    await service.submit(person)
    return draft.person.id


@pytest.fixture
async def seeded(db: Database, units: UnitService) -> dict[int, int]:
    """The scenario; returns person number -> person id."""
    agencies = load_agencies()
    service = EnrollmentService(
        db,
        PeopleRepository(),
        EnrollmentRepository(),
        counters=CounterRepository(),
        agencies=agencies,
        units=units,
        notifier=Unheard(),
        clock=FixedClock(NOW),
    )
    ids = {}
    for number, (kind, agency, province, status) in enumerate(PEOPLE, start=1):
        ids[number] = await enroll(service, number, kind, agency, province, status)
        if status == "verified":
            # What the verification decision writes; the decision itself is tested elsewhere.
            async with db.transaction() as tx:
                await EnrollmentRepository().update(
                    tx, ids[number], NOW, status="verified", verified_at=NOW
                )
    outbox, reshares = OutboxRepository(), ReshareRepository()
    verified = [ids[n] for n in (1, 2, 4, 5, 7, 8, 10)]
    async with db.transaction() as tx:
        await add_campaign(tx, 1, "MBG")
        await add_run(tx, 1, 1, NOW.isoformat())
        await outbox.enqueue(tx, 1, [(person, 0) for person in verified])
        delivery = {
            int(row[1]): int(row[0])
            for row in await tx.execute_fetchall("SELECT id, person_id FROM deliveries")
        }
        # Everyone's message is sent but person 10's (still pending).
        await outbox.mark_sent(
            tx, [SentMark(delivery[ids[n]], 100 + n, NOW) for n in (1, 2, 4, 5, 7, 8)]
        )
        for n, points in ((1, 5), (7, 3)):
            found = await reshares.delivered(tx, delivery[ids[n]])
            assert found is not None
            await reshares.record(tx, found, "x", None, points, NOW - timedelta(hours=1))
        # Person 2's message failed after it was accepted: no longer delivered.
        assert await outbox.fail_after_send(tx, delivery[ids[2]], "undeliverable", 131026)
    # Person 1 changes agency: their history moves with them to Kemenkeu.
    await service.choose_agency(who(1), "kemenkeu")
    return ids


async def scope_of(units: UnitService, code: str) -> Scope:
    unit = await units.by_code(code)
    assert unit is not None
    return await units.scope(unit.id)


def figures(rows: tuple[UnitFigures, ...]) -> list[tuple[str | None, bool, int, int, int, int]]:
    return [
        (f.unit.code if f.unit else None, f.own, f.enrolled, f.verified, f.delivered, f.reshares)
        for f in rows
    ]


async def test_the_national_view_ranks_the_top_level_units(
    seeded: dict[int, int], statistics: StatisticsService
) -> None:
    report = await statistics.report(30)

    assert report.national
    assert figures(report.breakdown) == [
        ("pemprov-yo", False, 4, 3, 3, 1),
        ("kemenkeu", False, 2, 2, 2, 1),
        ("komdigi", False, 2, 1, 0, 0),
        ("pemprov-jb", False, 1, 1, 0, 0),
    ]
    assert report.breakdown[0].reshare_rate == pytest.approx(1 / 3)
    assert report.breakdown[3].reshare_rate is None
    assert report.totals.verified == 7 and report.totals.awaiting_review == 2


async def test_a_province_sees_itself_and_its_regencies(
    seeded: dict[int, int], statistics: StatisticsService, units: UnitService
) -> None:
    report = await statistics.report(7, await scope_of(units, "pemprov-yo"))

    assert not report.national and report.unit and report.unit.code == "pemprov-yo"
    assert figures(report.breakdown) == [
        ("pemprov-yo", True, 2, 1, 1, 0),
        ("yo-kabupaten-sleman", False, 2, 2, 2, 1),
        ("yo-kota-yogyakarta", False, 0, 0, 0, 0),
    ]
    assert report.totals == CurrentTotals(
        verified=3, active=3, opted_out=0, blocked=0, awaiting_review=1, suspended=0
    )
    assert report.funnel == FunnelCounts(
        started=5, consented=5, submitted=4, verified=3, suspended=0, erased=0
    )
    assert [(g.key, g.count) for g in report.by_province] == [("yo", 3)]
    assert report.campaigns == ()


async def test_a_regency_is_its_own_subtree(
    seeded: dict[int, int], statistics: StatisticsService, units: UnitService
) -> None:
    report = await statistics.report(30, await scope_of(units, "yo-kabupaten-sleman"))

    assert figures(report.breakdown) == [("yo-kabupaten-sleman", True, 2, 2, 2, 1)]
    assert report.totals.verified == 2


async def test_the_leaderboard_keeps_to_the_scope(
    seeded: dict[int, int], statistics: StatisticsService, units: UnitService
) -> None:
    national = await statistics.leaderboard("month")
    province = await statistics.leaderboard("month", scope=await scope_of(units, "pemprov-yo"))
    ministry = await statistics.leaderboard("month", scope=await scope_of(units, "komdigi"))

    assert [(e.person_id, e.points) for e in national.entries] == [
        (seeded[1], 5),
        (seeded[7], 3),
    ]
    assert [(e.person_id, e.points) for e in province.entries] == [(seeded[7], 3)]
    assert ministry.entries == ()


async def test_exports_keep_to_the_scope(
    db: Database,
    seeded: dict[int, int],
    statistics: StatisticsService,
    units: UnitService,
    tmp_path: Path,
) -> None:
    exporter = Exporter(db, StatisticsRepository(), ExportRepository(), statistics)
    province = await scope_of(units, "pemprov-yo")

    people = await exporter.export("enrollments", "csv", tmp_path / "e.csv", scope=province)
    shared = await exporter.export("reshares", "csv", tmp_path / "r.csv", scope=province)
    table = await exporter.export("units", "csv", tmp_path / "u.csv", scope=province)
    everything = await exporter.export("units", "csv", tmp_path / "all.csv")
    with pytest.raises(ValueError, match="national"):
        await exporter.export("campaigns", "csv", tmp_path / "c.csv", scope=province)

    def read(path: Path) -> list[list[str]]:
        with path.open(encoding="utf-8-sig") as file:
            return list(csv.reader(file))[1:]

    assert [int(row[0]) for row in read(people.path)] == [seeded[n] for n in (5, 6, 7, 8)]
    assert [row[5] for row in read(shared.path)] == ["Gita"]
    assert read(table.path) == [
        [
            "pemprov-yo",
            "Pemerintah Daerah Daerah Istimewa Yogyakarta",
            "provincial",
            "",
            "2",
            "1",
            "4",
            "3",
            "3",
            "1",
            "0.3333",
        ],
        [
            "yo-kabupaten-sleman",
            "Pemerintah Kabupaten Sleman",
            "regional",
            "pemprov-yo",
            "2",
            "2",
            "2",
            "2",
            "2",
            "1",
            "0.5",
        ],
        [
            "yo-kota-yogyakarta",
            "Pemerintah Kota Yogyakarta",
            "regional",
            "pemprov-yo",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "",
        ],
    ]
    national = {row[0]: row[4:] for row in read(everything.path)}
    assert national["nasional"] == ["0", "0", "9", "7", "5", "2", "0.4"]
    assert national["komdigi"] == ["2", "1", "2", "1", "0", "0", ""]
    assert national["kemenkeu"] == ["2", "2", "2", "2", "2", "1", "0.5"]


def backfill_query() -> str:
    """The SELECT with which 0017 fills the counters for databases with deliveries already."""
    migration = (MIGRATIONS / "0017_statistics_units.sql").read_text()
    backfill = migration.split("INSERT INTO unit_activity (unit_id, delivered, reshares)\n")[1]
    return backfill.split(";")[0]


def nonzero(rows: Iterable[aiosqlite.Row]) -> set[tuple[int, int, int]]:
    return {(int(r[0]), int(r[1]), int(r[2])) for r in rows if r[1] or r[2]}


async def test_the_migration_counts_existing_rows_as_the_triggers_do(
    db: Database, seeded: dict[int, int]
) -> None:
    recounted = await db.reader.execute_fetchall(backfill_query())
    kept = await db.reader.execute_fetchall(
        "SELECT unit_id, delivered, reshares FROM unit_activity"
    )

    assert nonzero(recounted) == nonzero(kept) and len(nonzero(kept)) == 3


async def test_the_run_counters_follow_every_status_change(
    db: Database, seeded: dict[int, int]
) -> None:
    """Queued, claimed, sent and failed after sending: the per-run counters the campaign
    numbers read agree with the rows themselves."""
    kept = await db.reader.execute_fetchall(
        "SELECT run_id, status, count FROM run_delivery_counts WHERE count <> 0"
    )
    counted = await db.reader.execute_fetchall(
        "SELECT run_id, status, COUNT(*) FROM deliveries GROUP BY run_id, status"
    )

    assert (
        sorted(map(tuple, kept))
        == sorted(map(tuple, counted))
        == [
            (1, "failed", 1),
            (1, "pending", 1),
            (1, "sent", 5),
        ]
    )


async def test_a_unit_report_lists_the_campaigns_its_subtree_composed(
    seeded: dict[int, int], db: Database, statistics: StatisticsService, units: UnitService
) -> None:
    sleman = await units.by_code("yo-kabupaten-sleman")
    finance = await units.by_code("kemenkeu")
    assert sleman is not None and finance is not None
    async with db.transaction() as tx:
        await add_campaign(tx, 2, "Sleman", unit_id=sleman.id)
        await add_run(tx, 2, 2, (NOW - timedelta(hours=1)).isoformat())
        await add_campaign(tx, 3, "Kemenkeu", unit_id=finance.id)
        await add_run(tx, 3, 3, (NOW - timedelta(hours=1)).isoformat())

    province = await statistics.report(7, await scope_of(units, "pemprov-yo"))
    national = await statistics.report(7)

    assert [c.campaign_id for c in province.campaigns] == [2]
    assert sorted(c.campaign_id for c in national.campaigns) == [2, 3]
