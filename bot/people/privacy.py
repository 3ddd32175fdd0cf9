"""Data rights under UU PDP: see everything stored about oneself, and erase it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.clock import Clock
from bot.people.service import TELEGRAM, ChannelIdentity, PeopleService
from storage.conversation_states import ConversationStateRepository
from storage.counters import CounterRepository
from storage.database import Database
from storage.link_codes import LinkCodeRepository
from storage.people import PeopleRepository
from storage.personal_data import PersonalDataRepository
from storage.telegram_inbox import TelegramInboxRepository, telegram_person_key


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


class PrivacyService:
    def __init__(
        self,
        db: Database,
        people_service: PeopleService,
        people: PeopleRepository,
        conversation_states: ConversationStateRepository,
        counters: CounterRepository,
        personal_data: PersonalDataRepository,
        link_codes: LinkCodeRepository,
        clock: Clock,
        telegram_inbox: TelegramInboxRepository | None = None,
    ) -> None:
        self._db = db
        self._people_service = people_service
        self._people = people
        self._conversation_states = conversation_states
        self._counters = counters
        self._clock = clock
        self._personal_data = personal_data
        self._link_codes = link_codes
        self._telegram_inbox = telegram_inbox or TelegramInboxRepository()

    async def export(self, who: ChannelIdentity) -> dict[str, Any]:
        """Every stored row that refers to the person, as JSON-ready data (the right of
        access): keyed by table, with `person` and `enrollment` as single objects and the
        points their reshares earned."""
        now = self._clock.now()
        records = await self._personal_data.records(self._db.reader, who.channel, who.user_id)
        if records is None:
            return {"exported_at": now.isoformat(), "person": None}
        tables = dict(records.tables)
        enrollments = tables.pop("enrollments")
        reshares = tables["reshares"]
        document = _plain(
            {
                "exported_at": now,
                "person": records.person,
                "enrollment": enrollments[0] if enrollments else None,
                **tables,
                "points": {
                    "total": sum(int(str(r["points"])) for r in reshares),
                    "reshares": len(reshares),
                },
            }
        )
        assert isinstance(document, dict)
        return document

    async def erase(self, who: ChannelIdentity) -> bool:
        """Deletes the person, every address of theirs (on every channel) and everything that
        names them; only an anonymous count of erasures remains. Returns False when there was
        nothing to erase."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            person = await self._people.find(tx, who.channel, who.user_id)
            addresses = [
                ChannelIdentity(a.channel, a.address)
                for a in (await self._people.addresses(tx, person.id) if person else [])
            ]
            for identity in {who, *addresses}:
                await self._link_codes.clear_wrong_tries(tx, identity.channel, identity.user_id)
                # Conversation states are keyed by the channel's user id (Telegram's a number).
                key = int(identity.user_id) if identity.channel == TELEGRAM else identity.user_id
                await self._conversation_states.delete_for_user(tx, key)
                if identity.channel == TELEGRAM:
                    # What they sent that still waits (handled updates keep no person).
                    await self._telegram_inbox.erase(tx, telegram_person_key(identity.user_id))
            if person is None:
                return False
            await self._people.erase(tx, person.id)
            await self._counters.increment(tx, now.date(), "erased")
        # secure_delete zeroed the rows; the WAL still holds earlier copies of them until
        # it is checkpointed and emptied.
        await self._db.truncate_wal()
        for identity in {who, *addresses}:
            self._people_service.forget(identity)
        return True
