"""The SQLite and PostgreSQL migrations describe one schema.

Every version exists in both folders under the same name; on PostgreSQL, a database migrated
at once equals one migrated step by step; and the two engines' finished schemas agree on
tables, columns (types through a map), nullability, keys, unique sets, index names and
columns, and trigger names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiosqlite
import asyncpg
import pytest

from storage.database import Database, connect
from storage.migrations import apply_migrations, load_migrations
from storage.postgres import PgConnection, _prepare_connection
from tests.postgres_server import PostgresServer

# The one column PostgreSQL spells out that SQLite keeps implicit (whatsapp_inbox's arrival
# order tie-break, read as `rowid` on both).
IMPLICIT_ON_SQLITE = {("whatsapp_inbox", "rowid")}
TYPES = {"bigint": "INTEGER", "integer": "INTEGER", "text": "TEXT"}


def test_both_folders_hold_the_same_versions_and_names() -> None:
    sqlite = [(m.version, m.name) for m in load_migrations("sqlite")]
    postgresql = [(m.version, m.name) for m in load_migrations("postgresql")]

    assert postgresql == sqlite


def test_every_postgresql_file_is_named_nnnn_name_sql() -> None:
    folder = Path(__file__).parents[2] / "storage" / "migrations" / "postgresql"

    assert len(list(folder.glob("*.sql"))) == len(load_migrations("postgresql"))


@pytest.fixture
def server(database_backend: str, request: pytest.FixtureRequest) -> PostgresServer:
    if database_backend != "postgresql":
        pytest.skip("compares a PostgreSQL database with the SQLite one")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server


async def test_postgresql_fresh_and_stepwise_end_with_the_same_schema(
    server: PostgresServer, database_url: str
) -> None:
    admin = await asyncpg.connect(server.url("postgres"))
    try:
        await admin.execute("CREATE DATABASE stepwise TEMPLATE template0")
        stepwise = await asyncpg.connect(server.url("stepwise"))
        try:
            await _prepare_connection(stepwise)
            for migration in load_migrations("postgresql"):
                await apply_migrations(PgConnection(stepwise), up_to=migration.version)
            stepped = await _postgresql_catalogue(stepwise)
        finally:
            await stepwise.close()
    finally:
        await admin.execute("DROP DATABASE IF EXISTS stepwise WITH (FORCE)")
        await admin.close()
    fresh = await asyncpg.connect(database_url)
    try:
        assert stepped == await _postgresql_catalogue(fresh)
    finally:
        await fresh.close()


async def test_sqlite_and_postgresql_schemas_are_equivalent(
    server: PostgresServer,
    database_url: str,
    tmp_path: Path,
) -> None:
    path = tmp_path / "schema.sqlite3"
    async with Database(path):
        pass
    conn = await connect(path)
    try:
        sqlite = await _sqlite_schema(conn)
    finally:
        await conn.close()
    pg = await asyncpg.connect(database_url)
    try:
        postgresql = await _postgresql_schema(pg)
    finally:
        await pg.close()

    assert postgresql["tables"] == sqlite["tables"]
    for part in ("columns", "keys", "unique", "indexes", "triggers"):
        assert postgresql[part] == sqlite[part], part


async def _sqlite_schema(conn: aiosqlite.Connection) -> dict[str, Any]:
    async def rows(sql: str) -> list[Any]:
        return list(await conn.execute_fetchall(sql))

    tables = sorted(
        row["name"]
        for row in await rows("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not row["name"].startswith("sqlite_")
    )
    columns, keys, unique, indexes = set(), {}, set(), set()
    for table in tables:
        info = await rows(f"PRAGMA table_info({table})")
        for column in info:
            nullable = not (column["notnull"] or column["pk"])
            columns.add((table, column["name"], column["type"].upper(), nullable))
        keys[table] = tuple(c["name"] for c in sorted(info, key=lambda c: c["pk"]) if c["pk"])
        for index in await rows(f"PRAGMA index_list({table})"):
            names = tuple(c["name"] for c in await rows(f"PRAGMA index_info({index['name']})"))
            if index["origin"] == "u":
                unique.add((table, names))
            elif index["origin"] == "c":
                indexes.add((table, index["name"], names, bool(index["unique"])))
    triggers = {
        row["name"] for row in await rows("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    return {
        "tables": tables,
        "columns": columns,
        "keys": keys,
        "unique": unique,
        "indexes": indexes,
        "triggers": triggers,
    }


async def _postgresql_schema(conn: asyncpg.Connection) -> dict[str, Any]:
    tables = sorted(
        row["table_name"]
        for row in await conn.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        )
    )
    columns = {
        (
            row["table_name"],
            row["column_name"],
            TYPES[row["data_type"]],
            row["is_nullable"] == "YES",
        )
        for row in await conn.fetch(
            "SELECT table_name, column_name, data_type, is_nullable"
            " FROM information_schema.columns WHERE table_schema = 'public'"
        )
        if (row["table_name"], row["column_name"]) not in IMPLICIT_ON_SQLITE
    }
    constraints = await conn.fetch(
        "SELECT t.relname AS table_name, c.contype::text AS contype,"
        " array_agg(a.attname ORDER BY k.ord) AS names"
        " FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
        " CROSS JOIN unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)"
        " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum"
        " WHERE t.relnamespace = 'public'::regnamespace AND c.contype IN ('p', 'u')"
        " GROUP BY t.relname, c.oid, c.contype"
    )
    keys = {table: () for table in tables}
    keys |= {row["table_name"]: tuple(row["names"]) for row in constraints if row["contype"] == "p"}
    unique = {
        (row["table_name"], tuple(row["names"])) for row in constraints if row["contype"] == "u"
    }
    indexes = {
        (row["table_name"], row["index_name"], tuple(row["names"]), row["indisunique"])
        for row in await conn.fetch(
            "SELECT t.relname AS table_name, i.relname AS index_name, x.indisunique,"
            " array_agg(a.attname ORDER BY k.ord) AS names"
            " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            " JOIN pg_class t ON t.oid = x.indrelid"
            " CROSS JOIN unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)"
            " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum"
            " WHERE t.relnamespace = 'public'::regnamespace"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
            " GROUP BY t.relname, i.relname, x.indisunique"
        )
    }
    triggers = {
        row["tgname"]
        for row in await conn.fetch("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
    }
    return {
        "tables": tables,
        "columns": columns,
        "keys": keys,
        "unique": unique,
        "indexes": indexes,
        "triggers": triggers,
    }


async def _postgresql_catalogue(conn: asyncpg.Connection) -> list[Any]:
    """Everything the migrations define, as PostgreSQL itself prints it."""
    queries = (
        "SELECT table_name, column_name, ordinal_position, data_type, is_nullable,"
        " column_default, is_identity FROM information_schema.columns"
        " WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
        "SELECT tablename, indexname, indexdef FROM pg_indexes"
        " WHERE schemaname = 'public' ORDER BY indexname",
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE connamespace = 'public'::regnamespace ORDER BY conname",
        "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal"
        " ORDER BY tgname",
        "SELECT proname, prosrc FROM pg_proc"
        " WHERE pronamespace = 'public'::regnamespace ORDER BY proname",
        "SELECT version, name FROM schema_migrations ORDER BY version",
    )
    return [[tuple(row) for row in await conn.fetch(sql)] for sql in queries]
