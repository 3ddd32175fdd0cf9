"""A test's direct look into the bot's database, on either engine, in the shape of sqlite3:
`with connect_database(settings) as db: db.execute(sql, params).fetchone()`.

Flow tests read what the bot stored (and seed or break a row) with plain blocking calls, as
they did with sqlite3 alone. On PostgreSQL the calls run on a private event loop in a thread,
through the bot's own `?` → `$n` translation; rows come back as tuples, like sqlite3's.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import asyncpg

from bot.settings import Settings
from storage.postgres import _prepare_connection, translate

T = TypeVar("T")


class _Rows:
    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class PostgresAccess:
    """Blocking statements on a PostgreSQL database, each committed on its own."""

    def __init__(self, url: str) -> None:
        # sqlite3.Row asks for rows read by name: asyncpg's records are, tuples are not.
        self.row_factory: object = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._conn: asyncpg.Connection = self._run(asyncpg.connect(url))
        self._run(_prepare_connection(self._conn))

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=60)

    def execute(self, sql: str, parameters: Any = ()) -> _Rows:
        statement = translate(sql)
        args = statement.arguments(parameters)
        if statement.returns_rows:
            rows = self._run(self._conn.fetch(statement.sql, *args))
            shaped = list(rows) if self.row_factory is not None else [tuple(row) for row in rows]
            return _Rows(shaped, len(rows))
        status = self._run(self._conn.execute(statement.sql, *args))
        last = status.rsplit(" ", 1)[-1]
        return _Rows([], int(last) if last.isdigit() else -1)

    def close(self) -> None:
        self._run(self._conn.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()


def connect_database(settings: Settings, timeout: float = 5.0) -> Any:
    """The settings' database: PostgreSQL when DATABASE_URL is set, else the SQLite file
    (committed when the block ends without an error, as `with sqlite3.connect()` does)."""
    return connect_to(settings.database_url.get_secret_value(), settings.database_path, timeout)


@contextmanager
def connect_to(url: str, path: Path, timeout: float = 5.0) -> Iterator[Any]:
    if url:
        access = PostgresAccess(url)
        try:
            yield access
        finally:
            access.close()
        return
    db = sqlite3.connect(path, timeout=timeout)
    try:
        with db:
            yield db
    finally:
        db.close()


def table_names(db: Any) -> list[str]:
    """The bot's tables, from the engine's own catalogue."""
    if isinstance(db, PostgresAccess):
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    return [row[0] for row in db.execute(sql).fetchall()]


def references(db: Any, table: str) -> list[tuple[str, str]]:
    """(column, referenced table) of each foreign key of `table`."""
    if isinstance(db, PostgresAccess):
        rows = db.execute(
            "SELECT kcu.column_name, ccu.table_name"
            " FROM information_schema.table_constraints tc"
            " JOIN information_schema.key_column_usage kcu"
            "   ON kcu.constraint_name = tc.constraint_name"
            " JOIN information_schema.constraint_column_usage ccu"
            "   ON ccu.constraint_name = tc.constraint_name"
            " WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name = ?",
            (table,),
        ).fetchall()
        return [(str(column), str(target)) for column, target in rows]
    return [(fk[3], fk[2]) for fk in db.execute(f"PRAGMA foreign_key_list({table})").fetchall()]


def column_names(db: Any, table: str) -> list[str]:
    if isinstance(db, PostgresAccess):
        rows = db.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position",
            (table,),
        ).fetchall()
        return [str(row[0]) for row in rows]
    return [row[1] for row in db.execute(f'PRAGMA table_info("{table}")').fetchall()]
