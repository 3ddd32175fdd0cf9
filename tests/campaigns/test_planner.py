from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from itertools import count, pairwise
from pathlib import Path

import pytest

from bot.campaigns.planner import CampaignPlanner, RunStart, province_codes, target_zones
from bot.campaigns.schedule import QuietHours
from bot.clock import FixedClock
from bot.reference.regions import PROVINCES, TimeZone
from storage.campaigns import CampaignRepository, NewCampaign, Target
from storage.database import Database
from storage.outbox import OutboxRepository
from storage.sql import fetch_all, fetch_one
from tests.campaigns.outbox_support import unit_service

QUIET = QuietHours(time(21, 0), time(6, 0))
GRACE = timedelta(minutes=60)
NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)  # 10:00 WIB
# A one-off time outside quiet hours everywhere: 11:00 WIB, 12:00 WITA, 13:00 WIT.
AT = datetime(2026, 11, 27, 4, 0, tzinfo=UTC)
_ids = count(1)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "campaigns.sqlite3") as database:
        yield database


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def repo() -> CampaignRepository:
    return CampaignRepository()


@pytest.fixture
def planner(db: Database, repo: CampaignRepository, clock: FixedClock) -> CampaignPlanner:
    return CampaignPlanner(
        db,
        repo,
        clock,
        QUIET,
        max_per_day=2,
        misfire_grace=GRACE,
        outbox=OutboxRepository(),
        units=unit_service(db, clock),
    )


async def seed(
    db: Database,
    *,
    province: str = "jk",
    agency: str = "kominfo",
    status: str = "verified",
    paused: bool = False,
    blocked: bool = False,
    platforms: dict[str, str] | None = None,
    channel: str = "telegram",
) -> int:
    """One person with an enrollment and social accounts ({platform: verification status})."""
    stamp = NOW.isoformat()
    async with db.transaction() as conn:
        row = await fetch_one(
            conn,
            "INSERT INTO people (channel, channel_user_id, status, first_seen_at, last_seen_at)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id",
            (channel, str(next(_ids)), "blocked" if blocked else "active", stamp, stamp),
        )
        assert row is not None
        person_id = int(row["id"])
        await conn.execute(
            "INSERT INTO enrollments (person_id, status, agency_code, province_code,"
            " content_paused_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (person_id, status, agency, province, stamp if paused else None, stamp, stamp),
        )
        for platform, verification in (platforms or {"instagram": "verified"}).items():
            await conn.execute(
                "INSERT INTO social_accounts (person_id, platform, handle, verification_status,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                (person_id, platform, f"asn{person_id}", verification, stamp, stamp),
            )
    return person_id


async def create(
    db: Database,
    repo: CampaignRepository,
    *,
    schedule_kind: str = "once",
    run_at: datetime | None = None,
    daily_time: time | None = None,
    target: Target | None = None,
    variants: tuple[str, ...] = (),
    approve: bool = True,
) -> int:
    new = NewCampaign(
        title="Vaksinasi",
        kind="text",
        body="Ayo vaksin",
        created_by="admin:1",
        schedule_kind=schedule_kind,
        run_at=run_at,
        daily_time=daily_time,
        target=target or Target(),
        variants=variants,
    )
    async with db.transaction() as conn:
        campaign_id = await repo.create(conn, new, NOW, status="awaiting_approval")
        if approve:
            assert await repo.approve(conn, campaign_id, "admin:2", NOW)
    return campaign_id


async def recipients(db: Database, run_id: int) -> list[int]:
    rows = await fetch_all(
        db.reader, "SELECT person_id FROM deliveries WHERE run_id = ? ORDER BY person_id", (run_id,)
    )
    return [row[0] for row in rows]


async def once_recipients(
    db: Database, repo: CampaignRepository, planner: CampaignPlanner, target: Target
) -> set[int]:
    """Plans and starts a once campaign at AT; whom it reached."""
    at = AT
    campaign_id = await create(db, repo, run_at=at, target=target)
    await planner.plan(campaign_id)
    started = await planner.start_due_runs(at)
    reached: set[int] = set()
    for start in started:
        assert start.campaign_id == campaign_id
        reached.update(await recipients(db, start.run_id))
    return reached


async def test_a_daily_0800_campaign_runs_at_0800_in_each_zone_for_that_zones_people(
    db: Database, repo: CampaignRepository, planner: CampaignPlanner, clock: FixedClock
) -> None:
    jakarta, makassar, jayapura = (
        await seed(db, province="jk"),
        await seed(db, province="sn"),  # Sulawesi Selatan: WITA
        await seed(db, province="pa"),
    )
    campaign_id = await create(db, repo, schedule_kind="daily", daily_time=time(8, 0))

    assert await planner.plan(campaign_id) == 6
    assert await planner.plan(campaign_id) == 0  # idempotent
    runs = await repo.runs_of(db.reader, campaign_id)
    assert [(r.zone, r.run_key, r.due_at) for r in runs] == [
        ("WIT", "2026-11-28", utc(2026, 11, 27, 23, 0)),
        ("WITA", "2026-11-28", utc(2026, 11, 28, 0, 0)),
        ("WIB", "2026-11-28", utc(2026, 11, 28, 1, 0)),
        ("WIT", "2026-11-29", utc(2026, 11, 28, 23, 0)),
        ("WITA", "2026-11-29", utc(2026, 11, 29, 0, 0)),
        ("WIB", "2026-11-29", utc(2026, 11, 29, 1, 0)),
    ]

    reached = {}
    for run in runs[:3]:
        clock.set(run.due_at)
        [start] = await planner.start_due_runs()
        assert (start.run_id, start.outcome, start.recipients) == (run.id, "started", 1)
        reached[start.zone] = await recipients(db, run.id)
    assert reached == {TimeZone.WIT: [jayapura], TimeZone.WITA: [makassar], TimeZone.WIB: [jakarta]}

    # The next day keeps coming: planning later adds the day after.
    clock.set(utc(2026, 11, 29, 2, 0))
    assert await planner.plan_all() == 6


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (Target(), {"a", "b", "c", "d"}),
        (Target(agency_code="kemenkes"), {"b"}),
        (Target(province_code="sn"), {"c"}),
        (Target(zone="WIB"), {"a", "b", "d"}),
        (Target(zone="WIB", agency_code="kominfo"), {"a", "d"}),
        (Target(platform="x"), {"d"}),
    ],
)
async def test_targeting(
    db: Database,
    repo: CampaignRepository,
    planner: CampaignPlanner,
    target: Target,
    expected: set[str],
) -> None:
    people = {
        "a": await seed(db, province="jk"),
        "b": await seed(db, province="jb", agency="kemenkes"),
        "c": await seed(db, province="sn"),
        "d": await seed(db, province="ji", platforms={"instagram": "verified", "x": "verified"}),
        # An account on X that is not verified does not count for a platform target.
        "e": await seed(db, province="ji", platforms={"x": "unverified"}, status="submitted"),
    }
    names = {person_id: name for name, person_id in people.items()}

    reached = await once_recipients(db, repo, planner, target)

    assert {names[person_id] for person_id in reached} == expected


async def test_a_platform_target_needs_a_verified_account_on_it(
    db: Database, repo: CampaignRepository, planner: CampaignPlanner
) -> None:
    await seed(db, platforms={"x": "unverified", "instagram": "verified"})
    assert await once_recipients(db, repo, planner, Target(platform="x")) == set()


async def test_paused_blocked_and_unverified_people_are_left_out(
    db: Database, repo: CampaignRepository, planner: CampaignPlanner
) -> None:
    eligible = await seed(db)
    await seed(db, paused=True)
    await seed(db, blocked=True)
    await seed(db, status="submitted")
    await seed(db, status="rejected")
    await seed(db, province="")  # no province: no zone, so no run reaches them

    assert await once_recipients(db, repo, planner, Target()) == {eligible}


async def test_only_people_whose_content_channel_is_served_are_queued(
    db: Database, repo: CampaignRepository, clock: FixedClock
) -> None:
    """WhatsApp switched off after someone chose it: they are not queued (no worker would ever
    send their row, and the run would never end); with both channels on, both are."""
    on_telegram = await seed(db)
    on_whatsapp = await seed(db, channel="whatsapp")

    def planner(*channels: str) -> CampaignPlanner:
        return CampaignPlanner(
            db,
            repo,
            clock,
            QUIET,
            max_per_day=2,
            misfire_grace=GRACE,
            outbox=OutboxRepository(),
            units=unit_service(db, clock),
            channels=channels,
        )

    telegram_only = await once_recipients(db, repo, planner("telegram"), Target())
    both = await once_recipients(db, repo, planner("telegram", "whatsapp"), Target())

    assert telegram_only == {on_telegram}
    assert both == {on_telegram, on_whatsapp}


async def test_a_once_campaign_in_the_evening_waits_for_each_zones_morning(
    db: Database, repo: CampaignRepository, planner: CampaignPlanner
) -> None:
    campaign_id = await create(db, repo, run_at=utc(2026, 11, 27, 15, 0))  # 22:00 WIB

    await planner.plan(campaign_id)

    runs = await repo.runs_of(db.reader, campaign_id)
    assert [(r.zone, r.run_key, r.due_at) for r in runs] == [
        ("WIT", "once", utc(2026, 11, 27, 21, 0)),
        ("WITA", "once", utc(2026, 11, 27, 22, 0)),
        ("WIB", "once", utc(2026, 11, 27, 23, 0)),
    ]


async def test_a_one_off_campaign_is_planned_for_every_zone_beyond_the_horizon(
    db: Database, repo: CampaignRepository, planner: CampaignPlanner
) -> None:
    # 21:30 UTC: 04:30 WIB (quiet, moves to 06:00), 05:30 WITA (quiet), 06:30 WIT (not).
    campaign_id = await create(db, repo, run_at=utc(2026, 12, 20, 21, 30))

    assert await planner.plan(campaign_id, horizon=timedelta(days=1)) == 3

    runs = await repo.runs_of(db.reader, campaign_id)
    assert [(r.zone, r.due_at) for r in runs] == [
        ("WIT", utc(2026, 12, 20, 21, 30)),
        ("WITA", utc(2026, 12, 20, 22, 0)),
        ("WIB", utc(2026, 12, 20, 23, 0)),
    ]


async def test_a_person_gets_at_most_max_pushes_per_day(
    db: Database, repo: CampaignRepository, planner: CampaignPlanner
) -> None:
    person = await seed(db)
    other = await seed(db)
    at = AT
    wib = Target(zone="WIB")
    first, second, third = [await create(db, repo, run_at=at, target=wib) for _ in range(3)]
    for campaign_id in (first, second, third):
        await planner.plan(campaign_id, horizon=timedelta(days=1))

    started = await planner.start_due_runs(at)

    by_campaign = {s.campaign_id: s for s in started}
    assert [by_campaign[c].recipients for c in (first, second, third)] == [2, 2, 0]
    # A failed delivery used no push, so a later run reaches that person again.
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE deliveries SET status = 'failed' WHERE run_id = ? AND person_id = ?",
            (by_campaign[first].run_id, person),
        )
    fourth = await create(db, repo, run_at=at + timedelta(minutes=5), target=wib)
    await planner.plan(fourth)
    [start] = await planner.start_due_runs(at + timedelta(minutes=5))
    assert await recipients(db, start.run_id) == [person]
    # A day later the count starts again.
    later = at + timedelta(days=1, minutes=1)
    fifth = await create(db, repo, run_at=later, target=wib)
    await planner.plan(fifth)
    [start] = await planner.start_due_runs(later)
    assert await recipients(db, start.run_id) == [person, other]


async def test_caption_variants_rotate_by_person(
    db: Database, repo: CampaignRepository, planner: CampaignPlanner
) -> None:
    people = [await seed(db) for _ in range(6)]
    at = AT
    campaign_id = await create(
        db, repo, run_at=at, target=Target(zone="WIB"), variants=("satu", "dua", "tiga")
    )
    await planner.plan(campaign_id)
    [start] = await planner.start_due_runs(at)

    rows = await fetch_all(
        db.reader,
        "SELECT person_id, variant FROM deliveries WHERE run_id = ? ORDER BY person_id",
        (start.run_id,),
    )
    variants = [row["variant"] for row in rows]
    assert [row["person_id"] for row in rows] == people
    assert variants == [person_id % 3 for person_id in people]
    assert all(a != b for a, b in pairwise(variants))


async def test_starting_twice_queues_each_person_once(
    db: Database, repo: CampaignRepository, clock: FixedClock
) -> None:
    people = [await seed(db) for _ in range(7)]
    small_batches = CampaignPlanner(
        db,
        repo,
        clock,
        QUIET,
        max_per_day=2,
        misfire_grace=GRACE,
        outbox=OutboxRepository(),
        units=unit_service(db, clock),
        batch_size=3,
    )
    at = AT
    campaign_id = await create(db, repo, run_at=at, target=Target(zone="WIB"))
    await small_batches.plan(campaign_id)
    [run] = await repo.runs_of(db.reader, campaign_id)
    # A fill that crashed after its first chunk: some rows queued, the run still planned.
    async with db.transaction() as conn:
        await OutboxRepository().enqueue(conn, run.id, [(people[0], 99), (people[1], 99)])

    first = await small_batches.start_due_runs(at)
    second = await small_batches.start_due_runs(at + timedelta(minutes=1))

    assert first == [RunStart(run.id, campaign_id, TimeZone.WIB, "once", at, "started", 7)]
    assert second == []
    assert await recipients(db, run.id) == people
    assert (await repo.get_run(db.reader, run.id)).status == "sending"  # type: ignore[union-attr]
    # The rows queued before the crash were kept, not replaced.
    row = await fetch_one(
        db.reader, "SELECT variant FROM deliveries WHERE person_id = ?", (people[0],)
    )
    assert row is not None and row[0] == 99


async def test_runs_late_beyond_the_grace_are_reported_missed(
    db: Database, repo: CampaignRepository, planner: CampaignPlanner
) -> None:
    await seed(db)
    at = AT
    campaign_id = await create(db, repo, run_at=at)
    await planner.plan(campaign_id)

    results = await planner.start_due_runs(at + GRACE + timedelta(minutes=1))

    assert {(r.zone, r.outcome, r.recipients) for r in results} == {
        (zone, "missed", 0) for zone in TimeZone
    }
    assert {r.status for r in await repo.runs_of(db.reader, campaign_id)} == {"missed"}
    assert await planner.start_due_runs(at + GRACE * 2) == []
    campaign = await repo.get(db.reader, campaign_id)
    assert campaign is not None and campaign.status == "done"
    assert await recipients(db, results[0].run_id) == []


async def test_a_late_start_within_the_grace_still_sends(
    db: Database, repo: CampaignRepository, planner: CampaignPlanner
) -> None:
    person = await seed(db)
    at = AT
    campaign_id = await create(db, repo, run_at=at, target=Target(zone="WIB"))
    await planner.plan(campaign_id)

    [start] = await planner.start_due_runs(at + GRACE)

    assert start.outcome == "started"
    assert await recipients(db, start.run_id) == [person]


async def test_cancel_stops_planned_runs_but_keeps_sent_deliveries(
    db: Database, repo: CampaignRepository, planner: CampaignPlanner, clock: FixedClock
) -> None:
    first, second = await seed(db), await seed(db)
    campaign_id = await create(db, repo, schedule_kind="daily", daily_time=time(8, 0))
    await planner.plan(campaign_id)
    today_wib = utc(2026, 11, 28, 1, 0)
    started = await planner.start_due_runs(today_wib)
    [wib] = [s for s in started if s.zone is TimeZone.WIB]
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE deliveries SET status = 'sent', sent_at = ? WHERE person_id = ?",
            (today_wib.isoformat(), first),
        )
        assert await repo.cancel(conn, campaign_id, today_wib)
        assert not await repo.cancel(conn, campaign_id, today_wib)
        # What CampaignService.cancel does beside it, in the same transaction.
        await OutboxRepository().skip_pending_of_campaign(conn, campaign_id, "campaign cancelled")

    statuses = await fetch_all(
        db.reader, "SELECT person_id, status FROM deliveries WHERE run_id = ?", (wib.run_id,)
    )
    assert {row[0]: row[1] for row in statuses} == {first: "sent", second: "skipped"}
    runs = await repo.runs_of(db.reader, campaign_id)
    assert [r.status for r in runs if r.run_key == "2026-11-29"] == ["cancelled"] * 3
    clock.set(utc(2026, 11, 29, 1, 0))
    assert await planner.plan_all() == 0
    assert await planner.start_due_runs() == []
    # The run that was sending closes once its outbox is empty.
    assert await planner.finish(wib.run_id)


async def test_finish_waits_for_the_outbox_and_closes_a_one_off_campaign(
    db: Database, repo: CampaignRepository, planner: CampaignPlanner
) -> None:
    await seed(db, province="jk")
    at = AT
    campaign_id = await create(db, repo, run_at=at, target=Target(zone="WIB"))
    await planner.plan(campaign_id)
    [start] = await planner.start_due_runs(at)

    assert not await planner.finish(start.run_id)  # one delivery still pending
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE deliveries SET status = 'sent' WHERE run_id = ?", (start.run_id,)
        )
    assert await planner.finish(start.run_id)
    assert not await planner.finish(start.run_id)

    campaign = await repo.get(db.reader, campaign_id)
    assert campaign is not None and campaign.status == "done"


async def test_a_run_nobody_is_eligible_for_closes_at_once(
    db: Database, repo: CampaignRepository, planner: CampaignPlanner
) -> None:
    at = AT
    campaign_id = await create(db, repo, run_at=at, target=Target(zone="WIT"))
    await planner.plan(campaign_id)

    [start] = await planner.start_due_runs(at)

    assert (start.outcome, start.recipients) == ("started", 0)
    assert [r.status for r in await repo.runs_of(db.reader, campaign_id)] == ["done"]
    campaign = await repo.get(db.reader, campaign_id)
    assert campaign is not None and campaign.status == "done"


async def test_a_now_campaign_is_due_when_approved(
    db: Database, repo: CampaignRepository, planner: CampaignPlanner
) -> None:
    person = await seed(db)
    campaign_id = await create(db, repo, schedule_kind="now", target=Target(zone="WIB"))

    assert await planner.plan(campaign_id) == 1
    [start] = await planner.start_due_runs(NOW)

    assert await recipients(db, start.run_id) == [person]


async def test_unapproved_campaigns_are_not_planned(
    db: Database, repo: CampaignRepository, planner: CampaignPlanner
) -> None:
    campaign_id = await create(db, repo, run_at=NOW, approve=False)
    assert await planner.plan(campaign_id) == 0
    assert await planner.plan_all() == 0


async def test_a_broken_target_does_not_stop_other_campaigns_being_planned(
    db: Database, repo: CampaignRepository, planner: CampaignPlanner
) -> None:
    broken = await create(db, repo, run_at=NOW)
    fine = await create(db, repo, run_at=NOW)
    async with db.transaction() as conn:
        await conn.execute(
            'UPDATE campaigns SET target = \'{"agensi": "x"}\' WHERE id = ?', (broken,)
        )

    assert await planner.plan_all() == 3
    assert await repo.runs_of(db.reader, broken) == []
    assert len(await repo.runs_of(db.reader, fine)) == 3


async def test_upcoming_runs_list_planned_and_sending_runs_soonest_first(
    db: Database, repo: CampaignRepository, planner: CampaignPlanner
) -> None:
    campaign_id = await create(db, repo, schedule_kind="daily", daily_time=time(8, 0))
    await create(db, repo, run_at=NOW, approve=False)
    await planner.plan(campaign_id, horizon=timedelta(days=1))

    upcoming = await repo.upcoming_runs(db.reader)
    active = await repo.list_active(db.reader)

    assert [(u.title, u.run.zone) for u in upcoming] == [
        ("Vaksinasi", "WIT"),
        ("Vaksinasi", "WITA"),
        ("Vaksinasi", "WIB"),
    ]
    assert [(c.status, c.schedule_kind) for c in active] == [
        ("scheduled", "daily"),
        ("awaiting_approval", "once"),
    ]


async def test_campaigns_keep_their_fields_and_variants(
    db: Database, repo: CampaignRepository
) -> None:
    target = Target(agency_code="kominfo", platform="instagram")
    campaign_id = await create(
        db, repo, schedule_kind="daily", daily_time=time(7, 30), target=target, variants=("a", "b")
    )

    campaign = await repo.get(db.reader, campaign_id)

    assert campaign is not None
    assert (campaign.daily_time, campaign.variants, campaign.target) == (
        time(7, 30),
        ("a", "b"),
        target,
    )
    assert (campaign.status, campaign.approved_by) == ("scheduled", "admin:2")
    assert await repo.get(db.reader, campaign_id + 100) is None


def test_target_zones() -> None:
    assert target_zones(Target()) == (TimeZone.WIB, TimeZone.WITA, TimeZone.WIT)
    assert target_zones(Target(zone="WITA")) == (TimeZone.WITA,)
    assert target_zones(Target(province_code="pa")) == (TimeZone.WIT,)
    with pytest.raises(ValueError, match="not WIB"):
        target_zones(Target(zone="WIB", province_code="pa"))
    with pytest.raises(ValueError, match="unknown time zone"):
        target_zones(Target(zone="CET"))
    with pytest.raises(ValueError, match="unknown province"):
        target_zones(Target(province_code="zz"))
    with pytest.raises(ValueError, match="unknown campaign target keys"):
        Target.from_json('{"zona": "WIB"}')


def test_every_province_is_in_exactly_one_zone() -> None:
    codes = [code for zone in TimeZone for code in province_codes(zone)]
    assert sorted(codes) == sorted(province.code for province in PROVINCES)
    assert [len(province_codes(zone)) for zone in TimeZone] == [18, 12, 8]
