"""Data rights under UU PDP: see everything stored about oneself, and erase it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from bot.clock import Clock
from bot.people import ChannelIdentity, PeopleService
from storage.conversation_states import ConversationStateRepository
from storage.counters import CounterRepository
from storage.database import Database
from storage.enrollments import EnrollmentRepository
from storage.people import PeopleRepository
from storage.verification import VerificationRepository


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
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
        enrollments: EnrollmentRepository,
        conversation_states: ConversationStateRepository,
        counters: CounterRepository,
        verification: VerificationRepository,
        clock: Clock,
    ) -> None:
        self._db = db
        self._people_service = people_service
        self._people = people
        self._enrollments = enrollments
        self._conversation_states = conversation_states
        self._counters = counters
        self._verification = verification
        self._clock = clock

    async def export(self, who: ChannelIdentity) -> dict[str, Any]:
        """Every stored fact about the person, as JSON-ready data (the right of access)."""
        conn = self._db.reader
        person = await self._people.find(conn, who.channel, who.user_id)
        if person is None:
            return {"exported_at": self._clock.now().isoformat(), "person": None}
        enrollment = await self._enrollments.get(conn, person.id)
        document = _plain(
            {
                "exported_at": self._clock.now(),
                "person": asdict(person),
                "consents": [asdict(c) for c in await self._enrollments.consents(conn, person.id)],
                "enrollment": asdict(enrollment) if enrollment else None,
                "social_accounts": [
                    asdict(a) for a in await self._enrollments.accounts(conn, person.id)
                ],
                "nip_conflicts_claimed_at": await self._enrollments.nip_conflict_times(
                    conn, person.id
                ),
                "verification_checks": [
                    asdict(c) for c in await self._verification.checks(conn, person.id)
                ],
                "review_cases": [
                    asdict(c) for c in await self._verification.cases_of(conn, person.id)
                ],
            }
        )
        assert isinstance(document, dict)
        return document

    async def erase(self, who: ChannelIdentity) -> bool:
        """Deletes the person and everything that names them; only an anonymous count of
        erasures remains. Returns False when there was nothing to erase."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            person = await self._people.find(tx, who.channel, who.user_id)
            await self._conversation_states.delete_for_user(tx, int(who.user_id))
            if person is None:
                return False
            await self._people.erase(tx, person.id)
            await self._counters.increment(tx, now.date(), "erased")
        # secure_delete zeroed the rows; the WAL still holds earlier copies of them until
        # it is checkpointed and emptied.
        await self._db.truncate_wal()
        self._people_service.forget(who)
        return True
