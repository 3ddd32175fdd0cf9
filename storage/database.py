"""The database port, and its SQLite engine: one writer that callers hold for a transaction,
one reader. PostgreSQL (DATABASE_URL) is the other engine, in storage/postgres.py;
`open_database` picks one from the settings.

WAL lets the reader run beside the writer. Every write goes through `transaction()`, which
serialises writers with a lock because one aiosqlite connection cannot host two transactions.

An open Database holds a shared lock on `<file>.lock`; `restore` needs it exclusively, so it
cannot replace the file under a running bot, and a bot cannot start in the middle of a restore.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import aiosqlite

from storage.migrations import apply_migrations
from storage.sql import Connection

if TYPE_CHECKING:
    from contextlib import AbstractAsyncContextManager

_LOGGER = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    # WAL with NORMAL is durable across application crashes; only a power cut can lose the
    # last commits, which is the usual trade for SQLite servers.
    "PRAGMA synchronous = NORMAL",
    # Deleted rows are overwritten with zeros, whatever the SQLite build's default: an erased
    # person's data must not linger in free pages of the file.
    "PRAGMA secure_delete = ON",
)


class DatabaseInUse(RuntimeError):
    """Another process holds the database's lock: a running bot, or a restore under way."""


class DatabaseUnreachable(RuntimeError):
    """The PostgreSQL server refused or did not answer (the text names it without password)."""


class DatabaseCollationError(RuntimeError):
    """The database sorts text by a language's rules; the bot's ISO-time comparisons need C."""


class NotOnPostgres(RuntimeError):
    """An SQLite file operation (backup, restore) asked of a PostgreSQL database."""


class DatabaseLock:
    """An flock on the file beside the database; released when closed or when the process
    ends, so a crashed bot never leaves a stale lock behind."""

    def __init__(self, database: Path, *, exclusive: bool) -> None:
        self.path = Path(f"{database}.lock")
        self._fd: int | None = None
        self._exclusive = exclusive

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        mode = fcntl.LOCK_EX if self._exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise DatabaseInUse(str(self.path)) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None


async def connect(path: Path) -> aiosqlite.Connection:
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = aiosqlite.Row
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    return conn


class _Secret(Protocol):
    def get_secret_value(self) -> str: ...


class DatabaseSource(Protocol):
    """What picks the engine: the settings (bot.settings.Settings has these fields)."""

    @property
    def database_url(self) -> _Secret: ...

    @property
    def database_path(self) -> Path: ...

    @property
    def database_pool_size(self) -> int: ...


class Database(ABC):
    """A database of either engine, as the services use it.

    `Database(path)` still builds the SQLite engine, as it did before there were two: tests,
    benches and tools construct it that way. The bot itself goes through `open_database`.
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> Database:
        return super().__new__(SqliteDatabase if cls is Database else cls)

    @abstractmethod
    async def open(self) -> None: ...

    @abstractmethod
    async def close(self) -> None: ...

    async def __aenter__(self) -> Database:
        await self.open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    @abstractmethod
    def transaction(self, *, serial: bool = True) -> AbstractAsyncContextManager[Connection]:
        """A connection inside a transaction: committed on success, rolled back on error.
        `serial` (the default) lets one writer at a time in, across every instance on
        PostgreSQL; `serial=False` is for one atomic statement or row-locked work (SQLite
        has one writer anyway and ignores it)."""
        ...

    @abstractmethod
    def single_statement(self) -> AbstractAsyncContextManager[Connection]: ...

    @property
    @abstractmethod
    def reader(self) -> Connection: ...

    @abstractmethod
    async def truncate_wal(self) -> bool: ...

    @abstractmethod
    async def backup(self, target: Path) -> None: ...


def open_database(source: DatabaseSource | str, path: Path | None = None) -> Database:
    """The engine the settings name, not opened yet: PostgreSQL when DATABASE_URL is set
    (`source` may be that URL itself), else SQLite at DATABASE_PATH (or `path`)."""
    if isinstance(source, str):
        url, pool_size = source, 10
    else:
        url = source.database_url.get_secret_value()
        pool_size, path = source.database_pool_size, source.database_path
    if url:
        from storage.postgres import PostgresDatabase

        return PostgresDatabase(url, pool_size=pool_size)
    if path is None:
        raise ValueError("no DATABASE_URL and no SQLite path")
    return SqliteDatabase(path)


class SqliteDatabase(Database):
    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._file_lock = DatabaseLock(path, exclusive=False) if str(path) != ":memory:" else None

    async def open(self) -> None:
        if self._file_lock is not None:
            try:
                self._file_lock.acquire()
            except DatabaseInUse:
                raise DatabaseInUse(
                    f"{self.path} is being restored ({self._file_lock.path} is locked); "
                    "start the bot again when the restore has finished"
                ) from None
        try:
            self._writer = await connect(self.path)
            applied = await apply_migrations(self._writer)
            if applied:
                _LOGGER.info("Applied database migrations %s", ", ".join(map(str, applied)))
            self._reader = await connect(self.path)
            await self._reader.execute("PRAGMA query_only = ON")
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        for conn in (self._reader, self._writer):
            if conn is not None:
                await conn.close()
        self._writer = self._reader = None
        if self._file_lock is not None:
            self._file_lock.release()

    @asynccontextmanager
    async def transaction(self, *, serial: bool = True) -> AsyncIterator[aiosqlite.Connection]:
        """Yields the writer inside BEGIN IMMEDIATE; commits on success, rolls back on error.
        Every SQLite transaction is serial (one writer), so `serial` changes nothing here.

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

    async def truncate_wal(self) -> bool:
        """Copies the WAL into the database file and empties it, so that what was just
        deleted (and overwritten by secure_delete) leaves no older copy in the WAL. Returns
        False when a reader kept the WAL busy past the busy timeout (the next checkpoint
        finishes the job)."""
        if self._writer is None:
            raise RuntimeError("database is not open")
        async with self._write_lock:
            rows = await self._writer.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)")
        busy = next(iter(rows))["busy"]
        if busy:
            _LOGGER.warning("The WAL could not be truncated now: a reader kept it busy")
        return not busy

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
    """Replaces `database` with a plain SQLite copy; returns the migration versions found in
    it, after checking its integrity. Raises DatabaseInUse while a bot has the database open.
    """
    lock = DatabaseLock(database, exclusive=True)
    try:
        lock.acquire()
    except DatabaseInUse:
        raise DatabaseInUse(
            f"the bot is running on {database} (it holds {lock.path}); stop the bot first, "
            "then restore"
        ) from None
    try:
        async with aiosqlite.connect(f"file:{backup_file}?mode=ro", uri=True) as source:
            source.row_factory = aiosqlite.Row
            versions = await _check_copy(source, backup_file)
            await asyncio.to_thread(_clear, database)
            async with aiosqlite.connect(database) as target:
                await source.backup(target)
    finally:
        lock.release()
    return versions


async def _check_copy(source: aiosqlite.Connection, path: Path) -> list[int]:
    try:
        rows = await source.execute_fetchall("PRAGMA integrity_check")
    except sqlite3.DatabaseError as error:
        raise ValueError(f"{path} is not an SQLite database ({error})") from None
    if [tuple(row) for row in rows] != [("ok",)]:
        raise ValueError(f"{path} is damaged: {[tuple(row) for row in rows]}")
    found = await source.execute_fetchall(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    )
    if not list(found):
        raise ValueError(f"{path} is an SQLite database, but not this bot's (no schema_migrations)")
    versions = await source.execute_fetchall(
        "SELECT version FROM schema_migrations ORDER BY version"
    )
    return [row["version"] for row in versions]


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
