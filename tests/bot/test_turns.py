"""One person's updates through the inbox and their turn: in order, once, on one instance or
two sharing a database; slots only for running updates; floods dropped at the inbox."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from telegram import Update
from telegram.ext import Application, TypeHandler

from bot.channels.telegram.turns import TURN_STALE_SECONDS, TelegramTurns
from bot.channels.telegram.update_processor import FloodWatch, PerPersonUpdateProcessor
from bot.clock import FixedClock
from bot.observability.metrics import REGISTRY
from devtools.emulator import BotApiEmulator
from storage.conversation_states import ConversationStateRepository
from storage.database import Database
from storage.person_turns import PersonTurnRepository
from storage.sql import fetch_all
from tests.support import TOKEN, eventually

_IDS = itertools.count(1)


def message_from(user_id: int, text: str | None = None) -> Update:
    number = next(_IDS)
    return Update.de_json(
        {
            "update_id": number,
            "message": {
                "message_id": number,
                "date": 0,
                "chat": {"id": user_id, "type": "private"},
                "from": {"id": user_id, "is_bot": False, "first_name": "P"},
                "text": text or f"message {number}",
            },
        },
        None,
    )


class Work:
    """Records when each update's handling starts and ends (by its text); a gate for a text
    holds that update back."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.finished: list[str] = []
        self.by: list[str] = []
        self.running = 0
        self.most_running = 0
        self.gates: dict[str, asyncio.Event] = {}

    def handler(self, instance: str) -> Callable[[Update, object], Coroutine[object, object, None]]:
        async def handle(update: Update, context: object) -> None:
            assert update.message and update.message.text
            name = update.message.text
            self.started.append(name)
            self.running += 1
            self.most_running = max(self.most_running, self.running)
            gate = self.gates.get(name)
            if gate is not None:
                await gate.wait()
            else:
                await asyncio.sleep(0)
            self.running -= 1
            self.finished.append(name)
            self.by.append(instance)

        return handle


@pytest.fixture(params=["sqlite", "postgresql"])
def database_backend(request: pytest.FixtureRequest) -> str:
    backend: str = request.param
    return backend


@pytest.fixture
def database_file(tmp_path: Path) -> Path:
    return tmp_path / "turns.sqlite3"


@pytest.fixture
async def db(
    make_database: Callable[[Path], Database], database_file: Path
) -> AsyncIterator[Database]:
    async with make_database(database_file) as database:
        yield database


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 27, 1, 0, tzinfo=UTC))


@asynccontextmanager
async def instance(
    db: Database,
    clock: FixedClock,
    work: Work,
    emulator: BotApiEmulator,
    *,
    slots: int = 8,
    cap: int = 20,
    name: str = "A",
    database: Callable[[], Database] | None = None,
) -> AsyncIterator[TelegramTurns]:
    """A running TelegramTurns handling with a real PTB Application (its Bot, initialised
    against the emulator, is never called); with `database`, on its own connections to that
    file, as a second process would be."""
    async with own_database(db, database) as own:
        turns = TelegramTurns(
            own, clock, states=ConversationStateRepository(), flood=FloodWatch(cap), instance=name
        )
        application = (
            Application.builder()
            .token(TOKEN)
            .base_url(emulator.base_url)
            .updater(None)
            .concurrent_updates(PerPersonUpdateProcessor(slots, turns))
            .build()
        )
        application.add_handler(TypeHandler(Update, work.handler(name)))
        turns.bind(application)
        async with application:
            await turns.start()
            try:
                yield turns
            finally:
                await turns.stop()


@asynccontextmanager
async def own_database(
    shared: Database, make: Callable[[], Database] | None
) -> AsyncIterator[Database]:
    if make is None:
        yield shared
        return
    async with make() as own:
        yield own


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_one_persons_updates_run_in_update_order(
    db: Database, clock: FixedClock, emulator: BotApiEmulator
) -> None:
    work = Work()
    work.gates["a0"] = first = asyncio.Event()
    async with instance(db, clock, work, emulator) as turns:
        for i in range(6):
            await turns.receive(message_from(1, f"a{i}"))
        assert await eventually(lambda: work.started == ["a0"])
        first.set()
        assert await eventually(lambda: len(work.finished) == 6)

    assert work.finished == ["a0", "a1", "a2", "a3", "a4", "a5"]


async def test_a_person_waiting_for_their_turn_holds_no_slot(
    db: Database, clock: FixedClock, emulator: BotApiEmulator
) -> None:
    work = Work()
    stuck = asyncio.Event()
    for i in range(10):
        work.gates[f"a{i}"] = stuck
    async with instance(db, clock, work, emulator, slots=2) as turns:
        for i in range(10):
            await turns.receive(message_from(1, f"a{i}"))
        await turns.receive(message_from(2, "b"))

        assert await eventually(lambda: "b" in work.finished)
        assert work.started == ["a0", "b"]
        stuck.set()
        assert await eventually(lambda: len(work.finished) == 11)


async def test_no_more_updates_run_at_once_than_there_are_slots(
    db: Database, clock: FixedClock, emulator: BotApiEmulator
) -> None:
    work = Work()
    gate = asyncio.Event()
    async with instance(db, clock, work, emulator, slots=3) as turns:
        for i in range(10):
            work.gates[f"p{i}"] = gate
            await turns.receive(message_from(100 + i, f"p{i}"))
        assert await eventually(lambda: len(work.started) == 3)
        gate.set()
        assert await eventually(lambda: len(work.finished) == 10)

    assert work.most_running == 3


async def test_a_flood_beyond_the_cap_is_dropped_at_the_inbox_counted_and_logged_masked(
    db: Database, clock: FixedClock, emulator: BotApiEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    work = Work()
    work.gates["a0"] = gate = asyncio.Event()
    flooder = 987654321
    dropped = ("asn_bot_updates_total", {"type": "message", "outcome": "dropped"})
    dropped_before = sample(dropped[0], **dropped[1])
    waiting_before = sample("asn_bot_updates_waiting")
    with caplog.at_level(logging.WARNING):
        async with instance(db, clock, work, emulator, cap=3) as turns:
            for i in range(10):
                await turns.receive(message_from(flooder, f"a{i}"))
            assert await eventually(lambda: work.started == ["a0"])
            waiting_while_held = sample("asn_bot_updates_waiting")
            gate.set()
            assert await eventually(lambda: "is over" in caplog.text)
            # Once the flood is over the person is served again.
            await turns.receive(message_from(flooder, "later"))
            assert await eventually(lambda: "later" in work.finished)

    assert work.finished == ["a0", "a1", "a2", "later"]
    assert sample(dropped[0], **dropped[1]) == dropped_before + 7
    assert waiting_while_held == waiting_before + 2  # one runs, two wait their turn
    assert sample("asn_bot_updates_waiting") == waiting_before
    assert "7 updates were dropped" in caplog.text
    assert "…321" in caplog.text
    assert str(flooder) not in caplog.text


async def test_two_instances_serve_one_person_in_order_and_each_update_once(
    db: Database,
    clock: FixedClock,
    emulator: BotApiEmulator,
    make_database: Callable[[Path], Database],
    database_file: Path,
) -> None:
    """A and B have their own connections to one database, as two processes would. The
    person's updates arrive alternately at A and B while the first is still being handled;
    one of them arrives at both."""
    work = Work()
    work.gates["m0"] = first = asyncio.Event()
    updates = [message_from(5, f"m{i}") for i in range(8)]
    async with (
        instance(db, clock, work, emulator, name="A") as a,
        instance(
            db, clock, work, emulator, name="B", database=lambda: make_database(database_file)
        ) as b,
    ):
        for index, update in enumerate(updates):
            await (a if index % 2 == 0 else b).receive(update)
            if index == 3:
                await a.receive(update)  # Telegram posted it again, to the other instance
        assert await eventually(lambda: work.started == ["m0"])
        first.set()
        assert await eventually(lambda: len(work.finished) == 8)
        rows = await fetch_all(
            db.reader, "SELECT outcome, COUNT(*) AS n FROM telegram_inbox GROUP BY outcome"
        )

    assert work.finished == [f"m{i}" for i in range(8)]
    assert [tuple(row) for row in rows] == [("handled", 8)]


async def test_the_turn_of_a_crashed_instance_is_taken_over_once_it_is_stale(
    db: Database, clock: FixedClock, emulator: BotApiEmulator
) -> None:
    async with db.single_statement() as conn:
        await PersonTurnRepository().take(conn, "tg:6", "crashed", clock.now(), clock.now())
    work = Work()
    async with instance(db, clock, work, emulator, name="B") as b:
        await b.receive(message_from(6, "waits"))
        await asyncio.sleep(0.1)
        assert work.started == []  # the crashed holder's turn is not stale yet

        clock.advance(timedelta(seconds=TURN_STALE_SECONDS + 1))
        await b.sweep()

        assert await eventually(lambda: work.finished == ["waits"])


async def test_updates_left_waiting_at_a_stop_are_handled_after_the_next_start(
    db: Database, clock: FixedClock, emulator: BotApiEmulator
) -> None:
    work = Work()
    work.gates["first"] = gate = asyncio.Event()
    async with instance(db, clock, work, emulator) as turns:
        await turns.receive(message_from(7, "first"))
        await turns.receive(message_from(7, "second"))
        assert await eventually(lambda: work.started == ["first"])
        stopping = asyncio.create_task(turns.stop())
        await asyncio.sleep(0.05)
        gate.set()
        await stopping
        held = await fetch_all(db.reader, "SELECT person_key FROM person_turns")
        assert (work.finished, held) == (["first"], [])

        await turns.start()  # as a restart would: what waits is handled
        assert await eventually(lambda: work.finished == ["first", "second"])
