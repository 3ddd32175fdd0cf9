"""Knowing who we talk to: first/last contact, chosen language, reachability."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.languages import Locale, choose_locale
from bot.logging_setup import mask_phone
from storage.database import Database
from storage.people import PeopleRepository, Person

# The channels people reach us on; a ChannelIdentity's `channel` is one of these.
TELEGRAM = "telegram"
WHATSAPP = "whatsapp"
CHANNELS: tuple[str, ...] = (TELEGRAM, WHATSAPP)
# As the apps call themselves, in every language.
CHANNEL_NAMES: dict[str, str] = {TELEGRAM: "Telegram", WHATSAPP: "WhatsApp"}


@dataclass(frozen=True)
class ChannelIdentity:
    """A person as one messaging channel knows them: their Telegram user id, or their
    WhatsApp id (the phone number). Either identity of a linked person finds the same
    person."""

    channel: str
    user_id: str

    def shown_to_admins(self) -> str:
        """`Telegram 123456789`, `WhatsApp 62812****7890`: enough for the admins to tell
        people apart; a phone number is personal data and stays masked."""
        shown = mask_phone(self.user_id) if self.channel == WHATSAPP else self.user_id
        return f"{CHANNEL_NAMES.get(self.channel, self.channel)} {shown}"


# People remembered in memory; every update asks for the language, few people change it.
LANGUAGE_CACHE_SIZE = 100_000
# `last_seen_at` is kept to this resolution: at most one write per person per hour. Someone
# not in the database is looked up again after this long (they may have enrolled meanwhile).
SEEN_RESOLUTION = timedelta(hours=1)


@dataclass
class _Known:
    """What is remembered about a person who has a row in `people`."""

    person_id: int
    locale: str | None
    reachable: bool
    last_seen_at: datetime


class PeopleService:
    def __init__(self, db: Database, repository: PeopleRepository, clock: Clock) -> None:
        self._db = db
        self._repository = repository
        self._clock = clock
        self._known: dict[ChannelIdentity, _Known] = {}
        # A linked person is known under an identity on each channel.
        self._by_id: dict[int, set[ChannelIdentity]] = {}
        # People with no row (never consented), with when that was last looked up.
        self._unknown: dict[ChannelIdentity, datetime] = {}

    async def _lookup(self, who: ChannelIdentity) -> _Known | None:
        known = self._known.get(who)
        if known is not None:
            return known
        now = self._clock.now()
        looked_up = self._unknown.get(who)
        if looked_up is not None and now - looked_up < SEEN_RESOLUTION:
            return None
        person = await self._repository.find(self._db.reader, who.channel, who.user_id)
        if len(self._known) + len(self._unknown) >= LANGUAGE_CACHE_SIZE:
            self._known.clear()
            self._by_id.clear()
            self._unknown.clear()
        if person is None:
            self._unknown[who] = now
            return None
        return self._remember(who, person)

    def _remember(self, who: ChannelIdentity, person: Person) -> _Known:
        self._unknown.pop(who, None)
        known = _Known(person.id, person.locale, person.status == "active", person.last_seen_at)
        self._known[who] = known
        self._by_id.setdefault(person.id, set()).add(who)
        return known

    async def chosen_language(self, who: ChannelIdentity) -> str | None:
        """The language the person picked with /bahasa, if any."""
        known = await self._lookup(who)
        return known.locale if known else None

    async def stored_language(self, who: ChannelIdentity) -> str | None:
        """The language on record, read fresh (for messages sent outside an update)."""
        person = await self._repository.find(self._db.reader, who.channel, who.user_id)
        return person.locale if person else None

    async def note_activity(self, who: ChannelIdentity) -> None:
        """The person wrote or pressed a button: they are reachable again (until they write,
        a person who blocked us or could not be reached stays skipped by campaigns), and
        `last_seen_at` moves. Cheap on purpose, it runs for every update: a write only when
        the person was unreachable or last seen more than SEEN_RESOLUTION ago."""
        known = await self._lookup(who)
        if known is None:
            return
        now = self._clock.now()
        if known.reachable and now - known.last_seen_at < SEEN_RESOLUTION:
            return
        async with self._db.single_statement() as conn:
            await self._repository.seen(conn, known.person_id, now)
        known.reachable, known.last_seen_at = True, now

    def unreachable(self, person_ids: Iterable[int]) -> None:
        """People a delivery just marked unreachable: their next message must clear it."""
        for person_id in person_ids:
            for who in self._by_id.get(person_id, ()):
                known = self._known.get(who)
                if known is not None:
                    known.reachable = False
        # Someone remembered as unknown may have enrolled since; look them up again.
        self._unknown.clear()

    async def set_reachable(self, who: ChannelIdentity, reachable: bool) -> None:
        async with self._db.single_statement() as conn:
            await self._repository.set_reachable(conn, who.channel, who.user_id, reachable)
        known = self._known.get(who)
        if known is not None:
            known.reachable = reachable

    def forget(self, who: ChannelIdentity) -> None:
        """Drops what is remembered in memory about the person under every identity they
        are known by (after erasure, or when linking gave the identity another person)."""
        self._unknown.pop(who, None)
        known = self._known.pop(who, None)
        if known is None:
            return
        for other in self._by_id.pop(known.person_id, set()):
            self._known.pop(other, None)

    async def seen(self, who: ChannelIdentity) -> Person:
        async with self._db.transaction() as tx:
            person = await self._repository.touch(tx, who.channel, who.user_id, self._clock.now())
        self._remember(who, person)
        return person

    async def find(self, who: ChannelIdentity) -> Person | None:
        return await self._repository.find(self._db.reader, who.channel, who.user_id)

    async def choose_language(self, who: ChannelIdentity, locale: Locale) -> None:
        async with self._db.transaction() as tx:
            person = await self._repository.touch(tx, who.channel, who.user_id, self._clock.now())
            await self._repository.set_locale(tx, person.id, locale)
        self._remember(who, person).locale = locale


class PersonLocales:
    """The language to write to a person in outside their own updates (background checks,
    admin decisions, badges): their stored choice, else the bot's default."""

    def __init__(self, people: PeopleService, default: Locale) -> None:
        self._people = people
        self._default = default

    async def locale_of(self, who: ChannelIdentity) -> Locale:
        return choose_locale(await self._people.stored_language(who), None, self._default)
