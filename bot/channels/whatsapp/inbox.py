"""The durable inbox between the webhook's 200 and the person's answer: a message is stored
before Meta hears "received", handled from here, then reduced to its id."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.channels.whatsapp.inbound import inbound_from_json, inbound_to_json
from bot.channels.whatsapp.ports import Inbound
from bot.clock import Clock
from storage.database import Database
from storage.whatsapp_inbox import InboxMessage, WhatsAppInboxRepository

# Meta retries an unanswered webhook for up to 7 days; the ids of handled messages are kept
# that long, so a repeat that late is still recognised.
KEEP_HANDLED_IDS = timedelta(days=7)
PRUNE_EVERY = timedelta(hours=1)


def masked_wa_id(wa_id: str) -> str:
    """Enough of a phone number to tell people apart in the log, not to call them."""
    return f"…{wa_id[-3:]}"


class WhatsAppInbox:
    def __init__(self, db: Database, repository: WhatsAppInboxRepository, clock: Clock) -> None:
        self._db = db
        self._repository = repository
        self._clock = clock
        self._pruned_at: datetime | None = None

    async def accept(self, messages: Sequence[Inbound]) -> list[Inbound]:
        """Stores the messages; returns those seen for the first time, in order."""
        if not messages:
            return []
        now = self._clock.now()
        rows = [InboxMessage(m.message_id, m.wa_id, inbound_to_json(m), now) for m in messages]
        async with self._db.transaction() as tx:
            added = set(await self._repository.add(tx, rows))
        return [m for m in messages if m.message_id in added]

    async def waiting(self) -> list[Inbound]:
        rows = await self._repository.waiting(self._db.reader)
        return [inbound_from_json(row.payload) for row in rows]

    async def handled(self, message_id: str) -> None:
        async with self._db.single_statement() as conn:
            await self._repository.handled(conn, message_id, self._clock.now())

    async def prune(self) -> int:
        now = self._clock.now()
        self._pruned_at = now
        async with self._db.single_statement() as conn:
            return await self._repository.prune(conn, now - KEEP_HANDLED_IDS)

    async def prune_when_due(self) -> None:
        """Prunes at most once per PRUNE_EVERY (called after each handled message)."""
        if self._pruned_at is None or self._clock.now() - self._pruned_at >= PRUNE_EVERY:
            await self.prune()
