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


def admin_menu(locale: Locale, *, national: bool) -> list[BotCommand]:
    """An admin group's menu: its admin commands, and /help. A PR unit's group lacks the
    national group's own commands (/undang, /cadangan)."""
    everyone = [
        BotCommand(name, render(locale, key).plain()) for name, key in commands.menu(locale)
    ]
    admin = [
        BotCommand(name, render(locale, key).plain())
        for name, key in commands.menu(locale, "admin", national=national)
    ]
    return admin + everyone[-1:]


async def publish_admin_menus(
    bot: Bot, admins: AdminDirectory, notifier: TelegramAdminNotifier
) -> None:
    """The menus of the national admin group and of every PR unit's group."""
    for locale, language_code in MENU_LANGUAGES:
        for _attempt in range(2):
            chat_id = admins.chat_id
            try:
                await bot.set_my_commands(
                    admin_menu(locale, national=True),
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
    for chat_id in admins.unit_chats().values():
        await publish_unit_menu(bot, chat_id)


async def publish_unit_menu(bot: Bot, chat_id: int) -> None:
    """A PR unit's group gets its admin menu (when activated or moved, and at every start).
    A group the bot cannot reach is logged: the other groups keep their menus."""
    for locale, language_code in MENU_LANGUAGES:
        try:
            await bot.set_my_commands(
                admin_menu(locale, national=False),
                scope=BotCommandScopeChat(chat_id),
                language_code=language_code,
            )
        except InvalidToken:
            raise
        except TelegramError as error:
            _LOGGER.error("A PR unit's admin group cannot be reached: %s", error.message)
            return


async def withdraw_unit_menu(bot: Bot, chat_id: int) -> None:
    """A deactivated unit group loses its admin menu (everyone's menu stays)."""
    for _locale, language_code in MENU_LANGUAGES:
        try:
            await bot.delete_my_commands(
                scope=BotCommandScopeChat(chat_id), language_code=language_code
            )
        except TelegramError as error:
            _LOGGER.warning("Could not withdraw a unit group's menu: %s", error.message)
            return
