"""Verification: read each account through its platform's API, prove ownership with a code in
the bio, and decide whether the person is verified under the programme's rule."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol

from bot.clock import Clock
from bot.enrollment import Draft, EnrollmentService
from bot.notifications import AdminNotifier
from bot.people import ChannelIdentity
from bot.social_handles import Platform
from bot.verification.accounts import (
    AccountNotFound,
    AccountNotVisible,
    AccountSnapshot,
    AccountSuspended,
    CredentialError,
    LookupFailure,
    NoApi,
    NotConfigured,
    RateLimited,
    TemporaryFailure,
)
from bot.verification.outcomes import (
    AccountOutcome,
    Decision,
    ReviewReason,
    Verdict,
    VerificationNews,
)
from bot.verification.rules import Policy, bio_has_code, new_code, person_outcome
from storage.counters import CounterRepository
from storage.database import Database
from storage.enrollments import EnrollmentRepository, SocialAccount
from storage.verification import (
    AccountCheck,
    OwnershipCode,
    VerificationJob,
    VerificationRepository,
)

_LOGGER = logging.getLogger(__name__)

MAX_RETRY_DELAY = timedelta(hours=6)
# People whose due checks run at once; the providers' rate limiters do the pacing.
JOB_CONCURRENCY = 16
PURPOSE_CHECK = "check"
PURPOSE_REVERIFY = "reverify"


class AccountLookup(Protocol):
    async def lookup(
        self, platform: Platform, handle: str, *, fresh: bool = False
    ) -> AccountSnapshot: ...


class VerificationListener(Protocol):
    """Tells a person what a background check found (the channel adapter renders it)."""

    async def verification_news(self, who: ChannelIdentity, news: VerificationNews) -> None: ...


SuspendedHook = Callable[[ChannelIdentity, str], Awaitable[None]]
CredentialExtender = Callable[[ChannelIdentity, datetime], Awaitable[datetime | None]]


class RecheckTooSoon(Exception):
    def __init__(self, wait: timedelta) -> None:
        super().__init__("recheck requested too soon")
        self.wait = wait


class CannotVerifyYet(Exception):
    """Not submitted yet, or rejected and the re-apply date has not come."""

    def __init__(self, reapply_after: datetime | None = None) -> None:
        super().__init__("cannot verify yet")
        self.reapply_after = reapply_after


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4 … minutes, at most six hours: a check always finishes, never hammers an API."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_RETRY_DELAY)


class VerificationService:
    def __init__(
        self,
        db: Database,
        enrollment: EnrollmentService,
        enrollments: EnrollmentRepository,
        records: VerificationRepository,
        counters: CounterRepository,
        lookup: AccountLookup,
        policy: Policy,
        notifier: AdminNotifier,
        clock: Clock,
    ) -> None:
        self._db = db
        self._enrollment = enrollment
        self._enrollments = enrollments
        self._records = records
        self._counters = counters
        self._lookup = lookup
        self.policy = policy
        self._notifier = notifier
        self._clock = clock
        self._suspended: list[str] = []
        self.listener: VerificationListener | None = None
        self.on_suspended: list[SuspendedHook] = []
        # Extends the person's credential (the badge) past the next re-verification date after
        # a passed one; returns its new expiry when it moved, so the person hears of it once.
        self.extend_credential: CredentialExtender | None = None

    # --- Rounds of checks -----------------------------------------------------------------

    async def check_all(self, who: ChannelIdentity, *, fresh: bool = False) -> VerificationNews:
        """Checks every account of a submitted enrollment; the first round after submitting."""
        draft = await self._enrollment.draft(who)
        if draft is None or not draft.submitted:
            raise CannotVerifyYet()
        outcomes = []
        for account in draft.accounts:
            if account.verification_status == "verified" and not fresh:
                outcomes.append(_verified(account))
                continue
            outcomes.append(await self._check_account(draft, account, PURPOSE_CHECK, fresh=fresh))
        return await self._news(who, tuple(outcomes))

    async def request_recheck(self, who: ChannelIdentity) -> VerificationNews:
        """/verifikasi: runs the checks again, at most once per cooldown per person."""
        draft = await self._enrollment.draft(who)
        if draft is None or not draft.submitted:
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
        """The person says the code is in their bio: read the bio again and look for it."""
        draft = await self._require(who)
        account = draft.account(platform)
        if account is None:
            return VerificationNews()
        now = self._clock.now()
        code = await self._records.code(self._db.reader, draft.person.id, platform)
        if code is None or code.handle != account.handle or code.expires_at <= now:
            outcome = await self._issue_code(draft, account, followers=account.followers)
            return await self._news(who, (outcome,))
        try:
            snapshot = await self._lookup.lookup(platform, account.handle, fresh=True)
        except LookupFailure as error:
            outcome = await self._failed(draft, account, error, PURPOSE_CHECK, attempts=0)
            return await self._news(who, (outcome,))
        found = bio_has_code(snapshot.bio, code.code)
        await self._record(draft, account, snapshot, "ownership", code_in_bio=found)
        if not self.policy.passes(snapshot.followers):
            outcome = await self._set(
                draft, account, Verdict.BELOW_THRESHOLD, followers=snapshot.followers
            )
        elif found:
            outcome = await self._set(
                draft,
                account,
                Verdict.VERIFIED,
                followers=snapshot.followers,
                account_id=snapshot.account_id,
            )
        else:
            outcome = AccountOutcome(
                platform,
                account.handle,
                Verdict.CODE_MISSING,
                followers=snapshot.followers,
                code=code.code,
                code_expires_at=code.expires_at,
            )
        return await self._news(who, (outcome,))

    async def renew_code(self, who: ChannelIdentity, platform: Platform) -> VerificationNews:
        draft = await self._require(who)
        account = draft.account(platform)
        if account is None:
            return VerificationNews()
        outcome = await self._issue_code(draft, account, followers=account.followers)
        return await self._news(who, (outcome,), decide=False)

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
        if self._suspended:
            names, self._suspended = self._suspended, []
            await self._notifier.notify_admins(
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
            await self._reverify(draft, account, job.attempts)
            return
        outcome = await self._check_account(
            draft, account, PURPOSE_CHECK, fresh=True, attempts=job.attempts + 1
        )
        if outcome.verdict is not Verdict.DELAYED and self.listener:
            who = _identity(draft)
            await self.listener.verification_news(who, await self._news(who, (outcome,)))

    # --- One account ----------------------------------------------------------------------

    async def _check_account(
        self,
        draft: Draft,
        account: SocialAccount,
        purpose: str,
        *,
        fresh: bool,
        attempts: int = 0,
    ) -> AccountOutcome:
        platform = Platform(account.platform)
        try:
            snapshot = await self._lookup.lookup(platform, account.handle, fresh=fresh)
        except LookupFailure as error:
            return await self._failed(draft, account, error, purpose, attempts=attempts)
        await self._finish_jobs(draft, platform, purpose)
        outcome = "protected" if snapshot.protected else "checked"
        await self._record(draft, account, snapshot, outcome, code_in_bio=None)
        if snapshot.followers is None:
            return await self._needs_review(draft, account, ReviewReason.HIDDEN_COUNT)
        if not self.policy.passes(snapshot.followers):
            return await self._set(
                draft, account, Verdict.BELOW_THRESHOLD, followers=snapshot.followers
            )
        if snapshot.protected:
            # The public cannot see a protected account's reshares: the person makes it
            # public and checks again, or an admin reviews it (the card flags it).
            return await self._needs_review(
                draft, account, ReviewReason.PROTECTED, followers=snapshot.followers
            )
        if account.verification_status == "verified" and account.account_id == snapshot.account_id:
            return await self._set(draft, account, Verdict.VERIFIED, followers=snapshot.followers)
        code = await self._records.code(self._db.reader, draft.person.id, platform)
        if code and code.handle == account.handle and bio_has_code(snapshot.bio, code.code):
            return await self._set(
                draft,
                account,
                Verdict.VERIFIED,
                followers=snapshot.followers,
                account_id=snapshot.account_id,
            )
        return await self._issue_code(draft, account, followers=snapshot.followers)

    async def _failed(
        self,
        draft: Draft,
        account: SocialAccount,
        error: LookupFailure,
        purpose: str,
        *,
        attempts: int,
    ) -> AccountOutcome:
        platform = Platform(account.platform)
        if isinstance(error, AccountNotFound):
            return await self._set(draft, account, Verdict.NOT_FOUND)
        if isinstance(error, AccountSuspended):
            return await self._set(draft, account, Verdict.SUSPENDED)
        unreadable = _unreadable_reason(error)
        if unreadable is not None:
            return await self._needs_review(draft, account, unreadable)
        if isinstance(error, RateLimited | TemporaryFailure | CredentialError):
            now = self._clock.now()
            retry_at = (
                error.retry_at
                if isinstance(error, RateLimited)
                else now + retry_delay(attempts + 1)
            )
            _LOGGER.warning("Check of a %s account postponed: %s", platform.value, error)
            async with self._db.transaction() as tx:
                await self._records.schedule(
                    tx,
                    draft.person.id,
                    platform.value,
                    purpose,
                    retry_at,
                    attempts=attempts,
                    error=type(error).__name__,
                )
                # A waiting check decides nothing: a verified account (re-verification or
                # /verifikasi) stays verified, and in "verified on X" audiences, until one answers.
                if account.verification_status != "verified":
                    await self._records.set_account_state(
                        tx, draft.person.id, platform.value, "checking", now
                    )
            return AccountOutcome(platform, account.handle, Verdict.DELAYED, retry_at=retry_at)
        raise error

    async def _finish_jobs(self, draft: Draft, platform: Platform, purpose: str) -> None:
        jobs = await self._records.pending_jobs(self._db.reader, draft.person.id)
        if platform.value in jobs:
            async with self._db.single_statement() as conn:
                await conn.execute(
                    "DELETE FROM verification_jobs WHERE person_id = ? AND platform = ?"
                    " AND purpose = ?",
                    (draft.person.id, platform.value, purpose),
                )

    async def _issue_code(
        self, draft: Draft, account: SocialAccount, *, followers: int | None
    ) -> AccountOutcome:
        platform = Platform(account.platform)
        code = OwnershipCode(
            draft.person.id,
            platform.value,
            account.handle,
            new_code(),
            self._clock.now() + self.policy.code_valid,
        )
        async with self._db.transaction() as tx:
            await self._records.put_code(tx, code)
            await self._records.set_account_state(
                tx, draft.person.id, platform.value, "ownership", self._clock.now()
            )
        return AccountOutcome(
            platform,
            account.handle,
            Verdict.NEEDS_OWNERSHIP,
            followers=followers,
            code=code.code,
            code_expires_at=code.expires_at,
        )

    async def _needs_review(
        self,
        draft: Draft,
        account: SocialAccount,
        reason: ReviewReason,
        *,
        followers: int | None = None,
    ) -> AccountOutcome:
        if account.verification_status in {"review", "verified"}:
            verdict = Verdict.IN_REVIEW if account.verification_status == "review" else None
            if verdict is None:
                return _verified(account)
            return AccountOutcome(Platform(account.platform), account.handle, verdict)
        async with self._db.single_statement() as conn:
            await self._records.set_account_state(
                conn, draft.person.id, account.platform, "needs_review", self._clock.now()
            )
        return AccountOutcome(
            Platform(account.platform),
            account.handle,
            Verdict.NEEDS_REVIEW,
            followers=followers,
            review_reason=reason,
        )

    async def _set(
        self,
        draft: Draft,
        account: SocialAccount,
        verdict: Verdict,
        *,
        followers: int | None = None,
        account_id: str | None = None,
    ) -> AccountOutcome:
        async with self._db.single_statement() as conn:
            await self._records.set_account_state(
                conn,
                draft.person.id,
                account.platform,
                verdict.value,
                self._clock.now(),
                account_id=account_id,
                followers=followers,
            )
        return AccountOutcome(
            Platform(account.platform), account.handle, verdict, followers=followers
        )

    async def _record(
        self,
        draft: Draft,
        account: SocialAccount,
        snapshot: AccountSnapshot,
        outcome: str,
        *,
        code_in_bio: bool | None,
    ) -> None:
        check = AccountCheck(
            platform=account.platform,
            handle=account.handle,
            source="api",
            outcome=outcome,
            followers=snapshot.followers,
            following=snapshot.following,
            account_id=snapshot.account_id,
            account_created_at=snapshot.created_at,
            code_in_bio=code_in_bio,
            checked_at=self._clock.now(),
        )
        async with self._db.single_statement() as conn:
            await self._records.add_check(conn, draft.person.id, check)

    # --- The person's decision ------------------------------------------------------------

    async def _news(
        self, who: ChannelIdentity, outcomes: tuple[AccountOutcome, ...], *, decide: bool = True
    ) -> VerificationNews:
        decision, reapply_after = (await self.decide(who)) if decide else (None, None)
        return VerificationNews(outcomes=outcomes, decision=decision, reapply_after=reapply_after)

    async def decide(self, who: ChannelIdentity) -> tuple[Decision | None, datetime | None]:
        """Applies the follower rule to the accounts' states; records a new decision."""
        draft = await self._require(who)
        e = draft.enrollment
        verdict = person_outcome((a.verification_status for a in draft.accounts), self.policy.rule)
        now = self._clock.now()
        if verdict == "verified" and e.status in {"submitted", "rejected", "suspended"}:
            async with self._db.transaction() as tx:
                await self._enrollments.update(
                    tx,
                    draft.person.id,
                    now,
                    status="verified",
                    verified_at=now,
                    reverify_due_at=now + self.policy.reverify_every,
                    grace_until=None,
                    decision_reason=None,
                    reapply_after=None,
                )
                await self._counters.increment(tx, now.date(), "verified")
            return Decision.VERIFIED, None
        if verdict == "rejected" and e.status == "submitted":
            reapply = now + self.policy.reapply_after
            async with self._db.transaction() as tx:
                await self._enrollments.update(
                    tx, draft.person.id, now, status="rejected", reapply_after=reapply
                )
            return Decision.REJECTED, reapply
        return None, None

    # --- Re-verification ------------------------------------------------------------------

    async def schedule_reverification(self, spread: timedelta = timedelta(hours=6)) -> int:
        """Queues a re-check for each verified person whose date has come, spread evenly over
        `spread` so provider limits hold. Returns how many were queued."""
        now = self._clock.now()
        due = await self._enrollments.due_for_reverification(self._db.reader, now)
        if not due:
            return 0
        step = spread / len(due)
        async with self._db.transaction() as tx:
            for index, (person_id, platform) in enumerate(due):
                await self._records.schedule(
                    tx, person_id, platform, PURPOSE_REVERIFY, now + step * index
                )
            for person_id in {person_id for person_id, _ in due}:
                await self._enrollments.update(
                    tx, person_id, now, reverify_due_at=now + self.policy.reverify_every
                )
        return len(due)

    async def _reverify(self, draft: Draft, account: SocialAccount, attempts: int) -> None:
        platform = Platform(account.platform)
        try:
            snapshot = await self._lookup.lookup(platform, account.handle)
        except (RateLimited, TemporaryFailure, CredentialError) as error:
            await self._failed(draft, account, error, PURPOSE_REVERIFY, attempts=attempts + 1)
            return
        except LookupFailure as error:
            unreadable = _unreadable_reason(error)
            if unreadable is not None:
                await self._finish_jobs(draft, platform, PURPOSE_REVERIFY)
                await self._tell(draft, _review_again(account, unreadable))
                return
            snapshot = None  # gone, or suspended by the platform: counts as below
        await self._finish_jobs(draft, platform, PURPOSE_REVERIFY)
        if snapshot is not None:
            await self._record(draft, account, snapshot, "reverified", code_in_bio=None)
            if snapshot.followers is None:
                await self._tell(draft, _review_again(account, ReviewReason.HIDDEN_COUNT))
                return
        followers = snapshot.followers if snapshot else None
        await self._tell(draft, await self.reverification_result(draft, account, followers))

    async def reviewed_again(
        self, who: ChannelIdentity, platform: Platform, *, approved: bool, followers: int | None
    ) -> VerificationNews | None:
        """An admin decided the review of an account no API reads, for a verified person:
        approval passes the re-verification; a rejection counts as a reading below the
        threshold (grace, then suspension). Returns what to tell the person."""
        draft = await self._require(who)
        account = draft.account(platform)
        if account is None:
            return None
        if approved:
            return await self.reverification_result(draft, account, followers)
        return await self.reverification_result(draft, account, None, unconfirmed=True)

    async def reverification_result(
        self,
        draft: Draft,
        account: SocialAccount,
        followers: int | None,
        *,
        unconfirmed: bool = False,
    ) -> VerificationNews | None:
        """Above the threshold: the person stays verified and the credential is extended.
        Below: a grace period, then suspension. `unconfirmed`: an admin could not confirm the
        count of an account no API reads. Returns what to tell the person, if anything."""
        now = self._clock.now()
        who = _identity(draft)
        e = draft.enrollment
        if self.policy.passes(followers):
            await self._set(draft, account, Verdict.VERIFIED, followers=followers)
            if e.grace_until:
                async with self._db.single_statement() as conn:
                    await self._enrollments.update(conn, draft.person.id, now, grace_until=None)
            if e.status == "suspended":
                decision, _ = await self.decide(who)
                return VerificationNews(decision=decision) if decision else None
            if e.status != "verified" or self.extend_credential is None:
                return None
            next_check = e.reverify_due_at or now + self.policy.reverify_every
            # Several accounts may pass in one round: the person hears it once, when the
            # credential moved.
            expires = await self.extend_credential(who, next_check)
            if expires is None:
                return None
            passed = _verified(account, followers)
            return VerificationNews(outcomes=(passed,), extra={"reverified": expires})
        if e.grace_until is None:
            grace_until = now + self.policy.grace
            async with self._db.transaction() as tx:
                await self._enrollments.update(tx, draft.person.id, now, grace_until=grace_until)
                # Look again when the grace period ends.
                await self._records.schedule(
                    tx, draft.person.id, account.platform, PURPOSE_REVERIFY, grace_until
                )
            outcome = AccountOutcome(
                platform=Platform(account.platform),
                handle=account.handle,
                verdict=Verdict.BELOW_THRESHOLD,
                followers=followers,
            )
            extra: dict[str, object] = {"grace_until": grace_until, "unconfirmed": unconfirmed}
            return VerificationNews(outcomes=(outcome,), extra=extra)
        if now >= e.grace_until:
            async with self._db.transaction() as tx:
                await self._enrollments.update(tx, draft.person.id, now, status="suspended")
                await self._counters.increment(tx, now.date(), "suspended")
            self._suspended.append(draft.enrollment.full_name or "?")
            for hook in self.on_suspended:
                await hook(who, "followers below the threshold after the grace period")
            return VerificationNews(extra={"suspended": True})
        return None

    async def _tell(self, draft: Draft, news: VerificationNews | None) -> None:
        if news is not None and self.listener:
            await self.listener.verification_news(_identity(draft), news)

    # --- Helpers --------------------------------------------------------------------------

    async def _require(self, who: ChannelIdentity) -> Draft:
        draft = await self._enrollment.draft(who)
        if draft is None:
            raise CannotVerifyYet()
        return draft


def _unreadable_reason(error: LookupFailure) -> ReviewReason | None:
    """Why no API can read the account, or None when the failure says something else."""
    if isinstance(error, AccountNotVisible):
        return ReviewReason.NOT_VISIBLE
    if isinstance(error, NoApi):
        return ReviewReason.NO_API
    if isinstance(error, NotConfigured):
        return ReviewReason.NOT_CONFIGURED
    return None


def _review_again(account: SocialAccount, reason: ReviewReason) -> VerificationNews:
    """No API can read the account: not "below the threshold" but a case for an admin. The
    person is asked for a fresh screenshot; the account stays verified until a decision."""
    outcome = AccountOutcome(
        Platform(account.platform), account.handle, Verdict.NEEDS_REVIEW, review_reason=reason
    )
    return VerificationNews(outcomes=(outcome,), extra={"reverify": True})


def _verified(account: SocialAccount, followers: int | None = None) -> AccountOutcome:
    return AccountOutcome(
        Platform(account.platform),
        account.handle,
        Verdict.VERIFIED,
        followers=account.followers if followers is None else followers,
    )


def _identity(draft: Draft) -> ChannelIdentity:
    return ChannelIdentity(draft.person.channel, draft.person.channel_user_id)
