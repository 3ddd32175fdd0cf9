"""Encrypted, checksummed backups of the database (`/cadangan`, `asn-bot backup`, `restore`).

A backup holds every person's NIP, name, e-mail and accounts, so it never leaves the server
in clear: it is encrypted with a key derived from BACKUP_PASSPHRASE (scrypt), in chunks sealed
with AES-256-GCM. The file is

    header:  MAGIC | version | scrypt log2(n), r, p | salt (16) | nonce prefix (7) | key check (16)
    chunks:  AES-GCM(plaintext chunk), nonce = prefix | chunk number (4) | last-chunk flag (1),
             the header as associated data

and the plaintext is a small JSON manifest (length-prefixed) followed by the SQLite file. The
key check (an HMAC of the header under a second derived key) tells a wrong passphrase apart
from a damaged file; each chunk's tag refuses any changed bit, a reordered, dropped or added
chunk, or a cut-off end; the manifest's SHA-256 of the database is checked once more after
decryption. Chunks keep memory flat however large the database is.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import struct
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from storage.database import Database, NotOnPostgres, SqliteDatabase, backup_file, restore

__all__ = [
    "BACKUP_SUFFIX",
    "BackupError",
    "BackupManifest",
    "BackupProblem",
    "back_up_database",
    "back_up_file",
    "decrypt_backup",
    "encrypt_backup",
    "restore_backup",
]

MAGIC = b"asn-bot backup\n"
FORMAT_VERSION = 1
BACKUP_SUFFIX = ".asnbackup"
CHUNK = 1 << 20
# scrypt with n = 2**15, r = 8 takes about 32 MB and a tenth of a second: cheap for one
# backup, costly for someone guessing passphrases.
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 15, 8, 1
_SALT, _PREFIX, _CHECK, _TAG = 16, 7, 16, 16
_HEADER = struct.Struct(f">{len(MAGIC)}sBBBB{_SALT}s{_PREFIX}s")
HEADER_SIZE = _HEADER.size + _CHECK
_SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupProblem(StrEnum):
    EMPTY = "empty"
    NOT_A_BACKUP = "not_a_backup"
    UNENCRYPTED = "unencrypted"
    NEWER_FORMAT = "newer_format"
    WRONG_PASSPHRASE = "wrong_passphrase"
    DAMAGED = "damaged"


_EXPLANATIONS = {
    BackupProblem.EMPTY: "is empty: it is not a backup",
    BackupProblem.NOT_A_BACKUP: "is not an asn-bot backup (it does not start with the backup "
    "header)",
    BackupProblem.UNENCRYPTED: "is a plain SQLite file, not an encrypted asn-bot backup (one "
    "made before backups were encrypted?); only encrypted backups carry the checksum that "
    "restore checks",
    BackupProblem.NEWER_FORMAT: "was made by a newer version of asn-bot; update this one first",
    BackupProblem.WRONG_PASSPHRASE: "cannot be opened with this BACKUP_PASSPHRASE: it is not "
    "the passphrase the backup was made with, or the backup's header is damaged",
    BackupProblem.DAMAGED: "is damaged or was altered (its checksum does not match); use "
    "another copy",
}


class BackupError(ValueError):
    def __init__(self, path: Path, problem: BackupProblem) -> None:
        super().__init__(f"{path} {_EXPLANATIONS[problem]}")
        self.problem = problem


@dataclass(frozen=True)
class BackupManifest:
    created_at: str
    database_bytes: int
    database_sha256: str


def _keys(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> tuple[bytes, bytes]:
    derived = Scrypt(salt=salt, length=64, n=1 << log2_n, r=r, p=p).derive(passphrase.encode())
    return derived[:32], derived[32:]


def _check(check_key: bytes, header: bytes) -> bytes:
    return hmac.new(check_key, header, hashlib.sha256).digest()[:_CHECK]


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", number, 1 if last else 0)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while block := source.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _plaintext(database: Path, manifest: BackupManifest) -> Iterator[bytes]:
    """The manifest, then the database, in blocks."""
    encoded = json.dumps(asdict(manifest)).encode()
    yield struct.pack(">I", len(encoded)) + encoded
    with database.open("rb") as source:
        while block := source.read(CHUNK):
            yield block


def _rechunk(blocks: Iterator[bytes]) -> Iterator[bytes]:
    """Exactly CHUNK bytes each, the last one shorter (possibly empty)."""
    pending = b""
    for block in blocks:
        pending += block
        while len(pending) >= CHUNK:
            yield pending[:CHUNK]
            pending = pending[CHUNK:]
    yield pending


def encrypt_backup(database: Path, target: Path, passphrase: str, created_at: datetime) -> None:
    """Writes the encrypted backup of a plain SQLite file (blocking: run it in a thread)."""
    manifest = BackupManifest(created_at.isoformat(), database.stat().st_size, _sha256(database))
    salt, prefix = os.urandom(_SALT), os.urandom(_PREFIX)
    header = _HEADER.pack(MAGIC, FORMAT_VERSION, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, salt, prefix)
    key, check_key = _keys(passphrase, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P)
    header += _check(check_key, header)
    aead = AESGCM(key)
    with target.open("wb") as out:
        out.write(header)
        chunks = _rechunk(_plaintext(database, manifest))
        current, number = next(chunks), 0
        for following in chunks:
            out.write(aead.encrypt(_nonce(prefix, number, False), current, header))
            current, number = following, number + 1
        out.write(aead.encrypt(_nonce(prefix, number, True), current, header))


def _open_header(source: BinaryIO, path: Path, passphrase: str) -> tuple[bytes, AESGCM, bytes]:
    header = source.read(HEADER_SIZE)
    if not header:
        raise BackupError(path, BackupProblem.EMPTY)
    if header.startswith(_SQLITE_MAGIC):
        raise BackupError(path, BackupProblem.UNENCRYPTED)
    if not header.startswith(MAGIC) or len(header) < HEADER_SIZE:
        raise BackupError(path, BackupProblem.NOT_A_BACKUP)
    _, version, log2_n, r, p, salt, prefix = _HEADER.unpack(header[: _HEADER.size])
    if version > FORMAT_VERSION:
        raise BackupError(path, BackupProblem.NEWER_FORMAT)
    if version != FORMAT_VERSION or not (10 <= log2_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
        raise BackupError(path, BackupProblem.DAMAGED)
    key, check_key = _keys(passphrase, salt, log2_n, r, p)
    if not hmac.compare_digest(_check(check_key, header[: _HEADER.size]), header[_HEADER.size :]):
        raise BackupError(path, BackupProblem.WRONG_PASSPHRASE)
    return header, AESGCM(key), prefix


def _decrypted(source: BinaryIO, path: Path, passphrase: str) -> Iterator[bytes]:
    header, aead, prefix = _open_header(source, path, passphrase)
    sealed = CHUNK + _TAG
    current, number = source.read(sealed), 0
    while True:
        following = source.read(sealed)
        try:
            yield aead.decrypt(_nonce(prefix, number, not following), current, header)
        except InvalidTag:
            raise BackupError(path, BackupProblem.DAMAGED) from None
        if not following:
            return
        current, number = following, number + 1


class _Reader:
    """Reads exact byte counts from a stream of decrypted chunks."""

    def __init__(self, blocks: Iterator[bytes]) -> None:
        self._blocks = blocks
        self._pending = b""

    def read(self, size: int) -> bytes:
        while len(self._pending) < size:
            block = next(self._blocks, None)
            if block is None:
                break
            self._pending += block
        taken, self._pending = self._pending[:size], self._pending[size:]
        return taken

    def rest(self) -> Iterator[bytes]:
        yield self._pending
        yield from self._blocks


def decrypt_backup(source: Path, target: Path, passphrase: str) -> BackupManifest:
    """Writes the SQLite file held by an encrypted backup to `target` (blocking) after
    checking every chunk and the manifest's checksum; raises BackupError otherwise."""
    try:
        with source.open("rb") as encrypted, target.open("wb") as out:
            reader = _Reader(_decrypted(encrypted, source, passphrase))
            length = reader.read(4)
            if len(length) < 4:
                raise BackupError(source, BackupProblem.DAMAGED)
            try:
                manifest = BackupManifest(**json.loads(reader.read(struct.unpack(">I", length)[0])))
            except (ValueError, TypeError):
                raise BackupError(source, BackupProblem.DAMAGED) from None
            digest, written = hashlib.sha256(), 0
            for block in reader.rest():
                digest.update(block)
                out.write(block)
                written += len(block)
        if (written, digest.hexdigest()) != (manifest.database_bytes, manifest.database_sha256):
            raise BackupError(source, BackupProblem.DAMAGED)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return manifest


# The plain copy made on the way is written next to the live database, the one place where
# the data already sits unencrypted, never next to the target (a shared or removable disk).


async def back_up_database(db: Database, target: Path, passphrase: str, now: datetime) -> None:
    """An encrypted backup of the open database (a consistent snapshot; writers go on)."""
    if not isinstance(db, SqliteDatabase):
        raise NotOnPostgres("the backup copies an SQLite file; back PostgreSQL up with pg_dump")
    with tempfile.TemporaryDirectory(dir=db.path.parent) as folder:
        plain = Path(folder) / "copy.sqlite3"
        await db.backup(plain)
        await asyncio.to_thread(encrypt_backup, plain, target, passphrase, now)


async def back_up_file(database: Path, target: Path, passphrase: str, now: datetime) -> None:
    """An encrypted backup of a database file, without opening it as the bot would."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=database.parent) as folder:
        plain = Path(folder) / "copy.sqlite3"
        await backup_file(database, plain)
        await asyncio.to_thread(encrypt_backup, plain, target, passphrase, now)


async def restore_backup(source: Path, database: Path, passphrase: str) -> list[int]:
    """Decrypts and checks an encrypted backup, then puts it in place of `database` (see
    storage.database.restore); returns the migration versions it holds."""
    database.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=database.parent) as folder:
        plain = Path(folder) / "restored.sqlite3"
        await asyncio.to_thread(decrypt_backup, source, plain, passphrase)
        return await restore(plain, database)


class BackupService:
    """Backups of the running bot's database for the admins' /cadangan (the handler never
    holds the database itself)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def back_up(self, target: Path, passphrase: str, now: datetime) -> None:
        await back_up_database(self._db, target, passphrase, now)
