"""Conversation states in SQLite, so a restarted bot continues every open conversation.

Only conversation states are persisted here: user, chat and bot data are not used (the
services write what people enter to the database directly, in the handler).

It also remembers, per user, which conversation keys PTB may hold in memory (every key it
loaded or wrote), so a turn replaces one user's states without scanning everyone's (see
conversations.ConversationSync).
"""

from __future__ import annotations

from collections.abc import MutableMapping

from telegram.ext import BasePersistence, PersistenceInput

from bot.clock import Clock
from storage.conversation_states import ConversationKey, ConversationStateRepository
from storage.database import Database

NOTHING_BUT_CONVERSATIONS = PersistenceInput(
    bot_data=False, chat_data=False, user_data=False, callback_data=False
)


class SqliteConversationPersistence(BasePersistence[dict, dict, dict]):
    def __init__(
        self,
        db: Database,
        repository: ConversationStateRepository,
        clock: Clock,
        update_interval: float = 60,
    ) -> None:
        super().__init__(store_data=NOTHING_BUT_CONVERSATIONS, update_interval=update_interval)
        self._db = db
        self._repository = repository
        self._clock = clock
        self._keys: dict[str, set[tuple[str, ConversationKey]]] = {}

    def remember(self, name: str, key: ConversationKey) -> None:
        """PTB holds (or may hold) this conversation in memory."""
        self._keys.setdefault(str(key[-1]), set()).add((name, key))

    def keys_of(self, user_key: str) -> set[tuple[str, ConversationKey]]:
        """(conversation name, key) of every conversation of the user PTB may hold."""
        return set(self._keys.get(user_key, ()))

    async def get_conversations(self, name: str) -> MutableMapping[ConversationKey, object]:
        states = await self._repository.load(self._db.reader, name)
        for key in states:
            self.remember(name, key)
        return states

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        if new_state is None:
            self._keys.get(str(key[-1]), set()).discard((name, key))  # PTB dropped it
        else:
            self.remember(name, key)
        async with self._db.single_statement() as tx:
            if new_state is None:
                await self._repository.delete(tx, name, key)
            else:
                await self._repository.save(tx, name, key, new_state, self._clock.now())

    # PTB asks for these even when store_data switches them off.
    async def get_user_data(self) -> dict[int, dict]:
        return {}

    async def get_chat_data(self) -> dict[int, dict]:
        return {}

    async def get_bot_data(self) -> dict:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def update_user_data(self, user_id: int, data: dict) -> None:
        return None

    async def update_chat_data(self, chat_id: int, data: dict) -> None:
        return None

    async def update_bot_data(self, data: dict) -> None:
        return None

    async def update_callback_data(self, data: object) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def drop_user_data(self, user_id: int) -> None:
        return None

    async def refresh_user_data(self, user_id: int, user_data: dict) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict) -> None:
        return None

    async def flush(self) -> None:
        return None
