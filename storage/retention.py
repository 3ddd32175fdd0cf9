"""Retention: old deliveries become per-day counts in `delivery_daily`, then go.

A delivery is old when it was sent before the cutoff, or, never sent, when its run was due
before it. Only final statuses are folded (sent, failed, blocked, skipped): pending and sending
rows still belong to the outbox. Reshares point at deliveries with ON DELETE SET NULL, so the
reshare rows and their counts stay.

The work runs in short transactions of at most `chunk` rows each, so the writer lock is free
between chunks and the bot's own writes go on while a large backlog is folded. This module
picks the work; the rows are written by `OutboxRepository`, the one writer of `deliveries`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from storage.database import Database
from storage.outbox import OutboxRepository
from storage.sql import fetch_all
from storage.statistics import FINAL_DELIVERY_STATUSES

__all__ = ["DEFAULT_CHUNK", "fold_old_deliveries"]

DEFAULT_CHUNK = 5000


def _cutoff(before: datetime) -> str:
    if before.tzinfo is None:
        raise ValueError(f"the cutoff must be timezone-aware, got {before!r}")
    # The outbox stamps sent_at with microseconds; the same shape keeps string order right.
    return before.astimezone(UTC).isoformat(timespec="microseconds")


async def fold_old_deliveries(
    db: Database, outbox: OutboxRepository, before: datetime, *, chunk: int = DEFAULT_CHUNK
) -> int:
    """Folds every final delivery older than `before`; returns how many rows were folded.

    Takes the writer once per chunk (never for the whole job). Safe to re-run: what was
    folded is gone, and the counts add up.
    """
    cutoff = _cutoff(before)
    # A delivery is sent after its run is due, so only runs due before the cutoff can hold
    # old deliveries; the runs table is small next to the deliveries.
    # Runs already folded are skipped by an index probe, so a daily job over years of runs
    # opens transactions only where there is work.
    statuses = " UNION ALL ".join(f"SELECT '{s}' AS status" for s in FINAL_DELIVERY_STATUSES)
    slices = await fetch_all(
        db.reader,
        "SELECT r.id, r.campaign_id, r.due_at, s.status"
        f" FROM campaign_runs AS r, ({statuses}) AS s"
        " WHERE r.due_at < ? AND EXISTS (SELECT 1 FROM deliveries AS d"
        " WHERE d.run_id = r.id AND d.status = s.status)"
        " ORDER BY r.id, s.status",
        (cutoff,),
    )
    total = 0
    for piece in slices:
        after_id: int | None = 0
        while after_id is not None:
            async with db.transaction() as tx:
                folded, after_id = await outbox.fold_old_chunk(
                    tx,
                    piece["id"],
                    piece["campaign_id"],
                    piece["due_at"],
                    piece["status"],
                    cutoff,
                    after_id,
                    chunk,
                )
            total += folded
    return total
