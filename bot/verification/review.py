"""Manual review: where no API can see an account, an admin looks at a screenshot."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from bot.admin.audit import Actor
from bot.clock import Clock
from bot.enrollment.service import Draft, EnrollmentService
from bot.enrollment.social_handles import HandleError, Platform, parse_handle
from bot.people.service import ChannelIdentity
from bot.verification.outcomes import VerificationNews
from bot.verification.rules import Flag, Policy, new_code, review_flags
from bot.verification.service import VerificationService
from storage.audit import AuditRepository
from storage.database import Database
from storage.enrollments import EnrollmentRepository
from storage.verification import OwnershipCode, ReviewCase, VerificationRepository


class NoOpenCase(Exception):
    """The person has no review case waiting for a screenshot or a count."""


class CaseGone(Exception):
    """The case does not exist (its person erased their data) or the pressed card is not the
    case's card (an old card whose number now belongs to someone else, or one posted again)."""

    def __init__(self, case_id: int, *, replaced: bool) -> None:
        super().__init__(case_id)
        self.case_id = case_id
        self.replaced = replaced  # the case exists, but on another card


class ReviewReason:
    """Short reasons an admin can pick when rejecting (the catalogue translates the keys)."""

    KEYS = ("count", "code", "owner", "unclear")


@dataclass(frozen=True)
class ReviewCard:
    """Everything an admin needs to decide, for the review card in the admin group."""

    case: ReviewCase
    full_name: str
    agency: str
    profile_url: str
    flags: tuple[Flag, ...]
    unit_id: int | None = None  # the person's PR unit: whose admin group decides


@dataclass(frozen=True)
class ReviewResult:
    won: bool  # False: another admin decided first
    case: ReviewCase
    who: ChannelIdentity | None
    news: VerificationNews | None


class ReviewService:
    def __init__(
        self,
        db: Database,
        enrollment: EnrollmentService,
        records: VerificationRepository,
        enrollments: EnrollmentRepository,
        verification: VerificationService,
        audit: AuditRepository,
        policy: Policy,
        clock: Clock,
    ) -> None:
        self._db = db
        self._enrollment = enrollment
        self._records = records
        self._enrollments = enrollments
        self._verification = verification
        self._audit = audit
        self._policy = policy
        self._clock = clock

    async def begin(self, who: ChannelIdentity, platform: Platform) -> OwnershipCode:
        """Opens a case for the account and returns the code to show in the screenshot."""
        draft = await self._require(who)
        account = draft.account(platform)
        if account is None:
            raise NoOpenCase()
        now = self._clock.now()
        code = await self._records.code(self._db.reader, draft.person.id, platform)
        if code is None or code.handle != account.handle or code.expires_at <= now:
            code = OwnershipCode(
                draft.person.id,
                platform.value,
                account.handle,
                new_code(),
                now + self._policy.code_valid,
            )
        evidence = await self._evidence(draft, platform)
        async with self._db.transaction() as tx:
            await self._records.put_code(tx, code)
            await self._records.open_case(
                tx, draft.person.id, platform.value, account.handle, code.code, evidence, now
            )
        return code

    async def collecting(self, who: ChannelIdentity) -> ReviewCase | None:
        draft = await self._enrollment.draft(who)
        if draft is None:
            return None
        return await self._records.collecting_case(self._db.reader, draft.person.id)

    async def attach_screenshot(self, who: ChannelIdentity, file_id: str) -> ReviewCase:
        case = await self._open_case(who)
        async with self._db.single_statement() as conn:
            await self._records.update_case(conn, case.id, screenshot_file_id=file_id)
        return case

    async def claim(self, who: ChannelIdentity, followers: int) -> ReviewCard:
        """Stores the count the person sees and puts the case in the admins' queue."""
        case = await self._open_case(who)
        draft = await self._require(who)
        checks = await self._records.checks(self._db.reader, draft.person.id, case.platform)
        api = checks[-1] if checks else None
        flags = review_flags(
            followers=followers,
            following=api.following if api else None,
            created_at=api.account_created_at if api else None,
            previous_followers=[c.followers for c in checks if c.followers is not None],
            now=self._clock.now(),
            protected=api is not None and api.outcome == "protected",
        )
        account = draft.account(Platform(case.platform))
        async with self._db.transaction() as tx:
            await self._records.update_case(
                tx,
                case.id,
                claimed_followers=followers,
                flags=",".join(flags),
                status="pending",
            )
            # A re-verification case leaves a verified account verified until an admin decides.
            if account is None or account.verification_status != "verified":
                await self._enrollments.set_account_state(
                    tx, draft.person.id, case.platform, "review", self._clock.now()
                )
        card = await self.card(case.id)
        if card is None:
            raise NoOpenCase()  # erased meanwhile
        return card

    async def card(self, case_id: int) -> ReviewCard | None:
        """The card of an existing case (None when the case or its person is gone)."""
        case = await self._records.case(self._db.reader, case_id)
        if case is None:
            return None
        draft = await self._enrollment.draft_of(case.person_id)
        if draft is None:
            return None
        try:
            url = parse_handle(Platform(case.platform), case.handle).profile_url
        except HandleError:
            url = case.handle
        return ReviewCard(
            case=case,
            full_name=draft.enrollment.full_name or "—",
            agency=draft.enrollment.agency_name or "—",
            profile_url=url,
            flags=tuple(Flag(flag) for flag in case.flags),
            unit_id=draft.enrollment.unit_id,
        )

    async def card_posted(self, case_id: int, message_id: int, chat_id: int | None = None) -> None:
        """The case's card is message `message_id` in chat `chat_id` (None: the national admin
        group); only a press there decides the case."""
        async with self._db.single_statement() as conn:
            await self._records.update_case(
                conn, case_id, card_message_id=message_id, card_chat_id=chat_id
            )

    async def cards_moved(self, old_chat_id: int, new_chat_id: int) -> None:
        async with self._db.single_statement() as conn:
            await self._records.cards_moved(conn, old_chat_id, new_chat_id)

    async def pending(
        self, limit: int = 20, offset: int = 0, unit_ids: Collection[int] | None = None
    ) -> list[ReviewCard]:
        """Pending cards of people in `unit_ids` (None: everyone), oldest first."""
        cases = await self._records.pending_cases(self._db.reader, limit, offset, unit_ids)
        cards = [await self.card(case.id) for case in cases]
        return [card for card in cards if card is not None]

    async def pending_count(self, unit_ids: Collection[int] | None = None) -> int:
        return await self._records.pending_count(self._db.reader, unit_ids)

    async def pending_card(self, case_id: int) -> ReviewCard | None:
        card = await self.card(case_id)
        return card if card and card.case.status == "pending" else None

    async def check_card(
        self, case_id: int, card_message_id: int, card_chat_id: int | None = None
    ) -> ReviewCase:
        """The case a press on card message `card_message_id` in chat `card_chat_id` (None:
        the national group) is about; CaseGone when the case is gone or that message is not
        its card."""
        case = await self._records.case(self._db.reader, case_id)
        if case is None:
            raise CaseGone(case_id, replaced=False)
        if case.card_message_id != card_message_id or case.card_chat_id != card_chat_id:
            raise CaseGone(case_id, replaced=True)
        return case

    async def decide(
        self,
        case_id: int,
        admin: Actor,
        *,
        approve: bool,
        reason: str | None = None,
        card_message_id: int | None = None,
        card_chat_id: int | None = None,
        unit_id: int | None = None,
    ) -> ReviewResult:
        """Records the first admin's decision; later presses learn they were second.
        A press names its card (`card_message_id` in `card_chat_id`, None: the national group):
        one that is not the case's card, or a case that is gone, raises CaseGone and decides
        nothing. `unit_id`: the unit whose admin group decided, for the audit."""
        now = self._clock.now()
        status = "approved" if approve else "rejected"
        decided_by = admin.name or admin.user_id
        reverifying = await self._is_reverification(case_id)
        gone: CaseGone | None = None
        async with self._db.transaction() as tx:
            won = await self._records.decide(
                tx,
                case_id,
                status,
                decided_by,
                reason,
                now,
                card_message_id=card_message_id,
                card_chat_id=card_chat_id,
            )
            current = await self._records.case(tx, case_id)
            if current is None:
                gone = CaseGone(case_id, replaced=False)
            elif card_message_id is not None and (
                current.card_message_id != card_message_id or current.card_chat_id != card_chat_id
            ):
                gone = CaseGone(case_id, replaced=True)
            # A rejected re-verification keeps the account verified: the grace period decides.
            if won and current is not None and not (reverifying and not approve):
                await self._enrollments.set_account_state(
                    tx,
                    current.person_id,
                    current.platform,
                    "verified" if approve else "rejected",
                    now,
                    followers=current.claimed_followers if approve else None,
                )
            outcome = "done" if won else "case gone" if gone else "too late"
            await self._audit.record(
                tx,
                admin.user_id,
                "review." + status,
                f"case={case_id}",
                outcome,
                now,
                admin.name,
                unit_id=unit_id,
            )
        if gone:
            raise gone
        case = await self._records.case(self._db.reader, case_id)
        if case is None:
            raise CaseGone(case_id, replaced=False)  # erased right after the decision
        if not won:
            return ReviewResult(False, case, None, None)
        draft = await self._enrollment.draft_of(case.person_id)
        if draft is None:
            return ReviewResult(True, case, None, None)
        who = ChannelIdentity(draft.person.channel, draft.person.channel_user_id)
        if reverifying:
            again = await self._verification.reviewed_again(
                who, Platform(case.platform), approved=approve, followers=case.claimed_followers
            )
            return ReviewResult(True, case, who, again)
        return ReviewResult(True, case, who, await self._verification.decision_news(who))

    async def _is_reverification(self, case_id: int) -> bool:
        """The case is about an account of a verified person that was verified already."""
        case = await self._records.case(self._db.reader, case_id)
        draft = await self._enrollment.draft_of(case.person_id) if case else None
        if case is None or draft is None or draft.enrollment.status != "verified":
            return False
        account = draft.account(Platform(case.platform))
        return account is not None and account.verification_status == "verified"

    async def _open_case(self, who: ChannelIdentity) -> ReviewCase:
        case = await self.collecting(who)
        if case is None:
            raise NoOpenCase()
        return case

    async def _require(self, who: ChannelIdentity) -> Draft:
        draft = await self._enrollment.draft(who)
        if draft is None:
            raise NoOpenCase()
        return draft

    async def _evidence(self, draft: Draft, platform: Platform) -> str:
        checks = await self._records.checks(self._db.reader, draft.person.id, platform.value)
        if not checks:
            return ""
        last = checks[-1]
        parts = [f"{last.outcome} {last.checked_at:%Y-%m-%d}"]
        if last.followers is not None:
            parts.append(f"followers={last.followers}")
        if last.following is not None:
            parts.append(f"following={last.following}")
        return ", ".join(parts)
