"""The WhatsApp inbox: messages received by the webhook and not yet handled (the durable
queue between answering Meta and answering the person)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from storage.sql import Connection, fetch_all


@dataclass(frozen=True)
class InboxMessage:
    message_id: str
    wa_id: str
    payload: str  # the parsed message as JSON (the channel's own format)
    received_at: datetime


class WhatsAppInboxRepository:
    async def add(self, conn: Connection, messages: Sequence[InboxMessage]) -> list[str]:
        """Stores the messages not seen before; returns the ids of those it stored (a repeated
        webhook stores nothing)."""
        added: list[str] = []
        for message in messages:
            cursor = await conn.execute(
                "INSERT INTO whatsapp_inbox (message_id, wa_id, payload, received_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING",
                (
                    message.message_id,
                    message.wa_id,
                    message.payload,
                    message.received_at.isoformat(),
                ),
            )
            if cursor.rowcount:
                added.append(message.message_id)
        return added

    async def waiting(self, conn: Connection) -> list[InboxMessage]:
        """Messages not handled yet, oldest first (after a restart: where handling stopped)."""
        rows = await fetch_all(
            conn,
            "SELECT message_id, wa_id, payload, received_at FROM whatsapp_inbox"
            " WHERE handled_at IS NULL ORDER BY received_at, rowid",
        )
        return [
            InboxMessage(
                row["message_id"],
                row["wa_id"],
                row["payload"],
                datetime.fromisoformat(row["received_at"]),
            )
            for row in rows
        ]

    async def handled(self, conn: Connection, message_id: str, now: datetime) -> None:
        """Marks a message handled and forgets who sent it and what it said."""
        await conn.execute(
            "UPDATE whatsapp_inbox SET handled_at = ?, wa_id = NULL, payload = NULL"
            " WHERE message_id = ?",
            (now.isoformat(), message_id),
        )

    async def prune(self, conn: Connection, handled_before: datetime) -> int:
        cursor = await conn.execute(
            "DELETE FROM whatsapp_inbox WHERE handled_at IS NOT NULL AND handled_at < ?",
            (handled_before.isoformat(),),
        )
        return cursor.rowcount
