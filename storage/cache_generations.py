"""Generation counters of in-memory caches kept by every instance (migration 0020)."""

from __future__ import annotations

from storage.sql import Connection, fetch_one


class CacheGenerations:
    async def bump(self, conn: Connection, name: str) -> int:
        """Marks every instance's copy of the cache stale: call it inside the transaction that
        changes what the cache holds, so the change and its notice commit together. Returns
        the new generation."""
        row = await fetch_one(
            conn,
            "INSERT INTO cache_generations (name, generation) VALUES (?, 1)"
            " ON CONFLICT (name) DO UPDATE SET generation = cache_generations.generation + 1"
            " RETURNING generation",
            (name,),
        )
        assert row is not None
        return int(row["generation"])

    async def current(self, conn: Connection, name: str) -> int:
        """The cache's generation now; 0 before its first change."""
        row = await fetch_one(
            conn, "SELECT generation FROM cache_generations WHERE name = ?", (name,)
        )
        return int(row["generation"]) if row else 0
