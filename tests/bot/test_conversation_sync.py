"""ConversationSync reaches into PTB's ConversationHandler (`_conversations`), which PTB may
change in any release: this fails when it does, before a turn would read stale states."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.channels.telegram.context import BotContext
from bot.channels.telegram.conversations import ConversationSync, persistent_conversation
from bot.channels.telegram.persistence import SqliteConversationPersistence
from bot.clock import FixedClock
from devtools.emulator import BotApiEmulator
from storage.conversation_states import ConversationStateRepository
from storage.database import Database
from storage.sql import fetch_all
from tests.support import TOKEN

ASKED = 1


async def _ask(update: Update, context: BotContext) -> int:
    return ASKED


async def test_a_refresh_replaces_one_users_states_in_ptb_and_writes_nothing_back(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    clock = FixedClock(datetime(2026, 11, 27, 1, 0, tzinfo=UTC))
    states = ConversationStateRepository()
    async with Database(tmp_path / "sync.sqlite3") as db:
        async with db.single_statement() as conn:
            await states.save(conn, "asking", (7, 7), ASKED, clock.now())
            await states.save(conn, "asking", (8, 8), ASKED, clock.now())
        conversation = persistent_conversation("asking", [CommandHandler("ask", _ask)], {}, [])
        application: Application[Any, Any, Any, Any, Any, Any] = (
            Application.builder()
            .token(TOKEN)
            .base_url(emulator.base_url)
            .updater(None)
            .persistence(SqliteConversationPersistence(db, states, clock))
            .build()
        )
        application.add_handler(conversation)
        async with application:
            # Another instance ended user 7's conversation and began one with user 9.
            async with db.single_statement() as conn:
                await states.delete(conn, "asking", (7, 7))
                await states.save(conn, "asking", (-100, 9), ASKED, clock.now())
            sync = ConversationSync(application)
            sync.refresh("7", await states.load_for_user(db.reader, "7"))
            sync.refresh("9", await states.load_for_user(db.reader, "9"))
            in_memory = dict(conversation._conversations)
            await application.update_persistence()
        stored = await fetch_all(
            db.reader, "SELECT conversation_key, user_key FROM conversation_states"
        )

    assert in_memory == {(8, 8): ASKED, (-100, 9): ASKED}
    assert sorted(tuple(row) for row in stored) == [("[-100, 9]", "9"), ("[8, 8]", "8")]
