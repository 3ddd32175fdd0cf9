"""The command menus: everyone's, in Indonesian and English, and the admin group's."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import ChatMigrated, InvalidToken, TelegramError
from telegram.ext import Application

from bot.channels.telegram.admin_notifier import TelegramAdminNotifier
from bot.channels.telegram.admins import AdminDirectory
from bot.languages import Locale
from bot.texts import commands, render

_LOGGER = logging.getLogger(__name__)
# Indonesian is every chat's menu; English apps (language_code "en") get the English one.
MENU_LANGUAGES: tuple[tuple[Locale, str | None], ...] = (("id", None), ("en", "en"))


async def publish_command_menus(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Sets the command menus: civil servants' in Indonesian (everyone) and English
    (English-language apps), and the admin group's with the admin commands as well.

    Nothing here may stop the bot (only a wrong token does, earlier): a missing menu is
    logged, and the civil servants keep their bot."""
    bot = application.bot
    for locale, language_code in MENU_LANGUAGES:
        everyone = [
            BotCommand(name, render(locale, key).plain()) for name, key in commands.menu(locale)
        ]
        try:
            await bot.set_my_commands(
                everyone, scope=BotCommandScopeDefault(), language_code=language_code
            )
        except InvalidToken:
            raise
        except TelegramError as error:
            _LOGGER.error("Could not publish the command menu: %s", error)
            return
    await publish_admin_menus(bot, application.bot_data.admins, application.bot_data.admin_notifier)


async def publish_admin_menus(
    bot: Bot, admins: AdminDirectory, notifier: TelegramAdminNotifier
) -> None:
    """The admin group's menu: the admin commands, and /help."""
    for locale, language_code in MENU_LANGUAGES:
        everyone = [
            BotCommand(name, render(locale, key).plain()) for name, key in commands.menu(locale)
        ]
        admin = [
            BotCommand(name, render(locale, key).plain())
            for name, key in commands.menu(locale, "admin")
        ]
        for _attempt in range(2):
            chat_id = admins.chat_id
            try:
                await bot.set_my_commands(
                    admin + everyone[-1:],
                    scope=BotCommandScopeChat(chat_id),
                    language_code=language_code,
                )
                break
            except ChatMigrated as moved:
                # The group was upgraded while the bot was away: follow it and try again.
                await notifier.group_migrated(chat_id, moved.new_chat_id)
            except InvalidToken:
                raise
            except TelegramError as error:
                _LOGGER.error(
                    "The admin group ADMIN_CHAT_ID=%s cannot be reached (%s). The bot runs "
                    "without it: add the bot to the admin group, send /chatid there, put that "
                    "id in ADMIN_CHAT_ID and restart.",
                    chat_id,
                    error.message,
                )
                return
