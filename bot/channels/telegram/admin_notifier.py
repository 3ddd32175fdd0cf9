"""Admin notifications sent to the admin Telegram group, wherever it is now."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import ChatMigrated, TelegramError

from bot.channels.telegram.admins import AdminDirectory
from bot.channels.telegram.texts import Translator

_LOGGER = logging.getLogger(__name__)


class TelegramAdminNotifier:
    def __init__(self, bot: Bot, directory: AdminDirectory, t: Translator) -> None:
        self._bot = bot
        self._directory = directory
        self._t = t  # the admin translator: the group reads one language

    async def notify_admins(self, key: str, /, **values: object) -> None:
        await self.send_html(self._t(key, **values))

    async def send_html(self, text: str) -> None:
        """Sends a finished message to the admin group, following it if it just became a
        supergroup; an unreachable group is logged, never an error for the caller (a
        person's request must not fail because of it)."""
        chat_id = self._directory.chat_id
        try:
            try:
                await self._bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
            except ChatMigrated as moved:
                await self.group_migrated(chat_id, moved.new_chat_id)
                await self._bot.send_message(moved.new_chat_id, text, parse_mode=ParseMode.HTML)
        except TelegramError as error:
            _LOGGER.error("Could not notify the admin group: %s", error)

    async def group_migrated(self, old_chat_id: int, new_chat_id: int) -> bool:
        """An admin group (the national one or a PR unit's) became a supergroup: follow it
        (now and after restarts) and, the first time, tell that group; the national one must
        also update ADMIN_CHAT_ID. True when this was news."""
        national = old_chat_id == self._directory.chat_id
        if not await self._directory.follow_migration(old_chat_id, new_chat_id):
            return False
        if national:
            _LOGGER.warning(
                "The admin group %s became the supergroup %s; the bot follows it. "
                "Set ADMIN_CHAT_ID=%s.",
                old_chat_id,
                new_chat_id,
                new_chat_id,
            )
        key = "admin_group_migrated" if national else "unit_group_migrated"
        try:
            await self._bot.send_message(
                new_chat_id, self._t(key, chat_id=new_chat_id), parse_mode=ParseMode.HTML
            )
        except TelegramError as error:
            _LOGGER.error("Could not tell an admin group about its new id: %s", error)
        return True
