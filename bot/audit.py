"""The audit trail of admin actions and refused attempts."""

from __future__ import annotations

from bot.clock import Clock
from storage.audit import AuditEntry, AuditRepository
from storage.database import Database


class AuditService:
    def __init__(self, db: Database, repository: AuditRepository, clock: Clock) -> None:
        self._db = db
        self._repository = repository
        self._clock = clock

    async def record(self, actor: str, action: str, arguments: str, outcome: str) -> None:
        async with self._db.single_statement() as conn:
            await self._repository.record(
                conn, actor, action, arguments, outcome, self._clock.now()
            )

    async def record_refusal(self, actor: str, action: str, arguments: str) -> None:
        await self.record(actor, action, arguments, "refused: not an admin here")

    async def latest(self, limit: int = 20, actor: str | None = None) -> list[AuditEntry]:
        return await self._repository.latest(self._db.reader, limit, actor)
