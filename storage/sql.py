"""The database connection as repositories see it, and query helpers.

Repositories are written against `Connection`, which both engines serve: aiosqlite's
connection as it is, and the PostgreSQL facade (storage/postgres.py), which takes the same `?`
and `:name` parameters. SQL is kept valid on both; the few statements that differ ask
`dialect_of(conn)`.

`fetch_all`/`fetch_one` run a statement and read all its rows in one step. One step matters on
SQLite: while a statement on a connection is unfinished, SQLite keeps its read snapshot open,
and another coroutine's query on the same connection would read that old snapshot. Reading
every row at once also costs one thread hop instead of two.
"""

from __future__ import annotations

from collections.abc import Awaitable, Iterable, Sequence
from typing import Any, Literal, Protocol, TypeAlias

Params = Sequence[Any] | dict[str, Any]
Dialect = Literal["sqlite", "postgresql"]

# A result row: read by column name (`row["id"]`) or position, `tuple(row)`, `dict(row)`.
# sqlite3.Row and asyncpg.Record both are; their types share no declared base, so Any.
Row: TypeAlias = Any


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    async def fetchone(self) -> Row | None: ...

    async def fetchall(self) -> Iterable[Row]: ...

    async def close(self) -> None: ...


class Connection(Protocol):
    def execute(self, sql: str, parameters: Params = ..., /) -> Awaitable[Cursor]: ...

    def executemany(self, sql: str, parameters: Iterable[Params], /) -> Awaitable[Cursor]: ...

    async def execute_fetchall(self, sql: str, parameters: Params = ..., /) -> Iterable[Row]: ...

    @property
    def in_transaction(self) -> bool: ...


def dialect_of(conn: Connection) -> Dialect:
    """Which SQL the connection speaks: the PostgreSQL facade says so, aiosqlite does not."""
    dialect: Dialect = getattr(conn, "dialect", "sqlite")
    return dialect


async def fetch_all(conn: Connection, sql: str, params: Params = ()) -> list[Row]:
    return list(await conn.execute_fetchall(sql, params))


async def fetch_one(conn: Connection, sql: str, params: Params = ()) -> Row | None:
    rows: Iterable[Row] = await conn.execute_fetchall(sql, params)
    return next(iter(rows), None)
