"""Leases: work that one instance at a time does (the scheduled jobs, Telegram polling).

One statement takes or renews a lease, the same on SQLite (3.35+: upsert with WHERE and
RETURNING) and PostgreSQL: the holder renews it; anyone takes it once it has expired. Each
change of holder raises `generation`, so a holder that was replaced (it paused past the
expiry) can tell from a later acquire that it lost the lease meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.outbox import stamp
from storage.sql import Connection, fetch_all, fetch_one


@dataclass(frozen=True)
class LeaseState:
    name: str
    holder: str
    expires_at: datetime
    generation: int


class LeaseRepository:
    async def acquire(
        self, conn: Connection, name: str, holder: str, now: datetime, expires_at: datetime
    ) -> int | None:
        """Takes or renews the lease for `holder` until `expires_at`; returns its generation,
        or None when another instance holds it (and it has not expired at `now`)."""
        rows = await fetch_all(
            conn,
            "INSERT INTO leases (name, holder, expires_at, generation) VALUES (?, ?, ?, 1)"
            " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,"
            " expires_at = excluded.expires_at,"
            " generation = leases.generation"
            " + CASE WHEN leases.holder = excluded.holder THEN 0 ELSE 1 END"
            " WHERE leases.holder = excluded.holder OR leases.expires_at < ?"
            " RETURNING holder, generation",
            (name, holder, stamp(expires_at), stamp(now)),
        )
        row = next(iter(rows), None)
        if row is None or row["holder"] != holder:
            return None
        return int(row["generation"])

    async def release(self, conn: Connection, name: str, holder: str, now: datetime) -> None:
        """Lets the lease go at once (a graceful stop), so another instance takes it now."""
        await conn.execute(
            "UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ?",
            (stamp(now), name, holder),
        )

    async def state(self, conn: Connection, name: str) -> LeaseState | None:
        row = await fetch_one(
            conn,
            "SELECT name, holder, expires_at, generation FROM leases WHERE name = ?",
            (name,),
        )
        if row is None:
            return None
        return LeaseState(
            name=row["name"],
            holder=row["holder"],
            expires_at=datetime.fromisoformat(row["expires_at"]),
            generation=int(row["generation"]),
        )
