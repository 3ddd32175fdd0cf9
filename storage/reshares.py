"""Reshares reported by civil servants, and the points they earn."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.sql import Connection, fetch_all, fetch_one


@dataclass(frozen=True)
class DeliveredCampaign:
    delivery_id: int
    person_id: int | None
    campaign_id: int
    title: str
    kind: str
    media_file_id: str | None


@dataclass(frozen=True)
class ReshareTally:
    """A person's reshares so far and the points they earned."""

    points: int
    reshares: int


class ReshareRepository:
    async def delivered(self, conn: Connection, delivery_id: int) -> DeliveredCampaign | None:
        row = await fetch_one(
            conn,
            "SELECT d.id AS delivery_id, d.person_id, c.id AS campaign_id, c.title, c.kind,"
            " c.media_file_id"
            " FROM deliveries d JOIN campaign_runs r ON r.id = d.run_id"
            " JOIN campaigns c ON c.id = r.campaign_id WHERE d.id = ?",
            (delivery_id,),
        )
        if row is None:
            return None
        return DeliveredCampaign(
            delivery_id=row["delivery_id"],
            person_id=row["person_id"],
            campaign_id=row["campaign_id"],
            title=row["title"],
            kind=row["kind"],
            media_file_id=row["media_file_id"],
        )

    async def record(
        self,
        conn: Connection,
        delivery: DeliveredCampaign,
        platform: str | None,
        post_url: str | None,
        points: int,
        now: datetime,
    ) -> bool:
        """Stores the reshare; False when this delivery was reported already."""
        cursor = await conn.execute(
            "INSERT INTO reshares (delivery_id, person_id, campaign_id, platform, post_url,"
            " points, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (delivery_id) DO NOTHING",
            (
                delivery.delivery_id,
                delivery.person_id,
                delivery.campaign_id,
                platform,
                post_url,
                points,
                now.isoformat(),
            ),
        )
        added = cursor.rowcount == 1
        await cursor.close()
        return added

    async def attach_link(
        self,
        conn: Connection,
        person_id: int,
        platform: str,
        post_url: str,
        points: int,
        since: datetime,
    ) -> bool:
        """Adds the link to the person's latest reshare without one (since `since`)."""
        cursor = await conn.execute(
            "UPDATE reshares SET platform = ?, post_url = ?, points = ? WHERE id = ("
            " SELECT id FROM reshares WHERE person_id = ? AND post_url IS NULL"
            " AND created_at >= ? ORDER BY id DESC LIMIT 1)",
            (platform, post_url, points, person_id, since.isoformat()),
        )
        changed = cursor.rowcount == 1
        await cursor.close()
        return changed

    async def already_recorded(self, conn: Connection, delivery_id: int) -> bool:
        row = await fetch_one(conn, "SELECT 1 FROM reshares WHERE delivery_id = ?", (delivery_id,))
        return row is not None

    async def points(self, conn: Connection, person_id: int) -> ReshareTally:
        row = await fetch_one(
            conn,
            "SELECT COALESCE(SUM(points), 0) AS points, COUNT(*) AS reshares FROM reshares"
            " WHERE person_id = ?",
            (person_id,),
        )
        if row is None:
            return ReshareTally(points=0, reshares=0)
        return ReshareTally(points=int(row["points"]), reshares=int(row["reshares"]))

    async def times(self, conn: Connection, person_id: int) -> list[datetime]:
        rows = await fetch_all(
            conn,
            "SELECT created_at FROM reshares WHERE person_id = ? ORDER BY created_at DESC"
            " LIMIT 400",
            (person_id,),
        )
        return [datetime.fromisoformat(row["created_at"]) for row in rows]
