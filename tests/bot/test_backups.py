"""Encrypted, checksummed backups: what they refuse, and that they round-trip."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.admin.backups import (
    CHUNK,
    HEADER_SIZE,
    BackupError,
    BackupProblem,
    back_up_database,
    decrypt_backup,
    encrypt_backup,
    restore_backup,
)
from storage.database import Database, DatabaseInUse

PASSPHRASE = "kuda-lumping-sore-hari"
NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
NAME = "Siti Rahma binti Ahmad"


def _database(path: Path, *, padding: int = 0) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE people (name TEXT, padding BLOB)")
        conn.execute("INSERT INTO people VALUES (?, ?)", (NAME, os.urandom(padding)))
    return path


def _flip_bit(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def _problem(source: Path, passphrase: str = PASSPHRASE) -> BackupProblem:
    with pytest.raises(BackupError) as caught:
        decrypt_backup(source, source.with_suffix(".out"), passphrase)
    assert not source.with_suffix(".out").exists()  # nothing half-decrypted is left
    return caught.value.problem


def test_a_backup_decrypts_to_the_same_bytes_and_hides_them(tmp_path: Path) -> None:
    plain = _database(tmp_path / "db.sqlite3", padding=CHUNK * 2 + 123)  # several chunks
    encrypted = tmp_path / "db.asnbackup"

    encrypt_backup(plain, encrypted, PASSPHRASE, NOW)
    manifest = decrypt_backup(encrypted, tmp_path / "out.sqlite3", PASSPHRASE)

    assert (tmp_path / "out.sqlite3").read_bytes() == plain.read_bytes()
    assert (manifest.created_at, manifest.database_bytes) == (NOW.isoformat(), plain.stat().st_size)
    assert NAME.encode() not in encrypted.read_bytes()


def test_one_flipped_bit_in_a_persons_name_is_refused(tmp_path: Path) -> None:
    plain = _database(tmp_path / "db.sqlite3")
    encrypted = tmp_path / "db.asnbackup"
    encrypt_backup(plain, encrypted, PASSPHRASE, NOW)
    manifest = decrypt_backup(encrypted, tmp_path / "out.sqlite3", PASSPHRASE)
    # AES-GCM keeps positions: the name sits after the header, the manifest and its length.
    in_plaintext = 4 + len(json.dumps(asdict(manifest)).encode())
    in_plaintext += plain.read_bytes().index(NAME.encode())
    assert in_plaintext < CHUNK

    _flip_bit(encrypted, HEADER_SIZE + in_plaintext)

    assert _problem(encrypted) == BackupProblem.DAMAGED


def test_a_backup_cut_at_a_chunk_boundary_is_refused(tmp_path: Path) -> None:
    plain = _database(tmp_path / "db.sqlite3", padding=CHUNK + 10)
    encrypted = tmp_path / "db.asnbackup"
    encrypt_backup(plain, encrypted, PASSPHRASE, NOW)
    whole = encrypted.read_bytes()

    encrypted.write_bytes(whole[: HEADER_SIZE + CHUNK + 16])

    assert len(whole) > HEADER_SIZE + CHUNK + 16
    assert _problem(encrypted) == BackupProblem.DAMAGED


def test_a_wrong_passphrase_is_named_as_such(tmp_path: Path) -> None:
    encrypted = tmp_path / "db.asnbackup"
    encrypt_backup(_database(tmp_path / "db.sqlite3"), encrypted, PASSPHRASE, NOW)

    assert _problem(encrypted, "not-the-passphrase") == BackupProblem.WRONG_PASSPHRASE


@pytest.mark.parametrize(
    ("content", "problem", "message"),
    [
        (b"", BackupProblem.EMPTY, "is empty"),
        (b"DATABASE_PATH=data/bot.sqlite3\n", BackupProblem.NOT_A_BACKUP, "not an asn-bot backup"),
        (b"SQLite format 3\x00" + bytes(100), BackupProblem.UNENCRYPTED, "plain SQLite file"),
    ],
)
def test_empty_foreign_and_plain_files_are_named(
    tmp_path: Path, content: bytes, problem: BackupProblem, message: str
) -> None:
    source = tmp_path / "backup"
    source.write_bytes(content)

    with pytest.raises(BackupError, match=message) as caught:
        decrypt_backup(source, tmp_path / "out", PASSPHRASE)

    assert caught.value.problem == problem


async def test_a_backup_of_the_live_database_restores_elsewhere(tmp_path: Path) -> None:
    live, restored = tmp_path / "live.sqlite3", tmp_path / "new" / "bot.sqlite3"
    async with Database(live) as db:
        async with db.transaction() as tx:
            await tx.execute(
                "INSERT INTO people (channel, channel_user_id, first_seen_at, last_seen_at)"
                " VALUES ('telegram', '42', 'now', 'now')"
            )
        await back_up_database(db, tmp_path / "b.asnbackup", PASSPHRASE, NOW)

    versions = await restore_backup(tmp_path / "b.asnbackup", restored, PASSPHRASE)

    assert versions
    with sqlite3.connect(restored) as conn:
        assert conn.execute("SELECT channel_user_id FROM people").fetchall() == [("42",)]


async def test_restoring_under_an_open_database_is_refused(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    async with Database(live) as db:
        await back_up_database(db, tmp_path / "b.asnbackup", PASSPHRASE, NOW)
        with pytest.raises(DatabaseInUse, match="stop the bot first"):
            await restore_backup(tmp_path / "b.asnbackup", live, PASSPHRASE)
