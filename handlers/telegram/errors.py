"""The last line of defence: log without personal data, apologise where someone is waiting."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from bot.channels.telegram.context import BotContext

_LOGGER = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(error, Forbidden):
        _LOGGER.info("Update %s: the user cannot be reached (%s)", update_id, error.message)
        return
    # The exception's type and traceback only: update contents carry personal data.
    _LOGGER.error("Update %s failed: %r", update_id, error, exc_info=error)
    # A network failure would swallow the apology too. A Bad Request is, to PTB, a kind of
    # NetworkError, yet Telegram answered: only that one reply was refused.
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        return
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is None:
        return
    if chat.type == ChatType.PRIVATE:
        text = context.t("error_generic")
    elif context.admins.is_admin_group(chat.id):
        # The admin group's language is the default one, whoever typed the command.
        text = context.admin_t("error_admin")
    else:
        return
    try:
        await context.bot.send_message(chat.id, text, parse_mode=ParseMode.HTML)
    except TelegramError as apology_error:
        _LOGGER.warning("Update %s: the apology failed too (%s)", update_id, apology_error)
