"""WhatsApp's 24-hour window: open from the person's last message, closed when Meta says so,
kept in memory and written at most once a minute per address."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.people.service import WHATSAPP, ChannelIdentity
from bot.people.windows import WINDOW, ConversationWindows
from storage.database import Database
from storage.people import PeopleRepository

SITI = ChannelIdentity(WHATSAPP, "6281234567890")
STRANGER = ChannelIdentity(WHATSAPP, "6285600001111")
START = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "windows.sqlite3") as database:
        yield database


async def _stored(db: Database, who: ChannelIdentity) -> datetime | None:
    return await PeopleRepository().last_inbound(db.reader, who.channel, who.user_id)


async def _known(db: Database, who: ChannelIdentity, at: datetime) -> None:
    async with db.transaction() as tx:
        await PeopleRepository().touch(tx, who.channel, who.user_id, at)


async def test_the_window_is_open_for_24_hours_after_the_last_message(db: Database) -> None:
    clock = FixedClock(START)
    windows = ConversationWindows(db, PeopleRepository(), clock)
    await _known(db, SITI, START - timedelta(days=3))
    await windows.note_inbound(SITI, START)

    clock.advance(WINDOW - timedelta(seconds=1))
    almost = await windows.is_open(SITI.user_id)
    clock.advance(timedelta(seconds=1))

    assert almost is True
    assert await windows.is_open(SITI.user_id) is False


async def test_the_last_message_is_written_at_most_once_a_minute(db: Database) -> None:
    clock = FixedClock(START)
    windows = ConversationWindows(db, PeopleRepository(), clock)
    await _known(db, SITI, START - timedelta(days=3))

    await windows.note_inbound(SITI, START)
    await windows.note_inbound(SITI, START + timedelta(seconds=59))
    within_the_minute = await _stored(db, SITI)
    await windows.note_inbound(SITI, START + timedelta(seconds=61))

    assert within_the_minute == START
    assert await _stored(db, SITI) == START + timedelta(seconds=61)


async def test_a_restart_reads_the_window_from_the_database(db: Database) -> None:
    clock = FixedClock(START)
    await _known(db, SITI, START - timedelta(days=3))
    await ConversationWindows(db, PeopleRepository(), clock).note_inbound(SITI, START)

    clock.advance(timedelta(hours=2))
    after_restart = ConversationWindows(db, PeopleRepository(), clock)

    assert await after_restart.is_open(SITI.user_id) is True


async def test_someone_who_never_consented_leaves_no_row(db: Database) -> None:
    windows = ConversationWindows(db, PeopleRepository(), FixedClock(START))

    await windows.note_inbound(STRANGER, START)

    assert await windows.is_open(STRANGER.user_id) is True  # they may be answered
    rows = await db.reader.execute_fetchall("SELECT * FROM person_addresses")
    assert list(rows) == []


async def test_closing_lasts_until_the_person_writes_again(db: Database) -> None:
    clock = FixedClock(START)
    windows = ConversationWindows(db, PeopleRepository(), clock)
    await _known(db, SITI, START - timedelta(days=3))
    await windows.note_inbound(SITI, START)

    await windows.close(SITI.user_id)
    closed = await windows.is_open(SITI.user_id)
    closed_after_restart = await ConversationWindows(db, PeopleRepository(), clock).is_open(
        SITI.user_id
    )
    clock.advance(timedelta(seconds=10))
    await windows.note_inbound(SITI, clock.now())

    assert (closed, closed_after_restart) == (False, False)
    assert await windows.is_open(SITI.user_id) is True
    assert await _stored(db, SITI) == clock.now()


async def test_a_late_webhook_does_not_move_the_window_back(db: Database) -> None:
    clock = FixedClock(START)
    windows = ConversationWindows(db, PeopleRepository(), clock)
    await _known(db, SITI, START - timedelta(days=3))
    await windows.note_inbound(SITI, START)

    await windows.note_inbound(SITI, START - timedelta(hours=23))
    clock.advance(timedelta(hours=12))

    assert await windows.is_open(SITI.user_id) is True


async def test_a_newcomer_is_inside_the_window_from_first_contact(db: Database) -> None:
    clock = FixedClock(START)
    await _known(db, SITI, START)

    windows = ConversationWindows(db, PeopleRepository(), clock)

    assert await windows.is_open(SITI.user_id) is True
