"""Anonymous daily counters: how many, never who."""

from __future__ import annotations

from datetime import date

from storage.sql import Connection, fetch_all


class CounterRepository:
    async def increment(self, conn: Connection, day: date, name: str, by: int = 1) -> None:
        await conn.execute(
            "INSERT INTO daily_counters (day, name, value) VALUES (?, ?, ?)"
            " ON CONFLICT (day, name) DO UPDATE SET value = daily_counters.value + excluded.value",
            (day.isoformat(), name, by),
        )

    async def totals(self, conn: Connection, since: date | None = None) -> dict[str, int]:
        rows = await fetch_all(
            conn,
            "SELECT name, SUM(value) AS total FROM daily_counters WHERE day >= ? GROUP BY name",
            ((since or date.min).isoformat(),),
        )
        return {row["name"]: row["total"] for row in rows}
