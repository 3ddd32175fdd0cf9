"""Writes what a check found: the account's state, the reading itself, a postponed check."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.clock import Clock
from bot.enrollment.service import Draft
from bot.enrollment.social_handles import Platform
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
from bot.verification.outcomes import AccountOutcome, ReviewReason, Verdict
from storage.database import Database
from storage.enrollments import EnrollmentRepository, SocialAccount
from storage.verification import AccountCheck, VerificationRepository

_LOGGER = logging.getLogger(__name__)

MAX_RETRY_DELAY = timedelta(hours=6)
PURPOSE_CHECK = "check"
PURPOSE_REVERIFY = "reverify"


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4 … minutes, at most six hours: a check always finishes, never hammers an API."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_RETRY_DELAY)


class AccountRecorder:
    def __init__(
        self,
        db: Database,
        records: VerificationRepository,
        enrollments: EnrollmentRepository,
        *,
        clock: Clock,
    ) -> None:
        self._db = db
        self._records = records
        self._enrollments = enrollments
        self._clock = clock

    async def set(
        self,
        draft: Draft,
        account: SocialAccount,
        verdict: Verdict,
        *,
        followers: int | None = None,
        account_id: str | None = None,
    ) -> AccountOutcome:
        async with self._db.single_statement() as conn:
            await self._enrollments.set_account_state(
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

    async def record(
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

    async def needs_review(
        self,
        draft: Draft,
        account: SocialAccount,
        reason: ReviewReason,
        *,
        followers: int | None = None,
    ) -> AccountOutcome:
        if account.verification_status == "verified":
            return verified_outcome(account)
        if account.verification_status == "review":
            return AccountOutcome(Platform(account.platform), account.handle, Verdict.IN_REVIEW)
        async with self._db.single_statement() as conn:
            await self._enrollments.set_account_state(
                conn, draft.person.id, account.platform, "needs_review", self._clock.now()
            )
        return AccountOutcome(
            Platform(account.platform),
            account.handle,
            Verdict.NEEDS_REVIEW,
            followers=followers,
            review_reason=reason,
        )

    async def finish_jobs(self, draft: Draft, platform: Platform, purpose: str) -> None:
        # Most checks have no job waiting: a read spares them a write.
        if platform.value not in await self._records.pending_jobs(self._db.reader, draft.person.id):
            return
        async with self._db.single_statement() as conn:
            await self._records.finish_jobs_for(conn, draft.person.id, platform.value, purpose)

    async def failed(
        self,
        draft: Draft,
        account: SocialAccount,
        error: LookupFailure,
        purpose: str,
        *,
        attempts: int,
    ) -> AccountOutcome:
        """What a failed lookup means: a verdict (gone, suspended), a case for an admin (no API
        can read it), or a check postponed with back-off (the platform did not answer)."""
        platform = Platform(account.platform)
        if isinstance(error, AccountNotFound):
            return await self.set(draft, account, Verdict.NOT_FOUND)
        if isinstance(error, AccountSuspended):
            return await self.set(draft, account, Verdict.SUSPENDED)
        unreadable = unreadable_reason(error)
        if unreadable is not None:
            return await self.needs_review(draft, account, unreadable)
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
                    await self._enrollments.set_account_state(
                        tx, draft.person.id, platform.value, "checking", now
                    )
            return AccountOutcome(platform, account.handle, Verdict.DELAYED, retry_at=retry_at)
        raise error


def unreadable_reason(error: LookupFailure) -> ReviewReason | None:
    """Why no API can read the account, or None when the failure says something else."""
    if isinstance(error, AccountNotVisible):
        return ReviewReason.NOT_VISIBLE
    if isinstance(error, NoApi):
        return ReviewReason.NO_API
    if isinstance(error, NotConfigured):
        return ReviewReason.NOT_CONFIGURED
    return None


def verified_outcome(account: SocialAccount, followers: int | None = None) -> AccountOutcome:
    return AccountOutcome(
        Platform(account.platform),
        account.handle,
        Verdict.VERIFIED,
        followers=account.followers if followers is None else followers,
    )
