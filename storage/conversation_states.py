"""Where each persistent chat conversation stands, keyed by conversation name and key.

`user_key` is the key's last element (the user) as text: a turn loads one person's
conversations by it, and erasure deletes them by it."""

from __future__ import annotations

import json
from datetime import datetime

from storage.sql import Connection, fetch_all

ConversationKey = tuple[int | str, ...]


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
            "INSERT INTO conversation_states"
            " (name, conversation_key, state, updated_at, user_key) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (name, conversation_key)"
            " DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
            (name, json.dumps(list(key)), json.dumps(state), now.isoformat(), str(key[-1])),
        )

    async def delete(self, conn: Connection, name: str, key: ConversationKey) -> None:
        await conn.execute(
            "DELETE FROM conversation_states WHERE name = ? AND conversation_key = ?",
            (name, json.dumps(list(key))),
        )

    async def load_for_user(
        self, conn: Connection, user_key: int | str
    ) -> dict[str, dict[ConversationKey, object]]:
        """{conversation name: {key: state}} of every conversation of this user."""
        rows = await fetch_all(
            conn,
            "SELECT name, conversation_key, state FROM conversation_states WHERE user_key = ?",
            (str(user_key),),
        )
        found: dict[str, dict[ConversationKey, object]] = {}
        for row in rows:
            key = tuple(json.loads(row["conversation_key"]))
            found.setdefault(row["name"], {})[key] = json.loads(row["state"])
        return found

    async def delete_for_user(self, conn: Connection, user_key: int | str) -> None:
        """Forgets every conversation whose key ends with this user (all conversations we keep
        are keyed (chat, user))."""
        await conn.execute("DELETE FROM conversation_states WHERE user_key = ?", (str(user_key),))
