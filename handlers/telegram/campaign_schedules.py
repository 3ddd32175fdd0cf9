"""Administering saved campaigns in an admin group: /jadwal lists what is running or
scheduled, /batalkan cancels what has not been sent; both only for the campaigns of the
group's unit and the units under it (the national group: all, or one unit's with
`/jadwal kemenkeu`)."""

from __future__ import annotations

from datetime import datetime

from telegram import Update

from bot.campaigns.service import OutsideScope
from bot.channels.telegram.context import BotContext
from bot.channels.telegram.texts import Translator
from bot.clock import wib_minute
from bot.texts.markup import Rich
from bot.texts.numbers import parse_whole_number
from handlers.telegram.scoping import refuse_out_of_scope, unit_argument


async def show_schedule(update: Update, context: BotContext) -> None:
    """/jadwal: running and scheduled campaigns with their soonest run, in WIB (the time admins
    type); a daily campaign also says that its time is each person's own. In a unit group,
    also the campaigns from above that reach its people, which it may localise."""
    message = update.effective_message
    assert message
    t = context.admin_t
    scope = acting = await context.admin_scope()
    if context.args:
        named = await unit_argument(update, context, " ".join(context.args))
        if named is None:
            return
        scope = named
    campaigns = await context.services.campaigns.active(scope)
    from_above = await context.services.campaigns.localisable(acting)
    localisable = [(campaign.id, campaign.title) for campaign in from_above]
    if not campaigns:
        await message.reply_html("\n\n".join([t("schedule_empty"), *_localisable(t, localisable)]))
        return
    soonest: dict[int, datetime] = {}
    for upcoming in await context.services.campaigns.upcoming(scope):  # soonest first
        soonest.setdefault(upcoming.run.campaign_id, upcoming.run.due_at)
    lines = [t("schedule_header")]
    for campaign in campaigns:
        due = soonest.get(campaign.id, campaign.run_at)
        next_run = t.rich("schedule_once", when=wib_minute(due)) if due else "—"
        if campaign.daily_time:
            at = campaign.daily_time.strftime("%H:%M")
            when: Rich | str = t.rich("schedule_daily_next", time=at, next=next_run)
        else:
            when = next_run
        lines.append(
            t(
                "schedule_line",
                campaign_id=campaign.id,
                title=campaign.title,
                status=campaign.status,
                next=when,
            )
        )
    await message.reply_html("\n\n".join(["\n".join(lines), *_localisable(t, localisable)]))


def _localisable(t: Translator, campaigns: list[tuple[int, str]]) -> list[str]:
    """In a unit group: the campaigns from above that reach its people, with how to give
    them the unit's own variants."""
    if not campaigns:
        return []
    lines = [t("schedule_localisable_header")]
    lines += [
        t("schedule_localisable_line", campaign_id=campaign_id, title=title)
        for campaign_id, title in campaigns
    ]
    return ["\n".join(lines)]


async def unschedule(update: Update, context: BotContext) -> None:
    """/batalkan ID: cancels what has not been sent; what was delivered stays."""
    message, user = update.effective_message, update.effective_user
    assert message and user
    t = context.admin_t
    campaign_id = (
        parse_whole_number(context.args[0], minimum=1, prefix="#") if context.args else None
    )
    if campaign_id is None:
        await message.reply_html(t("unschedule_usage"))
        return
    try:
        cancelled = await context.services.campaigns.cancel(
            campaign_id, str(user.id), await context.admin_scope()
        )
    except OutsideScope:
        await refuse_out_of_scope(update, context, f"campaign={campaign_id}")
        return
    key = "campaign_cancelled" if cancelled else "campaign_not_found"
    await message.reply_html(t(key, campaign_id=campaign_id))
