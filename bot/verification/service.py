"""Verification as the channels see it: check a person's accounts after they submit, on their
request, and when they prove ownership; the background rounds; the decision.

The work is done by the parts in this package (checks, ownership, re-verification,
decisions); this facade gives the handlers and the review one place to call."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import Clock
from bot.enrollment.social_handles import Platform
from bot.people.service import ChannelIdentity
from bot.verification.checks import AccountChecks
from bot.verification.decisions import CannotVerifyYet, Decisions
from bot.verification.outcomes import VerificationNews
from bot.verification.ownership import OwnershipCodes
from bot.verification.recorder import PURPOSE_CHECK, verified_outcome
from bot.verification.reverification import Reverification
from bot.verification.rules import Policy
from storage.database import Database
from storage.enrollments import EnrollmentRepository

__all__ = ["CannotVerifyYet", "RecheckTooSoon", "VerificationService"]


class RecheckTooSoon(Exception):
    def __init__(self, wait: timedelta) -> None:
        super().__init__("recheck requested too soon")
        self.wait = wait


class VerificationService:
    def __init__(
        self,
        *,
        db: Database,
        enrollments: EnrollmentRepository,
        decisions: Decisions,
        checks: AccountChecks,
        ownership: OwnershipCodes,
        reverification: Reverification,
        policy: Policy,
        clock: Clock,
    ) -> None:
        self._db = db
        self._enrollments = enrollments
        self._decisions = decisions
        self._checks = checks
        self._ownership = ownership
        self._reverification = reverification
        self.policy = policy
        self._clock = clock

    async def check_all(self, who: ChannelIdentity, *, fresh: bool = False) -> VerificationNews:
        """Checks every account of a submitted enrollment; the first round after submitting."""
        draft = await self._decisions.require(who)
        if not draft.submitted:
            raise CannotVerifyYet()
        outcomes = []
        for account in draft.accounts:
            if account.verification_status == "verified" and not fresh:
                outcomes.append(verified_outcome(account))
                continue
            outcomes.append(await self._checks.check(draft, account, PURPOSE_CHECK, fresh=fresh))
        return await self._decisions.news(who, tuple(outcomes))

    async def request_recheck(self, who: ChannelIdentity) -> VerificationNews:
        """/verifikasi: runs the checks again, at most once per cooldown per person."""
        draft = await self._decisions.require(who)
        if not draft.submitted:
            raise CannotVerifyYet()
        now = self._clock.now()
        e = draft.enrollment
        if e.status == "rejected" and e.reapply_after and now < e.reapply_after:
            raise CannotVerifyYet(e.reapply_after)
        last = e.last_verify_request_at
        if last and now - last < self.policy.recheck_cooldown:
            raise RecheckTooSoon(self.policy.recheck_cooldown - (now - last))
        async with self._db.transaction() as tx:
            fields: dict[str, object] = {"last_verify_request_at": now}
            if e.status == "rejected":
                fields.update(status="submitted", decision_reason=None, reapply_after=None)
            await self._enrollments.update(tx, draft.person.id, now, **fields)
        return await self.check_all(who, fresh=True)

    async def confirm_ownership(self, who: ChannelIdentity, platform: Platform) -> VerificationNews:
        return await self._ownership.confirm(who, platform)

    async def renew_code(self, who: ChannelIdentity, platform: Platform) -> VerificationNews:
        return await self._ownership.renew(who, platform)

    async def run_due_jobs(self, limit: int = 500) -> int:
        return await self._checks.run_due_jobs(limit)

    async def schedule_reverification(self, spread: timedelta = timedelta(hours=6)) -> int:
        return await self._reverification.schedule(spread)

    async def reviewed_again(
        self, who: ChannelIdentity, platform: Platform, *, approved: bool, followers: int | None
    ) -> VerificationNews | None:
        return await self._reverification.reviewed_again(
            who, platform, approved=approved, followers=followers
        )

    async def decision_news(self, who: ChannelIdentity) -> VerificationNews:
        """The decision the accounts' states lead to now (after an admin's review), with the
        badge it earns."""
        return await self._decisions.news(who, ())
