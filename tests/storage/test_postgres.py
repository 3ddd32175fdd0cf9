"""The PostgreSQL engine's own behaviour: the parameter translation, the strict text codec,
row counts and RETURNING through the facade, serial transactions, the collation check."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest

from storage.database import DatabaseCollationError, DatabaseUnreachable, open_database
from storage.postgres import PostgresDatabase, redacted, translate
from tests.postgres_server import PostgresServer

NOW = "2026-12-01T00:00:00+00:00"


def test_question_marks_become_numbered_parameters() -> None:
    statement = translate("SELECT a FROM t WHERE b = ? AND c IN (?, ?)")

    assert statement.sql == "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)"
    assert (statement.names, statement.returns_rows) == (None, True)


def test_numbered_question_marks_keep_their_number() -> None:
    statement = translate("SELECT CASE WHEN a = ?1 THEN 1 END FROM t WHERE a = ?1 OR b = ?1")

    assert statement.sql == "SELECT CASE WHEN a = $1 THEN 1 END FROM t WHERE a = $1 OR b = $1"


def test_a_repeated_name_is_one_parameter() -> None:
    statement = translate("UPDATE t SET a = :now WHERE b < :now AND c = :id")

    assert statement.sql == "UPDATE t SET a = $1 WHERE b < $1 AND c = $2"
    assert statement.arguments({"id": 7, "now": NOW}) == [NOW, 7]
    assert not statement.returns_rows


def test_literals_comments_and_casts_are_left_alone() -> None:
    sql = "SELECT '?', ':x', \"a?\" -- what? :y\n, x::text /* ? */ FROM t WHERE y = ?"

    assert translate(sql).sql == (
        "SELECT '?', ':x', \"a?\" -- what? :y\n, x::text /* ? */ FROM t WHERE y = $1"
    )


def test_writes_with_returning_and_queries_in_with_return_rows() -> None:
    assert translate("INSERT INTO t (a) VALUES (?) RETURNING id").returns_rows
    assert translate("WITH x AS (SELECT 1) SELECT * FROM x").returns_rows
    assert not translate(
        "WITH x AS (SELECT 1) DELETE FROM t WHERE a IN (SELECT * FROM x)"
    ).returns_rows


def test_the_password_never_shows() -> None:
    url = "postgresql://bot:s3cret@db.example:5432/asn"

    assert redacted(url) == "postgresql://bot:***@db.example:5432/asn"
    assert "s3cret" not in repr(PostgresDatabase(url))


async def test_an_unreachable_server_is_named_without_its_password() -> None:
    database = open_database("postgresql://bot:s3cret@127.0.0.1:1/asn")

    with pytest.raises(DatabaseUnreachable) as refused:
        await database.open()

    assert "s3cret" not in str(refused.value) and "127.0.0.1:1" in str(refused.value)


@pytest.fixture
async def pg(database_url: str, database_backend: str) -> PostgresDatabase:
    if database_backend != "postgresql":
        pytest.skip("PostgreSQL only")
    return PostgresDatabase(database_url, pool_size=4)


async def test_row_counts_and_returning_come_through_the_facade(pg: PostgresDatabase) -> None:
    async with pg, pg.transaction() as tx:
        inserted = await tx.execute(
            "INSERT INTO daily_counters (day, name, value) VALUES (?, ?, 1), (?, ?, 1)"
            " RETURNING name",
            ("2026-12-01", "a", "2026-12-01", "b"),
        )
        updated = await tx.execute("UPDATE daily_counters SET value = value + 1")
        none = await tx.execute("DELETE FROM daily_counters WHERE name = 'zzz'")
        many = await tx.executemany(
            "UPDATE daily_counters SET value = 0 WHERE name = ?", [("a",), ("b",), ("c",)]
        )

        assert (inserted.rowcount, [row["name"] for row in await inserted.fetchall()]) == (
            2,
            ["a", "b"],
        )
        assert (updated.rowcount, none.rowcount, many.rowcount) == (2, 0, 2)


async def test_text_takes_str_and_int_but_refuses_a_datetime(pg: PostgresDatabase) -> None:
    async with pg:
        async with pg.transaction() as tx:
            await tx.execute(
                "INSERT INTO audit_log (actor, action, outcome, at) VALUES (?, 'x', 'ok', ?)",
                (42, NOW),
            )
        rows = await pg.reader.execute_fetchall("SELECT actor FROM audit_log")
        with pytest.raises(asyncpg.DataError, match="isoformat"):
            async with pg.transaction() as tx:
                await tx.execute(
                    "INSERT INTO audit_log (actor, action, outcome, at) VALUES ('a', 'x', 'ok', ?)",
                    (datetime(2026, 12, 1, tzinfo=UTC),),
                )

    assert [row["actor"] for row in rows] == ["42"]


async def test_serial_transactions_take_turns_across_pools(
    pg: PostgresDatabase, database_url: str
) -> None:
    """Two instances (two pools): the second serial writer waits for the first's commit."""
    order: list[str] = []
    other = PostgresDatabase(database_url, pool_size=2)
    async with pg, other:
        first_in = asyncio.Event()

        async def first() -> None:
            async with pg.transaction():
                order.append("first in")
                first_in.set()
                await asyncio.sleep(0.3)
                order.append("first out")

        async def second() -> None:
            await first_in.wait()
            async with other.transaction():
                order.append("second in")

        async def unserialised() -> None:
            await first_in.wait()
            async with other.transaction(serial=False):
                order.append("free")

        await asyncio.gather(first(), second(), unserialised())

    assert order == ["first in", "free", "first out", "second in"]


async def test_a_database_without_the_c_collation_is_refused_with_the_fix(
    database_backend: str, request: pytest.FixtureRequest
) -> None:
    if database_backend != "postgresql":
        pytest.skip("PostgreSQL only")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    admin = await asyncpg.connect(server.url("postgres"))
    try:
        # ICU sorts by language rules as en_US would; it needs no OS locale installed.
        await admin.execute(
            "CREATE DATABASE icu_sorted LOCALE_PROVIDER icu ICU_LOCALE 'en-US' TEMPLATE template0"
        )
        with pytest.raises(DatabaseCollationError) as refused:
            await PostgresDatabase(server.url("icu_sorted")).open()
    finally:
        await admin.execute("DROP DATABASE IF EXISTS icu_sorted WITH (FORCE)")
        await admin.close()

    assert "CREATE DATABASE icu_sorted LOCALE 'C' TEMPLATE template0" in str(refused.value)


def test_the_sqlite_backup_command_refuses_when_the_data_is_in_postgresql(
    tmp_path: Path,
) -> None:
    (tmp_path / ".env").write_text(
        "DATABASE_URL=postgresql://bot:s3cret@db.example/asn\n"
        "BACKUP_PASSPHRASE=kuda-lumping-sore-hari\n"
    )

    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "backup", str(tmp_path / "copy.asnbackup")],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).parents[2])},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 2 and "pg_dump" in result.stderr
    assert "s3cret" not in result.stderr + result.stdout
