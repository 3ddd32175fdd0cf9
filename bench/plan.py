"""Filling the outbox for a campaign to everyone: seconds and peak memory.

Seeds N verified people spread over the 38 provinces (so over WIB, WITA and WIT), then plans a
one-off campaign to everyone and times `CampaignPlanner.start_due_runs`, which queues one
`deliveries` row per person in chunks. A second campaign is then started with tracemalloc on
(Python allocations only; it slows the run, so its seconds are not the figure to quote).

Printed figures: seeding time; fill time and rows per second; ru_maxrss before and after the
fill (the process peak, so the delta is what the fill added); tracemalloc peak of the second
fill; and SQLite's plan for the recipient query.

Usage: python bench/plan.py [--people 200000] [--batch 5000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.campaigns.planner import CampaignPlanner, province_codes
from bot.campaigns.schedule import parse_quiet_hours
from bot.clock import FixedClock
from bot.reference.agencies import load_agencies
from bot.reference.regions import PROVINCES, TimeZone
from bot.units.service import UnitService
from storage.campaigns import CampaignRepository, NewCampaign
from storage.database import Database
from storage.outbox import OutboxRepository
from storage.sql import fetch_all, fetch_one
from storage.units import UnitRepository

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
SEED_CHUNK = 100_000


def max_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def seed(db: Database, people: int) -> None:
    stamp = NOW.isoformat()
    codes = [province.code for province in PROVINCES]
    for first in range(1, people + 1, SEED_CHUNK):
        ids = range(first, min(first + SEED_CHUNK, people + 1))
        async with db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO people (id, channel, channel_user_id, first_seen_at, last_seen_at)"
                " VALUES (?, 'telegram', ?, ?, ?)",
                ((i, str(i), stamp, stamp) for i in ids),
            )
            await conn.executemany(
                "INSERT INTO enrollments (person_id, status, agency_code, province_code,"
                " created_at, updated_at) VALUES (?, 'verified', 'kominfo', ?, ?, ?)",
                ((i, codes[i % len(codes)], stamp, stamp) for i in ids),
            )


async def campaign(db: Database, repo: CampaignRepository, title: str, at: datetime) -> int:
    new = NewCampaign(
        title=title,
        kind="text",
        body="Ayo vaksin",
        created_by="bench",
        schedule_kind="once",
        run_at=at,
        variants=("satu", "dua", "tiga"),
    )
    async with db.transaction() as conn:
        campaign_id = await repo.create(conn, new, NOW, status="awaiting_approval")
        await repo.approve(conn, campaign_id, "bench", NOW)
    return campaign_id


async def query_plan(db: Database) -> list[str]:
    codes = province_codes(TimeZone.WIB)
    marks = ", ".join("?" * len(codes))
    rows = await fetch_all(
        db.reader,
        "EXPLAIN QUERY PLAN SELECT e.person_id FROM enrollments AS e"
        " JOIN people AS p ON p.id = e.person_id"
        " WHERE e.person_id > ? AND e.status = 'verified' AND e.content_paused_at IS NULL"
        f" AND p.status <> 'blocked' AND e.province_code IN ({marks})"
        " AND (SELECT COUNT(*) FROM deliveries AS d JOIN campaign_runs AS r ON r.id = d.run_id"
        "  WHERE d.person_id = e.person_id AND d.status IN ('pending', 'sending', 'sent')"
        "  AND d.run_id <> ? AND r.due_at > ?) < ?"
        " ORDER BY e.person_id LIMIT ?",
        [0, *codes, 0, NOW.isoformat(), 2, 5000],
    )
    return [row["detail"] for row in rows]


async def fill(planner: CampaignPlanner, db: Database, at: datetime) -> tuple[float, int]:
    began = time.perf_counter()
    started = await planner.start_due_runs(at)
    seconds = time.perf_counter() - began
    assert all(start.outcome == "started" for start in started), started
    return seconds, sum(start.recipients for start in started)


async def main(people: int, batch: int, folder: Path) -> None:
    clock = FixedClock(NOW)
    repo = CampaignRepository()
    async with Database(folder / "plan.sqlite3") as db:
        began = time.perf_counter()
        await seed(db, people)
        print(f"seeded {people:,} verified people in {time.perf_counter() - began:.1f} s")
        planner = CampaignPlanner(
            db,
            repo,
            clock,
            parse_quiet_hours("21:00-06:00"),
            max_per_day=2,
            misfire_grace=timedelta(minutes=60),
            outbox=OutboxRepository(),
            units=UnitService(db, UnitRepository(), load_agencies(), clock),
            batch_size=batch,
        )
        at = NOW + timedelta(hours=1)  # 11:00 WIB, 12:00 WITA, 13:00 WIT
        await planner.plan(await campaign(db, repo, "timed", at))

        rss_before = max_rss_mb()
        seconds, queued = await fill(planner, db, at)
        rss_after = max_rss_mb()
        print(
            f"fill: {queued:,} deliveries in {seconds:.1f} s ({queued / seconds:,.0f} rows/s),"
            f" batch {batch:,}"
        )
        print(
            f"ru_maxrss: {rss_before:.0f} MB before, {rss_after:.0f} MB after"
            f" (+{rss_after - rss_before:.0f} MB)"
        )

        # A second campaign a minute later, to everyone again (still under the daily cap of
        # two), started with tracemalloc on.
        later = at + timedelta(minutes=1)
        await planner.plan(await campaign(db, repo, "traced", later))
        tracemalloc.start()
        traced_seconds, traced = await fill(planner, db, later)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"traced fill: {traced:,} deliveries in {traced_seconds:.1f} s;"
            f" tracemalloc peak {peak / 2**20:.1f} MB"
        )
        row = await fetch_one(db.reader, "SELECT COUNT(*) FROM deliveries")
        print(f"deliveries in the outbox: {row[0] if row else 0:,}")
        print("recipient query plan:")
        for detail in await query_plan(db):
            print(f"  {detail}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--keep", type=Path, help="write the database here instead of a temp dir")
    args = parser.parse_args()
    if args.keep:
        asyncio.run(main(args.people, args.batch, args.keep))
    else:
        with tempfile.TemporaryDirectory() as folder:
            asyncio.run(main(args.people, args.batch, Path(folder)))
