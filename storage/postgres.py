"""PostgreSQL connections (DATABASE_URL): an asyncpg pool behind the same surface as the SQLite
`Database`, and a connection facade that speaks the repositories' SQLite-style parameters.

Repositories write `?` and `:name` parameters; the facade rewrites them to PostgreSQL's `$n`
once per statement text (cached). `execute` returns a cursor holding the rows (so RETURNING
works) and the row count from the command status (its last number).

Writers are serialised like SQLite's by default: `transaction()` takes one advisory lock for
the whole database, across every instance, so no service's read-then-write logic can race.
Statements that are one atomic write (or lock their rows) opt out with `serial=False`.

Times are ISO text compared as strings, as on SQLite; that only holds under the C collation,
so `open()` refuses a database with another one.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from storage.database import Database, DatabaseCollationError, DatabaseUnreachable, NotOnPostgres
from storage.sql import Params, Row

_LOGGER = logging.getLogger(__name__)

# pg_advisory_xact_lock key of the one-writer-at-a-time lock ("asnW" as an int).
WRITER_LOCK_KEY = 0x61736E57
# Collations under which text compares byte by byte, as SQLite's BINARY does.
BYTEWISE_COLLATIONS = frozenset({"C", "C.UTF-8", "C.utf8", "POSIX"})
# The tables that hold personal data: vacuumed after an erasure (see `truncate_wal`).
ERASED_TABLES = (
    "people",
    "person_addresses",
    "enrollments",
    "social_accounts",
    "consents",
    "account_checks",
    "review_cases",
    "conversation_states",
    "whatsapp_inbox",
    "badges",
)


def redacted(url: str) -> str:
    """The URL without its password, for logs and error texts."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=user + host))


# --- parameters -----------------------------------------------------------------------------

_SCANNED = re.compile(
    r"""'(?:[^']|'')*'          # a string literal ('' is an escaped quote)
      | "(?:[^"]|"")*"          # a quoted identifier
      | --[^\n]*                # a line comment
      | /\*.*?\*/               # a block comment
      | ::                      # a cast, not a parameter
      | \?[0-9]*                # a positional parameter (?NNN: SQLite's numbered form)
      | :[A-Za-z_][A-Za-z0-9_]* # a named parameter
    """,
    re.VERBOSE | re.DOTALL,
)
_RETURNS_ROWS = re.compile(r"^\s*(SELECT|VALUES|TABLE|SHOW)\b|\bRETURNING\b", re.IGNORECASE)
_WRITES = re.compile(r"\b(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Statement:
    """A repository's SQL in PostgreSQL's terms."""

    sql: str
    # The parameter names in `$n` order when the SQL used `:name`; None for `?`.
    names: tuple[str, ...] | None
    # Whether the statement yields rows (a query, or a write with RETURNING) rather than a
    # command status only.
    returns_rows: bool

    def arguments(self, params: Params) -> Sequence[Any]:
        if self.names is None:
            if isinstance(params, dict):
                raise TypeError("named parameters given to a statement written with ?")
            return params
        if not isinstance(params, dict):
            raise TypeError("positional parameters given to a statement written with :name")
        return [params[name] for name in self.names]


@lru_cache(maxsize=4096)
def translate(sql: str) -> Statement:
    """`?` → `$1, $2, …` (`?3` → `$3`); `:name` → one `$n` per distinct name. Literals,
    quoted identifiers, comments and `::` casts are left as written."""
    names: list[str] = []
    positional = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal positional
        token = match[0]
        if token == "?":
            positional += 1
            return f"${positional}"
        if token.startswith("?"):
            positional = max(positional, int(token[1:]))
            return f"${token[1:]}"
        if token.startswith(":") and token != "::":
            name = token[1:]
            if name not in names:
                names.append(name)
            return f"${names.index(name) + 1}"
        return token

    translated = _SCANNED.sub(replace, sql)
    if positional and names:
        raise ValueError("a statement mixes ? and :name parameters")
    returns_rows = bool(_RETURNS_ROWS.search(translated))
    if re.match(r"^\s*WITH\b", translated, re.IGNORECASE) and not _WRITES.search(translated):
        returns_rows = True
    return Statement(translated, tuple(names) if names else None, returns_rows)


def _status_count(status: str | None) -> int:
    """The row count of a command status: its last number (an INSERT status also holds an
    oid before it)."""
    if not status:
        return -1
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else -1


# --- the facade -----------------------------------------------------------------------------


class PgCursor:
    """What `execute` returns: the rows already read, and the statement's row count."""

    def __init__(self, rows: list[Row], rowcount: int) -> None:
        self._rows = rows
        self._position = 0
        self.rowcount = rowcount

    async def fetchone(self) -> Row | None:
        if self._position >= len(self._rows):
            return None
        row = self._rows[self._position]
        self._position += 1
        return row

    async def fetchall(self) -> list[Row]:
        rest = self._rows[self._position :]
        self._position = len(self._rows)
        return rest

    async def close(self) -> None:
        self._rows = []

    async def __aenter__(self) -> PgCursor:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


class PgConnection:
    """One pooled connection, as repositories use aiosqlite's."""

    dialect: Literal["postgresql"] = "postgresql"

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.raw = conn

    async def execute(self, sql: str, parameters: Params = (), /) -> PgCursor:
        statement = translate(sql)
        args = statement.arguments(parameters)
        if statement.returns_rows:
            rows = await self.raw.fetch(statement.sql, *args)
            return PgCursor(rows, len(rows))
        status = await self.raw.execute(statement.sql, *args)
        return PgCursor([], _status_count(status))

    async def executemany(self, sql: str, parameters: Iterable[Params], /) -> PgCursor:
        """One statement for many parameter sets, with the summed row count (asyncpg's own
        executemany reports none, and callers count what they added)."""
        statement = translate(sql)
        prepared = await self.raw.prepare(statement.sql)
        total = 0
        for params in parameters:
            await prepared.fetch(*statement.arguments(params))
            total += max(_status_count(prepared.get_statusmsg()), 0)
        return PgCursor([], total)

    async def execute_fetchall(self, sql: str, parameters: Params = (), /) -> list[Row]:
        statement = translate(sql)
        rows: list[Row] = await self.raw.fetch(statement.sql, *statement.arguments(parameters))
        return rows

    async def execute_script(self, sql: str) -> None:
        """Several statements at once (a migration file): sent as one simple query. A file of
        comments only (0010 here) is skipped: asyncpg cannot read an empty query's reply."""
        if any(line.strip() and not line.strip().startswith("--") for line in sql.splitlines()):
            await self.raw.execute(sql)

    @property
    def in_transaction(self) -> bool:
        return bool(self.raw.is_in_transaction())


class PgPoolReader:
    """`Database.reader` on PostgreSQL: each query borrows a pooled connection for itself, so
    reads run beside the writers without a transaction."""

    dialect: Literal["postgresql"] = "postgresql"
    in_transaction = False

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def execute(self, sql: str, parameters: Params = (), /) -> PgCursor:
        async with self._pool.acquire() as conn:
            return await PgConnection(conn).execute(sql, parameters)

    async def executemany(self, sql: str, parameters: Iterable[Params], /) -> PgCursor:
        async with self._pool.acquire() as conn:
            return await PgConnection(conn).executemany(sql, parameters)

    async def execute_fetchall(self, sql: str, parameters: Params = (), /) -> list[Row]:
        async with self._pool.acquire() as conn:
            return await PgConnection(conn).execute_fetchall(sql, parameters)


def _encode_text(value: object) -> str:
    """SQLite's TEXT affinity for the values the repositories pass: str as it is, an int as its
    digits. A datetime is refused: str() would write a space, not the ISO 'T' every stored
    time has, and string comparisons with it would silently go wrong."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime | date | time):
        raise TypeError(f"a {type(value).__name__} for a text column: pass .isoformat()")
    raise TypeError(f"a {type(value).__name__} for a text column: pass str")


async def _prepare_connection(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec(
        "text", schema="pg_catalog", encoder=_encode_text, decoder=str, format="text"
    )


# --- the database ---------------------------------------------------------------------------


class PostgresDatabase(Database):
    """The `storage.database.Database` surface on a PostgreSQL server."""

    dialect: Literal["postgresql"] = "postgresql"

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = url
        self.pool_size = pool_size
        self._pool: asyncpg.Pool | None = None

    def __repr__(self) -> str:
        return f"PostgresDatabase({redacted(self.url)!r})"

    async def open(self) -> None:
        from storage.migrations import apply_migrations

        try:
            pool = await asyncpg.create_pool(
                self.url,
                min_size=min(2, self.pool_size),
                max_size=self.pool_size,
                init=_prepare_connection,
            )
        except (OSError, asyncpg.PostgresError) as error:
            raise DatabaseUnreachable(
                f"cannot connect to {redacted(self.url)}: {type(error).__name__}: {error}"
            ) from None
        self._pool = pool
        try:
            async with pool.acquire() as conn:
                await _check_collation(conn)
                applied = await apply_migrations(PgConnection(conn))
            if applied:
                _LOGGER.info("Applied database migrations %s", ", ".join(map(str, applied)))
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("database is not open")
        return self._pool

    @asynccontextmanager
    async def transaction(self, *, serial: bool = True) -> AsyncIterator[PgConnection]:
        """Yields a connection inside a transaction; commits on success, rolls back on error.
        `serial` (the default) first takes the database-wide writer lock, held to the commit."""
        async with self.pool.acquire() as conn, conn.transaction():
            if serial:
                await conn.execute("SELECT pg_advisory_xact_lock($1)", WRITER_LOCK_KEY)
            yield PgConnection(conn)

    @asynccontextmanager
    async def single_statement(self) -> AsyncIterator[PgConnection]:
        """A connection for exactly one write statement, committed on its own."""
        async with self.pool.acquire() as conn:
            yield PgConnection(conn)

    @property
    def reader(self) -> PgPoolReader:
        return PgPoolReader(self.pool)

    async def truncate_wal(self) -> bool:
        """PostgreSQL's form of SQLite's secure delete plus WAL truncation, best effort: VACUUM
        the tables that hold personal data, so erased rows' space is reclaimed for reuse
        rather than kept as dead tuples. Returns False when the vacuum could not run."""
        try:
            async with self.pool.acquire() as conn:
                await conn.execute(f"VACUUM {', '.join(ERASED_TABLES)}")
        except asyncpg.PostgresError as error:
            _LOGGER.warning("VACUUM after an erasure did not run: %s", type(error).__name__)
            return False
        return True

    async def backup(self, target: Path) -> None:
        raise NotOnPostgres(
            "the bot's backup copies an SQLite file; on PostgreSQL take backups with pg_dump"
        )


async def _check_collation(conn: asyncpg.Connection) -> None:
    # to_jsonb reads the provider column where the server has one (PostgreSQL 15+): an ICU
    # database reports datcollate 'C' yet sorts by its ICU locale.
    row = await conn.fetchrow(
        "SELECT d.datname AS name, d.datcollate AS collation,"
        " COALESCE(to_jsonb(d) ->> 'datlocprovider', 'c') AS provider"
        " FROM pg_database AS d WHERE d.datname = current_database()"
    )
    if row["provider"] != "c" or row["collation"] not in BYTEWISE_COLLATIONS:
        name = row["name"]
        quoted = name if re.fullmatch(r"[a-z_][a-z0-9_]*", name) else f'"{name}"'
        raise DatabaseCollationError(
            f"database {name!r} sorts text by language rules ({row['collation']!r}, provider "
            f"{row['provider']!r}); the bot compares times stored as ISO text and needs byte "
            "order (the C collation). Create the database with:\n"
            f"  CREATE DATABASE {quoted} LOCALE 'C' TEMPLATE template0;"
        )
