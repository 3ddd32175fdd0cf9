"""Retention of campaign deliveries: old ones become per-day counts after `retention_days`."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import Clock
from storage.database import Database
from storage.outbox import OutboxRepository
from storage.retention import fold_old_deliveries


class RetentionService:
    """Folds deliveries older than the retention period; the daily job calls `fold_old`."""

    def __init__(
        self, db: Database, outbox: OutboxRepository, clock: Clock, retention_days: int
    ) -> None:
        self._db = db
        self._outbox = outbox
        self._clock = clock
        self._keep = timedelta(days=retention_days)

    async def fold_old(self) -> int:
        """Folds what is past the retention period now; returns how many rows were folded."""
        return await fold_old_deliveries(self._db, self._outbox, self._clock.now() - self._keep)
