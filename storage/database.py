"""SQLite connections: one writer that callers hold for a transaction, one reader.

WAL lets the reader run beside the writer. Every write goes through `transaction()`, which
serialises writers with a lock because one aiosqlite connection cannot host two transactions.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from storage.migrations import apply_migrations

_LOGGER = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    # WAL with NORMAL is durable across application crashes; only a power cut can lose the
    # last commits, which is the usual trade for SQLite servers.
    "PRAGMA synchronous = NORMAL",
)


async def connect(path: Path) -> aiosqlite.Connection:
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = aiosqlite.Row
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    return conn


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()

    async def open(self) -> None:
        self._writer = await connect(self.path)
        applied = await apply_migrations(self._writer)
        if applied:
            _LOGGER.info("Applied database migrations %s", ", ".join(map(str, applied)))
        self._reader = await connect(self.path)
        await self._reader.execute("PRAGMA query_only = ON")

    async def close(self) -> None:
        for conn in (self._reader, self._writer):
            if conn is not None:
                await conn.close()
        self._writer = self._reader = None

    async def __aenter__(self) -> Database:
        await self.open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Yields the writer inside BEGIN IMMEDIATE; commits on success, rolls back on error.

        BEGIN, COMMIT and ROLLBACK are shielded: a task cancelled while one of them runs in
        the database thread must not leave the shared writer inside a transaction.
        """
        if self._writer is None:
            raise RuntimeError("database is not open")
        writer = self._writer
        async with self._write_lock:
            begin = asyncio.ensure_future(writer.execute("BEGIN IMMEDIATE"))
            try:
                await asyncio.shield(begin)
                yield writer
            except BaseException:
                await _settle(begin)
                if writer.in_transaction:
                    await _settle(asyncio.ensure_future(writer.execute("ROLLBACK")))
                raise
            else:
                await _settle(asyncio.ensure_future(writer.execute("COMMIT")))

    @asynccontextmanager
    async def single_statement(self) -> AsyncIterator[aiosqlite.Connection]:
        """Yields the writer for exactly one write statement, which SQLite commits on its own.

        Cheaper than `transaction()` (one round trip to the database thread instead of
        three) for the frequent one-statement writes: counters and conversation states.
        """
        if self._writer is None:
            raise RuntimeError("database is not open")
        async with self._write_lock:
            yield self._writer

    async def backup(self, target: Path) -> None:
        await backup(self.reader, target)

    @property
    def reader(self) -> aiosqlite.Connection:
        """A read-only connection for queries that need no transaction."""
        if self._reader is None:
            raise RuntimeError("database is not open")
        return self._reader


async def backup(source: aiosqlite.Connection, target: Path) -> None:
    """A consistent online copy: SQLite's backup API copies a snapshot while writers go on."""
    await asyncio.to_thread(_clear, target)
    async with aiosqlite.connect(target) as destination:
        await source.backup(destination)


async def backup_file(database: Path, target: Path) -> None:
    """Backs up a database file as it is, without migrating or otherwise touching it."""
    async with aiosqlite.connect(f"file:{database}?mode=ro", uri=True) as source:
        await backup(source, target)


async def restore(backup_file: Path, database: Path) -> list[int]:
    """Replaces `database` with the backup (the bot must be stopped); returns the migration
    versions found in the backup, after checking the backup's integrity."""
    async with aiosqlite.connect(f"file:{backup_file}?mode=ro", uri=True) as source:
        rows = await source.execute_fetchall("PRAGMA integrity_check")
        if [tuple(row) for row in rows] != [("ok",)]:
            raise ValueError(f"{backup_file} is damaged: {rows}")
        versions = await source.execute_fetchall(
            "SELECT version FROM schema_migrations ORDER BY version"
        )
        await asyncio.to_thread(_clear, database)
        async with aiosqlite.connect(database) as target:
            await source.backup(target)
    return [row[0] for row in versions]


def _clear(database: Path) -> None:
    """Makes room for a fresh copy: the file, its WAL and shared-memory files, its folder."""
    database.parent.mkdir(parents=True, exist_ok=True)
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.unlink(missing_ok=True)


async def _settle(step: asyncio.Future[Any]) -> None:
    """Waits for a database step to finish even while the waiting task is being cancelled;
    the cancellation is delivered once the step is done."""
    cancelled = False
    while not step.done():
        try:
            await asyncio.shield(step)
        except asyncio.CancelledError:
            cancelled = True
    step.result()
    if cancelled:
        raise asyncio.CancelledError
