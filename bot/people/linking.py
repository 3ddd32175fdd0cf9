"""One person, two channels: a one-time code shown on the channel a person is enrolled on
and typed on the other links that second address to the same person (one NIP, one badge).

Nothing is merged silently: the identity typing the code must have no enrollment of its own.
After linking, content goes to the channel where the code was typed until the person chooses
otherwise, and never to both.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.clock import Clock
from bot.people.service import ChannelIdentity, PeopleService
from storage.database import Database
from storage.enrollments import EnrollmentRepository
from storage.link_codes import LinkCodeRepository
from storage.people import PeopleRepository
from storage.sql import Connection

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=15)
# Wrong codes one address may type within CODE_LIFETIME: guessing one of a million codes
# five times succeeds once in 200,000 tries.
MAX_WRONG_CODES = 5
# People type codes with spaces or dashes ("123 456", "123-456").
_SEPARATORS = re.compile(r"[\s.-]+")
_CODE = re.compile(rf"[0-9]{{{CODE_DIGITS}}}")


@dataclass(frozen=True)
class LinkCode:
    code: str
    expires_at: datetime


class LinkProblem(StrEnum):
    NOT_ENROLLED = "not_enrolled"  # no enrollment behind the identity asking
    WRONG_CODE = "wrong_code"
    EXPIRED = "expired"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    SAME_CHANNEL = "same_channel"  # typed on the channel it was shown on
    ALREADY_ENROLLED = "already_enrolled"  # the typing identity has its own enrollment
    ALREADY_LINKED = "already_linked"  # the typing identity belongs to another linked person
    NOT_LINKED = "not_linked"  # content asked for a channel the person has no address on


class LinkRefused(Exception):
    def __init__(self, reason: LinkProblem) -> None:
        super().__init__(reason.value)
        self.reason = reason


def parse_link_code(text: str) -> str | None:
    """The 6 digits of a typed code, or None when it is not one."""
    compact = _SEPARATORS.sub("", text)
    return compact if _CODE.fullmatch(compact) else None


def _code_sha256(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


class ChannelLinks:
    def __init__(
        self,
        db: Database,
        people: PeopleRepository,
        enrollments: EnrollmentRepository,
        codes: LinkCodeRepository,
        people_service: PeopleService,
        clock: Clock,
    ) -> None:
        self._db = db
        self._people = people
        self._enrollments = enrollments
        self._codes = codes
        self._people_service = people_service
        self._clock = clock

    async def issue(self, who: ChannelIdentity) -> LinkCode:
        """A new code for the person (the one shown before stops working), to be typed on
        their other channel. Refused (`not_enrolled`) for someone with no enrollment."""
        now = self._clock.now()
        expires_at = now + CODE_LIFETIME
        async with self._db.transaction() as tx:
            person = await self._people.find(tx, who.channel, who.user_id)
            if person is None or await self._enrollments.get(tx, person.id) is None:
                raise LinkRefused(LinkProblem.NOT_ENROLLED)
            await self._codes.prune(tx, now)
            # Codes in use are unique, so a typed code names one person.
            code = _new_code()
            while await self._codes.in_use(tx, _code_sha256(code)):
                code = _new_code()
            await self._codes.put(tx, person.id, _code_sha256(code), who.channel, now, expires_at)
        return LinkCode(code, expires_at)

    async def redeem(self, who: ChannelIdentity, code: str) -> int:
        """Links `who` to the person whose code this is and sends their content here; returns
        the person's id. A bare row of `who` (started, never enrolled) is removed; an address
        the person had on this channel before is replaced (a new phone number)."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            problem, person_id, replaced = await self._link(tx, who, code, now)
        if problem is not None:
            raise LinkRefused(problem)
        for forgotten in (who, *replaced):
            self._people_service.forget(forgotten)
        assert person_id is not None
        return person_id

    async def _link(
        self, tx: Connection, who: ChannelIdentity, text: str, now: datetime
    ) -> tuple[LinkProblem | None, int | None, list[ChannelIdentity]]:
        """Does the link inside the caller's transaction, or says why not. Wrong tries are
        written either way, so a refusal is returned rather than raised (raising would roll
        the count back)."""
        if await self._codes.wrong_tries(tx, who.channel, who.user_id, now) >= MAX_WRONG_CODES:
            return LinkProblem.TOO_MANY_ATTEMPTS, None, []
        code = parse_link_code(text)
        stored = await self._codes.find(tx, _code_sha256(code)) if code else None
        if stored is None:
            expires_at = now + CODE_LIFETIME
            await self._codes.add_wrong_try(tx, who.channel, who.user_id, now, expires_at)
            return LinkProblem.WRONG_CODE, None, []
        if stored.expires_at <= now:
            await self._codes.delete(tx, stored.person_id)
            return LinkProblem.EXPIRED, None, []
        if stored.channel == who.channel:
            return LinkProblem.SAME_CHANNEL, None, []
        owner_id = stored.person_id
        typist = await self._people.find(tx, who.channel, who.user_id)
        if typist is not None and typist.id != owner_id:
            if len(await self._people.addresses(tx, typist.id)) > 1:
                return LinkProblem.ALREADY_LINKED, None, []
            if await self._enrollments.get(tx, typist.id) is not None:
                return LinkProblem.ALREADY_ENROLLED, None, []
            await self._people.erase(tx, typist.id)
        replaced: list[ChannelIdentity] = []
        if typist is None or typist.id != owner_id:
            for address in await self._people.addresses(tx, owner_id):
                if address.channel == who.channel:
                    await self._people.remove_address(tx, address.channel, address.address)
                    replaced.append(ChannelIdentity(address.channel, address.address))
            await self._people.add_address(tx, owner_id, who.channel, who.user_id, now)
        await self._people.set_content_address(tx, owner_id, who.channel, who.user_id)
        await self._codes.delete(tx, owner_id)
        await self._codes.clear_wrong_tries(tx, who.channel, who.user_id)
        return None, owner_id, replaced

    async def choose_content_channel(self, who: ChannelIdentity, channel: str) -> None:
        """Content goes to the person's address on `channel` from now on."""
        async with self._db.transaction() as tx:
            person = await self._people.find(tx, who.channel, who.user_id)
            if person is None:
                raise LinkRefused(LinkProblem.NOT_ENROLLED)
            address = next(
                (a for a in await self._people.addresses(tx, person.id) if a.channel == channel),
                None,
            )
            if address is None:
                raise LinkRefused(LinkProblem.NOT_LINKED)
            await self._people.set_content_address(tx, person.id, channel, address.address)

    async def addresses(self, who: ChannelIdentity) -> list[ChannelIdentity]:
        """Every address of the person `who` is one of, oldest first (empty: unknown)."""
        conn = self._db.reader
        person = await self._people.find(conn, who.channel, who.user_id)
        if person is None:
            return []
        return [
            ChannelIdentity(a.channel, a.address)
            for a in await self._people.addresses(conn, person.id)
        ]

    async def content_address(self, who: ChannelIdentity) -> ChannelIdentity | None:
        """Where the person's content goes (None: unknown)."""
        person = await self._people.find(self._db.reader, who.channel, who.user_id)
        return ChannelIdentity(person.channel, person.channel_user_id) if person else None


def _new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
