"""Retention: old deliveries become per-day counts in `delivery_daily`, then go.

A delivery is old when it was sent before the cutoff, or, never sent, when its run was due
before it. Only final statuses are folded (sent, failed, blocked, skipped): pending and sending
rows still belong to the outbox. Reshares point at deliveries with ON DELETE SET NULL, so the
reshare rows and their counts stay.

The work runs in short transactions of at most `chunk` rows each, so the writer lock is free
between chunks and the bot's own writes go on while a large backlog is folded.
"""

from __future__ import annotations

from datetime import UTC, datetime

import aiosqlite

from storage.database import Database
from storage.sql import fetch_all, fetch_one
from storage.statistics import FINAL_DELIVERY_STATUSES

__all__ = ["DEFAULT_CHUNK", "fold_chunk", "fold_old_deliveries"]

DEFAULT_CHUNK = 5000


def _cutoff(before: datetime) -> str:
    if before.tzinfo is None:
        raise ValueError(f"the cutoff must be timezone-aware, got {before!r}")
    # The outbox stamps sent_at with microseconds; the same shape keeps string order right.
    return before.astimezone(UTC).isoformat(timespec="microseconds")


async def fold_chunk(
    conn: aiosqlite.Connection,
    run_id: int,
    campaign_id: int,
    due_at: str,
    status: str,
    before: str,
    after_id: int,
    chunk: int = DEFAULT_CHUNK,
) -> tuple[int, int | None]:
    """Folds one chunk of one run's deliveries in `status`, inside the caller's transaction.

    Looks at up to `chunk` rows with id > `after_id` (id order on the (run_id, status) index),
    counts the old ones into `delivery_daily` and deletes them. Returns (rows folded, the last
    id looked at, or None when the slice is done).
    """
    edge = await fetch_one(
        conn,
        "SELECT MAX(id), COUNT(*) FROM (SELECT id FROM deliveries"
        " WHERE run_id = ? AND status = ? AND id > ? ORDER BY id LIMIT ?)",
        (run_id, status, after_id, chunk),
    )
    if edge is None or edge[0] is None:
        return 0, None
    last_id, seen = int(edge[0]), int(edge[1])
    # Aggregating and deleting use the same condition in the same transaction, so every
    # deleted row is counted exactly once.
    condition = "run_id = ? AND status = ? AND id > ? AND id <= ? AND COALESCE(sent_at, ?) < ?"
    params = (run_id, status, after_id, last_id, due_at, before)
    await conn.execute(
        "INSERT INTO delivery_daily (day, campaign_id, status, count)"
        f" SELECT substr(COALESCE(sent_at, ?), 1, 10), ?, ?, COUNT(*) FROM deliveries"
        f" WHERE {condition} GROUP BY 1"
        " ON CONFLICT (day, campaign_id, status) DO UPDATE SET count = count + excluded.count",
        (due_at, campaign_id, status, *params),
    )
    cursor = await conn.execute(f"DELETE FROM deliveries WHERE {condition}", params)
    folded = cursor.rowcount
    await cursor.close()
    return folded, (last_id if seen == chunk else None)


async def fold_old_deliveries(db: Database, before: datetime, *, chunk: int = DEFAULT_CHUNK) -> int:
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
    for run_id, campaign_id, due_at, status in slices:
        after_id: int | None = 0
        while after_id is not None:
            async with db.transaction() as tx:
                folded, after_id = await fold_chunk(
                    tx, run_id, campaign_id, due_at, status, cutoff, after_id, chunk
                )
            total += folded
    return total
