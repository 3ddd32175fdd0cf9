"""Admin notifications sent to the admin Telegram group, wherever it is now."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import ChatMigrated, TelegramError

from bot.channels.telegram.admins import AdminDirectory
from bot.channels.telegram.texts import render_html
from bot.languages import Locale

_LOGGER = logging.getLogger(__name__)


class TelegramAdminNotifier:
    def __init__(self, bot: Bot, directory: AdminDirectory, locale: Locale) -> None:
        self._bot = bot
        self._directory = directory
        self._locale = locale

    async def notify_admins(self, key: str, /, **values: object) -> None:
        text = render_html(self._locale, key, **values)
        chat_id = self._directory.chat_id
        try:
            try:
                await self._bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
            except ChatMigrated as moved:
                await self.group_migrated(chat_id, moved.new_chat_id)
                await self._bot.send_message(moved.new_chat_id, text, parse_mode=ParseMode.HTML)
        except TelegramError as error:
            # The person's request must not fail because the admin group is unreachable.
            _LOGGER.error("Could not notify the admin group (%s): %s", key, error)

    async def group_migrated(self, old_chat_id: int, new_chat_id: int) -> bool:
        """The admin group became a supergroup: follow it (now and after restarts) and, the
        first time, tell the admins to update ADMIN_CHAT_ID. True when this was news."""
        if not await self._directory.follow_migration(old_chat_id, new_chat_id):
            return False
        _LOGGER.warning(
            "The admin group %s became the supergroup %s; the bot follows it. "
            "Set ADMIN_CHAT_ID=%s.",
            old_chat_id,
            new_chat_id,
            new_chat_id,
        )
        try:
            await self._bot.send_message(
                new_chat_id,
                render_html(self._locale, "admin_group_migrated", chat_id=new_chat_id),
                parse_mode=ParseMode.HTML,
            )
        except TelegramError as error:
            _LOGGER.error("Could not tell the admin group about its new id: %s", error)
        return True
