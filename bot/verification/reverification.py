"""Re-verification: verified people are read again on a cycle; above the threshold the badge
is extended, below it a grace period runs, then the person and the badge are suspended."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import Clock
from bot.enrollment.service import Draft
from bot.enrollment.social_handles import Platform
from bot.people.service import ChannelIdentity
from bot.verification.accounts import (
    AccountLookup,
    CredentialError,
    LookupFailure,
    RateLimited,
    TemporaryFailure,
)
from bot.verification.decisions import BadgeIssuer, Decisions, PersonNotifier, identity_of
from bot.verification.outcomes import AccountOutcome, ReviewReason, Verdict, VerificationNews
from bot.verification.recorder import (
    PURPOSE_REVERIFY,
    AccountRecorder,
    unreadable_reason,
    verified_outcome,
)
from bot.verification.rules import Policy
from storage.counters import CounterRepository
from storage.database import Database
from storage.enrollments import EnrollmentRepository, SocialAccount
from storage.verification import VerificationRepository


class Reverification:
    def __init__(
        self,
        *,
        db: Database,
        enrollments: EnrollmentRepository,
        records: VerificationRepository,
        counters: CounterRepository,
        recorder: AccountRecorder,
        decisions: Decisions,
        badges: BadgeIssuer,
        lookup: AccountLookup,
        notifier: PersonNotifier,
        policy: Policy,
        clock: Clock,
    ) -> None:
        self._db = db
        self._enrollments = enrollments
        self._records = records
        self._counters = counters
        self._recorder = recorder
        self._decisions = decisions
        self._badges = badges
        self._lookup = lookup
        self._notifier = notifier
        self._policy = policy
        self._clock = clock
        self._suspended: list[str] = []

    def take_suspended(self) -> list[str]:
        """Names suspended since the last call, for one summary to the admins."""
        names, self._suspended = self._suspended, []
        return names

    async def schedule(self, spread: timedelta = timedelta(hours=6)) -> int:
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
                    tx, person_id, now, reverify_due_at=now + self._policy.reverify_every
                )
        return len(due)

    async def run(self, draft: Draft, account: SocialAccount, attempts: int) -> None:
        """A due re-verification job: reads the account and tells the person what follows."""
        platform = Platform(account.platform)
        try:
            snapshot = await self._lookup.lookup(platform, account.handle)
        except (RateLimited, TemporaryFailure, CredentialError) as error:
            await self._recorder.failed(
                draft, account, error, PURPOSE_REVERIFY, attempts=attempts + 1
            )
            return
        except LookupFailure as error:
            unreadable = unreadable_reason(error)
            if unreadable is not None:
                await self._recorder.finish_jobs(draft, platform, PURPOSE_REVERIFY)
                await self._tell(draft, _review_again(account, unreadable))
                return
            snapshot = None  # gone, or suspended by the platform: counts as below
        await self._recorder.finish_jobs(draft, platform, PURPOSE_REVERIFY)
        if snapshot is not None:
            await self._recorder.record(draft, account, snapshot, "reverified", code_in_bio=None)
            if snapshot.followers is None:
                await self._tell(draft, _review_again(account, ReviewReason.HIDDEN_COUNT))
                return
        followers = snapshot.followers if snapshot else None
        await self._tell(draft, await self.result(draft, account, followers))

    async def reviewed_again(
        self, who: ChannelIdentity, platform: Platform, *, approved: bool, followers: int | None
    ) -> VerificationNews | None:
        """An admin decided the review of an account no API reads, for a verified person:
        approval passes the re-verification; a rejection counts as a reading below the
        threshold (grace, then suspension). Returns what to tell the person."""
        draft = await self._decisions.require(who)
        account = draft.account(platform)
        if account is None:
            return None
        if approved:
            return await self.result(draft, account, followers)
        return await self.result(draft, account, None, unconfirmed=True)

    async def result(
        self,
        draft: Draft,
        account: SocialAccount,
        followers: int | None,
        *,
        unconfirmed: bool = False,
    ) -> VerificationNews | None:
        """Above the threshold: the person stays verified and the badge is extended.
        Below: a grace period, then suspension. `unconfirmed`: an admin could not confirm the
        count of an account no API reads. Returns what to tell the person, if anything."""
        if self._policy.passes(followers):
            return await self._passed(draft, account, followers)
        now = self._clock.now()
        e = draft.enrollment
        if e.grace_until is None:
            grace_until = now + self._policy.grace
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
            await self._badges.suspend(
                identity_of(draft), "followers below the threshold after the grace period"
            )
            return VerificationNews(extra={"suspended": True})
        return None

    async def _passed(
        self, draft: Draft, account: SocialAccount, followers: int | None
    ) -> VerificationNews | None:
        now = self._clock.now()
        who = identity_of(draft)
        e = draft.enrollment
        await self._recorder.set(draft, account, Verdict.VERIFIED, followers=followers)
        if e.grace_until:
            async with self._db.single_statement() as conn:
                await self._enrollments.update(conn, draft.person.id, now, grace_until=None)
        if e.status == "suspended":
            news = await self._decisions.news(who, ())
            return news if news.decision else None
        if e.status != "verified":
            return None
        next_check = e.reverify_due_at or now + self._policy.reverify_every
        # Several accounts may pass in one round: the person hears it once, when the badge's
        # expiry moved.
        expires = await self._badges.extend(who, next_check)
        if expires is None:
            return None
        return VerificationNews(
            outcomes=(verified_outcome(account, followers),),
            extra={"reverified": expires},
            badge=await self._badges.valid_badge(who),
        )

    async def _tell(self, draft: Draft, news: VerificationNews | None) -> None:
        if news is not None:
            await self._notifier.verification_news(identity_of(draft), news)


def _review_again(account: SocialAccount, reason: ReviewReason) -> VerificationNews:
    """No API can read the account: not "below the threshold" but a case for an admin. The
    person is asked for a fresh screenshot; the account stays verified until a decision."""
    outcome = AccountOutcome(
        Platform(account.platform), account.handle, Verdict.NEEDS_REVIEW, review_reason=reason
    )
    return VerificationNews(outcomes=(outcome,), extra={"reverify": True})
