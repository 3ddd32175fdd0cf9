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
        """Yields the writer inside BEGIN IMMEDIATE; commits on success, rolls back on error."""
        if self._writer is None:
            raise RuntimeError("database is not open")
        async with self._write_lock:
            await self._writer.execute("BEGIN IMMEDIATE")
            try:
                yield self._writer
            except BaseException:
                await self._writer.execute("ROLLBACK")
                raise
            else:
                await self._writer.execute("COMMIT")

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

    @property
    def reader(self) -> aiosqlite.Connection:
        """A read-only connection for queries that need no transaction."""
        if self._reader is None:
            raise RuntimeError("database is not open")
        return self._reader
