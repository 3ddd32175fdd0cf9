"""Query helpers that run a statement and read all its rows in one step.

One step matters: while a statement on a connection is unfinished, SQLite keeps its read
snapshot open, and another coroutine's query on the same connection would read that old
snapshot. Reading every row at once also costs one thread hop instead of two.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite

Params = Sequence[Any] | dict[str, Any]


async def fetch_all(
    conn: aiosqlite.Connection, sql: str, params: Params = ()
) -> list[aiosqlite.Row]:
    return list(await conn.execute_fetchall(sql, params))


async def fetch_one(
    conn: aiosqlite.Connection, sql: str, params: Params = ()
) -> aiosqlite.Row | None:
    rows: Iterable[aiosqlite.Row] = await conn.execute_fetchall(sql, params)
    return next(iter(rows), None)
