"""Composing a campaign, the schedule step: now, once at a WIB date and time, or daily at the
recipients' local time."""

from __future__ import annotations

from telegram import Update

from bot.campaigns.drafts import DraftError, parse_daily_time, parse_run_at
from bot.channels.telegram.context import BotContext
from bot.texts import keys
from handlers.telegram import callback_data as callbacks
from handlers.telegram.callback_data import ScheduleKind
from handlers.telegram.campaign_preview import preview
from handlers.telegram.campaign_prompts import admin_id, ask, pressed, send_html
from handlers.telegram.campaign_steps import END, ComposeStep
from handlers.telegram.keyboards import keyboard


async def ask_schedule(update: Update, context: BotContext) -> ComposeStep | int:
    draft = await context.services.campaigns.draft(admin_id(update))
    if draft and draft.send_now:
        return await preview(update, context)
    t = context.admin_t
    await send_html(
        update,
        t("ask_campaign_schedule"),
        keyboard(
            [(t.label("btn_schedule_now"), callbacks.SCHEDULE.encode(ScheduleKind.NOW))],
            [
                (t.label("btn_schedule_once"), callbacks.SCHEDULE.encode(ScheduleKind.ONCE)),
                (t.label("btn_schedule_daily"), callbacks.SCHEDULE.encode(ScheduleKind.DAILY)),
            ],
        ),
    )
    return ComposeStep.SCHEDULE


async def on_schedule(update: Update, context: BotContext) -> ComposeStep | int:
    """Stores 'now', or asks for the date and time, or for the daily time."""
    kind = callbacks.SCHEDULE.decode(await pressed(update))
    if kind is None:  # from an older bot, or altered: ask again
        return await ask_schedule(update, context)
    await context.services.campaigns.update(admin_id(update), schedule_kind=kind.value)
    if kind is ScheduleKind.NOW:
        return await preview(update, context)
    if kind is ScheduleKind.ONCE:
        await ask(update, context, "ask_campaign_run_at", "ph_campaign_run_at")
    else:
        await ask(update, context, "ask_campaign_daily_time", "ph_campaign_daily_time")
    return ComposeStep.SCHEDULE_TIME


async def on_schedule_time(update: Update, context: BotContext) -> ComposeStep | int:
    """Stores the date and time (WIB) or the daily local time, then shows the preview."""
    assert update.effective_message
    text = update.effective_message.text or ""
    service, admin, t = context.services.campaigns, admin_id(update), context.admin_t
    draft = await service.draft(admin)
    if draft is None:
        return END
    try:
        if draft.schedule_kind == "once":
            moment = parse_run_at(text, context.services.clock.now())
            await service.update(admin, run_at=moment.isoformat())
        else:
            at = parse_daily_time(text)
            await service.update(admin, daily_time=at.strftime("%H:%M"))
    except DraftError as error:
        kind = "run_at" if draft.schedule_kind == "once" else "daily_time"
        problem = t.rich(keys.DRAFT_PROBLEM[error.reason])
        question, placeholder = keys.TIME_QUESTION[kind], keys.TIME_PLACEHOLDER[kind]
        await ask(update, context, question, placeholder, problem=problem)
        return ComposeStep.SCHEDULE_TIME
    return await preview(update, context)
