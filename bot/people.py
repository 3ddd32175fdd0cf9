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


# Languages remembered in memory; every update asks, few people ever change it.
LANGUAGE_CACHE_SIZE = 100_000


class PeopleService:
    def __init__(self, db: Database, repository: PeopleRepository, clock: Clock) -> None:
        self._db = db
        self._repository = repository
        self._clock = clock
        self._languages: dict[ChannelIdentity, str | None] = {}

    async def chosen_language(self, who: ChannelIdentity) -> str | None:
        """The language the person picked with /bahasa, if any."""
        if who in self._languages:
            return self._languages[who]
        person = await self._repository.find(self._db.reader, who.channel, who.user_id)
        if len(self._languages) >= LANGUAGE_CACHE_SIZE:
            self._languages.clear()
        self._languages[who] = person.locale if person else None
        return self._languages[who]

    async def stored_language(self, who: ChannelIdentity) -> str | None:
        """The language on record, read fresh (for messages sent outside an update)."""
        person = await self._repository.find(self._db.reader, who.channel, who.user_id)
        return person.locale if person else None

    async def set_reachable(self, who: ChannelIdentity, reachable: bool) -> None:
        async with self._db.single_statement() as conn:
            await self._repository.set_reachable(conn, who.channel, who.user_id, reachable)

    def forget(self, who: ChannelIdentity) -> None:
        """Drops what is remembered in memory about the person (after erasure)."""
        self._languages.pop(who, None)

    async def seen(self, who: ChannelIdentity) -> Person:
        async with self._db.transaction() as tx:
            return await self._repository.touch(tx, who.channel, who.user_id, self._clock.now())

    async def find(self, who: ChannelIdentity) -> Person | None:
        return await self._repository.find(self._db.reader, who.channel, who.user_id)

    async def choose_language(self, who: ChannelIdentity, locale: Locale) -> None:
        async with self._db.transaction() as tx:
            person = await self._repository.touch(tx, who.channel, who.user_id, self._clock.now())
            await self._repository.set_locale(tx, person.id, locale)
        self._languages[who] = locale
