"""People who have talked to the bot, keyed by (channel, channel user id)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import aiosqlite

from storage.sql import fetch_one

Status = Literal["active", "blocked"]


@dataclass(frozen=True)
class Person:
    id: int
    channel: str
    channel_user_id: str
    locale: str | None
    status: Status
    first_seen_at: datetime
    last_seen_at: datetime


_COLUMNS = "id, channel, channel_user_id, locale, status, first_seen_at, last_seen_at"


def _person(row: aiosqlite.Row) -> Person:
    return Person(
        id=row["id"],
        channel=row["channel"],
        channel_user_id=row["channel_user_id"],
        locale=row["locale"],
        status=row["status"],
        first_seen_at=datetime.fromisoformat(row["first_seen_at"]),
        last_seen_at=datetime.fromisoformat(row["last_seen_at"]),
    )


class PeopleRepository:
    async def touch(
        self, conn: aiosqlite.Connection, channel: str, channel_user_id: str, now: datetime
    ) -> Person:
        """Records that the person wrote to us now; someone who writes is reachable again."""
        stamp = now.isoformat()
        row = await fetch_one(
            conn,
            "INSERT INTO people (channel, channel_user_id, first_seen_at, last_seen_at)"
            " VALUES (?, ?, ?, ?)"
            " ON CONFLICT (channel, channel_user_id)"
            " DO UPDATE SET last_seen_at = excluded.last_seen_at, status = 'active'"
            f" RETURNING {_COLUMNS}",
            (channel, channel_user_id, stamp, stamp),
        )
        assert row is not None
        return _person(row)

    async def seen(self, conn: aiosqlite.Connection, person_id: int, now: datetime) -> None:
        """The person wrote to us now, so they are reachable again."""
        await conn.execute(
            "UPDATE people SET last_seen_at = ?, status = 'active' WHERE id = ?",
            (now.isoformat(), person_id),
        )

    async def find(
        self, conn: aiosqlite.Connection, channel: str, channel_user_id: str
    ) -> Person | None:
        row = await fetch_one(
            conn,
            f"SELECT {_COLUMNS} FROM people WHERE channel = ? AND channel_user_id = ?",
            (channel, channel_user_id),
        )
        return _person(row) if row else None

    async def get(self, conn: aiosqlite.Connection, person_id: int) -> Person | None:
        row = await fetch_one(conn, f"SELECT {_COLUMNS} FROM people WHERE id = ?", (person_id,))
        return _person(row) if row else None

    async def set_locale(
        self, conn: aiosqlite.Connection, person_id: int, locale: str | None
    ) -> None:
        await conn.execute("UPDATE people SET locale = ? WHERE id = ?", (locale, person_id))

    async def set_status(self, conn: aiosqlite.Connection, person_id: int, status: Status) -> None:
        await conn.execute("UPDATE people SET status = ? WHERE id = ?", (status, person_id))

    async def set_reachable(
        self, conn: aiosqlite.Connection, channel: str, channel_user_id: str, reachable: bool
    ) -> None:
        """Blocked when the person blocked the bot; active again when they come back. Creates
        no row: someone who never consented leaves nothing behind."""
        await conn.execute(
            "UPDATE people SET status = ? WHERE channel = ? AND channel_user_id = ?",
            ("active" if reachable else "blocked", channel, channel_user_id),
        )

    async def erase(self, conn: aiosqlite.Connection, person_id: int) -> None:
        """Deletes the person; every table that names them cascades from `people`."""
        await conn.execute("DELETE FROM people WHERE id = ?", (person_id,))

    async def block(self, conn: aiosqlite.Connection, person_ids: Iterable[int]) -> None:
        """The people cannot be reached (blocked us, deleted their account): they are not
        targeted until they write again (`touch` makes them active)."""
        await conn.executemany(
            "UPDATE people SET status = 'blocked' WHERE id = ?",
            [(person_id,) for person_id in person_ids],
        )

    async def set_leaderboard_hidden(
        self, conn: aiosqlite.Connection, person_id: int, hidden: bool
    ) -> None:
        """The /privasi choice to stay off the leaderboard (or come back on it)."""
        await conn.execute(
            "UPDATE people SET leaderboard_hidden = ? WHERE id = ?", (int(hidden), person_id)
        )

    async def leaderboard_hidden(self, conn: aiosqlite.Connection, person_id: int) -> bool:
        row = await fetch_one(
            conn, "SELECT leaderboard_hidden FROM people WHERE id = ?", (person_id,)
        )
        return bool(row["leaderboard_hidden"]) if row else False
