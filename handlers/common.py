"""Greeting and help, in the person's language."""

from __future__ import annotations

from telegram import Update

from bot import commands
from bot.telegram_adapter.context import BotContext, identity_of
from bot.texts import Raw


async def start(update: Update, context: BotContext) -> None:
    """Records the person and greets them."""
    assert update.effective_user and update.effective_message
    await context.services.people.seen(identity_of(update.effective_user.id))
    await update.effective_message.reply_html(
        context.t("welcome", name=update.effective_user.first_name)
    )


async def show_help(update: Update, context: BotContext) -> None:
    """Lists the commands in the person's language."""
    assert update.effective_message
    lines = [
        context.t("help_line", command=name, description=context.t(key))
        for name, key in commands.menu(context.locale)
    ]
    await update.effective_message.reply_html(context.t("help", commands=Raw("\n".join(lines))))
