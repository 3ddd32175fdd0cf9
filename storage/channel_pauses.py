"""A channel's flood-control pause shared by every worker of the channel: the channel said
"slow down for N s" (Telegram's 429 retry_after) to one of them, so none of them sends to it
before the pause is over."""

from __future__ import annotations

from datetime import datetime

from storage.outbox import stamp
from storage.sql import Connection, fetch_one


class ChannelPauseRepository:
    async def pause(self, conn: Connection, channel: str, until: datetime) -> None:
        """Pauses the channel until `until`, or keeps a later pause already set."""
        await conn.execute(
            "INSERT INTO channel_pauses (channel, until) VALUES (?, ?)"
            " ON CONFLICT (channel) DO UPDATE SET until = excluded.until"
            " WHERE channel_pauses.until < excluded.until",
            (channel, stamp(until)),
        )

    async def paused_until(self, conn: Connection, channel: str) -> datetime | None:
        row = await fetch_one(
            conn, "SELECT until FROM channel_pauses WHERE channel = ?", (channel,)
        )
        return datetime.fromisoformat(row["until"]) if row else None
