"""Composing campaigns in the admin group, confirming, approving, listing and cancelling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.campaigns.drafts import (
    MAX_VARIANTS,
    ContentDraft,
    DraftError,
    DraftProblem,
    check_body,
)
from bot.campaigns.planner import CampaignPlanner, province_codes, target_zones
from bot.campaigns.sharing import share_text, too_long_for_x
from bot.clock import Clock
from storage.audit import AuditRepository
from storage.campaign_drafts import CampaignDraftRepository
from storage.campaigns import Campaign, CampaignRepository, NewCampaign, Target, UpcomingRun
from storage.database import Database
from storage.outbox import OutboxRepository


class NoDraft(Exception):
    """The admin has no campaign in progress."""


class SecondApprovalNeeded(Exception):
    """The same admin cannot be the second approver."""


@dataclass(frozen=True)
class Confirmed:
    campaign_id: int
    awaiting_approval: bool


# The channel with WhatsApp's 24-hour customer service window: whoever has not written within
# it gets the campaign as an approved template, charged per delivered message.
WINDOWED_CHANNEL = "whatsapp"
SERVICE_WINDOW = timedelta(hours=24)
# A campaign's link is followed (through /go/{id}) only once it may be sent.
_LINKED_STATUSES = ("scheduled", "done")


@dataclass(frozen=True)
class ChannelAudience:
    """Who a campaign would reach on one channel now, for the preview before confirming."""

    channel: str
    people: int
    templates: int  # of them, reached only by the paid template
    estimated_cost_idr: int


class CampaignService:
    def __init__(
        self,
        db: Database,
        drafts: CampaignDraftRepository,
        campaigns: CampaignRepository,
        audit: AuditRepository,
        planner: CampaignPlanner,
        clock: Clock,
        *,
        disclosure_tag: str,
        require_second_approval: bool,
        outbox: OutboxRepository,
        template_price_idr: int,
    ) -> None:
        self._db = db
        self._drafts = drafts
        self._campaigns = campaigns
        self._audit = audit
        self._outbox = outbox  # the only writer of `deliveries`
        self.planner = planner
        self._clock = clock
        self.disclosure_tag = disclosure_tag
        self._require_second_approval = require_second_approval
        self._template_price_idr = template_price_idr  # WHATSAPP_MARKETING_PRICE_IDR

    # --- The draft ---------------------------------------------------------------------------

    async def draft(self, admin: str) -> ContentDraft | None:
        data = await self._drafts.get(self._db.reader, admin)
        return ContentDraft.from_json(data) if data else None

    async def save(self, admin: str, draft: ContentDraft) -> ContentDraft:
        async with self._db.single_statement() as conn:
            await self._drafts.put(conn, admin, draft.to_json(), self._clock.now())
        return draft

    async def begin(
        self, admin: str, kind: str, body: str, media_file_id: str | None, *, send_now: bool
    ) -> ContentDraft:
        """A new draft from the content (an earlier unfinished one is replaced)."""
        draft = ContentDraft(
            kind=kind, body=check_body(body), media_file_id=media_file_id, send_now=send_now
        )
        return await self.save(admin, draft)

    async def update(self, admin: str, **changes: object) -> ContentDraft:
        draft = await self.draft(admin)
        if draft is None:
            raise NoDraft()
        return await self.save(admin, draft.with_(**changes))

    async def add_variant(self, admin: str, text: str) -> ContentDraft:
        draft = await self.draft(admin)
        if draft is None:
            raise NoDraft()
        if len(draft.variants) >= MAX_VARIANTS:
            raise DraftError(DraftProblem.TOO_MANY_VARIANTS)
        return await self.save(admin, draft.with_(variants=(*draft.variants, text)))

    async def discard(self, admin: str) -> None:
        async with self._db.single_statement() as conn:
            await self._drafts.delete(conn, admin)

    def share_texts(self, draft: ContentDraft) -> list[str]:
        return [share_text(text, draft.hashtags, self.disclosure_tag) for text in draft.texts]

    def too_long_for_x(self, draft: ContentDraft) -> bool:
        return any(too_long_for_x(text, draft.link) for text in self.share_texts(draft))

    async def audience_by_channel(self, target: Target) -> list[ChannelAudience]:
        """Who the target reaches now, per content channel, and what the templates would cost
        (an estimate: the daily cap and the windows at send time may differ)."""
        provinces = tuple(code for zone in target_zones(target) for code in province_codes(zone))
        opened_after = self._clock.now() - SERVICE_WINDOW
        counts = await self._campaigns.audience_by_channel(
            self._db.reader, provinces, target, opened_after
        )
        audiences = []
        for count in counts:
            templates = count.outside_window if count.channel == WINDOWED_CHANNEL else 0
            cost = templates * self._template_price_idr
            audiences.append(ChannelAudience(count.channel, count.people, templates, cost))
        return audiences

    async def draft_audience(self, draft: ContentDraft) -> list[ChannelAudience]:
        return await self.audience_by_channel(Target(**draft.target))

    # --- Confirming, approving -------------------------------------------------------------

    async def confirm(self, admin: str) -> Confirmed:
        """Turns the draft into a campaign: scheduled, or waiting for a second admin when it
        goes to everyone and REQUIRE_SECOND_APPROVAL is on."""
        draft = await self.draft(admin)
        if draft is None:
            raise NoDraft()
        target = Target(**draft.target)
        needs_second = self._require_second_approval and target == Target()
        new = NewCampaign(
            title=draft.body.split("\n", 1)[0][:60],
            kind=draft.kind,
            body=draft.body,
            created_by=admin,
            schedule_kind=draft.schedule_kind,
            run_at=(
                datetime.fromisoformat(draft.run_at)
                if draft.run_at
                else self._clock.now()
                if draft.schedule_kind == "now"
                else None
            ),
            daily_time=time.fromisoformat(draft.daily_time) if draft.daily_time else None,
            media_file_id=draft.media_file_id,
            link=draft.link,
            hashtags=draft.hashtags,
            target=target,
            variants=draft.texts,
        )
        now = self._clock.now()
        async with self._db.transaction() as tx:
            campaign_id = await self._campaigns.create(
                tx, new, now, status="awaiting_approval" if needs_second else "scheduled"
            )
            await self._drafts.delete(tx, admin)
            await self._audit.record(tx, admin, "campaign.create", f"id={campaign_id}", "done", now)
        if not needs_second:
            await self.planner.plan(campaign_id)
        return Confirmed(campaign_id, needs_second)

    async def approve(self, campaign_id: int, admin: str) -> bool:
        """A second admin's approval; False when it was not waiting (already approved or
        cancelled)."""
        campaign = await self._campaigns.get(self._db.reader, campaign_id)
        if campaign is None or campaign.status != "awaiting_approval":
            return False
        if campaign.created_by == admin:
            raise SecondApprovalNeeded()
        async with self._db.transaction() as tx:
            approved = await self._campaigns.approve(tx, campaign_id, admin, self._clock.now())
            await self._audit.record(
                tx,
                admin,
                "campaign.approve",
                f"id={campaign_id}",
                "done" if approved else "too late",
                self._clock.now(),
            )
        if approved:
            await self.planner.plan(campaign_id)
        return approved

    async def cancel(self, campaign_id: int, admin: str) -> bool:
        now = self._clock.now()
        async with self._db.transaction() as tx:
            cancelled = await self._campaigns.cancel(tx, campaign_id, now)
            if cancelled:
                await self._outbox.skip_pending_of_campaign(tx, campaign_id, "campaign cancelled")
            await self._audit.record(
                tx,
                admin,
                "campaign.cancel",
                f"id={campaign_id}",
                "done" if cancelled else "not found",
                now,
            )
        return cancelled

    async def get(self, campaign_id: int) -> Campaign | None:
        return await self._campaigns.get(self._db.reader, campaign_id)

    async def link_of(self, campaign_id: int) -> str | None:
        """The link behind /go/{campaign_id}: the campaign's own, once it may be sent."""
        campaign = await self._campaigns.get(self._db.reader, campaign_id)
        if campaign is None or campaign.status not in _LINKED_STATUSES:
            return None
        return campaign.link

    async def upcoming(self) -> list[UpcomingRun]:
        return await self._campaigns.upcoming_runs(self._db.reader)

    async def active(self) -> list[Campaign]:
        return await self._campaigns.list_active(self._db.reader)
