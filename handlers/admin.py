"""The admin group: keeping the admin list current, refusing everyone else, following a
migration to a supergroup."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType, ParseMode

from bot.telegram_adapter.context import BotContext
from bot.texts import Translator


async def refresh_admins(update: Update, context: BotContext) -> None:
    """Before any handler sees an update from the admin group, make sure the admin list is
    at most a few minutes old."""
    chat = update.effective_chat
    if chat and chat.id == context.admins.chat_id and context.admins.stale:
        await context.admins.refresh(context.bot)


async def on_member_change(update: Update, context: BotContext) -> None:
    """A promotion or demotion in the admin group counts at once."""
    if update.chat_member:
        context.admins.member_changed(update.chat_member)


async def on_migration(update: Update, context: BotContext) -> None:
    """The admin group became a supergroup: follow it and tell the operators."""
    message = update.effective_message
    if message is None or message.chat.id != context.admins.chat_id:
        return
    new_id = message.migrate_to_chat_id
    if new_id is None:
        return
    context.admins.follow_migration(new_id)
    t = Translator(context.services.settings.default_locale)
    await context.bot.send_message(
        new_id, t("admin_group_migrated", chat_id=new_id), parse_mode=ParseMode.HTML
    )


async def refuse(update: Update, context: BotContext) -> None:
    """An admin command from someone who is not an admin here: audited, and answered only in
    a private chat or in the admin group itself (elsewhere the bot stays silent)."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None or user is None or message is None:
        return
    command = (message.text or "").split(maxsplit=1)[0][:64]
    await context.services.audit.record_refusal(str(user.id), command, f"chat={chat.id}")
    if chat.type == ChatType.PRIVATE or chat.id == context.admins.chat_id:
        await message.reply_html(context.t("admin_only"))


async def refuse_button(update: Update, context: BotContext) -> None:
    """A review button pressed by someone who is not an admin: audited and refused."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    await context.services.audit.record_refusal(str(user.id), "button", query.data or "")
    await query.answer(context.t("admin_only"), show_alert=True)
