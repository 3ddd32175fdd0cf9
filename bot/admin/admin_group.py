"""Where the admin group is: ADMIN_CHAT_ID, followed through every upgrade to a supergroup."""

from __future__ import annotations

from bot.clock import Clock
from storage.chat_migrations import ChatMigrationRepository
from storage.database import Database


class AdminGroupLocation:
    def __init__(self, db: Database, repository: ChatMigrationRepository, clock: Clock) -> None:
        self._db = db
        self._repository = repository
        self._clock = clock

    async def current(self, configured_chat_id: int) -> int:
        """The configured id, or where that group moved (a move may itself have moved)."""
        moves = await self._repository.all(self._db.reader)
        chat_id, seen = configured_chat_id, {configured_chat_id}
        while chat_id in moves and moves[chat_id] not in seen:
            chat_id = moves[chat_id]
            seen.add(chat_id)
        return chat_id

    async def moved(self, old_chat_id: int, new_chat_id: int) -> bool:
        """Remembers the move; False when it was already known."""
        async with self._db.single_statement() as conn:
            return await self._repository.record(conn, old_chat_id, new_chat_id, self._clock.now())
