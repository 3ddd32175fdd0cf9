"""Campaigns being composed, one per admin, as JSON."""

from __future__ import annotations

from datetime import datetime

from storage.sql import Connection, fetch_one


class CampaignDraftRepository:
    async def get(self, conn: Connection, admin_id: str) -> str | None:
        row = await fetch_one(
            conn, "SELECT data FROM campaign_drafts WHERE admin_id = ?", (admin_id,)
        )
        return str(row["data"]) if row else None

    async def put(self, conn: Connection, admin_id: str, data: str, now: datetime) -> None:
        await conn.execute(
            "INSERT INTO campaign_drafts (admin_id, data, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (admin_id) DO UPDATE SET data = excluded.data,"
            " updated_at = excluded.updated_at",
            (admin_id, data, now.isoformat()),
        )

    async def delete(self, conn: Connection, admin_id: str) -> None:
        await conn.execute("DELETE FROM campaign_drafts WHERE admin_id = ?", (admin_id,))
