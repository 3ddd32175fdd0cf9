from pathlib import Path

import aiosqlite

from storage.database import Database, connect
from storage.migrations import apply_migrations, load_migrations


async def _schema(path: Path) -> list[tuple[str, str, str]]:
    conn = await connect(path)
    try:
        async with conn.execute(
            "SELECT type, name, sql FROM sqlite_master"
            " WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        ) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]
    finally:
        await conn.close()


def test_migrations_are_numbered_from_one_without_gaps() -> None:
    versions = [migration.version for migration in load_migrations()]

    assert versions == list(range(1, len(versions) + 1))


def test_every_migration_file_is_named_nnnn_name_sql() -> None:
    folder = Path(__file__).parents[2] / "storage" / "migrations"
    sql_files = sorted(path.name for path in folder.glob("*.sql"))

    assert len(sql_files) == len(load_migrations())


async def test_fresh_database_and_stepwise_upgrade_end_with_the_same_schema(
    tmp_path: Path,
) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    async with Database(fresh):
        pass

    stepwise = tmp_path / "stepwise.sqlite3"
    for migration in load_migrations():
        conn = await connect(stepwise)
        try:
            await apply_migrations(conn, up_to=migration.version)
        finally:
            await conn.close()

    assert await _schema(stepwise) == await _schema(fresh)


async def test_migrations_are_recorded_and_not_applied_twice(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    async with Database(path):
        pass
    conn = await connect(path)
    try:
        assert await apply_migrations(conn) == []
        async with conn.execute("SELECT version FROM schema_migrations ORDER BY version") as cur:
            recorded = [row[0] for row in await cur.fetchall()]
    finally:
        await conn.close()

    assert recorded == [migration.version for migration in load_migrations()]


async def test_a_failing_migration_leaves_nothing_behind(tmp_path: Path) -> None:
    conn = await aiosqlite.connect(tmp_path / "db.sqlite3", isolation_level=None)
    try:
        await conn.execute("CREATE TABLE people (id INTEGER PRIMARY KEY)")  # clashes with 0001
        try:
            await apply_migrations(conn)
        except aiosqlite.OperationalError:
            pass
        else:
            raise AssertionError("the clashing migration should have failed")
        async with conn.execute("SELECT count(*) FROM schema_migrations") as cursor:
            row = await cursor.fetchone()
        async with conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'conversation_states'"
        ) as cursor:
            tables = await cursor.fetchone()
    finally:
        await conn.close()

    assert (row[0] if row else None, tables[0] if tables else None) == (0, 0)
