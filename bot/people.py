"""Knowing who we talk to: first/last contact, chosen language, reachability."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.languages import Locale
from storage.database import Database
from storage.people import PeopleRepository, Person


@dataclass(frozen=True)
class ChannelIdentity:
    """A person as one messaging channel knows them (Telegram today, WhatsApp later)."""

    channel: str
    user_id: str


class PeopleService:
    def __init__(self, db: Database, repository: PeopleRepository, clock: Clock) -> None:
        self._db = db
        self._repository = repository
        self._clock = clock

    async def seen(self, who: ChannelIdentity) -> Person:
        async with self._db.transaction() as tx:
            return await self._repository.touch(tx, who.channel, who.user_id, self._clock.now())

    async def find(self, who: ChannelIdentity) -> Person | None:
        return await self._repository.find(self._db.reader, who.channel, who.user_id)

    async def choose_language(self, who: ChannelIdentity, locale: Locale) -> None:
        async with self._db.transaction() as tx:
            person = await self._repository.touch(tx, who.channel, who.user_id, self._clock.now())
            await self._repository.set_locale(tx, person.id, locale)
