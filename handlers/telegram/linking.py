"""Linking Telegram and WhatsApp (/tautkan): a code to type on WhatsApp, a code WhatsApp showed
typed here (`/tautkan 123456`), and the choice of where content goes."""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode

from bot.channels.telegram.context import BotContext, identity_of
from bot.logging_setup import mask_phone
from bot.people.linking import CODE_LIFETIME, LinkRefused, parse_link_code
from bot.people.service import CHANNEL_NAMES, TELEGRAM, WHATSAPP, ChannelIdentity
from bot.texts import keys
from handlers.telegram import callback_data as callbacks

MINUTES = CODE_LIFETIME // timedelta(minutes=1)


def _content_choice(context: BotContext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.t.label("btn_content_telegram"),
                    callback_data=callbacks.CONTENT_CHANNEL.encode(TELEGRAM),
                ),
                InlineKeyboardButton(
                    context.t.label("btn_content_whatsapp"),
                    callback_data=callbacks.CONTENT_CHANNEL.encode(WHATSAPP),
                ),
            ]
        ]
    )


async def link(update: Update, context: BotContext) -> None:
    """Shows a code to type on WhatsApp (and, once linked, where content goes), or links this
    Telegram account with the code typed after the command."""
    assert update.effective_user and update.effective_message
    message = update.effective_message
    if not context.services.settings.whatsapp_enabled:
        await message.reply_html(context.t("link_unavailable"))
        return
    who = identity_of(update.effective_user.id)
    if context.args:
        await _redeem(message, context, who, " ".join(context.args))
    else:
        await _show_code(message, context, who)


async def _show_code(message: Message, context: BotContext, who: ChannelIdentity) -> None:
    links = context.services.links
    try:
        code = await links.issue(who)
    except LinkRefused:  # not enrolled here: perhaps on WhatsApp, which shows the code
        await message.reply_html(context.t("link_how"))
        return
    whatsapp = next((a for a in await links.addresses(who) if a.channel == WHATSAPP), None)
    if whatsapp is None:
        await message.reply_html(context.t("link_code", code=code.code, minutes=MINUTES))
        return
    content = await links.content_address(who)
    await message.reply_html(
        context.t(
            "link_status",
            number=mask_phone(whatsapp.user_id),
            channel=CHANNEL_NAMES[content.channel if content else TELEGRAM],
            code=code.code,
            minutes=MINUTES,
        ),
        reply_markup=_content_choice(context),
    )


async def _redeem(message: Message, context: BotContext, who: ChannelIdentity, typed: str) -> None:
    if parse_link_code(typed) is None:
        await message.reply_html(context.t("link_malformed"))
        return
    try:
        await context.services.links.redeem(who, typed)
    except LinkRefused as refused:
        await message.reply_html(context.t(keys.LINK_PROBLEM[refused.reason]))
        return
    await message.reply_html(
        context.t("link_done", channel=CHANNEL_NAMES[TELEGRAM]),
        reply_markup=_content_choice(context),
    )


async def on_content_choice(update: Update, context: BotContext) -> None:
    """Sends the person's content to the channel of the pressed button from now on."""
    query = update.callback_query
    assert query and update.effective_user
    channel = callbacks.CONTENT_CHANNEL.decode(query.data)
    if channel is None:
        await query.answer(context.t.label("button_outdated"), show_alert=True)
        return
    await query.answer()
    try:
        await context.services.links.choose_content_channel(
            identity_of(update.effective_user.id), channel
        )
    except LinkRefused as refused:
        text = context.t(keys.LINK_PROBLEM[refused.reason])
    else:
        text = context.t("link_channel_chosen", channel=CHANNEL_NAMES[channel])
    with callbacks.unchanged_is_fine():  # a second tap on the same choice
        await query.edit_message_text(text, parse_mode=ParseMode.HTML)
