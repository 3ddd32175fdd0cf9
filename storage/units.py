"""PR units (the tree of agencies that run admin groups), their groups and invitations.

A scope is a set of unit ids (a unit and everything under it) or None for the national view;
`scope_clause` turns it into SQL for any repository that filters people by unit.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from storage.sql import Connection, Row, fetch_all, fetch_one

ROOT_CODE = "nasional"


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    kind: str
    name: str
    parent_id: int | None


@dataclass(frozen=True)
class UnitGroupRow:
    unit_id: int
    chat_id: int
    activated_at: datetime
    activated_by: str
    second_approval: bool | None


@dataclass(frozen=True)
class InvitationRow:
    unit_id: int
    created_by: str
    expires_at: datetime
    used_at: datetime | None


def scope_clause(unit_ids: Collection[int] | None, column: str) -> tuple[str, list[int]]:
    """SQL that keeps rows whose `column` is a unit in scope; None keeps every row (national).
    An empty scope keeps none."""
    if unit_ids is None:
        return "1 = 1", []
    if not unit_ids:
        return "1 = 0", []
    ids = sorted(unit_ids)
    return f"{column} IN ({', '.join('?' * len(ids))})", ids


def _unit(row: Row) -> UnitRow:
    return UnitRow(
        id=row["id"],
        code=row["code"],
        kind=row["kind"],
        name=row["name"],
        parent_id=row["parent_id"],
    )


def _group(row: Row) -> UnitGroupRow:
    approval = row["second_approval"]
    return UnitGroupRow(
        unit_id=row["unit_id"],
        chat_id=row["chat_id"],
        activated_at=datetime.fromisoformat(row["activated_at"]),
        activated_by=row["activated_by"],
        second_approval=None if approval is None else bool(approval),
    )


_UNIT_COLUMNS = "id, code, kind, name, parent_id"
_GROUP_COLUMNS = "unit_id, chat_id, activated_at, activated_by, second_approval"


class UnitRepository:
    # --- the tree ---

    async def ensure(
        self,
        conn: Connection,
        *,
        code: str,
        kind: str,
        name: str,
        parent_id: int | None,
        now: datetime,
    ) -> UnitRow:
        """The unit with this code, created when new; its name follows the agency list."""
        await conn.execute(
            "INSERT INTO units (code, kind, name, parent_id, created_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind,"
            " parent_id = excluded.parent_id"
            " WHERE units.name <> excluded.name OR units.kind <> excluded.kind"
            " OR units.parent_id IS DISTINCT FROM excluded.parent_id",
            (code, kind, name, parent_id, now.isoformat()),
        )
        row = await fetch_one(conn, f"SELECT {_UNIT_COLUMNS} FROM units WHERE code = ?", (code,))
        assert row is not None
        return _unit(row)

    async def by_code(self, conn: Connection, code: str) -> UnitRow | None:
        row = await fetch_one(conn, f"SELECT {_UNIT_COLUMNS} FROM units WHERE code = ?", (code,))
        return _unit(row) if row else None

    async def by_id(self, conn: Connection, unit_id: int) -> UnitRow | None:
        row = await fetch_one(conn, f"SELECT {_UNIT_COLUMNS} FROM units WHERE id = ?", (unit_id,))
        return _unit(row) if row else None

    async def all(self, conn: Connection) -> list[UnitRow]:
        rows = await fetch_all(conn, f"SELECT {_UNIT_COLUMNS} FROM units ORDER BY id")
        return [_unit(row) for row in rows]

    async def children(self, conn: Connection, unit_id: int) -> list[UnitRow]:
        rows = await fetch_all(
            conn,
            f"SELECT {_UNIT_COLUMNS} FROM units WHERE parent_id = ? ORDER BY name, id",
            (unit_id,),
        )
        return [_unit(row) for row in rows]

    async def subtree_ids(self, conn: Connection, unit_id: int) -> frozenset[int]:
        """The unit and every unit under it, at any depth."""
        rows = await fetch_all(
            conn,
            "WITH RECURSIVE tree (id) AS (SELECT CAST(? AS BIGINT) UNION"
            " SELECT units.id FROM units JOIN tree ON units.parent_id = tree.id)"
            " SELECT id FROM tree",
            (unit_id,),
        )
        return frozenset(int(row["id"]) for row in rows)

    async def ancestors(self, conn: Connection, unit_id: int) -> list[int]:
        """The unit's id, then its parent's, up to the root."""
        rows = await fetch_all(
            conn,
            "WITH RECURSIVE up (id, parent_id, depth) AS ("
            " SELECT id, parent_id, 0 FROM units WHERE id = ?"
            " UNION ALL SELECT units.id, units.parent_id, up.depth + 1"
            " FROM units JOIN up ON units.id = up.parent_id WHERE up.depth < 16)"
            " SELECT id FROM up ORDER BY depth",
            (unit_id,),
        )
        return [int(row["id"]) for row in rows]

    # --- admin groups ---

    async def groups(self, conn: Connection) -> list[UnitGroupRow]:
        rows = await fetch_all(conn, f"SELECT {_GROUP_COLUMNS} FROM unit_groups ORDER BY unit_id")
        return [_group(row) for row in rows]

    async def group_of(self, conn: Connection, unit_id: int) -> UnitGroupRow | None:
        row = await fetch_one(
            conn, f"SELECT {_GROUP_COLUMNS} FROM unit_groups WHERE unit_id = ?", (unit_id,)
        )
        return _group(row) if row else None

    async def group_in_chat(self, conn: Connection, chat_id: int) -> UnitGroupRow | None:
        row = await fetch_one(
            conn, f"SELECT {_GROUP_COLUMNS} FROM unit_groups WHERE chat_id = ?", (chat_id,)
        )
        return _group(row) if row else None

    async def set_group(
        self,
        conn: Connection,
        *,
        unit_id: int,
        chat_id: int,
        activated_by: str,
        now: datetime,
    ) -> None:
        """The unit's group is this chat (replacing an earlier one; a unit has one group)."""
        await conn.execute(
            "INSERT INTO unit_groups (unit_id, chat_id, activated_at, activated_by)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (unit_id) DO UPDATE SET chat_id = excluded.chat_id,"
            " activated_at = excluded.activated_at, activated_by = excluded.activated_by",
            (unit_id, chat_id, now.isoformat(), activated_by),
        )

    async def move_group(self, conn: Connection, old_chat_id: int, new_chat_id: int) -> bool:
        """The group got a new id (it became a supergroup). False when no unit used it."""
        cursor = await conn.execute(
            "UPDATE unit_groups SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id)
        )
        return cursor.rowcount == 1

    async def remove_group(self, conn: Connection, unit_id: int) -> bool:
        cursor = await conn.execute("DELETE FROM unit_groups WHERE unit_id = ?", (unit_id,))
        return cursor.rowcount == 1

    async def set_second_approval(
        self, conn: Connection, unit_id: int, required: bool | None
    ) -> bool:
        cursor = await conn.execute(
            "UPDATE unit_groups SET second_approval = ? WHERE unit_id = ?",
            (None if required is None else int(required), unit_id),
        )
        return cursor.rowcount == 1

    # --- invitations ---

    async def add_invitation(
        self,
        conn: Connection,
        *,
        code_hash: str,
        unit_id: int,
        created_by: str,
        now: datetime,
        expires_at: datetime,
    ) -> None:
        await conn.execute(
            "INSERT INTO unit_invitations (code_hash, unit_id, created_by, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (code_hash, unit_id, created_by, now.isoformat(), expires_at.isoformat()),
        )

    async def invitation(self, conn: Connection, code_hash: str) -> InvitationRow | None:
        row = await fetch_one(
            conn,
            "SELECT unit_id, created_by, expires_at, used_at FROM unit_invitations"
            " WHERE code_hash = ?",
            (code_hash,),
        )
        if row is None:
            return None
        return InvitationRow(
            unit_id=row["unit_id"],
            created_by=row["created_by"],
            expires_at=datetime.fromisoformat(row["expires_at"]),
            used_at=datetime.fromisoformat(row["used_at"]) if row["used_at"] else None,
        )

    async def use_invitation(
        self, conn: Connection, code_hash: str, chat_id: int, now: datetime
    ) -> bool:
        """Marks the code used; False when it was already used (a race between two groups)."""
        cursor = await conn.execute(
            "UPDATE unit_invitations SET used_at = ?, used_chat_id = ?"
            " WHERE code_hash = ? AND used_at IS NULL",
            (now.isoformat(), chat_id, code_hash),
        )
        return cursor.rowcount == 1

    # --- groups the bot was added to, waiting to be activated (migration 0015) ---

    async def arrived(self, conn: Connection, chat_id: int, added_by: str, now: datetime) -> None:
        """The bot was added to the chat now (an earlier arrival there starts over)."""
        await conn.execute(
            "INSERT INTO group_arrivals (chat_id, arrived_at, added_by) VALUES (?, ?, ?)"
            " ON CONFLICT (chat_id) DO UPDATE SET arrived_at = excluded.arrived_at,"
            " added_by = excluded.added_by",
            (chat_id, now.isoformat(), added_by),
        )

    async def arrival(self, conn: Connection, chat_id: int) -> datetime | None:
        row = await fetch_one(
            conn, "SELECT arrived_at FROM group_arrivals WHERE chat_id = ?", (chat_id,)
        )
        return datetime.fromisoformat(row["arrived_at"]) if row else None

    async def forget_arrival(self, conn: Connection, chat_id: int) -> None:
        await conn.execute("DELETE FROM group_arrivals WHERE chat_id = ?", (chat_id,))
