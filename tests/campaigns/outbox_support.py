"""Seeding for the outbox and delivery tests: people, a campaign and its run, in plain SQL."""

from __future__ import annotations

import asyncio
import time as wall_time
from collections.abc import AsyncIterable, Callable, Iterable, Sequence
from datetime import UTC, datetime, time, timedelta

from bot.campaigns.planner import CampaignPlanner
from bot.campaigns.schedule import QuietHours
from bot.clock import Clock, FixedClock
from bot.reference.agencies import load_agencies
from bot.units.service import UnitService
from storage.campaigns import CampaignRepository
from storage.database import Database
from storage.outbox import OutboxRepository, Recipient
from storage.sql import fetch_all
from storage.units import UnitRepository

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


async def seed_people(
    db: Database, chat_ids: Iterable[int | str], *, channel: str = "telegram"
) -> list[int]:
    """One active person per chat id; returns their ids in the same order."""
    stamp = NOW.isoformat()
    chat_ids = [str(chat_id) for chat_id in chat_ids]
    async with db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO people (channel, channel_user_id, first_seen_at, last_seen_at)"
            " VALUES (?, ?, ?, ?)",
            [(channel, chat_id, stamp, stamp) for chat_id in chat_ids],
        )
        rows = await fetch_all(
            tx, "SELECT id, channel_user_id FROM people WHERE channel = ?", (channel,)
        )
    ids = {row["channel_user_id"]: row["id"] for row in rows}
    return [ids[chat_id] for chat_id in chat_ids]


async def seed_run(db: Database, *, status: str = "sending", kind: str = "text") -> int:
    """A campaign with one run; returns the run id."""
    stamp = NOW.isoformat()
    async with db.transaction() as tx:
        # RETURNING rather than lastrowid: the same on SQLite and PostgreSQL.
        [campaign] = await fetch_all(
            tx,
            "INSERT INTO campaigns (title, kind, body, schedule_kind, status, created_by,"
            " created_at) VALUES ('Hari Guru', ?, 'Selamat Hari Guru', 'now', 'scheduled',"
            " 'admin', ?) RETURNING id",
            (kind, stamp),
        )
        [run] = await fetch_all(
            tx,
            "INSERT INTO campaign_runs (campaign_id, run_key, zone, due_at, status)"
            " VALUES (?, ?, 'ALL', ?, ?) RETURNING id",
            (campaign["id"], f"run-{campaign['id']}", stamp, status),
        )
    return int(run["id"])


def unit_service(db: Database, clock: Clock | None = None) -> UnitService:
    return UnitService(db, UnitRepository(), load_agencies(), clock or FixedClock(NOW))


def planner(db: Database) -> CampaignPlanner:
    return CampaignPlanner(
        db,
        CampaignRepository(),
        FixedClock(NOW),
        QuietHours(time(21, 0), time(6, 0)),
        max_per_day=10,
        misfire_grace=timedelta(hours=1),
        outbox=OutboxRepository(),
        units=unit_service(db),
    )


async def batches_of(*batches: Sequence[Recipient]) -> AsyncIterable[Sequence[Recipient]]:
    for batch in batches:
        yield batch


async def fill_run(db: Database, run_id: int, recipients: Sequence[Recipient]) -> int | None:
    """Queues a planned run's recipients the way the planner does when the run is due."""
    return await planner(db).fill(run_id, batches_of(recipients))


async def seed_outbox(db: Database, chat_ids: Iterable[int | str]) -> tuple[int, list[int]]:
    """People for the chats, a run, and a pending delivery to each, queued by the planner's
    fill (the run is then `sending`): (run id, person ids)."""
    people = await seed_people(db, chat_ids)
    run_id = await seed_run(db, status="planned")
    await fill_run(db, run_id, [(person, 0) for person in people])
    return run_id, people


async def delivery_rows(db: Database, run_id: int) -> list[dict[str, object]]:
    rows = await fetch_all(
        db.reader,
        "SELECT d.*, p.channel_user_id, p.status AS person_status FROM deliveries d"
        " LEFT JOIN people p ON p.id = d.person_id WHERE d.run_id = ? ORDER BY d.id",
        (run_id,),
    )
    return [dict(row) for row in rows]


async def eventually(condition: Callable[[], bool], timeout: float = 5.0) -> None:  # noqa: ASYNC109
    """Waits until `condition()` holds; the emulator has no event for counts of sends."""
    deadline = wall_time.monotonic() + timeout
    while not condition():
        if wall_time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.005)
