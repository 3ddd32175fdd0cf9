"""Composing a campaign in an admin group (/konten, /siaran): the draft conversation from the
content to the preview; saving it is in campaign_approval. Admins answer each question by
replying to the bot's message (see campaign_prompts). Every answer is stored in the draft at
once. Every step, typed or pressed, passes the AdminOnly filter when it acts, so an admin
demoted halfway cannot finish (or send) a campaign.

A campaign belongs to the unit whose group composes it and reaches only that unit's subtree;
the filters and the chosen units narrow within it, and one pointing outside is refused. In a
unit group, `/konten lokal 12` gives the unit's own caption variants of campaign #12 (a
national one, or a unit's above), which reaches its people: the same conversation from the
variants to the preview."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import IntEnum
from typing import Any

from telegram import Chat, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.campaigns.drafts import (
    ContentDraft,
    DraftError,
    parse_daily_time,
    parse_hashtags,
    parse_link,
    parse_run_at,
)
from bot.campaigns.service import CampaignNotFound, NotLocalisable, OutsideScope, owner_of
from bot.channels.telegram.admins import AdminCallbackQueryHandler, AdminOnly
from bot.channels.telegram.context import BotContext
from bot.channels.telegram.conversations import persistent_conversation
from bot.channels.telegram.texts import Translator
from bot.clock import wib_minute
from bot.enrollment.display import PLATFORM_NAMES
from bot.enrollment.social_handles import Platform
from bot.reference.regions import TimeZone, find_provinces, province_by_code
from bot.texts import commands, keys
from bot.texts.formats import count
from bot.texts.numbers import parse_whole_number
from bot.units.scope import Scope
from handlers.telegram import callback_data as callbacks
from handlers.telegram.admin import confirmed_admin
from handlers.telegram.callback_data import ScheduleKind, TargetKind
from handlers.telegram.campaign_approval import LOCALISE_PROBLEM_TEXT, on_confirm
from handlers.telegram.campaign_prompts import admin_id, ask, pressed, send_html
from handlers.telegram.keyboards import keyboard
from handlers.telegram.scoping import refuse_out_of_scope
from handlers.telegram.sharing import campaign_keyboard

END = ConversationHandler.END
# `/konten lokal 12`: the unit's own variants of campaign #12.
LOCALISE_WORDS = ("lokal", "local")
# Units offered for one search, as buttons.
_UNIT_CHOICES = 8


class ComposeStep(IntEnum):
    """States of composing a campaign."""

    CONTENT = 1
    LINK = 2
    HASHTAGS = 3
    VARIANTS = 4
    TARGET = 5
    TARGET_SEARCH = 6
    SCHEDULE = 7
    SCHEDULE_TIME = 8
    CONFIRM = 9


def _content_of(message: Message) -> tuple[str, str, str | None] | None:
    """(kind, text, media file id) of a message, or None when it carries no content."""
    if message.photo:
        return "photo", message.caption or "", message.photo[-1].file_id
    if message.video:
        return "video", message.caption or "", message.video.file_id
    if message.document:
        return "document", message.caption or "", message.document.file_id
    if message.text:
        return "text", message.text, None
    return None


# --- Steps ------------------------------------------------------------------------------------


async def on_compose(update: Update, context: BotContext) -> ComposeStep | int:
    """/konten (or /siaran): takes the replied-to message as the content, or asks for it."""
    message = update.effective_message
    assert message and message.text
    words = message.text.split()
    send_now = words[0].lstrip("/").split("@")[0] in commands.BROADCAST.names
    if not send_now and len(words) > 1 and words[1].lower() in LOCALISE_WORDS:
        return await _begin_localisation(update, context, words[2:])
    source = message.reply_to_message
    content = _content_of(source) if source else None
    if content is None:
        await context.services.campaigns.discard(admin_id(update))
        # Remember /siaran before the content arrives.
        await context.services.campaigns.save(admin_id(update), ContentDraft(send_now=send_now))
        await ask(update, context, "ask_campaign_content", "ph_campaign_content")
        return ComposeStep.CONTENT
    return await _store_content(update, context, content, send_now)


async def on_content(update: Update, context: BotContext) -> ComposeStep | int:
    """Stores the content and asks for the link."""
    message = update.effective_message
    assert message
    content = _content_of(message)
    if content is None:
        await ask(update, context, "ask_campaign_content", "ph_campaign_content")
        return ComposeStep.CONTENT
    draft = await context.services.campaigns.draft(admin_id(update))
    return await _store_content(update, context, content, bool(draft and draft.send_now))


async def _store_content(
    update: Update, context: BotContext, content: tuple[str, str, str | None], send_now: bool
) -> ComposeStep | int:
    kind, body, media = content
    owner = owner_of(await context.admin_scope())
    try:
        await context.services.campaigns.begin(
            admin_id(update), kind, body, media, send_now=send_now, unit_id=owner
        )
    except DraftError as error:
        problem = context.admin_t.rich(keys.DRAFT_PROBLEM[error.reason])
        await ask(update, context, "ask_campaign_content", "ph_campaign_content", problem=problem)
        return ComposeStep.CONTENT
    return await _ask_link(update, context)


def _skip_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return keyboard([(t.label("btn_skip"), callbacks.COMPOSE_SKIP.data)])


async def _ask_link(update: Update, context: BotContext) -> ComposeStep:
    await ask(
        update, context, "ask_campaign_link", "ph_campaign_link", _skip_keyboard(context.admin_t)
    )
    return ComposeStep.LINK


async def _store_optional(
    update: Update,
    context: BotContext,
    parse: Callable[[str], str],
    field: str,
    ask_key: str,
    placeholder: str,
) -> bool:
    """Stores a typed optional answer (the Skip button stores nothing). After a bad answer,
    says what was wrong, asks the same question again, and returns False."""
    t = context.admin_t
    if update.callback_query:
        await pressed(update)
        return True
    assert update.effective_message
    try:
        value = parse(update.effective_message.text or "")
    except DraftError as error:
        problem = t.rich(keys.DRAFT_PROBLEM[error.reason])
        await ask(update, context, ask_key, placeholder, _skip_keyboard(t), problem=problem)
        return False
    await context.services.campaigns.update(admin_id(update), **{field: value})
    return True


async def on_link(update: Update, context: BotContext) -> ComposeStep | int:
    """Stores the link (or none) and asks for hashtags."""
    stored = await _store_optional(
        update, context, parse_link, "link", "ask_campaign_link", "ph_campaign_link"
    )
    if not stored:
        return ComposeStep.LINK
    skip = _skip_keyboard(context.admin_t)
    await ask(update, context, "ask_campaign_hashtags", "ph_campaign_hashtags", skip)
    return ComposeStep.HASHTAGS


async def on_hashtags(update: Update, context: BotContext) -> ComposeStep | int:
    """Stores the hashtags (or none) and asks for caption variants."""
    stored = await _store_optional(
        update, context, parse_hashtags, "hashtags", "ask_campaign_hashtags", "ph_campaign_hashtags"
    )
    if not stored:
        return ComposeStep.HASHTAGS
    return await _ask_variant(update, context, 1)


async def _ask_variant(update: Update, context: BotContext, number: int) -> ComposeStep:
    done = keyboard([(context.admin_t.label("btn_done"), callbacks.VARIANTS_DONE.data)])
    await ask(update, context, "ask_campaign_variant", "ph_campaign_variant", done, number=number)
    return ComposeStep.VARIANTS


async def on_variant(update: Update, context: BotContext) -> ComposeStep | int:
    """Adds a caption variant (up to five), or moves on to the target."""
    t = context.admin_t
    if update.callback_query:
        await pressed(update)
        return await _after_variants(update, context)
    assert update.effective_message
    try:
        draft = await context.services.campaigns.add_variant(
            admin_id(update), (update.effective_message.text or "").strip()
        )
    except DraftError as error:
        await send_html(update, f"❌ {t(keys.DRAFT_PROBLEM[error.reason])}")
        return await _after_variants(update, context)
    if len(draft.variants) >= 5:
        return await _after_variants(update, context)
    return await _ask_variant(update, context, len(draft.variants) + 1)


async def _after_variants(update: Update, context: BotContext) -> ComposeStep | int:
    """The target question; for a unit's own variants of a campaign, the preview (at least
    one variant given)."""
    draft = await context.services.campaigns.draft(admin_id(update))
    if draft is None or draft.localises is None:
        return await _ask_target(update, context)
    if not draft.variants:
        await send_html(update, context.admin_t("campaign_localise_need_variant"))
        return await _ask_variant(update, context, 1)
    return await _preview(update, context)


async def _begin_localisation(
    update: Update, context: BotContext, args: list[str]
) -> ComposeStep | int:
    """/konten lokal ID: checks that the campaign reaches the unit's people and can still be
    sent, then asks for the unit's first variant."""
    message = update.effective_message
    assert message
    t, service = context.admin_t, context.services.campaigns
    campaign_id = parse_whole_number(args[0], minimum=1, prefix="#") if args else None
    if campaign_id is None:
        await message.reply_html(t("campaign_localise_usage"))
        return END
    scope = await context.admin_scope()
    try:
        draft = await service.begin_localisation(admin_id(update), campaign_id, scope)
    except CampaignNotFound:
        await message.reply_html(t("campaign_not_found", campaign_id=campaign_id))
        return END
    except NotLocalisable as error:
        key = LOCALISE_PROBLEM_TEXT[error.problem.value]
        await message.reply_html(t(key, campaign_id=campaign_id))
        return END
    except OutsideScope:
        await refuse_out_of_scope(update, context, f"campaign={campaign_id}")
        return END
    title = draft.body.split("\n", 1)[0][:60]
    await send_html(
        update,
        t("campaign_localise_intro", unit=scope.unit.name, campaign_id=campaign_id, title=title),
    )
    return await _ask_variant(update, context, 1)


async def _ask_target(update: Update, context: BotContext) -> ComposeStep:
    t = context.admin_t
    await send_html(
        update,
        t("ask_campaign_target"),
        keyboard(
            [
                (t.label("btn_target_all"), callbacks.TARGET.encode(TargetKind.ALL)),
                (t.label("btn_target_zone"), callbacks.TARGET.encode(TargetKind.ZONE)),
            ],
            [
                (t.label("btn_target_province"), callbacks.TARGET.encode(TargetKind.PROVINCE)),
                (t.label("btn_target_agency"), callbacks.TARGET.encode(TargetKind.AGENCY)),
            ],
            [
                (t.label("btn_target_platform"), callbacks.TARGET.encode(TargetKind.PLATFORM)),
                (t.label("btn_target_unit"), callbacks.TARGET.encode(TargetKind.UNIT)),
            ],
        ),
    )
    return ComposeStep.TARGET


async def on_target(update: Update, context: BotContext) -> ComposeStep | int:
    """Stores who the campaign is for (or asks which zone, platform, province or agency)."""
    t = context.admin_t
    assert update.callback_query
    chosen = _chosen_target(update.callback_query.data or "")
    if chosen and await _points_outside(context, await context.admin_scope(), chosen):
        # Only agency and province choices can point outside; they come from a search.
        await refuse_out_of_scope(update, context, f"target={chosen}")
        return ComposeStep.TARGET_SEARCH
    data = await pressed(update)
    admin, service = admin_id(update), context.services.campaigns
    kind = callbacks.TARGET.decode(data)
    if kind is TargetKind.ZONE:
        zones = [(zone.name, callbacks.TARGET_ZONE.encode(zone.name)) for zone in TimeZone]
        await send_html(update, t("ask_campaign_target_zone"), keyboard(zones))
        return ComposeStep.TARGET
    if kind is TargetKind.PLATFORM:
        rows = [[(PLATFORM_NAMES[p], callbacks.TARGET_PLATFORM.encode(p))] for p in Platform]
        await send_html(update, t("ask_campaign_target_platform"), keyboard(*rows))
        return ComposeStep.TARGET
    if kind is TargetKind.UNIT:
        await service.update(admin, step="search:unit")
        await ask(update, context, "ask_campaign_target_unit", "ph_campaign_target_unit")
        return ComposeStep.TARGET_SEARCH
    if kind is TargetKind.PROVINCE or kind is TargetKind.AGENCY:
        what = kind.value
        await service.update(admin, step=f"search:{what}")
        await ask(
            update,
            context,
            "ask_campaign_target_search",
            keys.SEARCH_PLACEHOLDER[what],
            what=t.rich(keys.SEARCH_WORD[what]),
        )
        return ComposeStep.TARGET_SEARCH
    target = _chosen_target(data)
    if target is None:  # from an older bot, or altered: ask again
        return await _ask_target(update, context)
    await service.update(admin, target=target)
    return await _ask_schedule(update, context)


async def _points_outside(context: BotContext, scope: Scope, target: dict[str, str]) -> bool:
    """A filter that names what lies outside a unit group's subtree: an agency whose unit is
    not in it, or another province than the provincial or regional unit's own."""
    if scope.national:
        return False
    units = context.services.units
    if "agency_code" in target:
        unit = await units.by_code(target["agency_code"])
        return unit is None or not scope.covers(unit.id)
    if "province_code" in target:
        own = scope.unit
        if own.kind == "regional" and own.parent_id is not None:
            own = await units.unit(own.parent_id) or own
        prefix = "pemprov-"
        if own.kind == "provincial" and own.code.startswith(prefix):
            return own.code.removeprefix(prefix) != target["province_code"]
    return False


async def on_target_unit(update: Update, context: BotContext) -> ComposeStep | int:
    """Adds a pressed unit to the receivers (checked against the group's scope now, never
    trusted from the button), or ends the choice."""
    query = update.callback_query
    assert query
    service, admin, t = context.services.campaigns, admin_id(update), context.admin_t
    if callbacks.TARGET_UNITS_DONE.matches(query.data):
        await pressed(update)
        await service.update(admin, target={}, step="schedule")
        return await _ask_schedule(update, context)
    unit_id = callbacks.TARGET_UNIT.decode(query.data)
    unit = await context.services.units.unit(unit_id) if unit_id is not None else None
    if unit is None:
        await query.answer(t.label("button_outdated"), show_alert=True)
        return ComposeStep.TARGET_SEARCH
    if unit.national or not (await context.admin_scope()).covers(unit.id):
        await refuse_out_of_scope(update, context, f"unit={unit_id}")
        return ComposeStep.TARGET_SEARCH
    await pressed(update)
    draft = await service.add_target_unit(admin, unit.id)
    return await _chosen_units(update, context, draft)


async def _chosen_units(update: Update, context: BotContext, draft: ContentDraft) -> ComposeStep:
    t = context.admin_t
    names = await _unit_names(context, draft.target_units)
    done = keyboard([(t.label("btn_target_units_done"), callbacks.TARGET_UNITS_DONE.data)])
    await ask(
        update,
        context,
        "campaign_target_units_chosen",
        "ph_campaign_target_unit",
        done,
        units=", ".join(names),
    )
    return ComposeStep.TARGET_SEARCH


async def _unit_names(context: BotContext, unit_ids: tuple[int, ...]) -> list[str]:
    names = []
    for unit_id in unit_ids:
        unit = await context.services.units.unit(unit_id)
        names.append(unit.name if unit else str(unit_id))
    return names


async def _offer_units(update: Update, context: BotContext, query: str) -> ComposeStep:
    """The units inside the group's scope that match what the admin typed, as buttons."""
    message = update.effective_message
    assert message
    t = context.admin_t
    scope = await context.admin_scope()
    found = [unit for unit in await context.services.units.lookup(query) if not unit.national]
    inside = [unit for unit in found if scope.covers(unit.id)]
    if found and not inside:
        await refuse_out_of_scope(update, context, f"unit={found[0].code}")
        return ComposeStep.TARGET_SEARCH
    if not inside:
        await message.reply_html(t("unit_not_found", query=query[:64]))
        await ask(update, context, "ask_campaign_target_unit", "ph_campaign_target_unit")
        return ComposeStep.TARGET_SEARCH
    rows = [
        [(unit.name[:60], callbacks.TARGET_UNIT.encode(unit.id))] for unit in inside[:_UNIT_CHOICES]
    ]
    await send_html(update, t("ask_campaign_target"), keyboard(*rows))
    return ComposeStep.TARGET_SEARCH


def _chosen_target(data: str) -> dict[str, str] | None:
    """The draft's target for a final choice; None for data this bot's buttons never carry."""
    if callbacks.TARGET.decode(data) is TargetKind.ALL:
        return {}
    if (zone := callbacks.TARGET_ZONE.decode(data)) is not None:
        return {"zone": zone}
    if (platform := callbacks.TARGET_PLATFORM.decode(data)) is not None:
        return {"platform": platform.value}
    if (province := callbacks.TARGET_PROVINCE.decode(data)) is not None:
        return {"province_code": province}
    if (agency := callbacks.TARGET_AGENCY.decode(data)) is not None:
        return {"agency_code": agency}
    return None


async def on_target_search(update: Update, context: BotContext) -> ComposeStep | int:
    """Offers the provinces or agencies that match what the admin typed."""
    assert update.effective_message
    if update.callback_query:
        return await on_target(update, context)
    draft = await context.services.campaigns.draft(admin_id(update))
    query = update.effective_message.text or ""
    if draft and draft.step == "search:unit":
        return await _offer_units(update, context, query)
    if draft and draft.step == "search:agency":
        found = context.services.enrollment.agencies.search(query)
        rows = [[(a.name[:60], callbacks.TARGET_AGENCY.encode(a.code))] for a in found]
    else:
        rows = [[(p.name, callbacks.TARGET_PROVINCE.encode(p.code))] for p in find_provinces(query)]
    what = "agency" if draft and draft.step == "search:agency" else "province"
    if not rows:
        await ask(
            update,
            context,
            "ask_campaign_target_search",
            keys.SEARCH_PLACEHOLDER[what],
            what=context.admin_t.rich(keys.SEARCH_WORD[what]),
        )
        return ComposeStep.TARGET_SEARCH
    await send_html(update, context.admin_t("ask_campaign_target"), keyboard(*rows[:8]))
    return ComposeStep.TARGET_SEARCH


async def _ask_schedule(update: Update, context: BotContext) -> ComposeStep | int:
    draft = await context.services.campaigns.draft(admin_id(update))
    if draft and draft.send_now:
        return await _preview(update, context)
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
        return await _ask_schedule(update, context)
    await context.services.campaigns.update(admin_id(update), schedule_kind=kind.value)
    if kind is ScheduleKind.NOW:
        return await _preview(update, context)
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
    return await _preview(update, context)


async def _preview(update: Update, context: BotContext) -> ComposeStep | int:
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
    chosen = await _unit_names(context, draft.target_units)
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


async def on_stray_message(update: Update, context: BotContext) -> None:
    """A plain message (not a reply) from the admin while composing: says how to answer;
    the conversation stays where it is."""
    message = update.effective_message
    assert message
    await message.reply_html(context.admin_t("campaign_reply_hint"))


async def on_compose_cancel(update: Update, context: BotContext) -> int:
    await context.services.campaigns.discard(admin_id(update))
    await send_html(update, context.admin_t("campaign_discarded"))
    return END


def compose_conversation(admin_only: AdminOnly) -> ConversationHandler[BotContext]:
    """Every handler of every step is behind `admin_only`: the check is made when the step
    acts, not only when /konten starts."""
    replies = admin_only & filters.REPLY & ~filters.COMMAND

    def button(callback: Callable[..., Any], pattern: str) -> AdminCallbackQueryHandler:
        return AdminCallbackQueryHandler(admin_only, callback, pattern=pattern)

    entry: list[BaseHandler[Update, BotContext, Any]] = [
        CommandHandler(
            commands.CONTENT.names + commands.BROADCAST.names,
            confirmed_admin(on_compose),
            filters=admin_only,
        )
    ]
    return persistent_conversation(
        "compose_campaign",
        entry,
        {
            ComposeStep.CONTENT: [MessageHandler(replies, on_content)],
            ComposeStep.LINK: [
                MessageHandler(replies & filters.TEXT, on_link),
                button(on_link, callbacks.COMPOSE_SKIP.pattern),
            ],
            ComposeStep.HASHTAGS: [
                MessageHandler(replies & filters.TEXT, on_hashtags),
                button(on_hashtags, callbacks.COMPOSE_SKIP.pattern),
            ],
            ComposeStep.VARIANTS: [
                MessageHandler(replies & filters.TEXT, on_variant),
                button(on_variant, callbacks.VARIANTS_DONE.pattern),
            ],
            ComposeStep.TARGET: [
                button(
                    on_target,
                    callbacks.any_of(
                        callbacks.TARGET, callbacks.TARGET_ZONE, callbacks.TARGET_PLATFORM
                    ),
                )
            ],
            ComposeStep.TARGET_SEARCH: [
                MessageHandler(replies & filters.TEXT, on_target_search),
                button(
                    on_target, callbacks.any_of(callbacks.TARGET_PROVINCE, callbacks.TARGET_AGENCY)
                ),
                button(
                    on_target_unit,
                    callbacks.any_of(callbacks.TARGET_UNIT, callbacks.TARGET_UNITS_DONE),
                ),
            ],
            ComposeStep.SCHEDULE: [button(on_schedule, callbacks.SCHEDULE.pattern)],
            ComposeStep.SCHEDULE_TIME: [MessageHandler(replies & filters.TEXT, on_schedule_time)],
            ComposeStep.CONFIRM: [
                button(
                    confirmed_admin(on_confirm),
                    callbacks.any_of(callbacks.SAVE_CAMPAIGN, callbacks.DISCARD_CAMPAIGN),
                )
            ],
        },
        [
            CommandHandler(commands.CANCEL.names, on_compose_cancel, filters=admin_only),
            # Only plain messages: a reply may answer another prompt (a review reason).
            MessageHandler(
                admin_only & ~filters.REPLY & ~filters.COMMAND & ~filters.StatusUpdate.ALL,
                on_stray_message,
            ),
        ],
    )
