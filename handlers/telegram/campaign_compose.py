"""Composing a campaign in an admin group (/konten, /siaran): the draft conversation from the
content to the preview. This module has the first steps (content, link, hashtags, caption
variants) and the conversation; the target, schedule and preview steps have their own modules,
and saving is in campaign_approval. Admins answer each question by replying to the bot's
message (see campaign_prompts). Every answer is stored in the draft at once. Every step, typed
or pressed, passes the AdminOnly filter when it acts, so an admin demoted halfway cannot finish
(or send) a campaign.

A campaign belongs to the unit whose group composes it and reaches only that unit's subtree;
the filters and the chosen units narrow within it, and one pointing outside is refused. In a
unit group, `/konten lokal 12` gives the unit's own caption variants of campaign #12 (a
national one, or a unit's above), which reaches its people: the same conversation from the
variants to the preview."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.campaigns.drafts import ContentDraft, DraftError, parse_hashtags, parse_link
from bot.campaigns.service import CampaignNotFound, NotLocalisable, OutsideScope, owner_of
from bot.channels.telegram.admins import AdminCallbackQueryHandler, AdminOnly
from bot.channels.telegram.context import BotContext
from bot.channels.telegram.conversations import persistent_conversation
from bot.channels.telegram.texts import Translator
from bot.texts import commands, keys
from bot.texts.numbers import parse_whole_number
from handlers.telegram import callback_data as callbacks
from handlers.telegram.admin import confirmed_admin
from handlers.telegram.campaign_approval import LOCALISE_PROBLEM_TEXT, on_confirm
from handlers.telegram.campaign_preview import preview
from handlers.telegram.campaign_prompts import admin_id, ask, pressed, send_html
from handlers.telegram.campaign_schedule_step import on_schedule, on_schedule_time
from handlers.telegram.campaign_steps import END, ComposeStep
from handlers.telegram.campaign_targets import (
    ask_target,
    on_target,
    on_target_search,
    on_target_unit,
)
from handlers.telegram.keyboards import keyboard
from handlers.telegram.scoping import refuse_out_of_scope

# `/konten lokal 12`: the unit's own variants of campaign #12.
LOCALISE_WORDS = ("lokal", "local")


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
        return await ask_target(update, context)
    if not draft.variants:
        await send_html(update, context.admin_t("campaign_localise_need_variant"))
        return await _ask_variant(update, context, 1)
    return await preview(update, context)


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
