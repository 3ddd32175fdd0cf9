"""Reading an account through its platform's API and what the reading means; checks that were
postponed (a fault, a rate limit) or are due again run here, with back-off."""

from __future__ import annotations

import asyncio
from collections import defaultdict

from bot.admin.notifications import AdminNotifier
from bot.clock import Clock
from bot.enrollment.service import Draft, EnrollmentService
from bot.enrollment.social_handles import Platform
from bot.verification.accounts import AccountLookup, LookupFailure
from bot.verification.decisions import Decisions, PersonNotifier, identity_of
from bot.verification.outcomes import AccountOutcome, ReviewReason, Verdict
from bot.verification.ownership import OwnershipCodes
from bot.verification.recorder import PURPOSE_CHECK, PURPOSE_REVERIFY, AccountRecorder
from bot.verification.reverification import Reverification
from bot.verification.rules import Policy
from storage.database import Database
from storage.enrollments import SocialAccount
from storage.verification import VerificationJob, VerificationRepository

# People whose due checks run at once; the providers' rate limiters do the pacing.
JOB_CONCURRENCY = 16


class AccountChecks:
    def __init__(
        self,
        *,
        db: Database,
        enrollment: EnrollmentService,
        records: VerificationRepository,
        recorder: AccountRecorder,
        ownership: OwnershipCodes,
        reverification: Reverification,
        decisions: Decisions,
        lookup: AccountLookup,
        person_notifier: PersonNotifier,
        admin_notifier: AdminNotifier,
        policy: Policy,
        clock: Clock,
    ) -> None:
        self._db = db
        self._enrollment = enrollment
        self._records = records
        self._recorder = recorder
        self._ownership = ownership
        self._reverification = reverification
        self._decisions = decisions
        self._lookup = lookup
        self._person_notifier = person_notifier
        self._admin_notifier = admin_notifier
        self._policy = policy
        self._clock = clock

    async def check(
        self,
        draft: Draft,
        account: SocialAccount,
        purpose: str,
        *,
        fresh: bool,
        attempts: int = 0,
    ) -> AccountOutcome:
        platform = Platform(account.platform)
        recorder = self._recorder
        try:
            snapshot = await self._lookup.lookup(platform, account.handle, fresh=fresh)
        except LookupFailure as error:
            return await recorder.failed(draft, account, error, purpose, attempts=attempts)
        await recorder.finish_jobs(draft, platform, purpose)
        outcome = "protected" if snapshot.protected else "checked"
        await recorder.record(draft, account, snapshot, outcome, code_in_bio=None)
        if snapshot.followers is None:
            return await recorder.needs_review(draft, account, ReviewReason.HIDDEN_COUNT)
        if not self._policy.passes(snapshot.followers):
            return await recorder.set(
                draft, account, Verdict.BELOW_THRESHOLD, followers=snapshot.followers
            )
        if snapshot.protected:
            # The public cannot see a protected account's reshares: the person makes it
            # public and checks again, or an admin reviews it (the card flags it).
            return await recorder.needs_review(
                draft, account, ReviewReason.PROTECTED, followers=snapshot.followers
            )
        if account.verification_status == "verified" and account.account_id == snapshot.account_id:
            return await recorder.set(
                draft, account, Verdict.VERIFIED, followers=snapshot.followers
            )
        if await self._ownership.code_in_bio(draft, account, snapshot):
            return await recorder.set(
                draft,
                account,
                Verdict.VERIFIED,
                followers=snapshot.followers,
                account_id=snapshot.account_id,
            )
        return await self._ownership.issue(draft, account, followers=snapshot.followers)

    async def run_due_jobs(self, limit: int = 500) -> int:
        """Runs checks that were postponed (a fault, a rate limit) or are due again
        (re-verification); tells each person what came of it. Returns how many ran.

        People are served concurrently (the providers' limiters pace the calls); one person's
        jobs run one after another, so their decision is taken once, on complete data.
        """
        jobs = await self._records.due_jobs(self._db.reader, self._clock.now(), limit)
        by_person: dict[int, list[VerificationJob]] = defaultdict(list)
        for job in jobs:
            by_person[job.person_id].append(job)
        gate = asyncio.Semaphore(JOB_CONCURRENCY)

        async def run(person_jobs: list[VerificationJob]) -> None:
            async with gate:
                for job in person_jobs:
                    await self._run_job(job)

        await asyncio.gather(*(run(person_jobs) for person_jobs in by_person.values()))
        names = self._reverification.take_suspended()
        if names:
            await self._admin_notifier.notify_admins(
                "admin_suspended_summary", count=len(names), names=", ".join(names)
            )
        return len(jobs)

    async def _run_job(self, job: VerificationJob) -> None:
        draft = await self._enrollment.draft_of(job.person_id)
        account = draft.account(Platform(job.platform)) if draft else None
        if draft is None or account is None:
            async with self._db.single_statement() as conn:
                await self._records.finish_job(conn, job.id)
            return
        if job.purpose == PURPOSE_REVERIFY:
            await self._reverification.run(draft, account, job.attempts)
            return
        outcome = await self.check(
            draft, account, PURPOSE_CHECK, fresh=True, attempts=job.attempts + 1
        )
        if outcome.verdict is not Verdict.DELAYED:
            who = identity_of(draft)
            news = await self._decisions.news(who, (outcome,))
            await self._person_notifier.verification_news(who, news)
