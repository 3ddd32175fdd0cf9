"""The Telegram inbox: updates received (by the webhook or the poller) and not yet handled, the
durable queue between answering Telegram and answering the person. Several instances share it;
the update id makes a repeated update (posted again, or to another instance) a no-op."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from storage.sql import Connection, fetch_all


def telegram_person_key(user_id: int | str) -> str:
    """The inbox's key for a Telegram user's updates (chats without a user have their own)."""
    return f"tg:{user_id}"


class Stored(enum.Enum):
    NEW = "new"
    SEEN = "seen"  # the update was received before (handled or still waiting)
    DROPPED = "dropped"  # over the person's cap: stored as handled, never handled


@dataclass(frozen=True)
class WaitingUpdate:
    update_id: int
    payload: str  # the update as Telegram's JSON


class TelegramInboxRepository:
    async def add(
        self,
        conn: Connection,
        update_id: int,
        person_key: str,
        payload: str,
        now: datetime,
        *,
        cap: int,
    ) -> Stored:
        """Stores the update unless it was received before. A person with `cap` updates
        waiting is flooding: their update is stored as handled (outcome `dropped`), so it is
        still recognised when Telegram sends it again, but never handled."""
        cursor = await conn.execute(
            "INSERT INTO telegram_inbox (update_id, person_key, payload, received_at)"
            " SELECT CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT)"
            " WHERE (SELECT COUNT(*) FROM telegram_inbox"
            "        WHERE person_key = ? AND handled_at IS NULL) < ?"
            " ON CONFLICT (update_id) DO NOTHING",
            (update_id, person_key, payload, now.isoformat(), person_key, cap),
        )
        if cursor.rowcount:
            return Stored.NEW
        cursor = await conn.execute(
            "INSERT INTO telegram_inbox (update_id, received_at, handled_at, outcome)"
            " VALUES (?, ?, ?, 'dropped') ON CONFLICT (update_id) DO NOTHING",
            (update_id, now.isoformat(), now.isoformat()),
        )
        return Stored.DROPPED if cursor.rowcount else Stored.SEEN

    async def waiting(self, conn: Connection, person_key: str, limit: int) -> list[WaitingUpdate]:
        """The person's next updates not handled yet, in Telegram's order."""
        rows = await fetch_all(
            conn,
            "SELECT update_id, payload FROM telegram_inbox"
            " WHERE person_key = ? AND handled_at IS NULL ORDER BY update_id LIMIT ?",
            (person_key, limit),
        )
        return [WaitingUpdate(row["update_id"], row["payload"]) for row in rows]

    async def handled(
        self, conn: Connection, update_id: int, now: datetime, outcome: str = "handled"
    ) -> None:
        """Marks an update handled and forgets whose it was and what it said."""
        await conn.execute(
            "UPDATE telegram_inbox SET handled_at = ?, outcome = ?, person_key = NULL,"
            " payload = NULL WHERE update_id = ?",
            (now.isoformat(), outcome, update_id),
        )

    async def people_waiting(
        self, conn: Connection, received_before: datetime | None = None
    ) -> list[str]:
        """Whose updates have waited since before `received_before` (their holder may have
        crashed, or the poke was lost with a stopping instance); None: whose wait at all."""
        sql = "SELECT DISTINCT person_key FROM telegram_inbox WHERE handled_at IS NULL"
        if received_before is None:
            rows = await fetch_all(conn, sql)
        else:
            rows = await fetch_all(
                conn, f"{sql} AND received_at < ?", (received_before.isoformat(),)
            )
        return [row["person_key"] for row in rows]

    async def prune(self, conn: Connection, handled_before: datetime) -> int:
        cursor = await conn.execute(
            "DELETE FROM telegram_inbox WHERE handled_at IS NOT NULL AND handled_at < ?",
            (handled_before.isoformat(),),
        )
        return cursor.rowcount

    async def erase(self, conn: Connection, person_key: str) -> None:
        """Deletes what the person sent that is still waiting (handled updates keep no person);
        the update being handled ends as it is, with no row left to mark."""
        await conn.execute("DELETE FROM telegram_inbox WHERE person_key = ?", (person_key,))
