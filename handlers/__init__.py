"""Every Telegram handler, registered in one ordered list.

PTB runs at most one handler per group, groups in ascending order.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseHandler, CommandHandler, TypeHandler

from bot import commands
from bot.telegram_adapter.context import BotContext
from handlers import common
from handlers.errors import on_error

# After every other handler: write changed conversation states at once rather than on PTB's
# 60-second timer, so a crash or restart never loses where a conversation stood.
PERSISTENCE_GROUP = 100


async def _flush_conversation_states(update: Update, context: BotContext) -> None:
    await context.application.update_persistence()


def _command(
    command: commands.Command, callback: Callable[[Update, Any], Coroutine[Any, Any, None]]
) -> CommandHandler:
    return CommandHandler(command.names, callback)


def build_handlers() -> list[tuple[int, BaseHandler]]:
    """(group, handler) in registration order; each group's reason is given beside it."""
    return [
        # Group 0: the conversations and commands people use.
        (0, _command(commands.START, common.start)),
        (0, _command(commands.HELP, common.show_help)),
        (PERSISTENCE_GROUP, TypeHandler(Update, _flush_conversation_states)),
    ]


def register_handlers(application: Application) -> None:
    for group, handler in build_handlers():
        application.add_handler(handler, group=group)
    application.add_error_handler(on_error)
