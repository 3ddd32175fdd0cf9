"""Issued badges and their status (active, suspended, revoked)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from storage.sql import Connection, Row, fetch_one


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Badge:
    id: int
    number: str
    person_id: int
    holder_name: str
    agency: str
    recipient_type: str
    recipient_hash: str
    recipient_salt: str
    evidence: str
    issued_at: datetime
    expires_at: datetime
    status: str
    status_reason: str | None
    status_changed_at: datetime | None
    document_file_id: str | None
    preview_file_id: str | None
    story_file_id: str | None = None


def _badge(row: Row) -> Badge:
    return Badge(
        id=row["id"],
        number=row["number"],
        person_id=row["person_id"],
        holder_name=row["holder_name"],
        agency=row["agency"],
        recipient_type=row["recipient_type"],
        recipient_hash=row["recipient_hash"],
        recipient_salt=row["recipient_salt"],
        evidence=row["evidence"],
        issued_at=datetime.fromisoformat(row["issued_at"]),
        expires_at=datetime.fromisoformat(row["expires_at"]),
        status=row["status"],
        status_reason=row["status_reason"],
        status_changed_at=_time(row["status_changed_at"]),
        document_file_id=row["document_file_id"],
        preview_file_id=row["preview_file_id"],
        story_file_id=row["story_file_id"],
    )


@dataclass(frozen=True)
class NewBadge:
    person_id: int
    holder_name: str
    agency: str
    recipient_type: str
    recipient_hash: str
    recipient_salt: str
    evidence: str
    issued_at: datetime
    expires_at: datetime


class BadgeRepository:
    async def add(self, conn: Connection, new: NewBadge, number_prefix: str) -> Badge:
        """Stores the badge; its number is the prefix and the row id (`GPR-2026-000123`)."""
        row = await fetch_one(
            conn,
            "INSERT INTO badges (number, person_id, holder_name, agency, recipient_type,"
            " recipient_hash, recipient_salt, evidence, issued_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                # A unique stand-in until the row id gives the number below.
                f"pending-{secrets.token_hex(8)}",
                new.person_id,
                new.holder_name,
                new.agency,
                new.recipient_type,
                new.recipient_hash,
                new.recipient_salt,
                new.evidence,
                new.issued_at.isoformat(),
                new.expires_at.isoformat(),
            ),
        )
        assert row is not None
        number = f"{number_prefix}{row['id']:06d}"
        await conn.execute("UPDATE badges SET number = ? WHERE id = ?", (number, row["id"]))
        badge = await self.by_number(conn, number)
        assert badge is not None
        return badge

    async def by_number(self, conn: Connection, number: str) -> Badge | None:
        row = await fetch_one(conn, "SELECT * FROM badges WHERE number = ?", (number.upper(),))
        return _badge(row) if row else None

    async def current(self, conn: Connection, person_id: int) -> Badge | None:
        """The person's newest badge."""
        row = await fetch_one(
            conn,
            "SELECT * FROM badges WHERE person_id = ? ORDER BY id DESC LIMIT 1",
            (person_id,),
        )
        return _badge(row) if row else None

    async def set_status(
        self,
        conn: Connection,
        badge_id: int,
        status: str,
        reason: str | None,
        now: datetime,
    ) -> None:
        await conn.execute(
            "UPDATE badges SET status = ?, status_reason = ?, status_changed_at = ? WHERE id = ?",
            (status, reason, now.isoformat(), badge_id),
        )

    async def extend(
        self, conn: Connection, badge_id: int, expires_at: datetime, evidence: str
    ) -> None:
        """A fresh expiry and evidence after a passed re-verification; the stored Telegram
        files show the old date, so they are forgotten (the artwork is rendered again)."""
        await conn.execute(
            "UPDATE badges SET expires_at = ?, evidence = ?, document_file_id = NULL,"
            " preview_file_id = NULL WHERE id = ?",
            (expires_at.isoformat(), evidence, badge_id),
        )

    async def set_files(
        self,
        conn: Connection,
        badge_id: int,
        document: str,
        preview: str | None,
        story: str | None = None,
    ) -> None:
        await conn.execute(
            "UPDATE badges SET document_file_id = ?, preview_file_id = ?, story_file_id = ?"
            " WHERE id = ?",
            (document, preview, story, badge_id),
        )
