"""Whose turn it is to handle a person's updates: at most one instance at a time holds a
person's turn, so one person's updates are handled one after another, in order, by whichever
instance holds it. A holder renews `taken_at` while it lives; a turn not renewed for a while
(its holder crashed) can be taken over."""

from __future__ import annotations

from datetime import datetime

from storage.sql import Connection, fetch_all


class PersonTurnRepository:
    async def take(
        self, conn: Connection, person_key: str, holder: str, now: datetime, stale_before: datetime
    ) -> bool:
        """Takes the person's turn for `holder` unless a live holder has it (holding it
        already counts as taking it)."""
        rows = await fetch_all(
            conn,
            "INSERT INTO person_turns (person_key, holder, taken_at) VALUES (?, ?, ?)"
            " ON CONFLICT (person_key) DO UPDATE"
            " SET holder = excluded.holder, taken_at = excluded.taken_at"
            " WHERE person_turns.holder = excluded.holder OR person_turns.taken_at < ?"
            " RETURNING holder",
            (person_key, holder, now.isoformat(), stale_before.isoformat()),
        )
        return bool(rows)

    async def release(self, conn: Connection, person_key: str, holder: str) -> bool:
        """Gives the turn back, but only when none of the person's updates waits: False means
        one arrived meanwhile and the holder must go on. An update stored before this check is
        seen by it; one stored after finds no turn and its receiver takes it."""
        cursor = await conn.execute(
            "DELETE FROM person_turns WHERE person_key = ? AND holder = ? AND NOT EXISTS"
            " (SELECT 1 FROM telegram_inbox WHERE person_key = ? AND handled_at IS NULL)",
            (person_key, holder, person_key),
        )
        return cursor.rowcount == 1

    async def abandon(self, conn: Connection, person_key: str, holder: str) -> None:
        """Gives the turn back with updates still waiting (the instance stops): another
        instance's sweeper takes it at once."""
        await conn.execute(
            "DELETE FROM person_turns WHERE person_key = ? AND holder = ?", (person_key, holder)
        )

    async def renew(self, conn: Connection, holder: str, now: datetime) -> None:
        """The holder is alive: every turn it holds stays its own."""
        await conn.execute(
            "UPDATE person_turns SET taken_at = ? WHERE holder = ?", (now.isoformat(), holder)
        )
