import asyncio
import contextlib
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import pytest

from storage.database import Database, DatabaseInUse, DatabaseLock, restore
from storage.migrations import load_migrations
from storage.people import PeopleRepository

MakeDatabase = Callable[[Path], Database]
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


async def test_a_failed_transaction_rolls_back_every_write(
    tmp_path: Path, make_database: MakeDatabase
) -> None:
    people = PeopleRepository()
    async with make_database(tmp_path / "db.sqlite3") as db:
        with pytest.raises(RuntimeError):
            async with db.transaction() as tx:
                await people.touch(tx, "telegram", "42", NOW)
                raise RuntimeError("the caller changed its mind")

        assert await people.find(db.reader, "telegram", "42") is None


async def test_the_caller_groups_writes_in_one_transaction(
    tmp_path: Path, make_database: MakeDatabase
) -> None:
    people = PeopleRepository()
    async with make_database(tmp_path / "db.sqlite3") as db:
        async with db.transaction() as tx:
            person = await people.touch(tx, "telegram", "42", NOW)
            await people.set_locale(tx, person.id, "en")

        found = await people.find(db.reader, "telegram", "42")

    assert found is not None
    assert (found.locale, found.first_seen_at) == ("en", NOW)


async def test_touch_keeps_first_seen_and_reactivates_a_blocked_person(
    tmp_path: Path, make_database: MakeDatabase
) -> None:
    people = PeopleRepository()
    later = NOW.replace(hour=9)
    async with make_database(tmp_path / "db.sqlite3") as db:
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


def _dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


async def test_backup_then_restore_gives_an_identical_database(tmp_path: Path) -> None:
    people = PeopleRepository()
    live, copy = tmp_path / "live.sqlite3", tmp_path / "backups" / "copy.sqlite3"
    async with Database(live) as db:
        async with db.transaction() as tx:
            await people.touch(tx, "telegram", "42", NOW)
        await db.backup(copy)
        async with db.transaction() as tx:  # written after the backup: must not come back
            await people.touch(tx, "telegram", "43", NOW)
    expected = _dump(copy)

    restored = tmp_path / "restored" / "bot.sqlite3"
    versions = await restore(copy, restored)

    assert _dump(restored) == expected
    assert versions == [migration.version for migration in load_migrations()]
    assert "'43'" not in "".join(expected)


async def test_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)

    with pytest.raises((ValueError, aiosqlite.DatabaseError)):
        await restore(broken, tmp_path / "bot.sqlite3")


async def test_a_transaction_cancelled_while_it_begins_leaves_the_writer_usable(
    tmp_path: Path, make_database: MakeDatabase
) -> None:
    people = PeopleRepository()
    async with make_database(tmp_path / "db.sqlite3") as db:

        async def write() -> None:
            async with db.transaction() as tx:
                await people.touch(tx, "telegram", "41", NOW)

        for _ in range(20):  # cancel at different moments of BEGIN / the insert / COMMIT
            task = asyncio.create_task(write())
            await asyncio.sleep(0)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        async with db.transaction() as tx:
            await people.touch(tx, "telegram", "42", NOW)

        assert await people.find(db.reader, "telegram", "42") is not None


async def test_every_connection_overwrites_deleted_rows(tmp_path: Path) -> None:
    async with Database(tmp_path / "db.sqlite3") as db, db.transaction() as tx:
        writer = await tx.execute_fetchall("PRAGMA secure_delete")
        reader = await db.reader.execute_fetchall("PRAGMA secure_delete")

    assert [tuple(r) for r in (*writer, *reader)] == [(1,), (1,)]


def _raw(database: Path) -> bytes:
    return b"".join(
        path.read_bytes() for path in (database, Path(f"{database}-wal")) if path.exists()
    )


def _wal_size(database: Path) -> int:
    return Path(f"{database}-wal").stat().st_size


async def test_after_truncate_wal_a_deleted_value_is_in_neither_file(tmp_path: Path) -> None:
    people, path = PeopleRepository(), tmp_path / "db.sqlite3"
    marker = "person-4242-unique-marker"
    async with Database(path) as db:
        async with db.transaction() as tx:
            person = await people.touch(tx, "telegram", marker, NOW)
        written = marker.encode() in _raw(path)
        async with db.transaction() as tx:
            await people.erase(tx, person.id)
        truncated = await db.truncate_wal()

        assert (written, truncated) == (True, True)
        assert marker.encode() not in _raw(path)
        assert _wal_size(path) == 0


async def test_restore_is_refused_while_the_database_is_open(tmp_path: Path) -> None:
    live, copy = tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3"
    async with Database(live) as db:
        await db.backup(copy)
        with pytest.raises(DatabaseInUse, match="stop the bot first"):
            await restore(copy, live)
        still_open = await db.reader.execute_fetchall("SELECT count(*) FROM schema_migrations")

    versions = await restore(copy, live)  # closed: the lock is free again

    assert next(iter(still_open))[0] == len(versions) > 0


async def test_the_database_does_not_open_while_a_restore_holds_the_lock(
    tmp_path: Path,
) -> None:
    live = tmp_path / "live.sqlite3"
    lock = DatabaseLock(live, exclusive=True)
    lock.acquire()
    try:
        with pytest.raises(DatabaseInUse, match="being restored"):
            await Database(live).open()
    finally:
        lock.release()


async def test_restore_names_a_foreign_sqlite_file_as_such(tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (text)")

    with pytest.raises(ValueError, match="not this bot's"):
        await restore(foreign, tmp_path / "bot.sqlite3")
