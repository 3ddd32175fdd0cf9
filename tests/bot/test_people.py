"""PeopleService keeps reachability and last_seen_at current with at most one write an hour."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.people.service import ChannelIdentity, PeopleService
from storage.database import Database
from storage.people import PeopleRepository

SITI = ChannelIdentity("telegram", "42")
START = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "people.sqlite3") as database:
        yield database


async def _row(db: Database) -> tuple[str, str]:
    rows = list(await db.reader.execute_fetchall("SELECT status, last_seen_at FROM people"))
    return rows[0][0], rows[0][1]


async def test_activity_writes_at_most_once_an_hour(db: Database) -> None:
    clock = FixedClock(START)
    people = PeopleService(db, PeopleRepository(), clock)
    await people.choose_language(SITI, "id")

    clock.advance(timedelta(minutes=59))
    await people.note_activity(SITI)
    within_the_hour = await _row(db)
    clock.advance(timedelta(minutes=2))
    await people.note_activity(SITI)

    assert within_the_hour == ("active", START.isoformat())
    assert await _row(db) == ("active", clock.now().isoformat())


async def test_someone_a_delivery_marked_unreachable_is_reachable_when_they_write(
    db: Database,
) -> None:
    clock = FixedClock(START)
    people = PeopleService(db, PeopleRepository(), clock)
    await people.choose_language(SITI, "id")  # remembered as reachable
    person_id = int((await people.find(SITI) or pytest.fail()).id)
    async with db.transaction() as tx:
        await PeopleRepository().block(tx, [person_id])
    people.unreachable([person_id])

    await people.note_activity(SITI)

    assert await _row(db) == ("active", START.isoformat())


async def test_someone_never_enrolled_leaves_no_row(db: Database) -> None:
    people = PeopleService(db, PeopleRepository(), FixedClock(START))

    await people.note_activity(SITI)

    assert list(await db.reader.execute_fetchall("SELECT * FROM people")) == []


SITI_WA = ChannelIdentity("whatsapp", "6281234567890")


async def test_a_linked_person_is_one_person_under_both_identities(db: Database) -> None:
    clock = FixedClock(START)
    repo = PeopleRepository()
    people = PeopleService(db, repo, clock)
    await people.choose_language(SITI, "en")
    person_id = int((await people.find(SITI) or pytest.fail()).id)
    async with db.transaction() as tx:
        await repo.add_address(tx, person_id, SITI_WA.channel, SITI_WA.user_id, START)
    people.forget(SITI_WA)  # as linking does: it may have been looked up as a stranger

    language_on_whatsapp = await people.chosen_language(SITI_WA)
    async with db.transaction() as tx:
        await repo.block(tx, [person_id])
    people.unreachable([person_id])
    await people.note_activity(SITI_WA)

    assert language_on_whatsapp == "en"
    assert await _row(db) == ("active", START.isoformat())


async def test_forgetting_one_identity_forgets_the_person_under_every_identity(
    db: Database,
) -> None:
    clock = FixedClock(START)
    repo = PeopleRepository()
    people = PeopleService(db, repo, clock)
    await people.choose_language(SITI, "en")
    person_id = int((await people.find(SITI) or pytest.fail()).id)
    async with db.transaction() as tx:
        await repo.add_address(tx, person_id, SITI_WA.channel, SITI_WA.user_id, START)
    await people.chosen_language(SITI_WA)
    async with db.transaction() as tx:
        await repo.set_locale(tx, person_id, "id")

    people.forget(SITI_WA)

    assert (await people.chosen_language(SITI), await people.chosen_language(SITI_WA)) == (
        "id",
        "id",
    )
