"""The audit log: every admin action and every refused attempt (who, what, when, outcome)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from storage.sql import Connection, fetch_all
from storage.units import scope_clause


@dataclass(frozen=True)
class AuditEntry:
    actor: str
    action: str
    arguments: str
    outcome: str
    at: datetime
    actor_name: str = ""
    unit_id: int | None = None


class AuditRepository:
    async def record(
        self,
        conn: Connection,
        actor: str,
        action: str,
        arguments: str,
        outcome: str,
        now: datetime,
        actor_name: str = "",
        unit_id: int | None = None,
    ) -> None:
        """`actor` is the user id; `actor_name` the name they had then, for reading;
        `unit_id` the unit whose admin group it happened in (None: the national group)."""
        await conn.execute(
            "INSERT INTO audit_log (actor, action, arguments, outcome, at, actor_name, unit_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (actor, action, arguments, outcome, now.isoformat(), actor_name, unit_id),
        )

    async def latest(
        self,
        conn: Connection,
        limit: int,
        actor: str | None = None,
        unit_ids: Collection[int] | None = None,
    ) -> list[AuditEntry]:
        """The newest entries, of one actor when named, of the units in scope (None: all)."""
        in_scope, scope_params = scope_clause(unit_ids, "unit_id")
        rows = await fetch_all(
            conn,
            "SELECT actor, action, arguments, outcome, at, actor_name, unit_id FROM audit_log"
            " WHERE (CAST(? AS TEXT) IS NULL OR actor = ?)"
            f" AND {in_scope} ORDER BY id DESC LIMIT ?",
            (actor, actor, *scope_params, limit),
        )
        return [
            AuditEntry(
                actor=r["actor"],
                action=r["action"],
                arguments=r["arguments"],
                outcome=r["outcome"],
                at=datetime.fromisoformat(r["at"]),
                actor_name=r["actor_name"],
                unit_id=r["unit_id"],
            )
            for r in rows
        ]
