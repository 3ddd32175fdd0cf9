"""Composing a campaign, the last step: the message exactly as recipients get it, who receives
it (units, filters, and per channel how many by the paid WhatsApp template), then Save /
Cancel."""

from __future__ import annotations

from datetime import datetime

from telegram import Chat, InlineKeyboardMarkup, Update

from bot.campaigns.drafts import ContentDraft
from bot.channels.telegram.context import BotContext
from bot.channels.telegram.texts import Translator
from bot.clock import wib_minute
from bot.enrollment.display import PLATFORM_NAMES
from bot.enrollment.social_handles import Platform
from bot.reference.regions import province_by_code
from bot.texts.formats import count
from handlers.telegram import callback_data as callbacks
from handlers.telegram.campaign_prompts import admin_id, send_html
from handlers.telegram.campaign_steps import END, ComposeStep
from handlers.telegram.keyboards import keyboard
from handlers.telegram.sharing import campaign_keyboard


async def preview(update: Update, context: BotContext) -> ComposeStep | int:
    """The message exactly as recipients get it, then a summary with Save / Cancel."""
    service, t = context.services.campaigns, context.admin_t
    draft = await service.draft(admin_id(update))
    if draft is None:
        return END
    chat = update.effective_chat
    assert chat
    text = service.share_texts(draft)[0]
    if draft.localises is not None:
        return await _preview_localisation(update, context, draft, text)
    as_sent = campaign_keyboard(t, 0, text, draft.link, draft.media_file_id is not None)
    await send_html(update, t("campaign_preview_header"))
    await _send_content(chat, draft, text, as_sent)
    await _send_audience(update, context, draft)
    summary = t(
        "campaign_summary",
        target=_describe_target(t, draft, context),
        schedule=_describe_schedule(t, draft),
        variants=len(draft.texts),
        warning=t("campaign_x_warning") if service.too_long_for_x(draft) else "",
    )
    await send_html(
        update,
        "\n".join([await _describe_units(context, draft), summary]),
        _save_keyboard(t),
    )
    return ComposeStep.CONFIRM


async def _describe_units(context: BotContext, draft: ContentDraft) -> str:
    """Whose campaign it is and which units receive it."""
    t = context.admin_t
    owner = await context.services.units.unit(draft.unit_id) if draft.unit_id else None
    root = await context.services.units.root()
    chosen = await unit_names(context, draft.target_units)
    return t(
        "campaign_summary_units",
        owner=(owner or root).name,
        units=", ".join(chosen) if chosen else t("campaign_units_whole"),
    )


async def _preview_localisation(
    update: Update, context: BotContext, draft: ContentDraft, text: str
) -> ComposeStep:
    """The unit's first variant as its people get it, then Save / Cancel."""
    t, chat = context.admin_t, update.effective_chat
    assert chat and draft.localises is not None
    as_sent = campaign_keyboard(t, 0, text, draft.link, draft.media_file_id is not None)
    await send_html(update, t("campaign_preview_header"))
    await _send_content(chat, draft, text, as_sent)
    unit = await context.services.units.unit(draft.unit_id) if draft.unit_id else None
    summary = t(
        "campaign_localise_summary",
        campaign_id=draft.localises,
        unit=unit.name if unit else "",
        variants=len(draft.variants),
    )
    await send_html(update, summary, _save_keyboard(t))
    return ComposeStep.CONFIRM


def _save_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return keyboard(
        [
            (t.label("btn_confirm_campaign"), callbacks.SAVE_CAMPAIGN.data),
            (t.label("btn_cancel_campaign"), callbacks.DISCARD_CAMPAIGN.data),
        ]
    )


async def _send_content(
    chat: Chat, draft: ContentDraft, text: str, markup: InlineKeyboardMarkup
) -> None:
    if draft.kind == "photo" and draft.media_file_id:
        await chat.send_photo(draft.media_file_id, caption=text, reply_markup=markup)
    elif draft.kind == "video" and draft.media_file_id:
        await chat.send_video(draft.media_file_id, caption=text, reply_markup=markup)
    elif draft.kind == "document" and draft.media_file_id:
        await chat.send_document(draft.media_file_id, caption=text, reply_markup=markup)
    else:
        await chat.send_message(text, reply_markup=markup)


async def _send_audience(update: Update, context: BotContext, draft: ContentDraft) -> None:
    """While WhatsApp is on: who the campaign would reach now on each channel, and how many
    WhatsApp reaches only by the paid template, with the estimated cost."""
    services, t = context.services, context.admin_t
    if not services.settings.whatsapp_enabled:
        return
    people = {"telegram": 0, "whatsapp": 0}
    templates = cost = 0
    for audience in await services.campaigns.draft_audience(draft):
        people[audience.channel] = audience.people
        templates += audience.templates
        cost += audience.estimated_cost_idr
    lines = [
        t("campaign_audience_header"),
        t("campaign_audience_telegram", people=count(people["telegram"], t.locale)),
        t(
            "campaign_audience_whatsapp",
            people=count(people["whatsapp"], t.locale),
            templates=count(templates, t.locale),
            cost=count(cost, t.locale),
        ),
    ]
    await send_html(update, "\n".join(lines))


def _describe_target(t: Translator, draft: ContentDraft, context: BotContext) -> str:
    target = draft.target
    if "zone" in target:
        return target["zone"]
    if "platform" in target:
        return PLATFORM_NAMES[Platform(target["platform"])]
    if "province_code" in target:
        province = province_by_code(target["province_code"])
        return province.name if province else target["province_code"]
    if "agency_code" in target:
        agency = context.services.enrollment.agencies.by_code(target["agency_code"])
        return agency.name if agency else target["agency_code"]
    return t("target_everyone")


def _describe_schedule(t: Translator, draft: ContentDraft) -> str:
    if draft.schedule_kind == "daily" and draft.daily_time:
        return t("schedule_daily", time=draft.daily_time)
    if draft.schedule_kind == "once" and draft.run_at:
        return t("schedule_once", when=wib_minute(datetime.fromisoformat(draft.run_at)))
    return t("schedule_now")


async def unit_names(context: BotContext, unit_ids: tuple[int, ...]) -> list[str]:
    names = []
    for unit_id in unit_ids:
        unit = await context.services.units.unit(unit_id)
        names.append(unit.name if unit else str(unit_id))
    return names
