"""A small, fully known data set for the statistics tests, written with plain SQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from storage.database import Database

T0 = "2026-01-01T00:00:00+00:00"


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    status: str  # enrollment status
    agency: str | None
    province: str | None
    nip: str | None = None
    paused: bool = False
    blocked: bool = False


# Agency A = Kementerian Komunikasi dan Digital, B = Pemprov Bali.
PEOPLE = (
    Person(1, "Ani Lestari", "verified", "A", "jk", "198506122010012003"),
    Person(2, "Budi Santoso", "verified", "A", "ba", "198707032012011004", paused=True),
    Person(3, "Citra Dewi", "verified", "B", "pa", "199001152015032001", blocked=True),
    Person(4, "Dedi Kurniawan", "verified", "B", "jk", "198912302014021002"),
    Person(5, "Eka Putri", "submitted", "A", "ji", "199203042016022003"),
    Person(6, "Fajar Nugroho", "draft", None, None),
    Person(7, "Gita Rahayu", "suspended", "B", "sn", "198811112013012005"),
)
AGENCY_NAMES = {"A": "Kementerian Komunikasi dan Digital", "B": "Pemerintah Provinsi Bali"}


@asynccontextmanager
async def open_db(folder: Path) -> AsyncIterator[Database]:
    async with Database(folder / "stats.sqlite3") as db:
        yield db


async def add_people(conn: aiosqlite.Connection, people: tuple[Person, ...] = PEOPLE) -> None:
    for p in people:
        await conn.execute(
            "INSERT INTO people (id, channel, channel_user_id, status, first_seen_at,"
            " last_seen_at) VALUES (?, 'telegram', ?, ?, ?, ?)",
            (p.id, str(1000 + p.id), "blocked" if p.blocked else "active", T0, T0),
        )
        await conn.execute(
            "INSERT INTO enrollments (person_id, status, nip, full_name, agency_code,"
            " agency_name, work_unit, province_code, content_paused_at, created_at, updated_at,"
            " submitted_at, verified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                p.id,
                p.status,
                p.nip,
                p.name,
                p.agency,
                AGENCY_NAMES.get(p.agency or ""),
                "Biro Humas" if p.agency else None,
                p.province,
                "2026-11-02T00:00:00+00:00" if p.paused else None,
                T0,
                T0,
                None if p.status == "draft" else "2026-01-02T03:00:00+00:00",
                "2026-01-03T03:00:00+00:00" if p.status in ("verified", "suspended") else None,
            ),
        )


async def add_campaign(
    conn: aiosqlite.Connection, campaign_id: int, title: str, unit_id: int | None = None
) -> None:
    """A finished campaign, national unless a unit (its composing group's) owns it."""
    await conn.execute(
        "INSERT INTO campaigns (id, title, kind, body, schedule_kind, status, created_by,"
        " created_at, unit_id) VALUES (?, ?, 'text', 'isi', 'once', 'done', 'admin', ?, ?)",
        (campaign_id, title, T0, unit_id),
    )


async def add_run(conn: aiosqlite.Connection, run_id: int, campaign_id: int, due_at: str) -> None:
    await conn.execute(
        "INSERT INTO campaign_runs (id, campaign_id, run_key, zone, due_at, status)"
        " VALUES (?, ?, ?, 'ALL', ?, 'done')",
        (run_id, campaign_id, f"run-{run_id}", due_at),
    )


async def add_delivery(
    conn: aiosqlite.Connection,
    delivery_id: int,
    run_id: int,
    person_id: int | None,
    status: str,
    sent_at: str | None = None,
) -> None:
    await conn.execute(
        "INSERT INTO deliveries (id, run_id, person_id, status, sent_at) VALUES (?, ?, ?, ?, ?)",
        (delivery_id, run_id, person_id, status, sent_at),
    )


async def add_reshare(
    conn: aiosqlite.Connection,
    person_id: int,
    campaign_id: int,
    points: int,
    created_at: str,
    delivery_id: int | None = None,
    post_url: str | None = None,
    platform: str | None = None,
) -> None:
    await conn.execute(
        "INSERT INTO reshares (delivery_id, person_id, campaign_id, platform, post_url, points,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (delivery_id, person_id, campaign_id, platform, post_url, points, created_at),
    )


async def add_counter(conn: aiosqlite.Connection, day: str, name: str, value: int) -> None:
    await conn.execute(
        "INSERT INTO daily_counters (day, name, value) VALUES (?, ?, ?)", (day, name, value)
    )
