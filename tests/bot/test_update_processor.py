"""The per-person update processor without the shared inbox (one instance on SQLite): order per
person, slots only for running updates, floods. tests/bot/test_turns.py covers the inbox."""

from __future__ import annotations

import asyncio
import itertools
import logging

import pytest
from telegram import Update

from bot.channels.telegram.update_processor import FloodWatch, PerPersonUpdateProcessor
from tests.support import eventually

_IDS = itertools.count(1)


def message_from(user_id: int) -> Update:
    number = next(_IDS)
    return Update.de_json(
        {
            "update_id": number,
            "message": {
                "message_id": number,
                "date": 0,
                "chat": {"id": user_id, "type": "private"},
                "from": {"id": user_id, "is_bot": False, "first_name": "P"},
                "text": f"message {number}",
            },
        },
        None,
    )


class Work:
    """Records when each update's handling starts and ends; `gate` holds it back."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.finished: list[str] = []
        self.running = 0
        self.most_running = 0

    async def handle(self, name: str, gate: asyncio.Event | None = None) -> None:
        self.started.append(name)
        self.running += 1
        self.most_running = max(self.most_running, self.running)
        if gate is not None:
            await gate.wait()
        else:
            await asyncio.sleep(0)
        self.running -= 1
        self.finished.append(name)


async def test_one_persons_updates_run_in_arrival_order() -> None:
    processor = PerPersonUpdateProcessor(8)
    work = Work()
    first = asyncio.Event()
    tasks = [
        asyncio.create_task(processor.process_update(message_from(1), work.handle("a0", first)))
    ]
    tasks += [
        asyncio.create_task(processor.process_update(message_from(1), work.handle(f"a{i}")))
        for i in range(1, 6)
    ]
    assert await eventually(lambda: work.started == ["a0"])
    first.set()
    await asyncio.gather(*tasks)

    assert work.finished == ["a0", "a1", "a2", "a3", "a4", "a5"]


async def test_a_person_waiting_for_their_turn_holds_no_slot() -> None:
    processor = PerPersonUpdateProcessor(2)
    work = Work()
    stuck = asyncio.Event()
    flood = [
        asyncio.create_task(processor.process_update(message_from(1), work.handle(f"a{i}", stuck)))
        for i in range(10)
    ]
    other = asyncio.create_task(processor.process_update(message_from(2), work.handle("b")))

    assert await eventually(lambda: "b" in work.finished)

    assert work.started == ["a0", "b"]
    stuck.set()
    await asyncio.gather(*flood, other)


async def test_no_more_updates_run_at_once_than_there_are_slots() -> None:
    processor = PerPersonUpdateProcessor(3)
    work = Work()
    gate = asyncio.Event()
    tasks = [
        asyncio.create_task(
            processor.process_update(message_from(100 + i), work.handle(f"p{i}", gate))
        )
        for i in range(10)
    ]
    assert await eventually(lambda: len(work.started) == 3)
    gate.set()
    await asyncio.gather(*tasks)

    assert (work.most_running, len(work.finished)) == (3, 10)


async def test_a_flooders_updates_beyond_the_limit_are_dropped_and_logged_masked(
    caplog: pytest.LogCaptureFixture,
) -> None:
    processor = PerPersonUpdateProcessor(8, flood=FloodWatch(3))
    work = Work()
    gate = asyncio.Event()
    flooder = 987654321
    tasks = [
        asyncio.create_task(
            processor.process_update(message_from(flooder), work.handle(f"a{i}", gate))
        )
        for i in range(10)
    ]
    with caplog.at_level(logging.WARNING):
        assert await eventually(lambda: sum(task.done() for task in tasks) == 7)
        gate.set()
        await asyncio.gather(*tasks)
        # Once the flood is over the person is served again.
        await processor.process_update(message_from(flooder), work.handle("later"))

    assert work.finished == ["a0", "a1", "a2", "later"]
    assert "7 updates were dropped" in caplog.text
    assert "…321" in caplog.text
    assert str(flooder) not in caplog.text
