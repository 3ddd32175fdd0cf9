"""Where each persistent chat conversation stands, keyed by conversation name and key."""

from __future__ import annotations

import json
from datetime import datetime

from storage.sql import Connection, dialect_of, fetch_all

ConversationKey = tuple[int | str, ...]


def last_key_part(conn: Connection) -> str:
    """SQL for the last element of `conversation_key` (a JSON array): the user."""
    if dialect_of(conn) == "postgresql":
        # Text on PostgreSQL; the strict text codec writes an int parameter as its digits.
        return "(conversation_key::jsonb ->> -1)"
    return "json_extract(conversation_key, '$[#-1]')"


class ConversationStateRepository:
    async def load(self, conn: Connection, name: str) -> dict[ConversationKey, object]:
        rows = await fetch_all(
            conn, "SELECT conversation_key, state FROM conversation_states WHERE name = ?", (name,)
        )
        return {
            tuple(json.loads(row["conversation_key"])): json.loads(row["state"]) for row in rows
        }

    async def save(
        self,
        conn: Connection,
        name: str,
        key: ConversationKey,
        state: object,
        now: datetime,
    ) -> None:
        await conn.execute(
            "INSERT INTO conversation_states (name, conversation_key, state, updated_at)"
            " VALUES (?, ?, ?, ?)"
            " ON CONFLICT (name, conversation_key)"
            " DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
            (name, json.dumps(list(key)), json.dumps(state), now.isoformat()),
        )

    async def delete(self, conn: Connection, name: str, key: ConversationKey) -> None:
        await conn.execute(
            "DELETE FROM conversation_states WHERE name = ? AND conversation_key = ?",
            (name, json.dumps(list(key))),
        )

    async def delete_for_user(self, conn: Connection, user_key: int | str) -> None:
        """Forgets every conversation whose key ends with this user (all conversations we keep
        are keyed (chat, user))."""
        await conn.execute(
            f"DELETE FROM conversation_states WHERE {last_key_part(conn)} = ?", (user_key,)
        )
