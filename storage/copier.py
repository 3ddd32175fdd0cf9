"""Copying the bot's database between its two engines, with proof that the copy is exact.

Forward (`copy_to_postgres`, for `asn-bot migrate-to-postgres`): every table of an SQLite
file into an empty PostgreSQL database at the same migration version, in one transaction.
Backward (`copy_to_sqlite`, for `/cadangan` on PostgreSQL): a consistent snapshot of the
PostgreSQL database into a fresh SQLite file, which the backup then encrypts as ever.

Both copy the rows as they are, ids included, and then check each table on both sides: the
row count, and a SHA-256 over its rows in primary-key order, each row serialised the same
way (a JSON array of ints, texts and nulls). A difference raises `CopyMismatch` inside the
transaction, so nothing of a wrong copy is committed.

Triggers are kept from running during a copy: 0017's keep unit_activity and
run_delivery_counts, which are copied as tables too, so a trigger firing for each copied
delivery would count it a second time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite
import asyncpg

# Rows per read and per write: memory stays flat however large a table is.
BATCH = 10_000
# Each database records its own migrations when it is migrated; they are compared, not copied.
NOT_COPIED = frozenset({"schema_migrations"})
# SQLite's implicit row id, which PostgreSQL's whatsapp_inbox spells out as a column.
ROWID = "rowid"

RowValues = tuple[Any, ...]


class CopyRefused(RuntimeError):
    """The copy cannot start: the target holds data, or the two schemas differ."""


class CopyFailed(RuntimeError):
    """A table could not be written (a value its column refuses); rolled back."""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]

    def key_of(self, row: RowValues) -> RowValues:
        return tuple(row[self.columns.index(column)] for column in self.key)


@dataclass(frozen=True)
class TableCheck:
    """One table compared on both sides after a copy."""

    table: str
    source_rows: int
    target_rows: int
    source_sha256: str
    target_sha256: str

    @property
    def ok(self) -> bool:
        return (self.source_rows, self.source_sha256) == (self.target_rows, self.target_sha256)

    def line(self) -> str:
        """`table rows sha256 ok`, as the migration prints it."""
        if self.ok:
            return f"{self.table} {self.source_rows} {self.source_sha256[:12]} ok"
        return (
            f"{self.table} {self.source_rows}/{self.target_rows} "
            f"{self.source_sha256[:12]}/{self.target_sha256[:12]} MISMATCH"
        )


class CopyMismatch(RuntimeError):
    """The copy differs from its source; the transaction that wrote it is rolled back."""

    def __init__(self, checks: Sequence[TableCheck]) -> None:
        wrong = [check.table for check in checks if not check.ok]
        super().__init__(f"the copy differs from the source in {', '.join(wrong)}")
        self.checks = tuple(checks)


# One row as a compact JSON array (ints, texts, nulls): the same text for the same values on
# either side, by the C encoder. A blob, which the bot never stores, raises TypeError.
_ROW = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def add_rows(digest: Any, rows: Sequence[RowValues]) -> None:
    """A page of rows into a table's checksum, one JSON line per row."""
    try:
        lines = "".join(f"{_ROW.encode(row)}\n" for row in rows)
    except TypeError:
        raise CopyFailed("a value of a type the bot does not store (a blob?)") from None
    digest.update(lines.encode())


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def page_sql(table: Table, placeholders: Sequence[str] | None) -> str:
    """The next BATCH rows in key order after the given key (keyset paging: each page is an
    index range, however deep into the table), or the first page without one."""
    columns = ", ".join(_quoted(column) for column in table.columns)
    key = ", ".join(_quoted(column) for column in table.key)
    after = f" WHERE ({key}) > ({', '.join(placeholders)})" if placeholders else ""
    return f"SELECT {columns} FROM {_quoted(table.name)}{after} ORDER BY {key} LIMIT {BATCH}"


def _by_key_sql(table: Table, placeholders: Sequence[str]) -> str:
    columns = ", ".join(_quoted(column) for column in table.columns)
    match = " AND ".join(
        f"{_quoted(column)} = {mark}" for column, mark in zip(table.key, placeholders, strict=True)
    )
    return f"SELECT {columns} FROM {_quoted(table.name)} WHERE {match}"


# --- the SQLite side ------------------------------------------------------------------------


class SqliteSide:
    """An SQLite database as a copy's source or target: its schema is the plan's reference
    (tables, primary keys, foreign keys), since both engines' migrations build the same."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        conn.row_factory = aiosqlite.Row  # columns by name, as every repository reads them
        self.conn = conn

    async def table_names(self) -> list[str]:
        rows = await self.conn.execute_fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
        return [row["name"] for row in rows if row["name"] not in NOT_COPIED]

    async def columns(self, table: str) -> list[tuple[str, int]]:
        """(name, position in the primary key, 0 when not in it)."""
        rows = await self.conn.execute_fetchall(f"PRAGMA table_info({_quoted(table)})")
        return [(row["name"], row["pk"]) for row in rows]

    async def references(self, table: str) -> set[str]:
        rows = await self.conn.execute_fetchall(f"PRAGMA foreign_key_list({_quoted(table)})")
        return {row["table"] for row in rows} - {table}

    async def versions(self) -> list[int]:
        rows = await self.conn.execute_fetchall(
            "SELECT version FROM schema_migrations ORDER BY version"
        )
        return [row["version"] for row in rows]

    async def count(self, table: Table) -> int:
        rows = await self.conn.execute_fetchall(f"SELECT COUNT(*) AS n FROM {_quoted(table.name)}")
        return int(next(iter(rows))["n"])

    async def pages(self, table: Table) -> AsyncIterator[list[RowValues]]:
        last: RowValues | None = None
        while True:
            sql = page_sql(table, None if last is None else ["?"] * len(table.key))
            rows = [tuple(row) for row in await self.conn.execute_fetchall(sql, last or ())]
            if not rows:
                return
            yield rows
            last = table.key_of(rows[-1])

    async def first_page(self, table: Table) -> list[RowValues]:
        return [tuple(row) for row in await self.conn.execute_fetchall(page_sql(table, None))]

    async def rows_with_key(self, table: Table, row: RowValues) -> list[RowValues]:
        """The rows whose primary key is the given row's (none or one)."""
        found = await self.conn.execute_fetchall(
            _by_key_sql(table, ["?"] * len(table.key)), table.key_of(row)
        )
        return [tuple(values) for values in found]

    async def delete_all(self, table: Table) -> None:
        await self.conn.execute(f"DELETE FROM {_quoted(table.name)}")

    async def write(self, table: Table, rows: list[RowValues]) -> None:
        columns = ", ".join(_quoted(column) for column in table.columns)
        marks = ", ".join("?" * len(table.columns))
        await self.conn.executemany(
            f"INSERT INTO {_quoted(table.name)} ({columns}) VALUES ({marks})", rows
        )

    async def raise_sequences(self, marks: dict[str, int]) -> None:
        """AUTOINCREMENT tables continue after PostgreSQL's last handed-out id, not only after
        the highest copied one (a deleted newest review case keeps its number taken)."""
        for table, mark in marks.items():
            await self.conn.execute(
                "UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?", (mark, table)
            )

    async def sequence_floor(self) -> dict[str, int]:
        """AUTOINCREMENT's high-water marks: ids SQLite will never hand out again, even where
        the rows that had them were deleted."""
        found = await self.conn.execute_fetchall(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'"
        )
        if not list(found):
            return {}
        rows = await self.conn.execute_fetchall("SELECT name, seq FROM sqlite_sequence")
        return {row["name"]: int(row["seq"]) for row in rows}


async def plan(sqlite: SqliteSide, target_columns: dict[str, list[str]]) -> list[Table]:
    """The tables to copy, parents before children (foreign keys, from SQLite's schema), with
    the columns in the PostgreSQL table's order. Refuses schemas that differ."""
    tables: dict[str, Table] = {}
    references: dict[str, set[str]] = {}
    for name in await sqlite.table_names():
        found = await sqlite.columns(name)
        mine = [column for column, _ in found]
        theirs = target_columns.get(name)
        if theirs is None:
            raise CopyRefused(f"PostgreSQL has no table {name}")
        if set(mine) - set(theirs) or set(theirs) - set(mine) - {ROWID}:
            raise CopyRefused(f"the columns of {name} differ: {sorted(mine)} and {sorted(theirs)}")
        key = tuple(column for column, position in sorted(found, key=lambda c: c[1]) if position)
        tables[name] = Table(name, tuple(theirs), key)
        references[name] = await sqlite.references(name)
    if missing := set(target_columns) - set(tables) - NOT_COPIED:
        raise CopyRefused(f"SQLite has no table {', '.join(sorted(missing))}")
    return [tables[name] for name in _parents_first(references)]


def _parents_first(references: dict[str, set[str]]) -> list[str]:
    ordered: list[str] = []
    placed: set[str] = set()

    def place(name: str, path: tuple[str, ...]) -> None:
        if name in placed:
            return
        if name in path:
            raise CopyRefused(f"foreign keys form a cycle: {' -> '.join((*path, name))}")
        for parent in sorted(references.get(name, set())):
            place(parent, (*path, name))
        placed.add(name)
        ordered.append(name)

    for name in sorted(references):
        place(name, ())
    return ordered


# --- the PostgreSQL side --------------------------------------------------------------------


class PostgresSide:
    """A PostgreSQL database as a copy's source or target (a raw asyncpg connection: COPY
    and server-side snapshots are asyncpg's own)."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def columns(self) -> dict[str, list[str]]:
        rows = await self.conn.fetch(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        )
        found: dict[str, list[str]] = {}
        for row in rows:
            found.setdefault(row["table_name"], []).append(row["column_name"])
        return found

    async def versions(self) -> list[int]:
        rows = await self.conn.fetch("SELECT version FROM schema_migrations ORDER BY version")
        return [row["version"] for row in rows]

    async def count(self, table: Table) -> int:
        return int(await self.conn.fetchval(f"SELECT COUNT(*) FROM {_quoted(table.name)}"))

    async def pages(self, table: Table) -> AsyncIterator[list[RowValues]]:
        last: RowValues | None = None
        while True:
            marks = None if last is None else [f"${n}" for n in range(1, len(table.key) + 1)]
            rows = [
                tuple(row) for row in await self.conn.fetch(page_sql(table, marks), *last or ())
            ]
            if not rows:
                return
            yield rows
            last = table.key_of(rows[-1])

    async def first_page(self, table: Table) -> list[RowValues]:
        return [tuple(row) for row in await self.conn.fetch(page_sql(table, None))]

    async def rows_with_key(self, table: Table, row: RowValues) -> list[RowValues]:
        marks = [f"${n}" for n in range(1, len(table.key) + 1)]
        found = await self.conn.fetch(_by_key_sql(table, marks), *table.key_of(row))
        return [tuple(values) for values in found]

    async def delete_all(self, table: Table) -> None:
        await self.conn.execute(f"DELETE FROM {_quoted(table.name)}")

    async def write(self, table: Table, rows: list[RowValues]) -> None:
        # Binary COPY: one round trip per batch. An identity column GENERATED ALWAYS takes
        # the copied value too (COPY overrides it, as INSERT … OVERRIDING SYSTEM VALUE would).
        try:
            await self.conn.copy_records_to_table(table.name, records=rows, columns=table.columns)
        except (asyncpg.PostgresError, asyncpg.InterfaceError, ValueError, TypeError) as error:
            # Only the table and the kind of error: the driver's text may quote the value,
            # which may be personal data.
            raise CopyFailed(
                f"{table.name} holds a value its PostgreSQL column refuses ({type(error).__name__})"
            ) from None

    async def last_ids(self, tables: Sequence[str]) -> dict[str, int]:
        """The last id each table's identity sequence handed out (0: none yet)."""
        marks: dict[str, int] = {}
        for table in tables:
            sequence = await self.conn.fetchval(
                "SELECT pg_get_serial_sequence($1, 'id')", _quoted(table)
            )
            if sequence is None:
                continue
            # A sequence set by setval(…, false) has handed out the value before last_value.
            row = await self.conn.fetchrow(f"SELECT last_value, is_called FROM {sequence}")
            marks[table] = int(row["last_value"]) - (0 if row["is_called"] else 1)
        return marks

    async def advance_identities(self, floors: dict[str, int]) -> None:
        """Each identity sequence continues after the highest copied id (or SQLite's
        AUTOINCREMENT mark, when higher), so new rows never take a copied id."""
        rows = await self.conn.fetch(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema()"
            " AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')"
        )
        for row in rows:
            table, column = row["table_name"], row["column_name"]
            highest = await self.conn.fetchval(
                f"SELECT COALESCE(MAX({_quoted(column)}), 0) FROM {_quoted(table)}"
            )
            following = max(int(highest), floors.get(table, 0)) + 1
            await self.conn.execute(
                "SELECT setval(pg_get_serial_sequence($1, $2), $3, false)",
                _quoted(table),
                column,
                following,
            )


# --- the copies -----------------------------------------------------------------------------


async def _copy_table(
    source: SqliteSide | PostgresSide, target: SqliteSide | PostgresSide, table: Table
) -> str:
    """Copies one table in batches; returns the source's checksum, taken on the way."""
    digest = hashlib.sha256()
    async for rows in source.pages(table):
        add_rows(digest, rows)
        await target.write(table, rows)
    return str(digest.hexdigest())


async def _checksum(side: SqliteSide | PostgresSide, table: Table) -> str:
    digest = hashlib.sha256()
    async for rows in side.pages(table):
        add_rows(digest, rows)
    return str(digest.hexdigest())


async def _check(
    source: SqliteSide | PostgresSide,
    target: SqliteSide | PostgresSide,
    table: Table,
    source_sha256: str,
) -> TableCheck:
    return TableCheck(
        table.name,
        await source.count(table),
        await target.count(table),
        source_sha256,
        await _checksum(target, table),
    )


async def _same_versions(sqlite: SqliteSide, postgres: PostgresSide) -> None:
    mine, theirs = await sqlite.versions(), await postgres.versions()
    if mine != theirs:
        raise CopyRefused(
            f"the databases are at different migration versions (SQLite {max(mine, default=0)}, "
            f"PostgreSQL {max(theirs, default=0)})"
        )


async def _clear_migration_rows(
    source: SqliteSide | PostgresSide, target: SqliteSide | PostgresSide, table: Table
) -> None:
    """An empty target holds only what its migrations wrote (0014's root unit), which the
    source holds too, as its own migrations wrote the same: those rows make way for the
    copy. Any other row means the target is in use, and the copy is refused."""
    rows = await target.first_page(table)
    for row in rows:
        if len(rows) >= BATCH or row not in await source.rows_with_key(table, row):
            raise CopyRefused(
                f"the target database is not empty ({table.name} has rows); copy into a new "
                "database"
            )
    if rows:
        await target.delete_all(table)


async def copy_to_postgres(source: aiosqlite.Connection, target_url: str) -> list[TableCheck]:
    """Copies every table of `source` into the PostgreSQL database at `target_url` (migrated
    to the same version, and empty) in one transaction, and checks the copy before committing
    it. Returns the checks (all ok); raises CopyRefused before writing, CopyFailed or
    CopyMismatch after (rolled back)."""
    # A connection of its own, with asyncpg's binary codecs: COPY needs them, and the values
    # are SQLite's own ints and texts already.
    target = await asyncpg.connect(target_url)
    try:
        return await _copy_to_postgres(SqliteSide(source), PostgresSide(target))
    finally:
        await target.close()


async def _copy_to_postgres(sqlite: SqliteSide, postgres: PostgresSide) -> list[TableCheck]:
    await _same_versions(sqlite, postgres)
    tables = await plan(sqlite, await postgres.columns())
    async with postgres.conn.transaction():
        for table in tables:
            await _clear_migration_rows(sqlite, postgres, table)
        # Triggers (0017's counters) and foreign-key checks do not fire for the copied rows:
        # the counters are copied as they are, and the verification below covers the keys.
        try:
            await postgres.conn.execute("SET LOCAL session_replication_role = replica")
        except asyncpg.InsufficientPrivilegeError:
            raise CopyRefused(
                "switching triggers off for the copy (session_replication_role) needs a "
                "superuser, or on PostgreSQL 15 and later: GRANT SET ON PARAMETER "
                "session_replication_role TO the bot's role"
            ) from None
        sums = {table.name: await _copy_table(sqlite, postgres, table) for table in tables}
        await postgres.advance_identities(await sqlite.sequence_floor())
        checks = [await _check(sqlite, postgres, table, sums[table.name]) for table in tables]
        if not all(check.ok for check in checks):
            raise CopyMismatch(checks)
    return checks


async def copy_to_sqlite(
    source: asyncpg.Connection, target: aiosqlite.Connection
) -> list[TableCheck]:
    """Copies a consistent snapshot of `source` into `target`, a freshly migrated SQLite
    database at the same version, in one transaction, checked before the commit."""
    sqlite, postgres = SqliteSide(target), PostgresSide(source)
    # One snapshot for every table, however long the copy takes, while the bot writes on.
    async with source.transaction(isolation="repeatable_read", readonly=True):
        await _same_versions(sqlite, postgres)
        tables = await plan(sqlite, await postgres.columns())
        await target.execute("BEGIN IMMEDIATE")
        try:
            # SQLite cannot switch triggers off: they are dropped for the copy and created
            # again, all inside its transaction.
            triggers = await target.execute_fetchall(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
            )
            for trigger in triggers:
                await target.execute(f"DROP TRIGGER {_quoted(trigger['name'])}")
            for table in tables:
                await _clear_migration_rows(postgres, sqlite, table)
            sums = {table.name: await _copy_table(postgres, sqlite, table) for table in tables}
            for trigger in triggers:
                await target.execute(trigger["sql"])
            autoincrement = list(await sqlite.sequence_floor())
            await sqlite.raise_sequences(await postgres.last_ids(autoincrement))
            checks = [await _check(postgres, sqlite, table, sums[table.name]) for table in tables]
            if not all(check.ok for check in checks):
                raise CopyMismatch(checks)
        except BaseException:
            await target.execute("ROLLBACK")
            raise
        await target.execute("COMMIT")
    return checks
