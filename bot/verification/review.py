"""Manual review: where no API can see an account, an admin looks at a screenshot."""

from __future__ import annotations

from dataclasses import dataclass

from bot.audit import Actor
from bot.clock import Clock
from bot.enrollment import Draft, EnrollmentService
from bot.people import ChannelIdentity
from bot.social_handles import HandleError, Platform, parse_handle
from bot.verification.outcomes import VerificationNews
from bot.verification.rules import Flag, Policy, new_code, review_flags
from bot.verification.service import VerificationService
from storage.audit import AuditRepository
from storage.database import Database
from storage.verification import OwnershipCode, ReviewCase, VerificationRepository


class NoOpenCase(Exception):
    """The person has no review case waiting for a screenshot or a count."""


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
        verification: VerificationService,
        audit: AuditRepository,
        policy: Policy,
        clock: Clock,
    ) -> None:
        self._db = db
        self._enrollment = enrollment
        self._records = records
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
                await self._records.set_account_state(
                    tx, draft.person.id, case.platform, "review", self._clock.now()
                )
        return await self.card(case.id)

    async def card(self, case_id: int) -> ReviewCard:
        case = await self._records.case(self._db.reader, case_id)
        assert case is not None
        draft = await self._enrollment.draft_of(case.person_id)
        assert draft is not None
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
        )

    async def card_posted(self, case_id: int, message_id: int) -> None:
        async with self._db.single_statement() as conn:
            await self._records.update_case(conn, case_id, card_message_id=message_id)

    async def pending(self, limit: int = 20) -> list[ReviewCard]:
        cases = await self._records.pending_cases(self._db.reader, limit)
        return [await self.card(case.id) for case in cases]

    async def decide(
        self, case_id: int, admin: Actor, *, approve: bool, reason: str | None = None
    ) -> ReviewResult:
        """Records the first admin's decision; later presses learn they were second."""
        now = self._clock.now()
        status = "approved" if approve else "rejected"
        decided_by = admin.name or admin.user_id
        reverifying = await self._is_reverification(case_id)
        async with self._db.transaction() as tx:
            won = await self._records.decide(tx, case_id, status, decided_by, reason, now)
            # A rejected re-verification keeps the account verified: the grace period decides.
            if won and not (reverifying and not approve):
                case = await self._records.case(tx, case_id)
                assert case is not None
                await self._records.set_account_state(
                    tx,
                    case.person_id,
                    case.platform,
                    "verified" if approve else "rejected",
                    now,
                    followers=case.claimed_followers if approve else None,
                )
            await self._audit.record(
                tx,
                admin.user_id,
                "review." + status,
                f"case={case_id}",
                "done" if won else "too late",
                now,
                admin.name,
            )
        case = await self._records.case(self._db.reader, case_id)
        assert case is not None
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
        decision, reapply_after = await self._verification.decide(who)
        news = VerificationNews(decision=decision, reapply_after=reapply_after)
        return ReviewResult(True, case, who, news)

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
