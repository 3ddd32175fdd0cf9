"""Help, and polite answers to whatever the bot does not understand."""

from __future__ import annotations

from telegram import Update

from bot import commands
from bot.telegram_adapter.context import BotContext
from bot.texts import Raw


async def show_help(update: Update, context: BotContext) -> None:
    """Lists the commands in the person's language; in the admin group, an admin also sees
    the admin commands."""
    assert update.effective_message

    def lines(audience: commands.Audience) -> Raw:
        return Raw(
            "\n".join(
                context.t("help_line", command=name, description=context.t(key))
                for name, key in commands.menu(context.locale, audience)
            )
        )

    chat, user = update.effective_chat, update.effective_user
    if chat and user and chat.id == context.admins.chat_id and context.admins.is_admin(user.id):
        text = context.t("admin_help", commands=lines("admin"), everyone=lines("everyone"))
    else:
        text = context.t("help", commands=lines("everyone"))
    await update.effective_message.reply_html(text)


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    assert update.effective_message
    await update.effective_message.reply_html(context.t("nothing_to_cancel"))


async def not_understood(update: Update, context: BotContext) -> None:
    assert update.effective_message
    await update.effective_message.reply_html(context.t("not_understood"))


async def unknown_command(update: Update, context: BotContext) -> None:
    assert update.effective_message
    await update.effective_message.reply_html(context.t("unknown_command"))


async def stale_button(update: Update, context: BotContext) -> None:
    """A button from a finished conversation: say so instead of leaving a spinner."""
    assert update.callback_query
    await update.callback_query.answer(context.t("stale_button"))


async def show_chat_id(update: Update, context: BotContext) -> None:
    """Answers the chat's id, which an operator needs for ADMIN_CHAT_ID."""
    assert update.effective_message and update.effective_chat
    await update.effective_message.reply_html(
        context.t("chat_id", chat_id=update.effective_chat.id)
    )
