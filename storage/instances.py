"""The running instances of the bot (processes on one database), by heartbeat.

Each process registers under its own id at start, beats every few seconds and deletes its
row when it stops. An instance whose heartbeat is older than the stale limit has crashed (or
hangs): what it held in flight can be taken back by the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from storage.outbox import stamp
from storage.sql import Connection, fetch_all


@dataclass(frozen=True)
class InstanceRow:
    id: str
    role: str
    label: str
    channels: tuple[str, ...]
    heartbeat_at: str


class InstanceRepository:
    async def register(
        self,
        conn: Connection,
        instance_id: str,
        *,
        role: str,
        label: str,
        channels: Iterable[str],
        now: datetime,
    ) -> None:
        at = stamp(now)
        await conn.execute(
            "INSERT INTO instances (id, role, label, channels, started_at, heartbeat_at)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at",
            (instance_id, role, label, ",".join(channels), at, at),
        )

    async def heartbeat(self, conn: Connection, instance_id: str, now: datetime) -> bool:
        """Marks the instance alive; False when its row is gone (it was pruned as stale, say
        after a long pause), and the caller registers again."""
        cursor = await conn.execute(
            "UPDATE instances SET heartbeat_at = ? WHERE id = ?", (stamp(now), instance_id)
        )
        found = cursor.rowcount > 0
        await cursor.close()
        return found

    async def remove(self, conn: Connection, instance_id: str) -> None:
        await conn.execute("DELETE FROM instances WHERE id = ?", (instance_id,))

    async def live(self, conn: Connection, stale_before: datetime) -> list[InstanceRow]:
        """The instances that beat at or after `stale_before`, oldest first."""
        rows = await fetch_all(
            conn,
            "SELECT id, role, label, channels, heartbeat_at FROM instances"
            " WHERE heartbeat_at >= ? ORDER BY started_at, id",
            (stamp(stale_before),),
        )
        return [
            InstanceRow(
                id=row["id"],
                role=row["role"],
                label=row["label"],
                channels=tuple(c for c in row["channels"].split(",") if c),
                heartbeat_at=row["heartbeat_at"],
            )
            for row in rows
        ]

    async def live_ids(self, conn: Connection, stale_before: datetime) -> set[str]:
        return {row.id for row in await self.live(conn, stale_before)}

    async def prune_stale(self, conn: Connection, stale_before: datetime) -> int:
        """Deletes the rows of instances that stopped beating long ago; returns how many."""
        cursor = await conn.execute(
            "DELETE FROM instances WHERE heartbeat_at < ?", (stamp(stale_before),)
        )
        pruned = cursor.rowcount
        await cursor.close()
        return pruned
