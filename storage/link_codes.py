"""One-time codes that link a person's second channel, and the wrong codes typed per address.

Codes are kept as hashes only. A 6-digit code's hash is no secret to someone who can read
the database, but a code lives for 15 minutes; the hash keeps it out of readable exports and
backups, and lookups by hash need no scan.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from storage.sql import Connection, fetch_one


def _typist(channel: str, address: str) -> str:
    """The key wrong tries are counted under: the typing address, never stored as it is."""
    return hashlib.sha256(f"{channel}:{address}".encode()).hexdigest()


@dataclass(frozen=True)
class StoredLinkCode:
    person_id: int
    channel: str  # where the code was shown
    expires_at: datetime


class LinkCodeRepository:
    async def prune(self, conn: Connection, now: datetime) -> None:
        """Deletes expired codes and expired counts of wrong tries."""
        await conn.execute("DELETE FROM link_codes WHERE expires_at <= ?", (now.isoformat(),))
        await conn.execute("DELETE FROM link_attempts WHERE expires_at <= ?", (now.isoformat(),))

    async def in_use(self, conn: Connection, code_sha256: str) -> bool:
        row = await fetch_one(
            conn, "SELECT 1 AS taken FROM link_codes WHERE code_sha256 = ?", (code_sha256,)
        )
        return row is not None

    async def put(
        self,
        conn: Connection,
        person_id: int,
        code_sha256: str,
        channel: str,
        now: datetime,
        expires_at: datetime,
    ) -> None:
        """The person's one code; a new one replaces the one shown before."""
        await conn.execute(
            "INSERT INTO link_codes (person_id, code_sha256, channel, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (person_id) DO UPDATE SET code_sha256 = excluded.code_sha256,"
            " channel = excluded.channel, created_at = excluded.created_at,"
            " expires_at = excluded.expires_at",
            (person_id, code_sha256, channel, now.isoformat(), expires_at.isoformat()),
        )

    async def find(self, conn: Connection, code_sha256: str) -> StoredLinkCode | None:
        row = await fetch_one(
            conn,
            "SELECT person_id, channel, expires_at FROM link_codes WHERE code_sha256 = ?",
            (code_sha256,),
        )
        if row is None:
            return None
        return StoredLinkCode(
            person_id=row["person_id"],
            channel=row["channel"],
            expires_at=datetime.fromisoformat(row["expires_at"]),
        )

    async def delete(self, conn: Connection, person_id: int) -> None:
        await conn.execute("DELETE FROM link_codes WHERE person_id = ?", (person_id,))

    async def wrong_tries(self, conn: Connection, channel: str, address: str, now: datetime) -> int:
        row = await fetch_one(
            conn,
            "SELECT attempts FROM link_attempts WHERE typist_sha256 = ? AND expires_at > ?",
            (_typist(channel, address), now.isoformat()),
        )
        return int(row["attempts"]) if row else 0

    async def add_wrong_try(
        self,
        conn: Connection,
        channel: str,
        address: str,
        now: datetime,
        expires_at: datetime,
    ) -> int:
        """Counts one more wrong code; the count lasts until `expires_at` of the first one."""
        typist_sha256 = _typist(channel, address)
        await conn.execute(
            "DELETE FROM link_attempts WHERE typist_sha256 = ? AND expires_at <= ?",
            (typist_sha256, now.isoformat()),
        )
        row = await fetch_one(
            conn,
            "INSERT INTO link_attempts (typist_sha256, attempts, expires_at) VALUES (?, 1, ?)"
            " ON CONFLICT (typist_sha256) DO UPDATE SET attempts = link_attempts.attempts + 1"
            " RETURNING attempts",
            (typist_sha256, expires_at.isoformat()),
        )
        assert row is not None
        return int(row["attempts"])

    async def clear_wrong_tries(self, conn: Connection, channel: str, address: str) -> None:
        await conn.execute(
            "DELETE FROM link_attempts WHERE typist_sha256 = ?", (_typist(channel, address),)
        )
