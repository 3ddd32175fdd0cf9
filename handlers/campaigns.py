"""Composing a campaign in the admin group (/konten, /siaran), confirming, approving, /jadwal
and /batalkan. Admins answer each question by replying to the bot's message (in groups the bot
sees only commands and replies to itself): each question carries a ForceReply aimed at the
composing admin, so their app opens the reply at once. Every answer is stored in the draft at
once. Every step, typed or pressed, passes the AdminOnly filter when it acts, so an admin
demoted halfway cannot finish (or send) a campaign."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import IntEnum
from typing import Any

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import commands
from bot.campaigns.drafts import (
    WIB,
    ContentDraft,
    DraftError,
    parse_daily_time,
    parse_hashtags,
    parse_link,
    parse_run_at,
)
from bot.campaigns.service import NoDraft, SecondApprovalNeeded
from bot.numbers import parse_whole_number
from bot.regions import find_provinces, province_by_code
from bot.social_handles import Platform
from bot.telegram_adapter.admins import AdminCallbackQueryHandler, AdminOnly
from bot.telegram_adapter.context import BotContext
from bot.telegram_adapter.conversations import persistent_conversation
from bot.telegram_adapter.rendering import to_html
from bot.telegram_adapter.texts import Translator
from bot.texts import keys
from bot.texts.markup import Rich, link
from handlers.admin import confirmed_admin
from handlers.campaign_runner import local_time
from handlers.enrollment_views import PLATFORM_NAMES
from handlers.sharing import campaign_keyboard

HTML = ParseMode.HTML
END = ConversationHandler.END
APPROVE_PREFIX = "cmp:approve:"


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


def _t(context: BotContext) -> Translator:
    return Translator(context.services.settings.default_locale)


def _admin(update: Update) -> str:
    assert update.effective_user
    return str(update.effective_user.id)


def _keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    )


async def _say(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    chat = update.effective_chat
    assert chat
    await chat.send_message(text, parse_mode=HTML, reply_markup=markup)


async def _ask(
    update: Update,
    context: BotContext,
    key: str,
    placeholder: str,
    buttons: InlineKeyboardMarkup | None = None,
    *,
    problem: Rich | None = None,
    **values: object,
) -> None:
    """A question the admin answers by replying. ForceReply is selective: it opens the reply
    for the admin whose message it quotes, or (after a button press, with no message of theirs
    to quote) whom it mentions. A message carries either ForceReply or buttons, so Skip/Done
    come in a second message."""
    t = _t(context)
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    assert chat and user
    text = t.rich(key, **values)
    if problem is not None:
        text = "❌ " + problem + "\n\n" + text
    force = ForceReply(selective=True, input_field_placeholder=t.label(placeholder))
    if update.callback_query is None and message is not None:
        await message.reply_html(to_html(text), reply_markup=force, do_quote=True)
    else:
        mention = link(user.full_name, f"tg://user?id={user.id}")
        question = t("campaign_question_for", admin=mention, question=text)
        await chat.send_message(question, parse_mode=HTML, reply_markup=force)
    if buttons is not None:
        await chat.send_message(
            t("campaign_question_buttons"), parse_mode=HTML, reply_markup=buttons
        )


async def _pressed(update: Update) -> str:
    query = update.callback_query
    assert query
    await query.answer()
    await query.edit_message_reply_markup(None)
    return query.data or ""


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
    send_now = message.text.split()[0].lstrip("/").split("@")[0] in commands.BROADCAST.names
    source = message.reply_to_message
    content = _content_of(source) if source else None
    if content is None:
        await context.services.campaigns.discard(_admin(update))
        # Remember /siaran before the content arrives.
        await context.services.campaigns.save(_admin(update), ContentDraft(send_now=send_now))
        await _ask(update, context, "ask_campaign_content", "ph_campaign_content")
        return ComposeStep.CONTENT
    return await _store_content(update, context, content, send_now)


async def on_content(update: Update, context: BotContext) -> ComposeStep | int:
    """Stores the content and asks for the link."""
    message = update.effective_message
    assert message
    content = _content_of(message)
    if content is None:
        await _ask(update, context, "ask_campaign_content", "ph_campaign_content")
        return ComposeStep.CONTENT
    draft = await context.services.campaigns.draft(_admin(update))
    return await _store_content(update, context, content, bool(draft and draft.send_now))


async def _store_content(
    update: Update, context: BotContext, content: tuple[str, str, str | None], send_now: bool
) -> ComposeStep | int:
    kind, body, media = content
    try:
        await context.services.campaigns.begin(_admin(update), kind, body, media, send_now=send_now)
    except DraftError as error:
        problem = _t(context).rich(keys.DRAFT_PROBLEM[error.reason])
        await _ask(update, context, "ask_campaign_content", "ph_campaign_content", problem=problem)
        return ComposeStep.CONTENT
    return await _ask_link(update, context)


def _skip_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return _keyboard([(t.label("btn_skip"), "cmp:skip")])


async def _ask_link(update: Update, context: BotContext) -> ComposeStep:
    await _ask(
        update, context, "ask_campaign_link", "ph_campaign_link", _skip_keyboard(_t(context))
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
    t = _t(context)
    if update.callback_query:
        await _pressed(update)
        return True
    assert update.effective_message
    try:
        value = parse(update.effective_message.text or "")
    except DraftError as error:
        problem = t.rich(keys.DRAFT_PROBLEM[error.reason])
        await _ask(update, context, ask_key, placeholder, _skip_keyboard(t), problem=problem)
        return False
    await context.services.campaigns.update(_admin(update), **{field: value})
    return True


async def on_link(update: Update, context: BotContext) -> ComposeStep | int:
    """Stores the link (or none) and asks for hashtags."""
    stored = await _store_optional(
        update, context, parse_link, "link", "ask_campaign_link", "ph_campaign_link"
    )
    if not stored:
        return ComposeStep.LINK
    skip = _skip_keyboard(_t(context))
    await _ask(update, context, "ask_campaign_hashtags", "ph_campaign_hashtags", skip)
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
    done = _keyboard([(_t(context).label("btn_done"), "cmp:done")])
    await _ask(update, context, "ask_campaign_variant", "ph_campaign_variant", done, number=number)
    return ComposeStep.VARIANTS


async def on_variant(update: Update, context: BotContext) -> ComposeStep | int:
    """Adds a caption variant (up to five), or moves on to the target."""
    t = _t(context)
    if update.callback_query:
        await _pressed(update)
        return await _ask_target(update, context)
    assert update.effective_message
    try:
        draft = await context.services.campaigns.add_variant(
            _admin(update), (update.effective_message.text or "").strip()
        )
    except DraftError as error:
        await _say(update, f"❌ {t(keys.DRAFT_PROBLEM[error.reason])}")
        return await _ask_target(update, context)
    if len(draft.variants) >= 5:
        return await _ask_target(update, context)
    return await _ask_variant(update, context, len(draft.variants) + 1)


async def _ask_target(update: Update, context: BotContext) -> ComposeStep:
    t = _t(context)
    await _say(
        update,
        t("ask_campaign_target"),
        _keyboard(
            [(t.label("btn_target_all"), "cmp:t:all"), (t.label("btn_target_zone"), "cmp:t:zone")],
            [
                (t.label("btn_target_province"), "cmp:t:province"),
                (t.label("btn_target_agency"), "cmp:t:agency"),
            ],
            [(t.label("btn_target_platform"), "cmp:t:platform")],
        ),
    )
    return ComposeStep.TARGET


async def on_target(update: Update, context: BotContext) -> ComposeStep | int:
    """Stores who the campaign is for (or asks which zone, platform, province or agency)."""
    t = _t(context)
    data = await _pressed(update)
    admin, service = _admin(update), context.services.campaigns
    choice = data.split(":")
    if data == "cmp:t:all":
        await service.update(admin, target={})
    elif data == "cmp:t:zone":
        zones = [(zone, f"cmp:z:{zone}") for zone in ("WIB", "WITA", "WIT")]
        await _say(update, t("ask_campaign_target_zone"), _keyboard(zones))
        return ComposeStep.TARGET
    elif data == "cmp:t:platform":
        rows = [[(PLATFORM_NAMES[p], f"cmp:p:{p.value}")] for p in Platform]
        await _say(update, t("ask_campaign_target_platform"), _keyboard(*rows))
        return ComposeStep.TARGET
    elif data in {"cmp:t:province", "cmp:t:agency"}:
        what = "province" if data.endswith("province") else "agency"
        await service.update(admin, step=f"search:{what}")
        await _ask(
            update,
            context,
            "ask_campaign_target_search",
            keys.SEARCH_PLACEHOLDER[what],
            what=t.rich(keys.SEARCH_WORD[what]),
        )
        return ComposeStep.TARGET_SEARCH
    elif choice[1] == "z":
        await service.update(admin, target={"zone": choice[2]})
    elif choice[1] == "p":
        await service.update(admin, target={"platform": choice[2]})
    elif choice[1] == "tp":
        await service.update(admin, target={"province_code": choice[2]})
    elif choice[1] == "ta":
        await service.update(admin, target={"agency_code": choice[2]})
    return await _ask_schedule(update, context)


async def on_target_search(update: Update, context: BotContext) -> ComposeStep | int:
    """Offers the provinces or agencies that match what the admin typed."""
    assert update.effective_message
    if update.callback_query:
        return await on_target(update, context)
    draft = await context.services.campaigns.draft(_admin(update))
    query = update.effective_message.text or ""
    if draft and draft.step == "search:agency":
        found = context.services.enrollment.agencies.search(query)
        rows = [[(a.name[:60], f"cmp:ta:{a.code}")] for a in found]
    else:
        rows = [[(p.name, f"cmp:tp:{p.code}")] for p in find_provinces(query)]
    what = "agency" if draft and draft.step == "search:agency" else "province"
    if not rows:
        await _ask(
            update,
            context,
            "ask_campaign_target_search",
            keys.SEARCH_PLACEHOLDER[what],
            what=_t(context).rich(keys.SEARCH_WORD[what]),
        )
        return ComposeStep.TARGET_SEARCH
    await _say(update, _t(context)("ask_campaign_target"), _keyboard(*rows[:8]))
    return ComposeStep.TARGET_SEARCH


async def _ask_schedule(update: Update, context: BotContext) -> ComposeStep | int:
    draft = await context.services.campaigns.draft(_admin(update))
    if draft and draft.send_now:
        return await _preview(update, context)
    t = _t(context)
    await _say(
        update,
        t("ask_campaign_schedule"),
        _keyboard(
            [(t.label("btn_schedule_now"), "cmp:s:now")],
            [
                (t.label("btn_schedule_once"), "cmp:s:once"),
                (t.label("btn_schedule_daily"), "cmp:s:daily"),
            ],
        ),
    )
    return ComposeStep.SCHEDULE


async def on_schedule(update: Update, context: BotContext) -> ComposeStep | int:
    """Stores 'now', or asks for the date and time, or for the daily time."""
    data = await _pressed(update)
    kind = data.split(":")[2]
    await context.services.campaigns.update(_admin(update), schedule_kind=kind)
    if kind == "now":
        return await _preview(update, context)
    if kind == "once":
        await _ask(update, context, "ask_campaign_run_at", "ph_campaign_run_at")
    else:
        await _ask(update, context, "ask_campaign_daily_time", "ph_campaign_daily_time")
    return ComposeStep.SCHEDULE_TIME


async def on_schedule_time(update: Update, context: BotContext) -> ComposeStep | int:
    """Stores the date and time (WIB) or the daily local time, then shows the preview."""
    assert update.effective_message
    text = update.effective_message.text or ""
    service, admin, t = context.services.campaigns, _admin(update), _t(context)
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
        await _ask(update, context, question, placeholder, problem=problem)
        return ComposeStep.SCHEDULE_TIME
    return await _preview(update, context)


async def _preview(update: Update, context: BotContext) -> ComposeStep | int:
    """The message exactly as recipients get it, then a summary with Save / Cancel."""
    service, t = context.services.campaigns, _t(context)
    draft = await service.draft(_admin(update))
    if draft is None:
        return END
    chat = update.effective_chat
    assert chat
    text = service.share_texts(draft)[0]
    keyboard = campaign_keyboard(t, 0, text, draft.link, draft.media_file_id is not None)
    await _say(update, t("campaign_preview_header"))
    if draft.kind == "photo" and draft.media_file_id:
        await chat.send_photo(draft.media_file_id, caption=text, reply_markup=keyboard)
    elif draft.kind == "video" and draft.media_file_id:
        await chat.send_video(draft.media_file_id, caption=text, reply_markup=keyboard)
    elif draft.kind == "document" and draft.media_file_id:
        await chat.send_document(draft.media_file_id, caption=text, reply_markup=keyboard)
    else:
        await chat.send_message(text, reply_markup=keyboard)
    summary = t(
        "campaign_summary",
        target=_describe_target(t, draft, context),
        schedule=_describe_schedule(t, draft),
        variants=len(draft.texts),
        warning=t("campaign_x_warning") if service.too_long_for_x(draft) else "",
    )
    await _say(
        update,
        summary,
        _keyboard(
            [
                (t.label("btn_confirm_campaign"), "cmp:ok"),
                (t.label("btn_cancel_campaign"), "cmp:no"),
            ]
        ),
    )
    return ComposeStep.CONFIRM


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
        return t("schedule_once", when=_wib(datetime.fromisoformat(draft.run_at)))
    return t("schedule_now")


async def on_confirm(update: Update, context: BotContext) -> int:
    """Saves the campaign (or discards the draft)."""
    data = await _pressed(update)
    t, service = _t(context), context.services.campaigns
    if data == "cmp:no":
        await service.discard(_admin(update))
        await _say(update, t("campaign_discarded"))
        return END
    try:
        confirmed = await service.confirm(_admin(update))
    except NoDraft:
        await _say(update, t("campaign_no_draft"))
        return END
    if confirmed.awaiting_approval:
        button = _keyboard(
            [(t.label("btn_second_approval"), f"{APPROVE_PREFIX}{confirmed.campaign_id}")]
        )
        await _say(update, t("campaign_awaiting", campaign_id=confirmed.campaign_id), button)
    else:
        await _say(update, t("campaign_saved", campaign_id=confirmed.campaign_id))
        await _say_deferred(update, context, confirmed.campaign_id)
        await context.campaign_runner.kick()
    return END


async def _say_deferred(update: Update, context: BotContext, campaign_id: int) -> None:
    """Runs that quiet hours moved, said when the campaign is scheduled rather than found
    out the next morning."""
    t = _t(context)
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
        await _say(update, "\n".join(lines))


async def on_stray_message(update: Update, context: BotContext) -> None:
    """A plain message (not a reply) from the admin while composing: says how to answer;
    the conversation stays where it is."""
    message = update.effective_message
    assert message
    await message.reply_html(_t(context)("campaign_reply_hint"))


async def on_compose_cancel(update: Update, context: BotContext) -> int:
    await context.services.campaigns.discard(_admin(update))
    await _say(update, _t(context)("campaign_discarded"))
    return END


# --- Outside the conversation ---------------------------------------------------------------


async def on_second_approval(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query and query.data
    t = _t(context)
    campaign_id = int(query.data.removeprefix(APPROVE_PREFIX))
    user = update.effective_user
    assert user
    label = f"@{user.username}" if user.username else str(user.id)
    try:
        approved = await context.services.campaigns.approve(campaign_id, str(user.id))
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


async def show_schedule(update: Update, context: BotContext) -> None:
    """/jadwal: running and scheduled campaigns with their soonest run, in WIB (the time admins
    type); a daily campaign also says that its time is each person's own."""
    message = update.effective_message
    assert message
    t = _t(context)
    campaigns = await context.services.campaigns.active()
    if not campaigns:
        await message.reply_html(t("schedule_empty"))
        return
    soonest: dict[int, datetime] = {}
    for upcoming in await context.services.campaigns.upcoming():  # soonest first
        soonest.setdefault(upcoming.run.campaign_id, upcoming.run.due_at)
    lines = [t("schedule_header")]
    for campaign in campaigns:
        due = soonest.get(campaign.id, campaign.run_at)
        next_run = t.rich("schedule_once", when=_wib(due)) if due else "—"
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
    await message.reply_html("\n".join(lines))


def _wib(moment: datetime) -> str:
    return moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M")


async def unschedule(update: Update, context: BotContext) -> None:
    """/batalkan ID: cancels what has not been sent; what was delivered stays."""
    message = update.effective_message
    assert message
    t = _t(context)
    campaign_id = (
        parse_whole_number(context.args[0], minimum=1, prefix="#") if context.args else None
    )
    if campaign_id is None:
        await message.reply_html(t("unschedule_usage"))
        return
    cancelled = await context.services.campaigns.cancel(campaign_id, _admin(update))
    key = "campaign_cancelled" if cancelled else "campaign_not_found"
    await message.reply_html(t(key, campaign_id=campaign_id))


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
                button(on_link, r"^cmp:skip$"),
            ],
            ComposeStep.HASHTAGS: [
                MessageHandler(replies & filters.TEXT, on_hashtags),
                button(on_hashtags, r"^cmp:skip$"),
            ],
            ComposeStep.VARIANTS: [
                MessageHandler(replies & filters.TEXT, on_variant),
                button(on_variant, r"^cmp:done$"),
            ],
            ComposeStep.TARGET: [button(on_target, r"^cmp:(t|z|p):")],
            ComposeStep.TARGET_SEARCH: [
                MessageHandler(replies & filters.TEXT, on_target_search),
                button(on_target, r"^cmp:(tp|ta):"),
            ],
            ComposeStep.SCHEDULE: [button(on_schedule, r"^cmp:s:")],
            ComposeStep.SCHEDULE_TIME: [MessageHandler(replies & filters.TEXT, on_schedule_time)],
            ComposeStep.CONFIRM: [button(confirmed_admin(on_confirm), r"^cmp:(ok|no)$")],
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
