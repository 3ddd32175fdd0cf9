"""Recording reshares: the optional link must be a post of one of the person's verified
accounts; points reward sharing, a little more with a link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.clock import JAKARTA, Clock, zone_tz
from bot.enrollment.service import Draft, EnrollmentService
from bot.enrollment.social_handles import HandleError, parse_post_url
from bot.people.service import ChannelIdentity
from storage.database import Database
from storage.reshares import DeliveredCampaign, ReshareRepository

POINTS_WITH_LINK = 10
POINTS_WITHOUT_LINK = 5
# A link is accepted for a reshare reported within this window.
LINK_WINDOW = timedelta(days=1)


class ReshareProblem(StrEnum):
    NOT_A_POST = "not_a_post"  # not a link to a post on a platform we know
    NOT_YOUR_PLATFORM = "not_your_platform"  # a platform with no verified account of theirs
    NOT_YOUR_ACCOUNT = "not_your_account"  # the post's author is not their verified handle


class ReshareLinkError(ValueError):
    def __init__(self, reason: ReshareProblem) -> None:
        super().__init__(reason.value)
        self.reason = reason


class NotYourDelivery(Exception):
    """The button belongs to someone else's message."""


class DeliveryTooOld(Exception):
    """The delivery was folded into daily counts by retention (or its campaign deleted):
    nothing is left to record a reshare against."""


@dataclass(frozen=True)
class ReshareResult:
    recorded: bool  # False: reported already
    points: int
    total_points: int
    streak_days: int


class ReshareService:
    def __init__(
        self,
        db: Database,
        enrollment: EnrollmentService,
        reshares: ReshareRepository,
        clock: Clock,
    ) -> None:
        self._db = db
        self._enrollment = enrollment
        self._reshares = reshares
        self._clock = clock

    async def delivery(self, who: ChannelIdentity, delivery_id: int) -> DeliveredCampaign:
        draft = await self._enrollment.draft(who)
        if draft is None:
            raise NotYourDelivery()
        delivered = await self._reshares.delivered(self._db.reader, delivery_id)
        if delivered is None:
            raise DeliveryTooOld()
        if delivered.person_id != draft.person.id:
            raise NotYourDelivery()
        return delivered

    async def already_reported(self, delivery_id: int) -> bool:
        return await self._reshares.already_recorded(self._db.reader, delivery_id)

    async def record(self, who: ChannelIdentity, delivery_id: int) -> ReshareResult:
        """ "Sudah dibagikan": recorded at once (a link may follow)."""
        delivered = await self.delivery(who, delivery_id)
        async with self._db.transaction() as tx:
            added = await self._reshares.record(
                tx, delivered, None, None, POINTS_WITHOUT_LINK, self._clock.now()
            )
        total, streak = await self.summary(who)
        return ReshareResult(added, POINTS_WITHOUT_LINK if added else 0, total, streak)

    async def add_link(self, who: ChannelIdentity, link: str) -> ReshareResult:
        """The link to the post: checked against the verified accounts, worth extra points."""
        draft = await self._enrollment.draft(who)
        if draft is None:
            raise NotYourDelivery()
        platform = _check_link(draft, link)
        now = self._clock.now()
        async with self._db.transaction() as tx:
            added = await self._reshares.attach_link(
                tx, draft.person.id, platform, link, POINTS_WITH_LINK, now - LINK_WINDOW
            )
        total, streak = await self.summary(who)
        extra = POINTS_WITH_LINK - POINTS_WITHOUT_LINK if added else 0
        return ReshareResult(added, extra, total, streak)

    async def count(self, who: ChannelIdentity) -> int:
        draft = await self._enrollment.draft(who)
        if draft is None:
            return 0
        return (await self._reshares.points(self._db.reader, draft.person.id)).reshares

    async def summary(self, who: ChannelIdentity) -> tuple[int, int]:
        """(total points, streak in days: consecutive local days with a reshare, up to today
        or yesterday)."""
        draft = await self._enrollment.draft(who)
        if draft is None:
            return 0, 0
        total = (await self._reshares.points(self._db.reader, draft.person.id)).points
        zone = zone_tz(draft.province.zone) if draft.province else JAKARTA
        days = {
            moment.astimezone(zone).date()
            for moment in await self._reshares.times(self._db.reader, draft.person.id)
        }
        return total, _streak(days, self._clock.now().astimezone(zone).date())


def _streak(days: set[date], today: date) -> int:
    current = today if today in days else today - timedelta(days=1)
    streak = 0
    while current in days:
        streak += 1
        current -= timedelta(days=1)
    return streak


def _check_link(draft: Draft, link: str) -> str:
    try:
        post = parse_post_url(link)
    except HandleError:
        raise ReshareLinkError(ReshareProblem.NOT_A_POST) from None
    verified = [
        a
        for a in draft.accounts
        if a.platform == post.platform and a.verification_status == "verified"
    ]
    if not verified:
        raise ReshareLinkError(ReshareProblem.NOT_YOUR_PLATFORM)
    if post.author is not None and all(
        a.handle.lower() != post.author.handle.lower() for a in verified
    ):
        raise ReshareLinkError(ReshareProblem.NOT_YOUR_ACCOUNT)
    return post.platform.value
