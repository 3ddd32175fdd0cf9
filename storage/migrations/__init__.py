"""Numbered SQL migrations (`NNNN_name.sql`), each applied once inside its own transaction."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

import aiosqlite

_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations() -> list[Migration]:
    found = []
    for entry in resources.files(__package__).iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda migration: migration.version)


async def applied_versions(conn: aiosqlite.Connection) -> set[int]:
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    async with conn.execute("SELECT version FROM schema_migrations") as cursor:
        # Named rows on this cursor only: a migration test may hand in a plain connection.
        cursor.row_factory = sqlite3.Row
        return {row["version"] for row in await cursor.fetchall()}


async def apply_migrations(conn: aiosqlite.Connection, *, up_to: int | None = None) -> list[int]:
    """Applies the pending migrations in order; returns the versions applied."""
    done = await applied_versions(conn)
    applied = []
    for migration in load_migrations():
        if migration.version in done or (up_to is not None and migration.version > up_to):
            continue
        # executescript runs the statements as written, so the transaction is spelled out.
        try:
            await conn.executescript(f"BEGIN IMMEDIATE;\n{migration.sql}\n")
            await conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, datetime.now(UTC).isoformat()),
            )
            await conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied
