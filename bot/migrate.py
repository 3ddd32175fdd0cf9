"""`asn-bot migrate-to-postgres`: moves the bot's SQLite database into PostgreSQL, once.

The bot must be stopped (as for a restore): the SQLite file's lock is taken exclusively, so
a running bot refuses the move and no bot can start during it. The file is only read. The
PostgreSQL database (DATABASE_URL) is migrated to the same version and must be empty; every
table is copied in one transaction and checked (row counts and checksums) before it commits,
so the move either completes exactly or leaves PostgreSQL as it was.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path

import aiosqlite
from pydantic import ValidationError

from bot.settings import DatabaseSettings, describe_validation_error
from storage.copier import CopyFailed, CopyMismatch, CopyRefused, copy_to_postgres
from storage.database import (
    DatabaseCollationError,
    DatabaseInUse,
    DatabaseLock,
    DatabaseUnreachable,
)
from storage.migrations import load_migrations
from storage.postgres import PostgresDatabase, redacted

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_SETTINGS = 2
EXIT_IN_USE = 3

Print = Callable[[str], None]


class MigrationStopped(Exception):
    """The move did not happen; `exit_code` says why, the text says what to do."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def run_migration(source: Path | None, out: Print, err: Print) -> int:
    """The command: returns its exit status."""
    try:
        settings = DatabaseSettings()
    except ValidationError as error:
        for problem in describe_validation_error(error):
            err(problem)
        return EXIT_BAD_SETTINGS
    url = settings.database_url.get_secret_value()
    if not url:
        err("Set DATABASE_URL (postgresql://…) to the PostgreSQL database to move into.")
        return EXIT_BAD_SETTINGS
    path = source or settings.database_path
    try:
        asyncio.run(migrate(path, url, out))
    except MigrationStopped as stopped:
        err(f"Not moved: {stopped}")
        return stopped.exit_code
    out(f"Moved {path} to {redacted(url)}. Start the bot with DATABASE_URL set.")
    return EXIT_OK


async def migrate(source: Path, url: str, out: Print) -> None:
    """Copies `source` into the PostgreSQL database at `url`, printing one line per table."""
    if not await asyncio.to_thread(source.is_file):
        raise MigrationStopped(f"{source} does not exist", EXIT_BAD_SETTINGS)
    lock = DatabaseLock(source, exclusive=True)
    try:
        lock.acquire()
    except DatabaseInUse:
        raise MigrationStopped(
            f"the bot is running on {source} (it holds {lock.path}); stop every instance first",
            EXIT_IN_USE,
        ) from None
    try:
        async with aiosqlite.connect(f"file:{source}?mode=ro", uri=True) as sqlite:
            await _check_source(sqlite, source)
            await _copy(sqlite, url, out)
    finally:
        lock.release()


async def _check_source(sqlite: aiosqlite.Connection, source: Path) -> None:
    """This bot's database, migrated as far as this version of the bot goes: the PostgreSQL
    side is then migrated to the same version by opening it."""
    try:
        rows = await sqlite.execute_fetchall("SELECT version FROM schema_migrations")
    except sqlite3.DatabaseError as error:
        raise MigrationStopped(f"{source} is not this bot's SQLite database ({error})") from None
    found = {row[0] for row in rows}
    known = {migration.version for migration in load_migrations()}
    if found - known:
        raise MigrationStopped(
            f"{source} was migrated by a newer version of the bot (schema {max(found)}); "
            "run this command with that version"
        )
    if known - found:
        raise MigrationStopped(
            f"{source} is at schema {max(found, default=0)}, this bot at {max(known)}: start "
            "the bot once on SQLite with this version (it applies the migrations), stop it, "
            "then move it"
        )


async def _copy(sqlite: aiosqlite.Connection, url: str, out: Print) -> None:
    # Opening it checks the collation and applies the migrations, as the bot's start would.
    database = PostgresDatabase(url, pool_size=1)
    try:
        await database.open()
    except (DatabaseUnreachable, DatabaseCollationError) as error:
        raise MigrationStopped(str(error), EXIT_BAD_SETTINGS) from None
    await database.close()
    try:
        checks = await copy_to_postgres(sqlite, url)
    except CopyRefused as error:
        raise MigrationStopped(str(error)) from None
    except CopyFailed as error:
        raise MigrationStopped(f"{error}; nothing was written to PostgreSQL") from None
    except CopyMismatch as mismatch:
        for check in mismatch.checks:
            out(check.line())
        raise MigrationStopped(f"{mismatch}; nothing was written to PostgreSQL") from None
    for check in checks:
        out(check.line())
