"""Issuing, showing and revoking badges."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from bot.admin.audit import Actor
from bot.badges.artwork import BadgeArtwork, render_badge
from bot.badges.baking import bake
from bot.badges.openbadges import (
    AssertionFacts,
    BadgeUrls,
    IssuerInfo,
    assertion_document,
    badge_class_document,
    hash_identity,
    issuer_document,
    new_salt,
    revoked_document,
)
from bot.clock import Clock
from bot.enrollment.service import Draft, EnrollmentService
from bot.enrollment.social_handles import HandleError, Platform, parse_handle
from bot.languages import Locale
from bot.people.service import ChannelIdentity
from bot.texts.formats import count, day
from bot.units.scope import Scope
from storage.audit import AuditRepository
from storage.badges import Badge, BadgeRepository, NewBadge
from storage.counters import CounterRepository
from storage.database import Database


class BadgeState(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


@dataclass(frozen=True)
class BadgeConfig:
    urls: BadgeUrls
    issuer: IssuerInfo
    number_prefix: str  # "GPR"
    threshold: int
    logo_path: Path | None
    locale: Locale
    # The badge runs this long past each re-verification date: the check (spread over hours,
    # or waiting out a rate limit) and its grace period decide, not the calendar.
    grace: timedelta = timedelta(0)


@dataclass(frozen=True)
class BadgeImages:
    square: bytes  # baked: carries the hosted assertion URL
    story: bytes


@dataclass(frozen=True)
class BadgeView:
    """What anyone may see about a badge: never the NIP, e-mail or unverified details."""

    number: str
    holder_name: str
    agency: str
    issued_at: datetime
    expires_at: datetime
    state: BadgeState
    reason: str | None
    as_of: datetime  # when this status was read
    platforms: tuple[str, ...] = ()  # verified platforms, e.g. ("instagram", "x")
    checked_at: datetime | None = None  # the latest check of those accounts


@dataclass(frozen=True)
class IssuedBadge:
    """A badge and its rendered images, ready for a channel to deliver."""

    badge: Badge
    images: BadgeImages


class NotVerified(Exception):
    """Badges go to verified people only."""


class OutOfScope(Exception):
    """The badge's holder is not among the people the acting admin group looks after."""


class BadgeService:
    def __init__(
        self,
        db: Database,
        enrollment: EnrollmentService,
        badges: BadgeRepository,
        audit: AuditRepository,
        counters: CounterRepository,
        config: BadgeConfig,
        clock: Clock,
    ) -> None:
        self._db = db
        self._enrollment = enrollment
        self._badges = badges
        self._audit = audit
        self._counters = counters
        self.config = config
        self._clock = clock

    @property
    def urls(self) -> BadgeUrls:
        return self.config.urls

    # --- Issuing ---------------------------------------------------------------------------

    async def issue(self, who: ChannelIdentity) -> tuple[Badge, BadgeImages]:
        """A new badge for a verified person; an earlier one is marked replaced."""
        draft = await self._enrollment.draft(who)
        if draft is None or draft.enrollment.status != "verified":
            raise NotVerified()
        now = self._clock.now()
        e = draft.enrollment
        recipient_type, identity = _recipient(draft)
        salt = new_salt()
        new = NewBadge(
            person_id=draft.person.id,
            holder_name=e.full_name or "",
            agency=e.agency_name or "",
            recipient_type=recipient_type,
            recipient_hash=hash_identity(identity, salt),
            recipient_salt=salt,
            evidence=_evidence(draft),
            issued_at=now,
            expires_at=(e.reverify_due_at or now + timedelta(days=90)) + self.config.grace,
        )
        prefix = f"{self.config.number_prefix}-{now.year}-"
        async with self._db.transaction() as tx:
            previous = await self._badges.current(tx, draft.person.id)
            if previous and previous.status in {"active", "suspended"}:
                await self._badges.set_status(tx, previous.id, "replaced", None, now)
            badge = await self._badges.add(tx, new, prefix)
            await self._counters.increment(tx, now.date(), "badged")
        return badge, await self.images(badge)

    async def award(self, who: ChannelIdentity) -> IssuedBadge | None:
        """The badge a verification decision earns; None when the person is not verified
        (anymore) by the time it is issued."""
        try:
            badge, images = await self.issue(who)
        except NotVerified:
            return None
        return IssuedBadge(badge, images)

    async def valid_badge(self, who: ChannelIdentity) -> IssuedBadge | None:
        """The current badge rendered again (after a re-verification extended it), if valid."""
        badge = await self.current(who)
        if badge is None or self.state_of(badge) is not BadgeState.VALID:
            return None
        return IssuedBadge(badge, await self.images(badge))

    async def undelivered(self, who: ChannelIdentity) -> IssuedBadge | None:
        """A verified person's badge that never reached them (issuing or sending failed): the
        valid one drawn again, or a new one when there is none."""
        badge = await self.current(who)
        if badge is None:
            return await self.award(who)
        if badge.document_file_id is None and self.state_of(badge) is BadgeState.VALID:
            return IssuedBadge(badge, await self.images(badge))
        return None

    async def images(self, badge: Badge) -> BadgeImages:
        """Both variants, rendered in a worker thread (Pillow work would stall the chats)."""
        return await asyncio.to_thread(self.render_sync, badge)

    def render_sync(self, badge: Badge) -> BadgeImages:
        assertion_url = self.urls.assertion(badge.number)
        art = BadgeArtwork(
            holder_name=badge.holder_name,
            agency=badge.agency,
            badge_number=badge.number,
            issued_on=badge.issued_at.date(),
            valid_until=badge.expires_at.date(),
            verify_url=self.urls.page(badge.number),
            issuer_name=self.config.issuer.name,
            locale=self.config.locale,
            logo_path=self.config.logo_path,
        )
        return BadgeImages(
            square=bake(render_badge(art, "square"), assertion_url),
            story=bake(render_badge(art, "story"), assertion_url),
        )

    async def extend(self, who: ChannelIdentity, next_check: datetime) -> datetime | None:
        """Moves the active badge's expiry past the next re-verification date after a passed
        one (the same number and hosted assertion, so copies already shared stay verifiable).
        Returns the new expiry; None with no active badge or when it already runs that long."""
        draft = await self._enrollment.draft(who)
        if draft is None or draft.enrollment.status != "verified":
            return None
        expires = next_check + self.config.grace
        async with self._db.transaction() as tx:
            badge = await self._badges.current(tx, draft.person.id)
            if badge is None or badge.status != "active" or badge.expires_at >= expires:
                return None
            await self._badges.extend(tx, badge.id, expires, _evidence(draft))
        return expires

    async def remember_files(
        self, badge: Badge, document_id: str, preview_id: str | None, story_id: str | None = None
    ) -> None:
        """Telegram file ids, so that /lencana re-sends without uploading again."""
        async with self._db.single_statement() as conn:
            await self._badges.set_files(conn, badge.id, document_id, preview_id, story_id)

    async def current(self, who: ChannelIdentity) -> Badge | None:
        draft = await self._enrollment.draft(who)
        if draft is None:
            return None
        return await self._badges.current(self._db.reader, draft.person.id)

    # --- Status ----------------------------------------------------------------------------

    async def find(self, number: str) -> Badge | None:
        return await self._badges.by_number(self._db.reader, number.strip())

    def state_of(self, badge: Badge) -> BadgeState:
        if badge.status in {"revoked", "replaced"}:
            return BadgeState.REVOKED
        if badge.status == "suspended":
            return BadgeState.SUSPENDED
        if badge.expires_at <= self._clock.now():
            return BadgeState.EXPIRED
        return BadgeState.VALID

    async def view(self, number: str) -> BadgeView | None:
        badge = await self.find(number)
        if badge is None:
            return None
        reason = badge.status_reason
        if badge.status == "replaced":
            reason = "replaced by a newer badge / digantikan lencana yang lebih baru"
        # What the page says was verified: the holder's verified accounts as they stand now
        # (re-verification updates them); none once the holder erased their data.
        draft = await self._enrollment.draft_of(badge.person_id)
        accounts = draft.accounts if draft else ()
        verified = [a for a in accounts if a.verification_status == "verified"]
        checks = [a.checked_at for a in verified if a.checked_at is not None]
        return BadgeView(
            number=badge.number,
            holder_name=badge.holder_name,
            agency=badge.agency,
            issued_at=badge.issued_at,
            expires_at=badge.expires_at,
            state=self.state_of(badge),
            reason=reason,
            as_of=self._clock.now(),
            platforms=tuple(a.platform for a in verified),
            checked_at=max(checks, default=None),
        )

    async def assertion(self, number: str) -> tuple[int, dict[str, Any]] | None:
        """(HTTP status, JSON-LD) of the hosted assertion; None when there is no such badge."""
        badge = await self.find(number)
        if badge is None:
            return None
        state = self.state_of(badge)
        if state in {BadgeState.REVOKED, BadgeState.SUSPENDED}:
            view = await self.view(number)
            reason = f"{state.value}: {view.reason if view and view.reason else '-'}"
            return 410, revoked_document(self.urls, badge.number, reason)
        facts = AssertionFacts(
            number=badge.number,
            recipient_type=badge.recipient_type,
            recipient_hash=badge.recipient_hash,
            recipient_salt=badge.recipient_salt,
            issued_at=badge.issued_at,
            expires_at=badge.expires_at,
            evidence=badge.evidence,
        )
        return 200, assertion_document(self.urls, facts)

    def issuer_document(self) -> dict[str, Any]:
        return issuer_document(self.urls, self.config.issuer)

    def badge_class_document(self) -> dict[str, Any]:
        return badge_class_document(self.urls, self.config.threshold)

    # --- Revocation and suspension ---------------------------------------------------------

    async def holder_unit(self, number: str) -> int | None:
        """The PR unit of the badge holder (None: unknown badge, or a holder without one)."""
        badge = await self.find(number)
        draft = await self._enrollment.draft_of(badge.person_id) if badge else None
        return draft.enrollment.unit_id if draft else None

    async def revoke(
        self, number: str, reason: str, admin: Actor, *, scope: Scope | None = None
    ) -> tuple[Badge, ChannelIdentity]:
        """Revokes the badge; returns it and whom to tell. KeyError when unknown; OutOfScope
        when `scope` (the acting admin group's, read now) does not cover the holder."""
        if scope is not None:
            badge = await self.find(number)
            if badge is None:
                raise KeyError(number)
            if not scope.covers(await self.holder_unit(badge.number)):
                raise OutOfScope(number)
        acting_unit = None if scope is None or scope.national else scope.unit.id
        now = self._clock.now()
        async with self._db.transaction() as tx:
            badge = await self._badges.by_number(tx, number.strip())
            if badge is None:
                raise KeyError(number)
            await self._badges.set_status(tx, badge.id, "revoked", reason, now)
            await self._audit.record(
                tx,
                admin.user_id,
                "badge.revoke",
                f"{badge.number} {reason}",
                "done",
                now,
                admin.name,
                unit_id=acting_unit,
            )
        draft = await self._enrollment.draft_of(badge.person_id)
        assert draft is not None
        who = ChannelIdentity(draft.person.channel, draft.person.channel_user_id)
        return badge, who

    async def suspend(self, who: ChannelIdentity, reason: str) -> None:
        badge = await self.current(who)
        if badge and badge.status == "active":
            async with self._db.single_statement() as conn:
                await self._badges.set_status(
                    conn, badge.id, "suspended", reason, self._clock.now()
                )


def _recipient(draft: Draft) -> tuple[str, str]:
    """The work e-mail when given, else the verified profile URL (Open Badges types)."""
    if draft.enrollment.work_email:
        return "email", draft.enrollment.work_email
    for account in draft.accounts:
        if account.verification_status == "verified":
            try:
                return "url", parse_handle(Platform(account.platform), account.handle).profile_url
            except HandleError:
                continue
    raise NotVerified()


def _evidence(draft: Draft) -> str:
    # English: the narrative is read by validators and wallets anywhere.
    parts = [
        f"{Platform(a.platform).value} @{a.handle}: {count(a.followers, 'en')} followers,"
        f" verified {day(a.checked_at, 'en') if a.checked_at else '-'}"
        for a in draft.accounts
        if a.verification_status == "verified"
    ]
    return "; ".join(parts) or "verified"
