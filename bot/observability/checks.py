"""The readiness checks and scrape-time gauges that read the database."""

from __future__ import annotations

from bot.clock import Clock
from bot.observability import metrics
from storage.database import Database
from storage.health import oldest_untried_due_at, outbox_rows_by_state, ping


async def database_problem(db: Database) -> str | None:
    try:
        await ping(db.reader)
    except RuntimeError:
        return "the database is not open"
    return None


class OutboxGauges:
    """Reads the outbox's rows by state and its lag into the gauges, before each scrape."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db, self._clock = db, clock

    async def refresh(self) -> None:
        try:
            reader = self._db.reader
        except RuntimeError:
            return  # starting or stopping: the gauges keep their last values
        rows = await outbox_rows_by_state(reader)
        due = await oldest_untried_due_at(reader)
        lag = 0.0 if due is None else max(0.0, (self._clock.now() - due).total_seconds())
        metrics.outbox_state(rows, lag)
