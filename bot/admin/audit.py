"""The audit trail of admin actions and refused attempts."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from bot.clock import Clock
from storage.audit import AuditEntry, AuditRepository
from storage.database import Database


@dataclass(frozen=True)
class Actor:
    """Who did something: the channel's user id (what /audit ID looks for), and a name to read."""

    user_id: str
    name: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.user_id})" if self.name else self.user_id


class AuditService:
    def __init__(self, db: Database, repository: AuditRepository, clock: Clock) -> None:
        self._db = db
        self._repository = repository
        self._clock = clock

    async def record(
        self,
        actor: str | Actor,
        action: str,
        arguments: str,
        outcome: str,
        *,
        unit_id: int | None = None,
    ) -> None:
        """`unit_id`: the unit whose admin group it happened in (None: the national group)."""
        who = actor if isinstance(actor, Actor) else Actor(actor)
        async with self._db.single_statement() as conn:
            await self._repository.record(
                conn,
                who.user_id,
                action,
                arguments,
                outcome,
                self._clock.now(),
                who.name,
                unit_id=unit_id,
            )

    async def record_refusal(
        self,
        actor: str | Actor,
        action: str,
        arguments: str,
        outcome: str = "",
        *,
        unit_id: int | None = None,
    ) -> None:
        await self.record(
            actor, action, arguments, outcome or "refused: not an admin here", unit_id=unit_id
        )

    async def latest(
        self,
        limit: int = 100,
        actor: str | None = None,
        unit_ids: Collection[int] | None = None,
    ) -> list[AuditEntry]:
        """Newest first; `unit_ids` keeps the entries of the units in a scope (None: all)."""
        return await self._repository.latest(self._db.reader, limit, actor, unit_ids)
