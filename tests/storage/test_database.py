from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.database import Database
from storage.people import PeopleRepository

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


async def test_database_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    async with Database(tmp_path / "db.sqlite3") as db, db.transaction() as tx:
        async with tx.execute("PRAGMA journal_mode") as cursor:
            journal = (await cursor.fetchone())[0]  # type: ignore[index]
        async with tx.execute("PRAGMA foreign_keys") as cursor:
            foreign_keys = (await cursor.fetchone())[0]  # type: ignore[index]

    assert (journal, foreign_keys) == ("wal", 1)


async def test_database_creates_the_folder_of_its_file(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "db.sqlite3"
    async with Database(path):
        pass

    assert path.exists()


async def test_a_failed_transaction_rolls_back_every_write(tmp_path: Path) -> None:
    people = PeopleRepository()
    async with Database(tmp_path / "db.sqlite3") as db:
        with pytest.raises(RuntimeError):
            async with db.transaction() as tx:
                await people.touch(tx, "telegram", "42", NOW)
                raise RuntimeError("the caller changed its mind")

        assert await people.find(db.reader, "telegram", "42") is None


async def test_the_caller_groups_writes_in_one_transaction(tmp_path: Path) -> None:
    people = PeopleRepository()
    async with Database(tmp_path / "db.sqlite3") as db:
        async with db.transaction() as tx:
            person = await people.touch(tx, "telegram", "42", NOW)
            await people.set_locale(tx, person.id, "en")

        found = await people.find(db.reader, "telegram", "42")

    assert found is not None
    assert (found.locale, found.first_seen_at) == ("en", NOW)


async def test_touch_keeps_first_seen_and_reactivates_a_blocked_person(tmp_path: Path) -> None:
    people = PeopleRepository()
    later = NOW.replace(hour=9)
    async with Database(tmp_path / "db.sqlite3") as db:
        async with db.transaction() as tx:
            person = await people.touch(tx, "telegram", "42", NOW)
            await people.set_status(tx, person.id, "blocked")
        async with db.transaction() as tx:
            again = await people.touch(tx, "telegram", "42", later)

    assert (again.id, again.first_seen_at, again.last_seen_at, again.status) == (
        person.id,
        NOW,
        later,
        "active",
    )
