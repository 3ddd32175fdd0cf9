"""Enrollments, their social accounts, consents and NIP conflicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.sql import Connection, Row, fetch_all, fetch_one


@dataclass(frozen=True)
class Enrollment:
    person_id: int
    status: str
    nip: str | None
    full_name: str | None
    agency_kind: str | None
    agency_code: str | None
    agency_name: str | None
    work_unit: str | None
    province_code: str | None
    work_email: str | None
    email_answered: bool
    current_platform: str | None
    platforms_answered: bool
    editing: str | None
    content_paused_at: datetime | None
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    verified_at: datetime | None
    reverify_due_at: datetime | None
    grace_until: datetime | None
    decision_reason: str | None
    reapply_after: datetime | None
    last_verify_request_at: datetime | None
    unit_id: int | None = None  # the PR unit of the chosen agency (None until known)


@dataclass(frozen=True)
class SocialAccount:
    platform: str
    handle: str
    verification_status: str
    created_at: datetime
    updated_at: datetime
    account_id: str | None = None
    followers: int | None = None
    checked_at: datetime | None = None


@dataclass(frozen=True)
class Consent:
    text_version: str
    text_sha256: str
    locale: str
    granted_at: datetime
    withdrawn_at: datetime | None
    business_messages: bool  # opted in to business-initiated (WhatsApp template) messages


# Columns a caller may set through `update`; the names never come from user input.
EDITABLE = frozenset(
    {
        "status",
        "nip",
        "full_name",
        "agency_kind",
        "agency_code",
        "agency_name",
        "work_unit",
        "province_code",
        "work_email",
        "email_answered",
        "current_platform",
        "platforms_answered",
        "editing",
        "content_paused_at",
        "submitted_at",
        "verified_at",
        "reverify_due_at",
        "grace_until",
        "decision_reason",
        "reapply_after",
        "last_verify_request_at",
        "unit_id",
    }
)


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _stamp(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


def _enrollment(row: Row) -> Enrollment:
    return Enrollment(
        person_id=row["person_id"],
        status=row["status"],
        nip=row["nip"],
        full_name=row["full_name"],
        agency_kind=row["agency_kind"],
        agency_code=row["agency_code"],
        agency_name=row["agency_name"],
        work_unit=row["work_unit"],
        province_code=row["province_code"],
        work_email=row["work_email"],
        email_answered=bool(row["email_answered"]),
        current_platform=row["current_platform"],
        platforms_answered=bool(row["platforms_answered"]),
        editing=row["editing"],
        content_paused_at=_time(row["content_paused_at"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
        submitted_at=_time(row["submitted_at"]),
        verified_at=_time(row["verified_at"]),
        reverify_due_at=_time(row["reverify_due_at"]),
        grace_until=_time(row["grace_until"]),
        decision_reason=row["decision_reason"],
        reapply_after=_time(row["reapply_after"]),
        last_verify_request_at=_time(row["last_verify_request_at"]),
        unit_id=row["unit_id"],
    )


class EnrollmentRepository:
    async def get(self, conn: Connection, person_id: int) -> Enrollment | None:
        row = await fetch_one(conn, "SELECT * FROM enrollments WHERE person_id = ?", (person_id,))
        return _enrollment(row) if row else None

    async def create(self, conn: Connection, person_id: int, now: datetime) -> None:
        await conn.execute(
            "INSERT INTO enrollments (person_id, created_at, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (person_id) DO NOTHING",
            (person_id, now.isoformat(), now.isoformat()),
        )

    async def update(
        self, conn: Connection, person_id: int, now: datetime, **fields: object
    ) -> None:
        unknown = set(fields) - EDITABLE
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        assignments = ", ".join(f"{name} = ?" for name in fields)
        await conn.execute(
            f"UPDATE enrollments SET {assignments}, updated_at = ? WHERE person_id = ?",
            (*(_stamp(value) for value in fields.values()), now.isoformat(), person_id),
        )

    async def without_unit(
        self, conn: Connection, after_person_id: int, limit: int
    ) -> list[Enrollment]:
        """Enrollments with agency answers but no unit recorded (given before PR units
        existed), in person order after `after_person_id`."""
        rows = await fetch_all(
            conn,
            "SELECT * FROM enrollments WHERE unit_id IS NULL AND person_id > ?"
            " AND (agency_code IS NOT NULL OR agency_name IS NOT NULL)"
            " ORDER BY person_id LIMIT ?",
            (after_person_id, limit),
        )
        return [_enrollment(row) for row in rows]

    async def due_for_reverification(
        self, conn: Connection, now: datetime
    ) -> list[tuple[int, str]]:
        """(person, platform) of verified accounts whose re-verification date has come."""
        rows = await fetch_all(
            conn,
            "SELECT e.person_id, a.platform FROM enrollments e"
            " JOIN social_accounts a ON a.person_id = e.person_id"
            " WHERE e.status = 'verified' AND e.reverify_due_at <= ?"
            " AND a.verification_status = 'verified' ORDER BY e.reverify_due_at, e.person_id",
            (now.isoformat(),),
        )
        return [(row["person_id"], row["platform"]) for row in rows]

    async def holder_of_nip(self, conn: Connection, nip: str) -> int | None:
        row = await fetch_one(conn, "SELECT person_id FROM enrollments WHERE nip = ?", (nip,))
        return row["person_id"] if row else None

    async def accounts(self, conn: Connection, person_id: int) -> list[SocialAccount]:
        rows = await fetch_all(
            conn,
            "SELECT platform, handle, verification_status, created_at, updated_at,"
            " account_id, followers, checked_at"
            " FROM social_accounts WHERE person_id = ? ORDER BY id",
            (person_id,),
        )
        return [
            SocialAccount(
                platform=row["platform"],
                handle=row["handle"],
                verification_status=row["verification_status"],
                created_at=datetime.fromisoformat(row["created_at"]),
                updated_at=datetime.fromisoformat(row["updated_at"]),
                account_id=row["account_id"],
                followers=row["followers"],
                checked_at=_time(row["checked_at"]),
            )
            for row in rows
        ]

    async def put_account(
        self,
        conn: Connection,
        person_id: int,
        platform: str,
        handle: str,
        now: datetime,
    ) -> None:
        """Adds or replaces the handle; a changed handle must be verified again."""
        await conn.execute(
            "INSERT INTO social_accounts"
            " (person_id, platform, handle, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (person_id, platform) DO UPDATE SET"
            "  verification_status = CASE WHEN social_accounts.handle = excluded.handle"
            "   THEN social_accounts.verification_status ELSE 'unverified' END,"
            "  account_id = CASE WHEN social_accounts.handle = excluded.handle"
            "   THEN social_accounts.account_id END,"
            "  followers = CASE WHEN social_accounts.handle = excluded.handle"
            "   THEN social_accounts.followers END,"
            "  handle = excluded.handle, updated_at = excluded.updated_at",
            (person_id, platform, handle, now.isoformat(), now.isoformat()),
        )

    async def remove_account(self, conn: Connection, person_id: int, platform: str) -> None:
        await conn.execute(
            "DELETE FROM social_accounts WHERE person_id = ? AND platform = ?",
            (person_id, platform),
        )

    async def add_consent(
        self,
        conn: Connection,
        person_id: int,
        *,
        text_version: str,
        text_sha256: str,
        locale: str,
        now: datetime,
        business_messages: bool,
    ) -> None:
        await conn.execute(
            "INSERT INTO consents (person_id, text_version, text_sha256, locale, granted_at,"
            " business_messages) VALUES (?, ?, ?, ?, ?, ?)",
            (person_id, text_version, text_sha256, locale, now.isoformat(), int(business_messages)),
        )

    async def consents(self, conn: Connection, person_id: int) -> list[Consent]:
        rows = await fetch_all(
            conn,
            "SELECT text_version, text_sha256, locale, granted_at, withdrawn_at,"
            " business_messages FROM consents WHERE person_id = ? ORDER BY id",
            (person_id,),
        )
        return [
            Consent(
                text_version=row["text_version"],
                text_sha256=row["text_sha256"],
                locale=row["locale"],
                granted_at=datetime.fromisoformat(row["granted_at"]),
                withdrawn_at=_time(row["withdrawn_at"]),
                business_messages=bool(row["business_messages"]),
            )
            for row in rows
        ]

    async def record_nip_conflict(
        self, conn: Connection, claimant_id: int, holder_id: int, now: datetime
    ) -> None:
        await conn.execute(
            "INSERT INTO nip_conflicts (claimant_id, holder_id, created_at) VALUES (?, ?, ?)",
            (claimant_id, holder_id, now.isoformat()),
        )

    async def nip_conflict_times(self, conn: Connection, claimant_id: int) -> list[datetime]:
        rows = await fetch_all(
            conn,
            "SELECT created_at FROM nip_conflicts WHERE claimant_id = ? ORDER BY id",
            (claimant_id,),
        )
        return [datetime.fromisoformat(row["created_at"]) for row in rows]

    async def set_account_state(
        self,
        conn: Connection,
        person_id: int,
        platform: str,
        status: str,
        now: datetime,
        *,
        account_id: str | None = None,
        followers: int | None = None,
    ) -> None:
        """A verification outcome for one account; the id and follower count it found are
        kept, and an outcome without them keeps the ones known before."""
        await conn.execute(
            "UPDATE social_accounts SET verification_status = ?, updated_at = ?,"
            " account_id = COALESCE(?, account_id), followers = COALESCE(?, followers),"
            " checked_at = ? WHERE person_id = ? AND platform = ?",
            (status, now.isoformat(), account_id, followers, now.isoformat(), person_id, platform),
        )
