"""Where a group moved when Telegram upgraded it to a supergroup (old id -> new id)."""

from __future__ import annotations

from datetime import datetime

from storage.sql import Connection, fetch_all


class ChatMigrationRepository:
    async def record(
        self, conn: Connection, old_chat_id: int, new_chat_id: int, now: datetime
    ) -> bool:
        """Stores the move; False when it was already known."""
        cursor = await conn.execute(
            "INSERT INTO chat_migrations (old_chat_id, new_chat_id, migrated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (old_chat_id) DO NOTHING",
            (old_chat_id, new_chat_id, now.isoformat()),
        )
        return cursor.rowcount == 1

    async def all(self, conn: Connection) -> dict[int, int]:
        rows = await fetch_all(conn, "SELECT old_chat_id, new_chat_id FROM chat_migrations")
        return {int(row["old_chat_id"]): int(row["new_chat_id"]) for row in rows}
