"""Backups on PostgreSQL: /cadangan's service and `asn-bot backup` copy the database into a
fresh SQLite file (checked table by table) and encrypt it as on SQLite, so the backup decrypts
to the same rows; `asn-bot restore` refuses while DATABASE_URL names PostgreSQL."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.admin.backups import BackupService, decrypt_backup
from bot.cli import main
from bot.migrate import migrate
from storage.postgres import PostgresDatabase

PASSPHRASE = "a long enough passphrase"
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def _tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows (with SQLite's row id, which orders the WhatsApp inbox)."""
    with sqlite3.connect(path) as conn:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT IN ('schema_migrations', 'sqlite_sequence')"
            )
        ]
        return {
            name: [tuple(row) for row in conn.execute(f"SELECT rowid, * FROM {name} ORDER BY 1")]
            for name in names
        }


async def test_the_admins_backup_holds_what_postgresql_holds(
    seeded_sqlite: Path, empty_postgres: str, tmp_path: Path
) -> None:
    await migrate(seeded_sqlite, empty_postgres, print)
    backup = tmp_path / "bot.asnbackup"

    async with PostgresDatabase(empty_postgres) as db:
        await BackupService(db).back_up(backup, PASSPHRASE, NOW)

    plain = tmp_path / "restored.sqlite3"
    manifest = decrypt_backup(backup, plain, PASSPHRASE)
    assert manifest.created_at == NOW.isoformat()
    assert _tables(plain) == _tables(seeded_sqlite)
    with sqlite3.connect(plain) as conn:
        # The deleted newest review case's number stays taken in the backup too.
        marks = conn.execute("SELECT name, seq FROM sqlite_sequence").fetchall()
        assert marks == [("review_cases", 3)]
        # The copy's triggers are back in place, and counted nothing twice on the way.
        triggers = conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'")
        assert triggers.fetchone() == (7,)


def test_the_command_backs_postgresql_up_and_restore_refuses_it(
    seeded_sqlite: Path,
    empty_postgres: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", empty_postgres)
    monkeypatch.setenv("BACKUP_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "unused.sqlite3"))
    assert main(["migrate-to-postgres", "--from", str(seeded_sqlite)]) == 0
    backup = tmp_path / "cli.asnbackup"

    assert main(["backup", str(backup)]) == 0
    assert main(["restore", str(backup)]) == 2

    printed = capsys.readouterr()
    assert "Backed up postgresql://postgres@/" in printed.out
    assert "restore writes the SQLite file (DATABASE_PATH)" in printed.err
    assert not (tmp_path / "unused.sqlite3").exists()
    plain = tmp_path / "plain.sqlite3"
    decrypt_backup(backup, plain, PASSPHRASE)
    assert _tables(plain) == _tables(seeded_sqlite)
