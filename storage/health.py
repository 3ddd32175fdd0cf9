"""What operators see of the database: whether it answers, and the outbox's shape for the
metrics (rows by state, how long the oldest untried delivery has waited)."""

from __future__ import annotations

from datetime import datetime

from storage.sql import Connection, fetch_all, fetch_one


async def ping(conn: Connection) -> None:
    await fetch_one(conn, "SELECT 1")


async def outbox_rows_by_state(conn: Connection) -> dict[str, int]:
    # The queue index starts with status: counting walks the index, never the rows.
    rows = await fetch_all(conn, "SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status")
    return {str(row["status"]): int(row["n"]) for row in rows}


async def oldest_untried_due_at(conn: Connection) -> datetime | None:
    """The due time of the run of the oldest delivery not tried yet (rows are enqueued in id
    order once their run is due, so the lowest id waited longest); None when none waits."""
    row = await fetch_one(
        conn,
        "SELECT r.due_at FROM deliveries d JOIN campaign_runs r ON r.id = d.run_id"
        " WHERE d.status = 'pending' AND d.next_attempt_at IS NULL ORDER BY d.id LIMIT 1",
    )
    return datetime.fromisoformat(row["due_at"]) if row else None
