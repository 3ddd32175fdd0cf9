"""Composing campaigns in the admin group, confirming, approving, listing and cancelling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

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
from bot.units.scope import Scope
from bot.units.service import UnitService
from storage.audit import AuditRepository
from storage.campaign_drafts import CampaignDraftRepository
from storage.campaigns import Campaign, CampaignRepository, NewCampaign, Target, UpcomingRun
from storage.database import Database
from storage.outbox import OutboxRepository


class NoDraft(Exception):
    """The admin has no campaign in progress."""


class SecondApprovalNeeded(Exception):
    """The same admin cannot be the second approver."""


class OutsideScope(Exception):
    """The campaign belongs to (or reaches) no one of the acting group's unit. Raised before
    anything is written or audited: the handler refuses and audits it."""


class CampaignNotFound(Exception):
    pass


class LocaliseProblem(StrEnum):
    NATIONAL_GROUP = "national_group"  # the national group's text is the campaign's own
    OWN_CAMPAIGN = "own_campaign"  # composed inside the unit: its variants are the unit's
    CLOSED = "closed"  # sent, or cancelled


class NotLocalisable(Exception):
    def __init__(self, problem: LocaliseProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def owner_of(scope: Scope) -> int | None:
    """The unit a campaign composed in the scope's group belongs to; None: national."""
    return None if scope.national else scope.unit.id


# A unit may give its own variants while the campaign can still be sent.
_LOCALISABLE_STATUSES = ("awaiting_approval", "scheduled")


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
        units: UnitService,
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
        self._units = units

    # --- The draft ---------------------------------------------------------------------------

    async def draft(self, admin: str) -> ContentDraft | None:
        data = await self._drafts.get(self._db.reader, admin)
        return ContentDraft.from_json(data) if data else None

    async def save(self, admin: str, draft: ContentDraft) -> ContentDraft:
        async with self._db.single_statement() as conn:
            await self._drafts.put(conn, admin, draft.to_json(), self._clock.now())
        return draft

    async def begin(
        self,
        admin: str,
        kind: str,
        body: str,
        media_file_id: str | None,
        *,
        send_now: bool,
        unit_id: int | None,
    ) -> ContentDraft:
        """A new draft from the content (an earlier unfinished one is replaced), owned by the
        unit whose group composes it."""
        draft = ContentDraft(
            kind=kind,
            body=check_body(body),
            media_file_id=media_file_id,
            send_now=send_now,
            unit_id=unit_id,
        )
        return await self.save(admin, draft)

    async def add_target_unit(self, admin: str, unit_id: int) -> ContentDraft:
        draft = await self.draft(admin)
        if draft is None:
            raise NoDraft()
        if unit_id in draft.target_units:
            return draft
        return await self.save(admin, draft.with_(target_units=(*draft.target_units, unit_id)))

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

    async def audience_by_channel(
        self, target: Target, unit_id: int | None = None, target_units: tuple[int, ...] = ()
    ) -> list[ChannelAudience]:
        """Who the target reaches now among the people of the owner unit (or of the chosen
        units), per content channel, and what the templates would cost (an estimate: the
        daily cap and the windows at send time may differ)."""
        provinces = tuple(code for zone in target_zones(target) for code in province_codes(zone))
        opened_after = self._clock.now() - SERVICE_WINDOW
        unit_ids = await self.planner.audience_units(unit_id, target_units)
        counts = await self._campaigns.audience_by_channel(
            self._db.reader, provinces, target, opened_after, unit_ids
        )
        audiences = []
        for count in counts:
            templates = count.outside_window if count.channel == WINDOWED_CHANNEL else 0
            cost = templates * self._template_price_idr
            audiences.append(ChannelAudience(count.channel, count.people, templates, cost))
        return audiences

    async def draft_audience(self, draft: ContentDraft) -> list[ChannelAudience]:
        return await self.audience_by_channel(
            Target(**draft.target), draft.unit_id, draft.target_units
        )

    async def second_approval_required(self, unit_id: int | None) -> bool:
        """The unit group's own choice; REQUIRE_SECOND_APPROVAL when it made none (and for
        the national group)."""
        group = await self._units.group_of(unit_id) if unit_id is not None else None
        if group is None or group.second_approval is None:
            return self._require_second_approval
        return group.second_approval

    # --- Confirming, approving -------------------------------------------------------------

    async def confirm(self, admin: str, scope: Scope) -> Confirmed:
        """Turns the draft into a campaign of the acting group's unit: scheduled, or waiting
        for a second admin of that group when it goes to the unit's whole audience and the
        unit (or REQUIRE_SECOND_APPROVAL) asks for one."""
        draft = await self.draft(admin)
        if draft is None or draft.localises is not None:
            raise NoDraft()
        owner = owner_of(scope)
        if draft.unit_id != owner or not all(scope.covers(u) for u in draft.target_units):
            raise OutsideScope()
        target = Target(**draft.target)
        everyone = target == Target() and not draft.target_units
        needs_second = everyone and await self.second_approval_required(owner)
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
            unit_id=owner,
            target_unit_ids=draft.target_units,
        )
        now = self._clock.now()
        async with self._db.transaction() as tx:
            campaign_id = await self._campaigns.create(
                tx, new, now, status="awaiting_approval" if needs_second else "scheduled"
            )
            await self._drafts.delete(tx, admin)
            await self._audit.record(
                tx, admin, "campaign.create", f"id={campaign_id}", "done", now, unit_id=owner
            )
        if not needs_second:
            await self.planner.plan(campaign_id)
        return Confirmed(campaign_id, needs_second)

    async def approve(self, campaign_id: int, admin: str, scope: Scope) -> bool:
        """A second admin's approval, in the group of the unit that owns the campaign; False
        when it was not waiting (already approved or cancelled)."""
        campaign = await self._campaigns.get(self._db.reader, campaign_id)
        if campaign is None:
            return False
        if campaign.unit_id != owner_of(scope):
            raise OutsideScope()
        if campaign.status != "awaiting_approval":
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
                unit_id=campaign.unit_id,
            )
        if approved:
            await self.planner.plan(campaign_id)
        return approved

    async def cancel(self, campaign_id: int, admin: str, scope: Scope) -> bool:
        """Cancels a campaign of a unit in the scope (what was delivered stays)."""
        campaign = await self._campaigns.get(self._db.reader, campaign_id)
        if campaign is not None and not scope.covers(campaign.unit_id):
            raise OutsideScope()
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
                unit_id=owner_of(scope),
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

    async def upcoming(self, scope: Scope) -> list[UpcomingRun]:
        return await self._campaigns.upcoming_runs(self._db.reader, unit_ids=scope.unit_ids)

    async def active(self, scope: Scope) -> list[Campaign]:
        """The campaigns waiting or scheduled that units in the scope own."""
        return await self._campaigns.list_active(self._db.reader, scope.unit_ids)

    # --- A unit's own caption variants of a campaign that reaches its people -----------------

    async def localisable(self, scope: Scope) -> list[Campaign]:
        """Campaigns composed above a unit group (nationally, or by a unit it lies under)
        that reach its people and can still be sent: what it may give its own variants of."""
        if scope.unit_ids is None:
            return []
        found = []
        for campaign in await self._campaigns.list_active(self._db.reader):
            if campaign.unit_id is not None and scope.covers(campaign.unit_id):
                continue  # the unit's own (or a unit's under it)
            reached = await self.planner.audience_units(campaign.unit_id, campaign.target_unit_ids)
            if reached is None or reached & scope.unit_ids:
                found.append(campaign)
        return found

    async def _localisable(self, campaign_id: int, scope: Scope) -> Campaign:
        campaign = await self._campaigns.get(self._db.reader, campaign_id)
        if campaign is None:
            raise CampaignNotFound()
        if scope.national:
            raise NotLocalisable(LocaliseProblem.NATIONAL_GROUP)
        assert scope.unit_ids is not None
        if campaign.unit_id is not None and scope.covers(campaign.unit_id):
            raise NotLocalisable(LocaliseProblem.OWN_CAMPAIGN)
        reached = await self.planner.audience_units(campaign.unit_id, campaign.target_unit_ids)
        if reached is not None and not reached & scope.unit_ids:
            raise OutsideScope()
        if campaign.status not in _LOCALISABLE_STATUSES:
            raise NotLocalisable(LocaliseProblem.CLOSED)
        return campaign

    async def begin_localisation(self, admin: str, campaign_id: int, scope: Scope) -> ContentDraft:
        """A draft of the unit's variants of a campaign (by a unit above it, or national)
        that reaches the unit's people; raises CampaignNotFound, NotLocalisable or
        OutsideScope."""
        campaign = await self._localisable(campaign_id, scope)
        draft = ContentDraft(
            kind=campaign.kind,
            body=campaign.body,
            media_file_id=campaign.media_file_id,
            link=campaign.link,
            hashtags=campaign.hashtags,
            step="variants",
            unit_id=owner_of(scope),
            localises=campaign.id,
        )
        return await self.save(admin, draft)

    async def save_localisation(self, admin: str, scope: Scope) -> ContentDraft:
        """Stores the unit's variants (replacing earlier ones); its people get them instead
        of the campaign's own from the campaign's next run. Checked again now: the campaign
        may have been sent or cancelled while the variants were typed."""
        draft = await self.draft(admin)
        if draft is None or draft.localises is None:
            raise NoDraft()
        if draft.unit_id != owner_of(scope):
            raise OutsideScope()
        if not draft.variants:
            raise DraftError(DraftProblem.EMPTY)
        await self._localisable(draft.localises, scope)
        now = self._clock.now()
        async with self._db.transaction() as tx:
            await self._campaigns.localise(
                tx, draft.localises, scope.unit.id, draft.variants, admin, now
            )
            await self._drafts.delete(tx, admin)
            await self._audit.record(
                tx,
                admin,
                "campaign.localise",
                f"id={draft.localises} variants={len(draft.variants)}",
                "done",
                now,
                unit_id=scope.unit.id,
            )
        return draft
