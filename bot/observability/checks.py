"""The readiness checks and scrape-time gauges that read the database."""

from __future__ import annotations

from collections.abc import Callable

from bot.clock import Clock
from bot.observability import metrics
from storage.database import Database
from storage.health import oldest_untried_due_at, outbox_rows_by_state, ping
from storage.leases import LeaseRepository


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


class SchedulerCheck:
    """/readyz's `scheduler` check and the leader gauge: fine while a live instance holds the
    scheduler lease (this one or another); a problem when it has expired with nobody taking
    it over (every worker instance is down, or cannot reach the database)."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        lease_name: str,
        held_here: Callable[[], bool],
        leases: LeaseRepository | None = None,
    ) -> None:
        self._db, self._clock, self._name, self._held_here = db, clock, lease_name, held_here
        self._leases = leases or LeaseRepository()

    async def problem(self) -> str | None:
        metrics.scheduler_leader(self._held_here())
        lease = await self._leases.state(self._db.reader, self._name)
        if lease is None:
            return "no instance has held the scheduler lease yet"
        if lease.expires_at <= self._clock.now():
            return f"the scheduler lease expired at {lease.expires_at.isoformat()}"
        return None

    async def refresh(self) -> None:
        """Before a scrape: the gauge says whether this instance leads."""
        metrics.scheduler_leader(self._held_here())
