"""What a civil servant does with a campaign message: share it, say so, see their points."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.campaigns.rendering import share_buttons
from bot.campaigns.reshares import DeliveryTooOld, NotYourDelivery, ReshareLinkError
from bot.channels.telegram.context import BotContext, identity_of
from bot.channels.telegram.conversations import persistent_conversation
from bot.channels.telegram.rendering import to_keyboard
from bot.channels.telegram.sender import TELEGRAM_LIMITS
from bot.channels.telegram.texts import Translator
from bot.texts import commands, keys
from handlers.telegram import callback_data as callbacks

HTML = ParseMode.HTML
END = ConversationHandler.END


class ReshareStep(IntEnum):
    """States of reporting a reshare."""

    LINK = 1


class TelegramShareCallbacks:
    """The share buttons' callback data, from the codecs the handlers below decode."""

    def shared(self, delivery_id: int) -> str:
        return callbacks.SHARED.encode(delivery_id)

    def instagram_file(self, delivery_id: int) -> str:
        return callbacks.INSTAGRAM_FILE.encode(delivery_id)


def campaign_keyboard(
    t: Translator, delivery_id: int, text: str, link: str | None, has_media: bool
) -> InlineKeyboardMarkup:
    """The share buttons (bot/campaigns/rendering.py) as Telegram draws them; the preview of a
    draft shows them with delivery id 0."""
    keyboard = to_keyboard(
        share_buttons(
            t.locale,
            delivery_id=delivery_id,
            text=text,
            link=link,
            has_media=has_media,
            callbacks=TelegramShareCallbacks(),
            limits=TELEGRAM_LIMITS,
        )
    )
    assert keyboard is not None  # "Shared" is always there
    return keyboard


async def on_shared(update: Update, context: BotContext) -> ReshareStep | int:
    """Records the reshare and asks for the link to the post (optional, extra points)."""
    query = update.callback_query
    assert query and update.effective_user and update.effective_chat
    delivery_id = callbacks.SHARED.decode(query.data)
    if delivery_id is None:
        await query.answer(context.t.label("button_outdated"), show_alert=True)
        return END
    try:
        result = await context.services.reshares.record(
            identity_of(update.effective_user.id), delivery_id
        )
    except NotYourDelivery:
        await query.answer(context.t.label("reshare_not_yours"), show_alert=True)
        return END
    except DeliveryTooOld:
        await query.answer(context.t.label("reshare_too_old"), show_alert=True)
        return END
    if not result.recorded:
        await query.answer(context.t.label("reshare_already"), show_alert=True)
        return END
    await query.answer()
    skip = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.t.label("btn_skip"), callback_data=callbacks.SKIP_POST_LINK.data
                )
            ]
        ]
    )
    text = context.t(
        "reshare_recorded",
        points=result.points,
        total=result.total_points,
        streak=result.streak_days,
    )
    await update.effective_chat.send_message(
        f"{text}\n\n{context.t('ask_post_link')}", parse_mode=HTML, reply_markup=skip
    )
    return ReshareStep.LINK


async def on_post_link(update: Update, context: BotContext) -> ReshareStep | int:
    """Adds the post's link (checked against the verified accounts) for extra points."""
    assert update.effective_user and update.effective_chat and update.effective_message
    link = (update.effective_message.text or "").strip()
    try:
        result = await context.services.reshares.add_link(
            identity_of(update.effective_user.id), link
        )
    except ReshareLinkError as error:
        await update.effective_chat.send_message(
            f"❌ {context.t(keys.RESHARE_PROBLEM[error.reason])}\n\n{context.t('ask_post_link')}",
            parse_mode=HTML,
        )
        return ReshareStep.LINK
    except NotYourDelivery:
        return END
    await update.effective_chat.send_message(
        context.t(
            "reshare_link_recorded",
            points=result.points,
            total=result.total_points,
            streak=result.streak_days,
        ),
        parse_mode=HTML,
    )
    return END


async def on_skip_link(update: Update, context: BotContext) -> int:
    """No link: the reshare stays recorded as it is."""
    query = update.callback_query
    assert query
    await query.answer()
    await query.edit_message_reply_markup(None)
    return END


async def on_instagram_file(update: Update, context: BotContext) -> None:
    """Sends the campaign's media as a file, for posting on Instagram (no share link there)."""
    query = update.callback_query
    assert query and update.effective_user and update.effective_chat
    delivery_id = callbacks.INSTAGRAM_FILE.decode(query.data)
    if delivery_id is None:
        await query.answer(context.t.label("button_outdated"), show_alert=True)
        return
    try:
        delivered = await context.services.reshares.delivery(
            identity_of(update.effective_user.id), delivery_id
        )
    except NotYourDelivery:
        await query.answer(context.t.label("reshare_not_yours"), show_alert=True)
        return
    except DeliveryTooOld:
        await query.answer(context.t.label("reshare_too_old"), show_alert=True)
        return
    await query.answer()
    if delivered.media_file_id:
        await update.effective_chat.send_document(
            delivered.media_file_id, caption=context.t("instagram_file_caption"), parse_mode=HTML
        )


async def show_points(update: Update, context: BotContext) -> None:
    """/poin: total points, number of shares, streak."""
    assert update.effective_message and update.effective_user
    who = identity_of(update.effective_user.id)
    total, streak = await context.services.reshares.summary(who)
    shares = await context.services.reshares.count(who)
    await update.effective_message.reply_html(
        context.t("points_summary", total=total, count=shares, streak=streak)
    )


def reshare_conversation() -> ConversationHandler[BotContext]:
    private = filters.ChatType.PRIVATE
    entry: list[BaseHandler[Update, BotContext, Any]] = [
        CallbackQueryHandler(on_shared, pattern=callbacks.SHARED.pattern)
    ]
    return persistent_conversation(
        "reshare",
        entry,
        {
            ReshareStep.LINK: [
                MessageHandler(private & filters.TEXT & ~filters.COMMAND, on_post_link),
                CallbackQueryHandler(on_skip_link, pattern=callbacks.SKIP_POST_LINK.pattern),
            ]
        },
        [CommandHandler(commands.CANCEL.names, on_skip_link_command)],
    )


async def on_skip_link_command(update: Update, context: BotContext) -> int:
    """/batal while a link is asked: the reshare stays recorded without one."""
    assert update.effective_message
    await update.effective_message.reply_html(context.t("reshare_kept"))
    return END
