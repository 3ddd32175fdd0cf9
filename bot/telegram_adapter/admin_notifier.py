"""Admin notifications sent to the admin Telegram group."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import TelegramError

from bot.languages import Locale
from bot.texts import render

_LOGGER = logging.getLogger(__name__)


class TelegramAdminNotifier:
    def __init__(self, bot: Bot, admin_chat_id: int, locale: Locale) -> None:
        self._bot = bot
        self._chat_id = admin_chat_id
        self._locale = locale

    async def notify_admins(self, key: str, /, **values: object) -> None:
        try:
            await self._bot.send_message(
                self._chat_id, render(self._locale, key, **values), parse_mode="HTML"
            )
        except TelegramError as error:
            # The person's request must not fail because the admin group is unreachable.
            _LOGGER.error("Could not notify the admin group (%s): %s", key, error)
