"""How every conversation of this bot is built."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, ConversationHandler
from telegram.warnings import PTBUserWarning

from bot.channels.telegram.context import BotContext

Handlers = Sequence[BaseHandler[Update, BotContext, Any]]


def persistent_conversation(
    name: str,
    entry_points: Handlers,
    states: dict[object, Handlers],
    fallbacks: Handlers,
) -> ConversationHandler[BotContext]:
    """A conversation kept per person (per chat and user), stored in SQLite, re-entered by its
    entry commands. Tracking per person, not per message, is deliberate: PTB warns that buttons
    are then not tied to their message; the handlers remove buttons once pressed and answer
    stale ones, so the warning is silenced here, in one place."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
        return ConversationHandler(
            entry_points=list(entry_points),
            states={state: list(handlers) for state, handlers in states.items()},
            fallbacks=list(fallbacks),
            name=name,
            persistent=True,
            allow_reentry=True,
        )
