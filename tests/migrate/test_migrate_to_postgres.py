"""`asn-bot migrate-to-postgres` on a seeded SQLite file and a throwaway PostgreSQL server:
the copy is exact (every table's rows and checksum), 0017's triggers do not count the copied
rows twice, new ids continue after the copied ones, and a wrong copy, a non-empty target, an
older SQLite file or a running bot stop the move without writing anything."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import aiosqlite
import asyncpg
import pytest

from bot.cli import main
from bot.migrate import EXIT_BAD_SETTINGS, EXIT_IN_USE, MigrationStopped, migrate
from storage.database import DatabaseLock
from storage.migrations import apply_migrations


def _sqlite_rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return [tuple(row) for row in conn.execute(sql)]


async def _pg_rows(url: str, sql: str) -> list[tuple[object, ...]]:
    conn = await asyncpg.connect(url)
    try:
        return [tuple(row) for row in await conn.fetch(sql)]
    finally:
        await conn.close()


def test_the_command_copies_every_table_and_prints_its_checks(
    seeded_sqlite: Path,
    empty_postgres: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the checkout
    monkeypatch.setenv("DATABASE_URL", empty_postgres)

    assert main(["migrate-to-postgres", "--from", str(seeded_sqlite)]) == 0

    printed = capsys.readouterr().out.splitlines()
    checks = {line.split()[0]: line.split()[1:] for line in printed if line.endswith(" ok")}
    tables = _sqlite_rows(
        seeded_sqlite,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name != 'schema_migrations'",
    )
    assert set(checks) == {name for (name,) in tables}
    assert checks["people"][0] == "6" and checks["deliveries"][0] == "6"
    assert all(len(sha) == 12 for _, sha, _ in checks.values())
    assert printed[-1].startswith(f"Moved {seeded_sqlite} to postgresql://")


async def test_the_copy_holds_the_counters_once_and_new_ids_follow_the_copied_ones(
    seeded_sqlite: Path, empty_postgres: str
) -> None:
    await migrate(seeded_sqlite, empty_postgres, print)

    counters = "SELECT unit_id, delivered, reshares FROM unit_activity ORDER BY unit_id"
    copied = await _pg_rows(empty_postgres, counters)
    assert copied == _sqlite_rows(seeded_sqlite, counters)
    assert sum(int(delivered) for _, delivered, _ in copied) == 5  # type: ignore[call-overload]
    runs = "SELECT run_id, status, count FROM run_delivery_counts ORDER BY run_id, status"
    assert await _pg_rows(empty_postgres, runs) == _sqlite_rows(seeded_sqlite, runs)
    inbox = "SELECT rowid, message_id, wa_id FROM whatsapp_inbox ORDER BY rowid"
    assert await _pg_rows(empty_postgres, inbox) == _sqlite_rows(seeded_sqlite, inbox)
    # The newest review case was deleted: SQLite never reuses its id, nor may PostgreSQL.
    ((mark,),) = _sqlite_rows(
        seeded_sqlite, "SELECT seq FROM sqlite_sequence WHERE name = 'review_cases'"
    )
    conn = await asyncpg.connect(empty_postgres)
    try:
        case = await conn.fetchval(
            "INSERT INTO review_cases (person_id, platform, handle, created_at)"
            " SELECT person_id, platform, handle, created_at FROM review_cases LIMIT 1"
            " RETURNING id"
        )
        message = await conn.fetchval(
            "INSERT INTO whatsapp_inbox (message_id, received_at) VALUES ('wamid.4', 'x')"
            " RETURNING rowid"
        )
        person = await conn.fetchval(
            "INSERT INTO people (channel, channel_user_id, status, first_seen_at, last_seen_at)"
            " VALUES ('telegram', '99', 'active', 'x', 'x') RETURNING id"
        )
    finally:
        await conn.close()
    assert case == int(mark) + 1  # type: ignore[call-overload]
    assert person == 7 and message == 4


async def test_a_copy_that_differs_is_reported_and_nothing_is_written(
    seeded_sqlite: Path, empty_postgres: str
) -> None:
    # A trigger that fires even for the copy (ENABLE ALWAYS) alters one name on its way in.
    conn = await asyncpg.connect(empty_postgres)
    try:
        await conn.execute(
            "CREATE FUNCTION garble() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            " IF NEW.person_id = 2 THEN NEW.full_name := 'Someone Else'; END IF;"
            " RETURN NEW; END $$;"
            " CREATE TRIGGER garble BEFORE INSERT ON enrollments FOR EACH ROW"
            " EXECUTE FUNCTION garble();"
            " ALTER TABLE enrollments ENABLE ALWAYS TRIGGER garble;"
        )
    finally:
        await conn.close()
    printed: list[str] = []

    with pytest.raises(MigrationStopped, match="differs from the source in enrollments") as stop:
        await migrate(seeded_sqlite, empty_postgres, printed.append)

    assert stop.value.exit_code == 1
    wrong = [line for line in printed if not line.endswith(" ok")]
    assert len(wrong) == 1 and wrong[0].startswith("enrollments 6/6 ")
    assert wrong[0].endswith(" MISMATCH")
    assert await _pg_rows(empty_postgres, "SELECT COUNT(*) FROM people") == [(0,)]


async def test_a_target_that_holds_data_is_refused(
    seeded_sqlite: Path, empty_postgres: str
) -> None:
    conn = await asyncpg.connect(empty_postgres)
    try:
        await conn.execute(
            "INSERT INTO audit_log (at, actor, action, outcome)"
            " VALUES ('2026-01-01', '1', 'x', 'ok')"
        )
    finally:
        await conn.close()

    with pytest.raises(MigrationStopped, match=r"not empty \(audit_log has rows\)"):
        await migrate(seeded_sqlite, empty_postgres, print)

    assert await _pg_rows(empty_postgres, "SELECT COUNT(*) FROM people") == [(0,)]


async def test_the_move_waits_for_the_bot_to_stop(seeded_sqlite: Path, empty_postgres: str) -> None:
    running = DatabaseLock(seeded_sqlite, exclusive=False)  # what a running bot holds
    running.acquire()
    try:
        with pytest.raises(MigrationStopped, match="stop every instance first") as stop:
            await migrate(seeded_sqlite, empty_postgres, print)
    finally:
        running.release()
    assert stop.value.exit_code == EXIT_IN_USE


async def test_an_older_sqlite_file_is_migrated_by_the_bot_first(
    tmp_path: Path, empty_postgres: str
) -> None:
    older = tmp_path / "older.sqlite3"
    async with aiosqlite.connect(older, isolation_level=None) as conn:
        await apply_migrations(conn, up_to=16)

    with pytest.raises(MigrationStopped, match="start the bot once on SQLite"):
        await migrate(older, empty_postgres, print)


def test_the_command_needs_database_url(
    seeded_sqlite: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["migrate-to-postgres", "--from", str(seeded_sqlite)]) == EXIT_BAD_SETTINGS


async def test_a_value_postgresql_refuses_stops_the_move_without_quoting_it(
    seeded_sqlite: Path, empty_postgres: str
) -> None:
    # SQLite keeps a text an INTEGER column cannot convert; PostgreSQL's column refuses it.
    with sqlite3.connect(seeded_sqlite) as conn:
        conn.execute("UPDATE deliveries SET attempts = 'NIP 198506122010012003' WHERE id = 2")

    with pytest.raises(MigrationStopped) as stop:
        await migrate(seeded_sqlite, empty_postgres, print)

    assert str(stop.value).startswith("deliveries holds a value its PostgreSQL column refuses")
    assert "198506122010012003" not in str(stop.value)
    assert await _pg_rows(empty_postgres, "SELECT COUNT(*) FROM people") == [(0,)]
