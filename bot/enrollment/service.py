"""Enrollment: the steps that sign a civil servant up, each answer stored as it is given.

Channel-agnostic. A conversation adapter asks `Draft.next_step` what to ask, passes the
person's answer to one `answer_*` method, and shows the returned draft's next question. The
next step is derived from what is stored, so a restart or a lost conversation state resumes
at the first unanswered question. See handlers/telegram/enrollment.mmd for the flow.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

from bot.admin.notifications import AdminNotifier
from bot.clock import Clock
from bot.enrollment.nip import mask_nip, parse_nip
from bot.enrollment.person_names import parse_full_name
from bot.enrollment.social_handles import Platform, parse_handle
from bot.enrollment.work_email import parse_work_email
from bot.languages import Locale
from bot.people.service import ChannelIdentity
from bot.reference.agencies import Agency, AgencyDirectory, AgencyKind, regional_agency_name
from bot.reference.regions import Province, find_provinces, province_by_code
from bot.units.service import UnitService
from storage.counters import CounterRepository
from storage.database import Database
from storage.enrollments import Enrollment, EnrollmentRepository, SocialAccount
from storage.people import PeopleRepository, Person

# Bump when the consent text changes: stored consents name the version they agreed to.
CONSENT_VERSION = "2026-12-01"
PLATFORM_ORDER: tuple[Platform, ...] = (
    Platform.INSTAGRAM,
    Platform.FACEBOOK,
    Platform.X,
    Platform.TIKTOK,
    Platform.YOUTUBE,
)
MAX_WORK_UNIT_LENGTH = 120
MIN_WORK_UNIT_LENGTH = 2


class Step(IntEnum):
    """Where an enrollment conversation stands. Also the ConversationHandler's states."""

    CONSENT = 1
    NIP = 2
    FULL_NAME = 3
    AGENCY_KIND = 4
    AGENCY = 5
    WORK_UNIT = 6
    PROVINCE = 7
    WORK_EMAIL = 8
    SOCIAL_HANDLE = 9
    SUMMARY = 10


class Field(StrEnum):
    """What can be changed from the summary."""

    NIP = "nip"
    FULL_NAME = "full_name"
    AGENCY = "agency"
    WORK_UNIT = "work_unit"
    PROVINCE = "province"
    WORK_EMAIL = "work_email"
    SOCIAL = "social"


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


_FIELD_STEP = {
    Field.NIP: Step.NIP,
    Field.FULL_NAME: Step.FULL_NAME,
    Field.AGENCY: Step.AGENCY_KIND,
    Field.WORK_UNIT: Step.WORK_UNIT,
    Field.PROVINCE: Step.PROVINCE,
    Field.WORK_EMAIL: Step.WORK_EMAIL,
    Field.SOCIAL: Step.SOCIAL_HANDLE,
}
# The agency is asked in two steps; while editing, the second one is remembered like this.
_EDITING_AGENCY_NAME = "agency_name"


class WorkUnitProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    NO_LETTERS = "no_letters"


class WorkUnitError(ValueError):
    def __init__(self, reason: WorkUnitProblem) -> None:
        super().__init__(reason.value)
        self.reason = reason


class NipTaken(Exception):
    """The NIP belongs to someone else's enrollment; the admins have a case to look at."""

    def __init__(self, holder_id: int) -> None:
        super().__init__("NIP already enrolled")
        self.holder_id = holder_id


class NoSocialAccount(Exception):
    """Every platform was skipped; at least one account is needed."""


class NotEnrolling(Exception):
    """There is no enrollment for this person (never started, or erased)."""


# The answers that decide which PR unit a person belongs to.
_UNIT_ANSWERS = frozenset({"agency_kind", "agency_code", "agency_name", "province_code"})


@dataclass(frozen=True)
class Draft:
    """An enrollment as the conversation sees it."""

    person: Person
    enrollment: Enrollment
    accounts: tuple[SocialAccount, ...]

    @property
    def submitted(self) -> bool:
        return self.enrollment.status != Status.DRAFT

    @property
    def province(self) -> Province | None:
        code = self.enrollment.province_code
        return province_by_code(code) if code else None

    @property
    def current_platform(self) -> Platform | None:
        value = self.enrollment.current_platform
        return Platform(value) if value else None

    def account(self, platform: Platform) -> SocialAccount | None:
        return next((a for a in self.accounts if a.platform == platform), None)

    @property
    def next_step(self) -> Step:
        e = self.enrollment
        if e.editing == _EDITING_AGENCY_NAME:
            return Step.AGENCY
        if e.editing:
            return _FIELD_STEP[Field(e.editing)]
        for missing, step in (
            (e.nip is None, Step.NIP),
            (e.full_name is None, Step.FULL_NAME),
            (e.agency_kind is None, Step.AGENCY_KIND),
            (e.agency_name is None, Step.AGENCY),
            (e.work_unit is None, Step.WORK_UNIT),
            (e.province_code is None, Step.PROVINCE),
            (not e.email_answered, Step.WORK_EMAIL),
            (not e.platforms_answered, Step.SOCIAL_HANDLE),
        ):
            if missing:
                return step
        return Step.SUMMARY


def consent_fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_work_unit(text: str) -> str:
    unit = " ".join(text.split())
    if len(unit) < MIN_WORK_UNIT_LENGTH:
        raise WorkUnitError(WorkUnitProblem.TOO_SHORT)
    if len(unit) > MAX_WORK_UNIT_LENGTH:
        raise WorkUnitError(WorkUnitProblem.TOO_LONG)
    if not any(char.isalpha() for char in unit):
        raise WorkUnitError(WorkUnitProblem.NO_LETTERS)
    return unit


class EnrollmentService:
    def __init__(
        self,
        db: Database,
        people: PeopleRepository,
        enrollments: EnrollmentRepository,
        counters: CounterRepository,
        agencies: AgencyDirectory,
        units: UnitService,
        notifier: AdminNotifier,
        clock: Clock,
    ) -> None:
        self._db = db
        self._units = units
        self._people = people
        self._enrollments = enrollments
        self._counters = counters
        self.agencies = agencies
        self._notifier = notifier
        self._clock = clock

    def _today(self) -> date:
        return self._clock.now().date()

    async def draft(self, who: ChannelIdentity) -> Draft | None:
        conn = self._db.reader
        person = await self._people.find(conn, who.channel, who.user_id)
        if person is None:
            return None
        enrollment = await self._enrollments.get(conn, person.id)
        if enrollment is None:
            return None
        accounts = await self._enrollments.accounts(conn, person.id)
        return Draft(person, enrollment, tuple(accounts))

    async def draft_of(self, person_id: int) -> Draft | None:
        person = await self._people.get(self._db.reader, person_id)
        return await self.draft(_identity(person)) if person else None

    async def _require(self, who: ChannelIdentity) -> Draft:
        draft = await self.draft(who)
        if draft is None:
            raise NotEnrolling()
        return draft

    async def _update(self, draft: Draft, **fields: object) -> Draft:
        async with self._db.transaction() as tx:
            if _UNIT_ANSWERS & fields.keys():
                # The person's PR unit follows their agency answers, in the same step.
                answers = {name: getattr(draft.enrollment, name) for name in _UNIT_ANSWERS}
                answers.update({k: v for k, v in fields.items() if k in _UNIT_ANSWERS})
                fields["unit_id"] = await self._units.unit_id_for(tx, **answers)
            await self._enrollments.update(tx, draft.person.id, self._clock.now(), **fields)
        return await self._require(_identity(draft.person))

    async def assign_missing_units(self, batch: int = 500) -> int:
        """Gives every enrollment made before PR units existed its unit (at start; cheap when
        there is none). Those whose answers name no known unit stay national-only."""
        # Walks forward by person id: answers that name no unit yet (a regency before its
        # province) are passed once, not read again with every batch.
        assigned, after = 0, 0
        while True:
            async with self._db.transaction() as tx:
                pending = await self._enrollments.without_unit(tx, after, batch)
                for e in pending:
                    after = e.person_id
                    unit_id = await self._units.unit_id_for(
                        tx,
                        agency_kind=e.agency_kind,
                        agency_code=e.agency_code,
                        agency_name=e.agency_name,
                        province_code=e.province_code,
                    )
                    if unit_id is not None:
                        await self._enrollments.update(
                            tx, e.person_id, e.updated_at, unit_id=unit_id
                        )
                        assigned += 1
            if not pending:
                return assigned

    async def note_started(self) -> None:
        """Counts someone opening the enrollment (anonymously: only the number is kept)."""
        async with self._db.single_statement() as conn:
            await self._counters.increment(conn, self._today(), "enrollment_started")

    async def consent(
        self,
        who: ChannelIdentity,
        locale: Locale,
        consent_text: str,
        *,
        business_messages: bool = True,
    ) -> Draft:
        """Stores the consent (text version, fingerprint, time, and whether it includes the
        opt-in to business-initiated messages: content outside WhatsApp's 24-hour window comes
        as template messages) and opens a draft."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            person = await self._people.touch(tx, who.channel, who.user_id, now)
            await self._enrollments.add_consent(
                tx,
                person.id,
                text_version=CONSENT_VERSION,
                text_sha256=consent_fingerprint(consent_text),
                locale=locale,
                now=now,
                business_messages=business_messages,
            )
            await self._enrollments.create(tx, person.id, now)
            await self._counters.increment(tx, now.date(), "consented")
            if person.locale is None:
                # Messages sent later, outside any chat update, use the language of consent.
                await self._people.set_locale(tx, person.id, locale)
        return await self._require(who)

    async def answer_nip(self, who: ChannelIdentity, text: str) -> Draft:
        draft = await self._require(who)
        nip = parse_nip(text, today=self._today())
        now = self._clock.now()
        async with self._db.transaction() as tx:
            holder = await self._enrollments.holder_of_nip(tx, nip.digits)
            if holder is not None and holder != draft.person.id:
                await self._enrollments.record_nip_conflict(tx, draft.person.id, holder, now)
            else:
                await self._enrollments.update(
                    tx, draft.person.id, now, nip=nip.digits, editing=None
                )
                holder = None
        if holder is not None:
            await self._notifier.notify_admins(
                "admin_nip_conflict",
                nip=mask_nip(nip.digits),
                holder_id=holder,
                claimant=who.shown_to_admins(),
                claimant_id=draft.person.id,
            )
            raise NipTaken(holder)
        return await self._require(who)

    async def answer_full_name(self, who: ChannelIdentity, text: str) -> Draft:
        draft = await self._require(who)
        return await self._update(draft, full_name=parse_full_name(text), editing=None)

    async def choose_agency_kind(self, who: ChannelIdentity, kind: AgencyKind) -> Draft:
        draft = await self._require(who)
        editing = _EDITING_AGENCY_NAME if draft.enrollment.editing else None
        if editing:
            return await self._update(draft, agency_kind=kind.value, editing=editing)
        return await self._update(draft, agency_kind=kind.value, agency_code=None, agency_name=None)

    def search_agencies(self, kind: AgencyKind, query: str) -> list[Agency]:
        return self.agencies.search(query, kind=kind)

    async def choose_agency(self, who: ChannelIdentity, code: str) -> Draft:
        draft = await self._require(who)
        agency = self.agencies.by_code(code)
        if agency is None:
            raise KeyError(code)
        return await self._update(
            draft, agency_code=agency.code, agency_name=agency.name, editing=None
        )

    async def answer_regional_agency(self, who: ChannelIdentity, text: str) -> Draft:
        draft = await self._require(who)
        name = regional_agency_name(text)
        return await self._update(draft, agency_code=None, agency_name=name, editing=None)

    async def answer_work_unit(self, who: ChannelIdentity, text: str) -> Draft:
        draft = await self._require(who)
        return await self._update(draft, work_unit=parse_work_unit(text), editing=None)

    def search_provinces(self, query: str) -> list[Province]:
        return find_provinces(query)

    async def choose_province(self, who: ChannelIdentity, code: str) -> Draft:
        draft = await self._require(who)
        province = province_by_code(code)
        if province is None:
            raise KeyError(code)
        return await self._update(draft, province_code=province.code, editing=None)

    async def answer_work_email(self, who: ChannelIdentity, text: str | None) -> Draft:
        """Stores the address, or that the person chose to give none (`text` None)."""
        draft = await self._require(who)
        address = parse_work_email(text).address if text is not None else None
        return await self._update(draft, work_email=address, email_answered=1, editing=None)

    async def begin_social_handles(self, who: ChannelIdentity) -> Draft:
        draft = await self._require(who)
        if draft.enrollment.current_platform:
            return draft
        return await self._update(draft, current_platform=PLATFORM_ORDER[0].value)

    async def answer_social_handle(
        self, who: ChannelIdentity, text: str | None, *, remove: bool = False
    ) -> Draft:
        """Stores the handle for the platform being asked (None keeps what is there, `remove`
        deletes it) and moves to the next platform. Raises NoSocialAccount after the last
        platform when there is none at all, and starts the round again."""
        draft = await self.begin_social_handles(who)
        platform = draft.current_platform
        assert platform is not None
        handle = parse_handle(platform, text) if text is not None else None
        now = self._clock.now()
        position = PLATFORM_ORDER.index(platform)
        following = PLATFORM_ORDER[position + 1] if position + 1 < len(PLATFORM_ORDER) else None
        person_id = draft.person.id
        async with self._db.transaction() as tx:
            if handle is not None:
                await self._enrollments.put_account(tx, person_id, platform, handle.handle, now)
            elif remove:
                await self._enrollments.remove_account(tx, person_id, platform)
            if following is not None:
                await self._enrollments.update(tx, person_id, now, current_platform=following.value)
                none_left = False
            else:
                none_left = not await self._enrollments.accounts(tx, person_id)
                fields: dict[str, object] = {"current_platform": None}
                if not none_left:
                    fields.update(platforms_answered=1, editing=None)
                await self._enrollments.update(tx, person_id, now, **fields)
        if none_left:
            raise NoSocialAccount()
        return await self._require(who)

    async def edit(self, who: ChannelIdentity, field: Field) -> Draft:
        """Asks the field again; answering it returns to the summary."""
        draft = await self._require(who)
        if field is Field.SOCIAL:
            return await self._update(
                draft, editing=field.value, current_platform=PLATFORM_ORDER[0].value
            )
        return await self._update(draft, editing=field.value)

    async def cancel_edit(self, who: ChannelIdentity) -> Draft:
        draft = await self._require(who)
        return await self._update(draft, editing=None, current_platform=None)

    async def submit(self, who: ChannelIdentity) -> Draft:
        """Marks a complete draft as waiting for verification."""
        draft = await self._require(who)
        if draft.next_step is not Step.SUMMARY:
            return draft
        if draft.submitted:
            return draft
        now = self._clock.now()
        async with self._db.transaction() as tx:
            await self._enrollments.update(
                tx, draft.person.id, now, status=Status.SUBMITTED.value, submitted_at=now
            )
            await self._counters.increment(tx, now.date(), "submitted")
        return await self._require(who)

    async def pause_content(self, who: ChannelIdentity) -> Draft:
        draft = await self._require(who)
        if draft.enrollment.content_paused_at:
            return draft
        return await self._update(draft, content_paused_at=self._clock.now())

    async def resume_content(self, who: ChannelIdentity) -> Draft:
        draft = await self._require(who)
        return await self._update(draft, content_paused_at=None)


def _identity(person: Person) -> ChannelIdentity:
    return ChannelIdentity(person.channel, person.channel_user_id)
