"""The person's decision under the follower rule, and the badge it earns: the core issues the
badge when it decides, so every channel only delivers what was issued."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from bot.badges.service import IssuedBadge
from bot.clock import Clock
from bot.enrollment.service import Draft, EnrollmentService
from bot.people.service import ChannelIdentity
from bot.verification.outcomes import AccountOutcome, Decision, VerificationNews
from bot.verification.rules import Policy, person_outcome
from storage.counters import CounterRepository
from storage.database import Database
from storage.enrollments import EnrollmentRepository

_LOGGER = logging.getLogger(__name__)


class CannotVerifyYet(Exception):
    """Not submitted yet, or rejected and the re-apply date has not come."""

    def __init__(self, reapply_after: datetime | None = None) -> None:
        super().__init__("cannot verify yet")
        self.reapply_after = reapply_after


class BadgeIssuer(Protocol):
    """What verification needs of the badges (bot.badges.service.BadgeService)."""

    async def award(self, who: ChannelIdentity) -> IssuedBadge | None: ...

    async def valid_badge(self, who: ChannelIdentity) -> IssuedBadge | None: ...

    async def extend(self, who: ChannelIdentity, next_check: datetime) -> datetime | None: ...

    async def suspend(self, who: ChannelIdentity, reason: str) -> None: ...


class PersonNotifier(Protocol):
    """Tells a person what a background check found; each channel renders it and delivers
    the badge the news carries."""

    async def verification_news(self, who: ChannelIdentity, news: VerificationNews) -> None: ...


class Decisions:
    def __init__(
        self,
        *,
        db: Database,
        enrollment: EnrollmentService,
        enrollments: EnrollmentRepository,
        counters: CounterRepository,
        badges: BadgeIssuer,
        policy: Policy,
        clock: Clock,
    ) -> None:
        self._db = db
        self._enrollment = enrollment
        self._enrollments = enrollments
        self._counters = counters
        self._badges = badges
        self._policy = policy
        self._clock = clock

    async def require(self, who: ChannelIdentity) -> Draft:
        draft = await self._enrollment.draft(who)
        if draft is None:
            raise CannotVerifyYet()
        return draft

    async def news(
        self, who: ChannelIdentity, outcomes: tuple[AccountOutcome, ...], *, decide: bool = True
    ) -> VerificationNews:
        """A round's outcomes with the decision they lead to and, when it is "verified", the
        badge issued for it."""
        if not decide:
            return VerificationNews(outcomes=outcomes)
        decision, reapply_after = await self.decide(who)
        badge = await self._award(who) if decision is Decision.VERIFIED else None
        return VerificationNews(
            outcomes=outcomes, decision=decision, reapply_after=reapply_after, badge=badge
        )

    async def _award(self, who: ChannelIdentity) -> IssuedBadge | None:
        """The badge the decision earns. The decision stands even if the badge cannot be
        issued or drawn now: the person still hears they are verified, and /lencana issues
        or draws it again later."""
        try:
            return await self._badges.award(who)
        except Exception:
            _LOGGER.exception("A badge could not be issued for a verified person")
            return None

    async def decide(self, who: ChannelIdentity) -> tuple[Decision | None, datetime | None]:
        """Applies the follower rule to the accounts' states; records a new decision."""
        draft = await self.require(who)
        e = draft.enrollment
        verdict = person_outcome((a.verification_status for a in draft.accounts), self._policy.rule)
        now = self._clock.now()
        if verdict == "verified" and e.status in {"submitted", "rejected", "suspended"}:
            async with self._db.transaction() as tx:
                await self._enrollments.update(
                    tx,
                    draft.person.id,
                    now,
                    status="verified",
                    verified_at=now,
                    reverify_due_at=now + self._policy.reverify_every,
                    grace_until=None,
                    decision_reason=None,
                    reapply_after=None,
                )
                await self._counters.increment(tx, now.date(), "verified")
            return Decision.VERIFIED, None
        if verdict == "rejected" and e.status == "submitted":
            reapply = now + self._policy.reapply_after
            async with self._db.transaction() as tx:
                await self._enrollments.update(
                    tx, draft.person.id, now, status="rejected", reapply_after=reapply
                )
            return Decision.REJECTED, reapply
        return None, None


def identity_of(draft: Draft) -> ChannelIdentity:
    return ChannelIdentity(draft.person.channel, draft.person.channel_user_id)
