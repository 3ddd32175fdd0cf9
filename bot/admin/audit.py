"""The audit trail of admin actions and refused attempts."""

from __future__ import annotations

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

    async def record(self, actor: str | Actor, action: str, arguments: str, outcome: str) -> None:
        who = actor if isinstance(actor, Actor) else Actor(actor)
        async with self._db.single_statement() as conn:
            await self._repository.record(
                conn, who.user_id, action, arguments, outcome, self._clock.now(), who.name
            )

    async def record_refusal(
        self, actor: str | Actor, action: str, arguments: str, outcome: str = ""
    ) -> None:
        await self.record(actor, action, arguments, outcome or "refused: not an admin here")

    async def latest(self, limit: int = 100, actor: str | None = None) -> list[AuditEntry]:
        return await self._repository.latest(self._db.reader, limit, actor)
