"""Every stored row that refers to one person, for the right of access (/datasaya).

Rows are read whole (`SELECT *`), so a column added later is exported without a change here.
A table added later must be listed in `_BY_PERSON` (or handled below): a test enumerates the
tables that refer to `people` or `enrollments` and fails when one is missing from the export.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storage.sql import Connection, fetch_all
from storage.telegram_inbox import telegram_person_key

Row = Mapping[str, object]

# Table -> the query for its rows of one person (`?` = the person's id), oldest first.
_BY_PERSON: dict[str, str] = {
    # Every address: the Telegram id and the WhatsApp number, in full for their owner.
    "person_addresses": "SELECT * FROM person_addresses WHERE person_id = ? ORDER BY linked_at",
    "link_codes": "SELECT * FROM link_codes WHERE person_id = ?",
    "consents": "SELECT * FROM consents WHERE person_id = ? ORDER BY id",
    "enrollments": "SELECT * FROM enrollments WHERE person_id = ?",
    "social_accounts": "SELECT * FROM social_accounts WHERE person_id = ? ORDER BY id",
    "ownership_codes": "SELECT * FROM ownership_codes WHERE person_id = ? ORDER BY platform",
    "account_checks": "SELECT * FROM account_checks WHERE person_id = ? ORDER BY id",
    "verification_jobs": "SELECT * FROM verification_jobs WHERE person_id = ? ORDER BY id",
    "review_cases": "SELECT * FROM review_cases WHERE person_id = ? ORDER BY id",
    "badges": "SELECT * FROM badges WHERE person_id = ? ORDER BY id",
    # With the campaign each delivery belongs to.
    "deliveries": (
        "SELECT d.*, r.campaign_id FROM deliveries d JOIN campaign_runs r ON r.id = d.run_id"
        " WHERE d.person_id = ? ORDER BY d.id"
    ),
    "reshares": "SELECT * FROM reshares WHERE person_id = ? ORDER BY id",
    # Both sides of a NIP conflict, without the other person's id.
    "nip_conflicts": (
        "SELECT CASE WHEN claimant_id = ?1 THEN 'claimant' ELSE 'holder' END AS role,"
        " created_at FROM nip_conflicts WHERE claimant_id = ?1 OR holder_id = ?1 ORDER BY id"
    ),
}


@dataclass(frozen=True)
class PersonalRecords:
    """The person's row in `people` and, per table, their rows there."""

    person: Row
    tables: Mapping[str, tuple[Row, ...]]


class PersonalDataRepository:
    async def records(
        self, conn: Connection, channel: str, channel_user_id: str
    ) -> PersonalRecords | None:
        """The person this address (on any of their channels) belongs to, and their rows."""
        people = await fetch_all(
            conn,
            "SELECT p.* FROM person_addresses AS a JOIN people AS p ON p.id = a.person_id"
            " WHERE a.channel = ? AND a.address = ?",
            (channel, channel_user_id),
        )
        if not people:
            return None
        person = dict(people[0])
        tables: dict[str, tuple[Row, ...]] = {}
        for table, sql in _BY_PERSON.items():
            rows = await fetch_all(conn, sql, (person["id"],))
            tables[table] = tuple(dict(row) for row in rows)
        # Kept by channel user id, on each of the person's addresses: the conversations open
        # with the person, what they composed as an admin, and what they did that the audit
        # log recorded.
        addresses = [str(row["address"]) for row in tables["person_addresses"]]
        tables["conversation_states"] = await _rows_by_address(
            conn,
            "SELECT name, state, updated_at FROM conversation_states"
            " WHERE user_key = ? ORDER BY name",
            addresses,
        )
        # Telegram updates received and not handled yet (a handled one keeps no person).
        tables["telegram_inbox"] = await _rows_by_address(
            conn,
            "SELECT update_id, payload, received_at FROM telegram_inbox"
            " WHERE person_key = ? ORDER BY update_id",
            [
                telegram_person_key(str(row["address"]))
                for row in tables["person_addresses"]
                if row["channel"] == "telegram"
            ],
        )
        tables["campaign_drafts"] = await _rows_by_address(
            conn, "SELECT * FROM campaign_drafts WHERE admin_id = ?", addresses
        )
        tables["audit_log"] = await _rows_by_address(
            conn, "SELECT * FROM audit_log WHERE actor = ? ORDER BY id", addresses
        )
        return PersonalRecords(person, tables)


async def _rows_by_address(
    conn: Connection, sql: str, keys: Sequence[int | str]
) -> tuple[Row, ...]:
    found: list[Row] = []
    for key in keys:
        found.extend(await _rows(conn, sql, key))
    return tuple(found)


async def _rows(conn: Connection, sql: str, key: object) -> tuple[Row, ...]:
    return tuple(dict(row) for row in await fetch_all(conn, sql, (key,)))
