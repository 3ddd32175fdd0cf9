"""The audit log: every admin action and every refused attempt (who, what, when, outcome)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.sql import fetch_all


@dataclass(frozen=True)
class AuditEntry:
    actor: str
    action: str
    arguments: str
    outcome: str
    at: datetime
    actor_name: str = ""


class AuditRepository:
    async def record(
        self,
        conn: aiosqlite.Connection,
        actor: str,
        action: str,
        arguments: str,
        outcome: str,
        now: datetime,
        actor_name: str = "",
    ) -> None:
        """`actor` is the user id; `actor_name` the name they had then, for reading."""
        await conn.execute(
            "INSERT INTO audit_log (actor, action, arguments, outcome, at, actor_name)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (actor, action, arguments, outcome, now.isoformat(), actor_name),
        )

    async def latest(
        self, conn: aiosqlite.Connection, limit: int, actor: str | None = None
    ) -> list[AuditEntry]:
        rows = await fetch_all(
            conn,
            "SELECT actor, action, arguments, outcome, at, actor_name FROM audit_log"
            " WHERE (? IS NULL OR actor = ?) ORDER BY id DESC LIMIT ?",
            (actor, actor, limit),
        )
        return [
            AuditEntry(
                actor=r["actor"],
                action=r["action"],
                arguments=r["arguments"],
                outcome=r["outcome"],
                at=datetime.fromisoformat(r["at"]),
                actor_name=r["actor_name"],
            )
            for r in rows
        ]
