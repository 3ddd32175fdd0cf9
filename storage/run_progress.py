"""Whose turn it is to show a run's progress: every channel's worker on every instance reports
the same run, and one edit of the admins' message per interval is enough (Telegram limits
edits, and two first reports would post two messages)."""

from __future__ import annotations

from datetime import datetime

from storage.outbox import stamp
from storage.sql import Connection


class RunProgressRepository:
    async def take_turn(
        self, conn: Connection, run_id: int, now: datetime, last_before: datetime
    ) -> bool:
        """True for the one caller that finds the run's progress last shown before
        `last_before` (or never), and records `now` as shown."""
        cursor = await conn.execute(
            "UPDATE campaign_runs SET progress_at = ?"
            " WHERE id = ? AND (progress_at IS NULL OR progress_at < ?)",
            (stamp(now), run_id, stamp(last_before)),
        )
        taken = cursor.rowcount == 1
        await cursor.close()
        return taken
