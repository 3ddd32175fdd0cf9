"""Data rights under UU PDP: a copy of everything stored, and erasure."""

from __future__ import annotations

import json

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ParseMode

from bot.channels.telegram.context import BotContext, identity_of
from handlers.telegram import callback_data as callbacks


async def send_my_data(update: Update, context: BotContext) -> None:
    """Sends every stored fact about the person as a JSON file."""
    assert update.effective_user and update.effective_message
    data = await context.services.privacy.export(identity_of(update.effective_user.id))
    if data["person"] is None:
        await update.effective_message.reply_html(context.t("mydata_nothing"))
        return
    payload = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    await update.effective_message.reply_document(
        InputFile(payload, filename="data-saya.json" if context.locale == "id" else "my-data.json"),
        caption=context.t("mydata_caption"),
        parse_mode=ParseMode.HTML,
    )


async def confirm_erase(update: Update, context: BotContext) -> None:
    """Asks for confirmation before erasing everything."""
    assert update.effective_message
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.t.label("btn_erase_yes"),
                    callback_data=callbacks.ERASE.encode(callbacks.EraseAnswer.YES),
                ),
                InlineKeyboardButton(
                    context.t.label("btn_erase_no"),
                    callback_data=callbacks.ERASE.encode(callbacks.EraseAnswer.NO),
                ),
            ]
        ]
    )
    await update.effective_message.reply_html(context.t("erase_confirm"), reply_markup=keyboard)


async def erase(update: Update, context: BotContext) -> None:
    """Erases the person's data on Yes; keeps it on Cancel."""
    query = update.callback_query
    assert query and update.effective_user
    await query.answer()
    if callbacks.ERASE.decode(query.data) is not callbacks.EraseAnswer.YES:
        with callbacks.unchanged_is_fine():  # a second tap on Batal
            await query.edit_message_text(context.t("erase_kept"), parse_mode=ParseMode.HTML)
        return
    await context.services.privacy.erase(identity_of(update.effective_user.id))
    with callbacks.unchanged_is_fine():  # a second tap after the erasure
        await query.edit_message_text(context.t("erased"), parse_mode=ParseMode.HTML)
