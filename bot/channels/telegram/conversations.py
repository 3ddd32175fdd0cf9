"""How every conversation of this bot is built."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseHandler, ConversationHandler
from telegram.warnings import PTBUserWarning

from bot.channels.telegram.context import BotContext
from bot.channels.telegram.persistence import SqliteConversationPersistence
from storage.conversation_states import ConversationKey

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


# A person's conversations as stored: {conversation name: {key: state}}.
StoredConversations = Mapping[str, Mapping[ConversationKey, object]]


class ConversationSync:
    """Brings one person's conversations in PTB's handlers up to date with the database.

    PTB reads conversation states from persistence once, at start, and keeps them in each
    ConversationHandler's memory. With several instances, the person's previous answer may
    have been handled by another one; so when an instance takes a person's turn it replaces
    that person's states in memory with the stored ones (persistence writes every change at
    once, see handlers.telegram.PERSISTENCE_GROUP). While it holds the turn no other instance
    changes them, so once per turn is enough. Which keys of the user PTB may hold is known to
    the persistence (it saw every key loaded or written), so no handler is scanned.

    PTB has no public way to do this: it reaches `ConversationHandler._conversations` (a
    TrackingDict once persistence is on), here only, with untracked writes so the refresh
    itself is not written back. python-telegram-bot is pinned below 23, and
    tests/bot/test_conversation_sync.py fails when the attribute is gone."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        self._application = application

    def _persistent(self) -> dict[str, ConversationHandler[Any]]:
        return {
            handler.name: handler
            for handlers in self._application.handlers.values()
            for handler in handlers
            if isinstance(handler, ConversationHandler) and handler.persistent and handler.name
        }

    def refresh(self, user_key: str, stored: StoredConversations) -> None:
        """Replaces every conversation of the user (keys ending with them) by `stored`."""
        persistence = self._application.persistence
        if not isinstance(persistence, SqliteConversationPersistence):
            return  # no persistence: nothing is stored to refresh from
        handlers = self._persistent()
        for name, key in persistence.keys_of(user_key):
            if name in handlers:
                _states(handlers[name]).data.pop(key, None)
        for name, states in stored.items():
            if name in handlers:
                _states(handlers[name]).update_no_track(dict(states))
                for key in states:
                    persistence.remember(name, key)


def _states(handler: ConversationHandler[Any]) -> Any:
    """The handler's conversations (private: see ConversationSync): untracked `.data` and
    `update_no_track` are TrackingDict's, which it is once persistence loaded it."""
    return handler._conversations
