"""Numbered SQL migrations (`NNNN_name.sql`), each applied once inside its own transaction.

SQLite's files are in this folder; PostgreSQL's translations of the same versions are in
`postgresql/`. A connection's dialect picks the folder.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import TYPE_CHECKING, Any

from storage.sql import Dialect, dialect_of

if TYPE_CHECKING:
    from storage.postgres import PgConnection

_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# pg_advisory_lock key held while migrating, so instances starting together take turns.
MIGRATIONS_LOCK_KEY = 0x61736E4D  # "asnM"
_CREATE_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
)
_RECORD = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations(dialect: Dialect = "sqlite") -> list[Migration]:
    package = __package__ if dialect == "sqlite" else f"{__package__}.postgresql"
    found = []
    for entry in resources.files(package).iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda migration: migration.version)


async def applied_versions(conn: Any) -> set[int]:
    await conn.execute(_CREATE_TABLE)
    if dialect_of(conn) == "postgresql":
        return {
            row["version"]
            for row in await conn.execute_fetchall("SELECT version FROM schema_migrations")
        }
    async with conn.execute("SELECT version FROM schema_migrations") as cursor:
        # Named rows on this cursor only: a migration test may hand in a plain connection.
        cursor.row_factory = sqlite3.Row
        return {row["version"] for row in await cursor.fetchall()}


def _pending(done: set[int], dialect: Dialect, up_to: int | None) -> list[Migration]:
    return [
        migration
        for migration in load_migrations(dialect)
        if migration.version not in done and (up_to is None or migration.version <= up_to)
    ]


async def apply_migrations(conn: Any, *, up_to: int | None = None) -> list[int]:
    """Applies the pending migrations in order; returns the versions applied. `conn` is an
    aiosqlite connection or the PostgreSQL facade (storage.postgres.PgConnection)."""
    if dialect_of(conn) == "postgresql":
        return await _apply_postgresql(conn, up_to)
    done = await applied_versions(conn)
    applied = []
    for migration in _pending(done, "sqlite", up_to):
        # executescript runs the statements as written, so the transaction is spelled out.
        try:
            await conn.executescript(f"BEGIN IMMEDIATE;\n{migration.sql}\n")
            await conn.execute(_RECORD, (migration.version, migration.name, _now()))
            await conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied


async def _apply_postgresql(conn: PgConnection, up_to: int | None) -> list[int]:
    """Each file and its schema_migrations row commit together. A session advisory lock is
    held throughout: a second instance starting at the same moment waits, then finds the
    versions applied."""
    raw = conn.raw
    await raw.execute("SELECT pg_advisory_lock($1)", MIGRATIONS_LOCK_KEY)
    try:
        done = await applied_versions(conn)
        applied = []
        for migration in _pending(done, "postgresql", up_to):
            async with raw.transaction():
                await conn.execute_script(migration.sql)
                await conn.execute(_RECORD, (migration.version, migration.name, _now()))
            applied.append(migration.version)
        return applied
    finally:
        await raw.execute("SELECT pg_advisory_unlock($1)", MIGRATIONS_LOCK_KEY)


def _now() -> str:
    return datetime.now(UTC).isoformat()
