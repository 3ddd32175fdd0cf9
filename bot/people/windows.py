"""WhatsApp's customer service window: free-form messages may reach a person only within 24
hours of their last message; outside it, only approved templates.

Every inbound message passes here, so noting it is cheap: memory first, and at most one
write a minute per address. The database copy may therefore be up to a minute old, which
only makes a window read after a restart end a little early (a template is sent where a
free-form message was allowed): never the other way round.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.clock import Clock
from bot.people.service import WHATSAPP, ChannelIdentity
from storage.database import Database
from storage.people import PeopleRepository

WINDOW = timedelta(hours=24)
WRITE_RESOLUTION = timedelta(minutes=1)
# Addresses remembered in memory; beyond this the memory starts again from the database.
CACHE_SIZE = 100_000


class ConversationWindows:
    def __init__(self, db: Database, people: PeopleRepository, clock: Clock) -> None:
        self._db = db
        self._people = people
        self._clock = clock
        # (channel, address) -> the last inbound message (None: closed, or never wrote).
        self._last_inbound: dict[tuple[str, str], datetime | None] = {}
        # (channel, address) -> when last_inbound_at was last written.
        self._written: dict[tuple[str, str], datetime] = {}

    def _remember(self, key: tuple[str, str], at: datetime | None) -> None:
        if key not in self._last_inbound and len(self._last_inbound) >= CACHE_SIZE:
            self._last_inbound.clear()
            self._written.clear()
        self._last_inbound[key] = at

    async def note_inbound(self, who: ChannelIdentity, at: datetime) -> None:
        """The person wrote at `at`: their window is open for 24 hours from then. Stores
        nothing for someone unknown (never consented); the window is still open in memory."""
        key = (who.channel, who.user_id)
        known = self._last_inbound.get(key)
        if known is not None and known >= at:
            return  # a webhook delivered late, or twice
        self._remember(key, at)
        written = self._written.get(key)
        if written is not None and at - written < WRITE_RESOLUTION:
            return
        self._written[key] = at
        async with self._db.single_statement() as conn:
            await self._people.set_last_inbound(conn, who.channel, who.user_id, at)

    async def is_open(self, address: str, *, channel: str = WHATSAPP) -> bool:
        key = (channel, address)
        if key in self._last_inbound:
            last = self._last_inbound[key]
        else:
            last = await self._people.last_inbound(self._db.reader, channel, address)
            self._remember(key, last)
        return last is not None and self._clock.now() - last < WINDOW

    async def close(self, address: str, *, channel: str = WHATSAPP) -> None:
        """WhatsApp said the window is closed (error 131047): templates until they write."""
        key = (channel, address)
        self._remember(key, None)
        self._written.pop(key, None)
        async with self._db.single_statement() as conn:
            await self._people.set_last_inbound(conn, channel, address, None)
