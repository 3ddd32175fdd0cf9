"""The Telegram inbox as personal data: what a person sent and the bot has not handled yet is
theirs (exported by /datasaya, deleted by /hapusdata); a handled update keeps only its id."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.database import Database
from storage.people import PeopleRepository
from storage.personal_data import PersonalDataRepository
from storage.sql import fetch_all
from storage.telegram_inbox import Stored, TelegramInboxRepository, telegram_person_key

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
SITI, RUDI = "111111", "222222"


@pytest.fixture
async def db(make_database: Callable[[Path], Database], tmp_path: Path) -> AsyncIterator[Database]:
    async with make_database(tmp_path / "inbox.sqlite3") as database:
        yield database


async def _receive(db: Database, update_id: int, user: str, text: str, cap: int = 20) -> Stored:
    async with db.single_statement() as conn:
        return await TelegramInboxRepository().add(
            conn, update_id, telegram_person_key(user), f'{{"text": "{text}"}}', NOW, cap=cap
        )


async def test_waiting_updates_are_exported_and_erased_and_handled_ones_keep_no_person(
    db: Database,
) -> None:
    inbox = TelegramInboxRepository()
    async with db.transaction() as tx:
        await PeopleRepository().touch(tx, "telegram", SITI, NOW)
    await _receive(db, 1, SITI, "NIP 198506122010011003")
    await _receive(db, 2, SITI, "Siti Rahma")
    await _receive(db, 3, RUDI, "halo")
    async with db.single_statement() as conn:
        await inbox.handled(conn, 1, NOW)

    records = await PersonalDataRepository().records(db.reader, "telegram", SITI)
    async with db.transaction() as tx:
        await inbox.erase(tx, telegram_person_key(SITI))
    left = await fetch_all(
        db.reader, "SELECT update_id, person_key, payload, outcome FROM telegram_inbox"
    )

    assert records is not None
    assert [(row["update_id"], row["payload"]) for row in records.tables["telegram_inbox"]] == [
        (2, '{"text": "Siti Rahma"}')
    ]
    assert sorted(tuple(row) for row in left) == [
        (1, None, None, "handled"),
        (3, "tg:222222", '{"text": "halo"}', None),
    ]


async def test_a_repeat_adds_nothing_and_a_flood_beyond_the_cap_is_stored_dropped(
    db: Database,
) -> None:
    stored = [await _receive(db, n, SITI, f"m{n}", cap=2) for n in (1, 2, 2, 3, 3)]
    waiting = await TelegramInboxRepository().waiting(db.reader, telegram_person_key(SITI), 10)

    assert stored == [Stored.NEW, Stored.NEW, Stored.SEEN, Stored.DROPPED, Stored.SEEN]
    assert [row.update_id for row in waiting] == [1, 2]
