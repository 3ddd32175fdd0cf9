"""What a WhatsApp conversation waits for (a screenshot, a count, the link to a post), kept in
`conversation_states` under the name "whatsapp", so a restart resumes it.

Enrollment needs no state here: its next question follows from the stored draft. The key is
the WhatsApp id as a number, the form erasure (bot.people.privacy) deletes by."""

from __future__ import annotations

from typing import Any

from bot.clock import Clock
from storage.conversation_states import ConversationStateRepository
from storage.database import Database

NAME = "whatsapp"

State = dict[str, Any]


class ConversationStates:
    def __init__(self, db: Database, repository: ConversationStateRepository, clock: Clock) -> None:
        self._db = db
        self._repository = repository
        self._clock = clock
        self._states: dict[str, State] | None = None

    async def _all(self) -> dict[str, State]:
        # Few conversations wait at any time; all are read once and kept in memory.
        if self._states is None:
            stored = await self._repository.load(self._db.reader, NAME)
            self._states = {
                str(key[-1]): state for key, state in stored.items() if isinstance(state, dict)
            }
        return self._states

    async def get(self, wa_id: str) -> State:
        return dict((await self._all()).get(wa_id, {}))

    async def put(self, wa_id: str, state: State) -> None:
        states = await self._all()
        async with self._db.single_statement() as conn:
            await self._repository.save(conn, NAME, _key(wa_id), state, self._clock.now())
        states[wa_id] = dict(state)

    async def clear(self, wa_id: str) -> None:
        states = await self._all()
        if states.pop(wa_id, None) is None:
            return
        async with self._db.single_statement() as conn:
            await self._repository.delete(conn, NAME, _key(wa_id))


def _key(wa_id: str) -> tuple[int | str]:
    # WhatsApp ids are phone numbers in digits; erasure deletes states by that number.
    return (int(wa_id),) if wa_id.isdigit() else (wa_id,)
