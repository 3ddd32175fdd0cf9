"""People who have talked to the bot, and the addresses (channel, channel user id) they are
reached at: one person may write from Telegram and from WhatsApp, and either address finds
them. `Person.channel` / `channel_user_id` is the address content goes to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from storage.sql import Connection, Row, fetch_all, fetch_one

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


@dataclass(frozen=True)
class Address:
    """One way to reach a person: their id on one channel."""

    channel: str
    address: str
    person_id: int
    last_inbound_at: datetime | None
    linked_at: datetime


_COLUMNS = "id, channel, channel_user_id, locale, status, first_seen_at, last_seen_at"
_PERSON_COLUMNS = ", ".join(f"p.{column.strip()}" for column in _COLUMNS.split(","))
_ADDRESS_COLUMNS = "channel, address, person_id, last_inbound_at, linked_at"


def _person(row: Row) -> Person:
    return Person(
        id=row["id"],
        channel=row["channel"],
        channel_user_id=row["channel_user_id"],
        locale=row["locale"],
        status=row["status"],
        first_seen_at=datetime.fromisoformat(row["first_seen_at"]),
        last_seen_at=datetime.fromisoformat(row["last_seen_at"]),
    )


def _address(row: Row) -> Address:
    inbound = row["last_inbound_at"]
    return Address(
        channel=row["channel"],
        address=row["address"],
        person_id=row["person_id"],
        last_inbound_at=datetime.fromisoformat(inbound) if inbound else None,
        linked_at=datetime.fromisoformat(row["linked_at"]),
    )


class PeopleRepository:
    async def touch(
        self, conn: Connection, channel: str, channel_user_id: str, now: datetime
    ) -> Person:
        """Records that the person wrote to us now; someone who writes is reachable again.
        A newcomer gets their `people` row and this address as its first one."""
        stamp = now.isoformat()
        row = await fetch_one(
            conn,
            "UPDATE people SET last_seen_at = ?, status = 'active' WHERE id = ("
            " SELECT person_id FROM person_addresses WHERE channel = ? AND address = ?)"
            f" RETURNING {_COLUMNS}",
            (stamp, channel, channel_user_id),
        )
        if row is None:
            row = await fetch_one(
                conn,
                "INSERT INTO people (channel, channel_user_id, first_seen_at, last_seen_at)"
                f" VALUES (?, ?, ?, ?) RETURNING {_COLUMNS}",
                (channel, channel_user_id, stamp, stamp),
            )
            assert row is not None
            await self.add_address(conn, row["id"], channel, channel_user_id, now)
        return _person(row)

    async def seen(self, conn: Connection, person_id: int, now: datetime) -> None:
        """The person wrote to us now, so they are reachable again."""
        await conn.execute(
            "UPDATE people SET last_seen_at = ?, status = 'active' WHERE id = ?",
            (now.isoformat(), person_id),
        )

    async def find(self, conn: Connection, channel: str, channel_user_id: str) -> Person | None:
        """The person this address (of any of their channels) belongs to."""
        row = await fetch_one(
            conn,
            f"SELECT {_PERSON_COLUMNS} FROM person_addresses AS a"
            " JOIN people AS p ON p.id = a.person_id WHERE a.channel = ? AND a.address = ?",
            (channel, channel_user_id),
        )
        return _person(row) if row else None

    async def get(self, conn: Connection, person_id: int) -> Person | None:
        row = await fetch_one(conn, f"SELECT {_COLUMNS} FROM people WHERE id = ?", (person_id,))
        return _person(row) if row else None

    async def set_locale(self, conn: Connection, person_id: int, locale: str | None) -> None:
        await conn.execute("UPDATE people SET locale = ? WHERE id = ?", (locale, person_id))

    async def set_status(self, conn: Connection, person_id: int, status: Status) -> None:
        await conn.execute("UPDATE people SET status = ? WHERE id = ?", (status, person_id))

    async def set_reachable(
        self, conn: Connection, channel: str, channel_user_id: str, reachable: bool
    ) -> None:
        """Blocked when the person blocked the bot; active again when they come back. Creates
        no row: someone who never consented leaves nothing behind. Only the address content
        goes to counts (`people.channel`): blocking the bot on the other channel leaves the
        person reachable where their content goes."""
        await conn.execute(
            "UPDATE people SET status = ? WHERE channel = ? AND channel_user_id = ?",
            ("active" if reachable else "blocked", channel, channel_user_id),
        )

    async def erase(self, conn: Connection, person_id: int) -> None:
        """Deletes the person; every table that names them cascades from `people`."""
        await conn.execute("DELETE FROM people WHERE id = ?", (person_id,))

    async def block(self, conn: Connection, person_ids: Iterable[int]) -> None:
        """The people cannot be reached (blocked us, deleted their account): they are not
        targeted until they write again (`touch` makes them active)."""
        await conn.executemany(
            "UPDATE people SET status = 'blocked' WHERE id = ?",
            [(person_id,) for person_id in person_ids],
        )

    async def set_leaderboard_hidden(self, conn: Connection, person_id: int, hidden: bool) -> None:
        """The /privasi choice to stay off the leaderboard (or come back on it)."""
        await conn.execute(
            "UPDATE people SET leaderboard_hidden = ? WHERE id = ?", (int(hidden), person_id)
        )

    async def leaderboard_hidden(self, conn: Connection, person_id: int) -> bool:
        row = await fetch_one(
            conn, "SELECT leaderboard_hidden FROM people WHERE id = ?", (person_id,)
        )
        return bool(row["leaderboard_hidden"]) if row else False

    async def addresses(self, conn: Connection, person_id: int) -> list[Address]:
        rows = await fetch_all(
            conn,
            f"SELECT {_ADDRESS_COLUMNS} FROM person_addresses WHERE person_id = ?"
            " ORDER BY linked_at, channel",
            (person_id,),
        )
        return [_address(row) for row in rows]

    async def address(self, conn: Connection, channel: str, address: str) -> Address | None:
        row = await fetch_one(
            conn,
            f"SELECT {_ADDRESS_COLUMNS} FROM person_addresses WHERE channel = ? AND address = ?",
            (channel, address),
        )
        return _address(row) if row else None

    async def add_address(
        self,
        conn: Connection,
        person_id: int,
        channel: str,
        address: str,
        now: datetime,
    ) -> None:
        """Gives the person an address on a channel (they have at most one per channel).
        An address is added when its owner writes from it, which opens WhatsApp's window."""
        await conn.execute(
            "INSERT INTO person_addresses (channel, address, person_id, last_inbound_at,"
            " linked_at) VALUES (?, ?, ?, ?, ?)",
            (channel, address, person_id, now.isoformat(), now.isoformat()),
        )

    async def remove_address(self, conn: Connection, channel: str, address: str) -> None:
        await conn.execute(
            "DELETE FROM person_addresses WHERE channel = ? AND address = ?", (channel, address)
        )

    async def set_content_address(
        self, conn: Connection, person_id: int, channel: str, address: str
    ) -> None:
        """Content goes to this address (one of the person's) from now on."""
        await conn.execute(
            "UPDATE people SET channel = ?, channel_user_id = ? WHERE id = ?",
            (channel, address, person_id),
        )

    async def last_inbound(self, conn: Connection, channel: str, address: str) -> datetime | None:
        """When the person last wrote from this address (None: never, or not known)."""
        row = await fetch_one(
            conn,
            "SELECT last_inbound_at FROM person_addresses WHERE channel = ? AND address = ?",
            (channel, address),
        )
        stamp = row["last_inbound_at"] if row else None
        return datetime.fromisoformat(stamp) if stamp else None

    async def set_last_inbound(
        self, conn: Connection, channel: str, address: str, at: datetime | None
    ) -> None:
        """Writes nothing for an address nobody has (someone who never consented)."""
        await conn.execute(
            "UPDATE person_addresses SET last_inbound_at = ? WHERE channel = ? AND address = ?",
            (at.isoformat() if at else None, channel, address),
        )
