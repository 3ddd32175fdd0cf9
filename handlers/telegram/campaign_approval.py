"""Saving a composed campaign (or a unit's own variants of one), and a second admin's approval
where the unit requires one, pressed in the owning unit's group; both then say which runs
quiet hours moved and wake the delivery."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ConversationHandler

from bot.campaigns.drafts import DraftError
from bot.campaigns.schedule import local_time
from bot.campaigns.service import (
    CampaignNotFound,
    NoDraft,
    NotLocalisable,
    OutsideScope,
    SecondApprovalNeeded,
    owner_of,
)
from bot.channels.telegram.context import BotContext
from handlers.telegram import callback_data as callbacks
from handlers.telegram.campaign_prompts import admin_id, pressed, send_html
from handlers.telegram.keyboards import keyboard
from handlers.telegram.scoping import refuse_out_of_scope

# Why a campaign cannot get a unit's own variants: the catalogue's answer.
LOCALISE_PROBLEM_TEXT = {
    "national_group": "campaign_localise_national_group",
    "own_campaign": "campaign_localise_own_campaign",
    "closed": "campaign_localise_closed",
}

HTML = ParseMode.HTML
END = ConversationHandler.END


async def on_confirm(update: Update, context: BotContext) -> int:
    """Saves the campaign (or discards the draft)."""
    t, service = context.admin_t, context.services.campaigns
    scope = await context.admin_scope()
    draft = await service.draft(admin_id(update))
    if draft is not None and draft.unit_id != owner_of(scope):
        # Drafts are per admin: one begun in another group is not this group's to save.
        await refuse_out_of_scope(update, context, "campaign draft")
        return END
    data = await pressed(update)
    if callbacks.DISCARD_CAMPAIGN.matches(data):
        await service.discard(admin_id(update))
        await send_html(update, t("campaign_discarded"))
        return END
    if draft is not None and draft.localises is not None:
        return await _save_localisation(update, context, draft.localises)
    try:
        confirmed = await service.confirm(admin_id(update), scope)
    except NoDraft:
        await send_html(update, t("campaign_no_draft"))
        return END
    except OutsideScope:
        # The group's unit changed since the check above (the group was moved).
        await send_html(update, t("out_of_scope"))
        return END
    if confirmed.awaiting_approval:
        button = keyboard(
            [
                (
                    t.label("btn_second_approval"),
                    callbacks.APPROVE_CAMPAIGN.encode(confirmed.campaign_id),
                )
            ]
        )
        await send_html(update, t("campaign_awaiting", campaign_id=confirmed.campaign_id), button)
    else:
        await send_html(update, t("campaign_saved", campaign_id=confirmed.campaign_id))
        await _say_deferred(update, context, confirmed.campaign_id)
        await context.campaign_runner.kick()
    return END


async def _save_localisation(update: Update, context: BotContext, campaign_id: int) -> int:
    """Stores the unit's own variants of the campaign (checked again now)."""
    t, service = context.admin_t, context.services.campaigns
    scope = await context.admin_scope()
    try:
        draft = await service.save_localisation(admin_id(update), scope)
    except NoDraft:
        await send_html(update, t("campaign_no_draft"))
        return END
    except DraftError:
        await send_html(update, t("campaign_localise_need_variant"))
        return END
    except OutsideScope:
        # The campaign's receivers changed, or the group's unit, since the variants began.
        await send_html(update, t("out_of_scope"))
        return END
    except (CampaignNotFound, NotLocalisable) as error:
        # Sent or cancelled while the variants were typed: the draft has no use any more.
        if isinstance(error, NotLocalisable):
            key = LOCALISE_PROBLEM_TEXT[error.problem.value]
            await send_html(update, t(key, campaign_id=campaign_id))
        else:
            await send_html(update, t("campaign_not_found", campaign_id=campaign_id))
        await service.discard(admin_id(update))
        return END
    await send_html(
        update,
        t(
            "campaign_localised",
            unit=scope.unit.name,
            campaign_id=campaign_id,
            variants=len(draft.variants),
        ),
    )
    return END


async def _say_deferred(update: Update, context: BotContext, campaign_id: int) -> None:
    """Runs that quiet hours moved, said when the campaign is scheduled rather than found
    out the next morning."""
    t = context.admin_t
    deferred = await context.services.campaigns.planner.deferred_runs(campaign_id)
    lines = [
        t(
            "campaign_deferred",
            campaign_id=campaign_id,
            zone=run.zone,
            when=local_time(run.due_at, run.zone),
        )
        for run in deferred
    ]
    if lines:
        await send_html(update, "\n".join(lines))


async def on_second_approval(update: Update, context: BotContext) -> None:
    """Approves a campaign that another admin saved; its author cannot approve it."""
    query = update.callback_query
    assert query and query.data
    t = context.admin_t
    campaign_id = callbacks.APPROVE_CAMPAIGN.decode(query.data)
    if campaign_id is None:
        await query.answer(t.label("button_outdated"), show_alert=True)
        return
    user = update.effective_user
    assert user
    label = f"@{user.username}" if user.username else str(user.id)
    try:
        approved = await context.services.campaigns.approve(
            campaign_id, str(user.id), await context.admin_scope()
        )
    except OutsideScope:
        # A forged or replayed button from another group's message.
        await refuse_out_of_scope(update, context, f"campaign={campaign_id}")
        return
    except SecondApprovalNeeded:
        await query.answer(t.label("campaign_second_admin_needed"), show_alert=True)
        return
    await query.answer()
    if not approved:
        await query.edit_message_text(t("campaign_not_found", campaign_id=campaign_id))
        return
    await query.edit_message_text(
        t("campaign_approved", campaign_id=campaign_id, admin=label), parse_mode=HTML
    )
    await _say_deferred(update, context, campaign_id)
    await context.campaign_runner.kick()
