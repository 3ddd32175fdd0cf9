"""Every address of a person finds them; the migration gives existing people their address."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage.database import Database, connect
from storage.migrations import apply_migrations
from storage.people import PeopleRepository

NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path, make_database: Callable[[Path], Database]) -> AsyncIterator[Database]:
    async with make_database(tmp_path / "addresses.sqlite3") as database:
        yield database


async def test_the_migration_gives_everyone_their_address_as_content_channel(
    tmp_path: Path,
) -> None:
    path = tmp_path / "upgrade.sqlite3"
    conn = await connect(path)
    try:
        await apply_migrations(conn, up_to=10)
        await conn.execute(
            "INSERT INTO people (channel, channel_user_id, first_seen_at, last_seen_at)"
            " VALUES ('telegram', '42', ?, ?)",
            (NOW.isoformat(), NOW.isoformat()),
        )
        await conn.commit()
        await apply_migrations(conn)
        rows = await conn.execute_fetchall(
            "SELECT channel, address, person_id, last_inbound_at, linked_at FROM person_addresses"
        )
    finally:
        await conn.close()

    assert [tuple(row) for row in rows] == [("telegram", "42", 1, None, NOW.isoformat())]


async def test_a_newcomer_gets_a_person_and_a_first_address(db: Database) -> None:
    repo = PeopleRepository()
    async with db.transaction() as tx:
        person = await repo.touch(tx, "whatsapp", "6281234567890", NOW)
        again = await repo.touch(tx, "whatsapp", "6281234567890", NOW + timedelta(hours=2))

    addresses = await repo.addresses(db.reader, person.id)

    assert (again.id, again.last_seen_at) == (person.id, NOW + timedelta(hours=2))
    assert (person.channel, person.channel_user_id) == ("whatsapp", "6281234567890")
    assert [(a.channel, a.address, a.linked_at, a.last_inbound_at) for a in addresses] == [
        ("whatsapp", "6281234567890", NOW, NOW)
    ]


async def test_a_second_address_finds_and_touches_the_same_person(db: Database) -> None:
    repo = PeopleRepository()
    async with db.transaction() as tx:
        person = await repo.touch(tx, "telegram", "42", NOW)
        await repo.add_address(tx, person.id, "whatsapp", "6281234567890", NOW)
        await repo.block(tx, [person.id])
        touched = await repo.touch(tx, "whatsapp", "6281234567890", NOW + timedelta(hours=1))

    found = await repo.find(db.reader, "whatsapp", "6281234567890")

    assert found == touched
    assert (touched.id, touched.status, touched.channel) == (person.id, "active", "telegram")


async def test_blocking_the_bot_counts_only_where_content_goes(db: Database) -> None:
    repo = PeopleRepository()
    async with db.transaction() as tx:
        person = await repo.touch(tx, "telegram", "42", NOW)
        await repo.add_address(tx, person.id, "whatsapp", "6281234567890", NOW)
        await repo.set_content_address(tx, person.id, "whatsapp", "6281234567890")
        await repo.set_reachable(tx, "telegram", "42", reachable=False)
        elsewhere = await repo.get(tx, person.id)
        await repo.set_reachable(tx, "whatsapp", "6281234567890", reachable=False)

    assert elsewhere is not None and elsewhere.status == "active"
    assert (await repo.find(db.reader, "telegram", "42") or pytest.fail()).status == "blocked"


async def test_erasing_the_person_removes_every_address(db: Database) -> None:
    repo = PeopleRepository()
    async with db.transaction() as tx:
        person = await repo.touch(tx, "telegram", "42", NOW)
        await repo.add_address(tx, person.id, "whatsapp", "6281234567890", NOW)
        await repo.erase(tx, person.id)

    rows = await db.reader.execute_fetchall("SELECT * FROM person_addresses")
    assert list(rows) == []
