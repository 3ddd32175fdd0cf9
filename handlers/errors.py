"""The last line of defence: log without personal data, apologise to the user."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError

from bot.telegram_adapter.context import BotContext

_LOGGER = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(error, Forbidden):
        _LOGGER.info("Update %s: the user cannot be reached (%s)", update_id, error.message)
        return
    # The exception's type and traceback only: update contents carry personal data.
    _LOGGER.error("Update %s failed: %r", update_id, error, exc_info=error)
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat and chat.type == "private" and not isinstance(error, NetworkError):
        await context.bot.send_message(chat.id, context.t("error_generic"), parse_mode="HTML")
