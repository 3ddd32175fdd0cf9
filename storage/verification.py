"""Verification records: ownership codes, evidence of checks, pending jobs, review cases."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from storage.sql import Connection, Row, fetch_all, fetch_one
from storage.units import scope_clause


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class OwnershipCode:
    person_id: int
    platform: str
    handle: str
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class AccountCheck:
    platform: str
    handle: str
    source: str  # "api" or "admin"
    outcome: str
    followers: int | None
    following: int | None
    account_id: str | None
    account_created_at: datetime | None
    code_in_bio: bool | None
    checked_at: datetime


@dataclass(frozen=True)
class VerificationJob:
    id: int
    person_id: int
    platform: str
    purpose: str
    due_at: datetime
    attempts: int


@dataclass(frozen=True)
class ReviewCase:
    id: int
    person_id: int
    platform: str
    handle: str
    claimed_followers: int | None
    screenshot_file_id: str | None
    code: str | None
    flags: tuple[str, ...]
    evidence: str
    status: str
    decided_by: str | None
    decided_at: datetime | None
    reason: str | None
    card_message_id: int | None
    created_at: datetime
    card_chat_id: int | None = None  # None: the national admin group (see migration 0015)


def _case(row: Row) -> ReviewCase:
    return ReviewCase(
        id=row["id"],
        person_id=row["person_id"],
        platform=row["platform"],
        handle=row["handle"],
        claimed_followers=row["claimed_followers"],
        screenshot_file_id=row["screenshot_file_id"],
        code=row["code"],
        flags=tuple(flag for flag in row["flags"].split(",") if flag),
        evidence=row["evidence"],
        status=row["status"],
        decided_by=row["decided_by"],
        decided_at=_time(row["decided_at"]),
        reason=row["reason"],
        card_message_id=row["card_message_id"],
        created_at=datetime.fromisoformat(row["created_at"]),
        card_chat_id=row["card_chat_id"],
    )


class VerificationRepository:
    # Ownership codes

    async def put_code(self, conn: Connection, code: OwnershipCode) -> None:
        await conn.execute(
            "INSERT INTO ownership_codes (person_id, platform, handle, code, expires_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id, platform) DO UPDATE SET"
            " handle = excluded.handle, code = excluded.code, expires_at = excluded.expires_at",
            (code.person_id, code.platform, code.handle, code.code, code.expires_at.isoformat()),
        )

    async def code(self, conn: Connection, person_id: int, platform: str) -> OwnershipCode | None:
        row = await fetch_one(
            conn,
            "SELECT handle, code, expires_at FROM ownership_codes"
            " WHERE person_id = ? AND platform = ?",
            (person_id, platform),
        )
        if row is None:
            return None
        return OwnershipCode(
            person_id=person_id,
            platform=platform,
            handle=row["handle"],
            code=row["code"],
            expires_at=datetime.fromisoformat(row["expires_at"]),
        )

    # Evidence

    async def add_check(self, conn: Connection, person_id: int, check: AccountCheck) -> None:
        await conn.execute(
            "INSERT INTO account_checks (person_id, platform, handle, source, outcome,"
            " followers, following, account_id, account_created_at, code_in_bio, checked_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                person_id,
                check.platform,
                check.handle,
                check.source,
                check.outcome,
                check.followers,
                check.following,
                check.account_id,
                check.account_created_at.isoformat() if check.account_created_at else None,
                None if check.code_in_bio is None else int(check.code_in_bio),
                check.checked_at.isoformat(),
            ),
        )

    async def checks(
        self, conn: Connection, person_id: int, platform: str | None = None
    ) -> list[AccountCheck]:
        rows = await fetch_all(
            conn,
            "SELECT platform, handle, source, outcome, followers, following, account_id,"
            " account_created_at, code_in_bio, checked_at FROM account_checks"
            " WHERE person_id = ? AND (CAST(? AS TEXT) IS NULL OR platform = ?) ORDER BY id",
            (person_id, platform, platform),
        )
        return [
            AccountCheck(
                platform=row["platform"],
                handle=row["handle"],
                source=row["source"],
                outcome=row["outcome"],
                followers=row["followers"],
                following=row["following"],
                account_id=row["account_id"],
                account_created_at=_time(row["account_created_at"]),
                code_in_bio=None if row["code_in_bio"] is None else bool(row["code_in_bio"]),
                checked_at=datetime.fromisoformat(row["checked_at"]),
            )
            for row in rows
        ]

    # Jobs

    async def schedule(
        self,
        conn: Connection,
        person_id: int,
        platform: str,
        purpose: str,
        due_at: datetime,
        *,
        attempts: int = 0,
        error: str | None = None,
    ) -> None:
        await conn.execute(
            "INSERT INTO verification_jobs (person_id, platform, purpose, due_at, attempts,"
            " last_error) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (person_id, platform, purpose)"
            " DO UPDATE SET due_at = excluded.due_at, attempts = excluded.attempts,"
            " last_error = excluded.last_error",
            (person_id, platform, purpose, due_at.isoformat(), attempts, error),
        )

    async def due_jobs(self, conn: Connection, now: datetime, limit: int) -> list[VerificationJob]:
        rows = await fetch_all(
            conn,
            "SELECT id, person_id, platform, purpose, due_at, attempts FROM verification_jobs"
            " WHERE due_at <= ? ORDER BY due_at LIMIT ?",
            (now.isoformat(), limit),
        )
        return [
            VerificationJob(
                id=r["id"],
                person_id=r["person_id"],
                platform=r["platform"],
                purpose=r["purpose"],
                due_at=datetime.fromisoformat(r["due_at"]),
                attempts=r["attempts"],
            )
            for r in rows
        ]

    async def finish_job(self, conn: Connection, job_id: int) -> None:
        await conn.execute("DELETE FROM verification_jobs WHERE id = ?", (job_id,))

    async def pending_jobs(self, conn: Connection, person_id: int) -> list[str]:
        rows = await fetch_all(
            conn, "SELECT platform FROM verification_jobs WHERE person_id = ?", (person_id,)
        )
        return [row["platform"] for row in rows]

    # Review cases

    async def open_case(
        self,
        conn: Connection,
        person_id: int,
        platform: str,
        handle: str,
        code: str | None,
        evidence: str,
        now: datetime,
    ) -> int:
        """A case in 'collecting' state: the screenshot and the count come next."""
        await conn.execute(
            "DELETE FROM review_cases WHERE person_id = ? AND platform = ?"
            " AND status = 'collecting'",
            (person_id, platform),
        )
        row = await fetch_one(
            conn,
            "INSERT INTO review_cases (person_id, platform, handle, code, evidence, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (person_id, platform, handle, code, evidence, now.isoformat()),
        )
        assert row is not None
        return int(row["id"])

    async def case(self, conn: Connection, case_id: int) -> ReviewCase | None:
        row = await fetch_one(conn, "SELECT * FROM review_cases WHERE id = ?", (case_id,))
        return _case(row) if row else None

    async def collecting_case(self, conn: Connection, person_id: int) -> ReviewCase | None:
        row = await fetch_one(
            conn,
            "SELECT * FROM review_cases WHERE person_id = ? AND status = 'collecting'"
            " ORDER BY id DESC LIMIT 1",
            (person_id,),
        )
        return _case(row) if row else None

    async def update_case(self, conn: Connection, case_id: int, **fields: object) -> None:
        allowed = {
            "screenshot_file_id",
            "claimed_followers",
            "flags",
            "status",
            "card_message_id",
            "card_chat_id",
        }
        if set(fields) - allowed:
            raise ValueError(f"not editable: {sorted(set(fields) - allowed)}")
        assignments = ", ".join(f"{name} = ?" for name in fields)
        await conn.execute(
            f"UPDATE review_cases SET {assignments} WHERE id = ?", (*fields.values(), case_id)
        )

    async def decide(
        self,
        conn: Connection,
        case_id: int,
        status: str,
        admin: str,
        reason: str | None,
        now: datetime,
        *,
        card_message_id: int | None = None,
        card_chat_id: int | None = None,
    ) -> bool:
        """Records the decision unless one was taken already; True when this one counts.
        With `card_message_id`, only when the case's card is that message in the chat
        `card_chat_id` (None: the national group): a press on any other card, in any other
        group, must not decide this case."""
        cursor = await conn.execute(
            "UPDATE review_cases SET status = ?, decided_by = ?, decided_at = ?, reason = ?"
            " WHERE id = ? AND status = 'pending' AND (CAST(? AS BIGINT) IS NULL"
            " OR (card_message_id = ?"
            " AND coalesce(card_chat_id, 0) = coalesce(CAST(? AS BIGINT), 0)))",
            (
                status,
                admin,
                now.isoformat(),
                reason,
                case_id,
                card_message_id,
                card_message_id,
                card_chat_id,
            ),
        )
        changed = cursor.rowcount == 1
        await cursor.close()
        return changed

    async def cases_of(self, conn: Connection, person_id: int) -> list[ReviewCase]:
        rows = await fetch_all(
            conn, "SELECT * FROM review_cases WHERE person_id = ? ORDER BY id", (person_id,)
        )
        return [_case(row) for row in rows]

    async def pending_cases(
        self,
        conn: Connection,
        limit: int,
        offset: int = 0,
        unit_ids: Collection[int] | None = None,
    ) -> list[ReviewCase]:
        """Pending cases, oldest first, of people in the units `unit_ids` (None: everyone)."""
        scope, params = scope_clause(unit_ids, "e.unit_id")
        rows = await fetch_all(
            conn,
            "SELECT r.* FROM review_cases r JOIN enrollments e ON e.person_id = r.person_id"
            f" WHERE r.status = 'pending' AND {scope} ORDER BY r.created_at, r.id"
            " LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [_case(row) for row in rows]

    async def pending_count(self, conn: Connection, unit_ids: Collection[int] | None = None) -> int:
        scope, params = scope_clause(unit_ids, "e.unit_id")
        row = await fetch_one(
            conn,
            "SELECT count(*) AS n FROM review_cases r JOIN enrollments e"
            f" ON e.person_id = r.person_id WHERE r.status = 'pending' AND {scope}",
            params,
        )
        return int(row["n"]) if row else 0

    async def cards_moved(self, conn: Connection, old_chat_id: int, new_chat_id: int) -> None:
        """A unit group became a supergroup: its cards are found under the new id."""
        await conn.execute(
            "UPDATE review_cases SET card_chat_id = ? WHERE card_chat_id = ?",
            (new_chat_id, old_chat_id),
        )

    async def finish_jobs_for(
        self, conn: Connection, person_id: int, platform: str, purpose: str
    ) -> None:
        """Drops an account's waiting checks of one purpose once a check of it answered."""
        await conn.execute(
            "DELETE FROM verification_jobs WHERE person_id = ? AND platform = ? AND purpose = ?",
            (person_id, platform, purpose),
        )
