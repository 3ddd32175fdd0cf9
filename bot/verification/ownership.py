"""Proving an account is the person's: a short-lived code they put in their bio, read back
through the platform's API."""

from __future__ import annotations

from bot.clock import Clock
from bot.enrollment.service import Draft
from bot.enrollment.social_handles import Platform
from bot.people.service import ChannelIdentity
from bot.verification.accounts import AccountLookup, AccountSnapshot, LookupFailure
from bot.verification.decisions import Decisions
from bot.verification.outcomes import AccountOutcome, Verdict, VerificationNews
from bot.verification.recorder import PURPOSE_CHECK, AccountRecorder
from bot.verification.rules import Policy, bio_has_code, new_code
from storage.database import Database
from storage.enrollments import EnrollmentRepository, SocialAccount
from storage.verification import OwnershipCode, VerificationRepository


class OwnershipCodes:
    def __init__(
        self,
        *,
        db: Database,
        records: VerificationRepository,
        enrollments: EnrollmentRepository,
        recorder: AccountRecorder,
        decisions: Decisions,
        lookup: AccountLookup,
        policy: Policy,
        clock: Clock,
    ) -> None:
        self._db = db
        self._records = records
        self._enrollments = enrollments
        self._recorder = recorder
        self._decisions = decisions
        self._lookup = lookup
        self._policy = policy
        self._clock = clock

    async def issue(
        self, draft: Draft, account: SocialAccount, *, followers: int | None
    ) -> AccountOutcome:
        platform = Platform(account.platform)
        code = OwnershipCode(
            draft.person.id,
            platform.value,
            account.handle,
            new_code(),
            self._clock.now() + self._policy.code_valid,
        )
        async with self._db.transaction() as tx:
            await self._records.put_code(tx, code)
            await self._enrollments.set_account_state(
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

    async def code_in_bio(
        self, draft: Draft, account: SocialAccount, snapshot: AccountSnapshot
    ) -> bool:
        """Whether the bio just read carries the account's current code."""
        code = await self._records.code(self._db.reader, draft.person.id, account.platform)
        return bool(
            code and code.handle == account.handle and bio_has_code(snapshot.bio, code.code)
        )

    async def confirm(self, who: ChannelIdentity, platform: Platform) -> VerificationNews:
        """The person says the code is in their bio: read the bio again and look for it."""
        draft = await self._decisions.require(who)
        account = draft.account(platform)
        if account is None:
            return VerificationNews()
        now = self._clock.now()
        code = await self._records.code(self._db.reader, draft.person.id, platform)
        if code is None or code.handle != account.handle or code.expires_at <= now:
            outcome = await self.issue(draft, account, followers=account.followers)
            return await self._decisions.news(who, (outcome,))
        try:
            snapshot = await self._lookup.lookup(platform, account.handle, fresh=True)
        except LookupFailure as error:
            outcome = await self._recorder.failed(draft, account, error, PURPOSE_CHECK, attempts=0)
            return await self._decisions.news(who, (outcome,))
        found = bio_has_code(snapshot.bio, code.code)
        await self._recorder.record(draft, account, snapshot, "ownership", code_in_bio=found)
        if not self._policy.passes(snapshot.followers):
            outcome = await self._recorder.set(
                draft, account, Verdict.BELOW_THRESHOLD, followers=snapshot.followers
            )
        elif found:
            outcome = await self._recorder.set(
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
        return await self._decisions.news(who, (outcome,))

    async def renew(self, who: ChannelIdentity, platform: Platform) -> VerificationNews:
        draft = await self._decisions.require(who)
        account = draft.account(platform)
        if account is None:
            return VerificationNews()
        outcome = await self.issue(draft, account, followers=account.followers)
        return await self._decisions.news(who, (outcome,), decide=False)
