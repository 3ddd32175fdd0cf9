"""The readiness checks on their own: what counts as Telegram answering, when the bot asks
Telegram itself, and checks that hang or raise."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.observability.checks import database_problem
from bot.observability.readiness import BotApiHealth, Readiness
from storage.database import Database


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Probe:
    """Stands in for getMe: records itself through the health, as the measured request does."""

    def __init__(self, health: BotApiHealth, answer: int | str) -> None:
        self.health, self.answer, self.calls = health, answer, 0

    async def __call__(self) -> None:
        self.calls += 1
        self.health.record(self.answer)
        if self.answer != 200:
            raise ConnectionError("no answer")


async def test_an_answer_shows_telegram_reachable_but_errors_and_bad_tokens_do_not() -> None:
    ticks = Ticks()
    health = BotApiHealth(monotonic=ticks)
    verdicts = []
    for status in (200, 400, 429, 502, 401, "timeout"):
        health.record(status)
        verdicts.append(await health.check())

    assert verdicts == [
        None,
        None,
        None,
        "the latest Bot API call got 502",
        "the latest Bot API call got 401",
        "the latest Bot API call got timeout",
    ]


async def test_a_quiet_bot_asks_telegram_itself_once_the_last_answer_is_old() -> None:
    ticks = Ticks()
    health = BotApiHealth(monotonic=ticks, fresh_seconds=300)
    probe = Probe(health, 200)
    health.set_probe(probe)
    health.record(200)

    fresh = await health.check()
    ticks.now += 301
    stale_then_probed = await health.check()
    probe.answer = "network_error"
    ticks.now += 301
    unreachable = await health.check()

    assert (fresh, stale_then_probed, probe.calls) == (None, None, 2)
    assert unreachable == "the latest Bot API call got network_error"


async def test_checks_that_hang_or_raise_fail_with_a_reason() -> None:
    async def fine() -> None:
        return None

    async def hangs() -> None:
        await asyncio.sleep(10)

    async def raises() -> None:
        raise OSError("disk")

    report = await Readiness({"a": fine, "b": hangs, "c": raises}, timeout=0.05).report()

    assert not report.ready
    assert report.checks == {"a": "ok", "b": "no answer within 0.05 s", "c": "failed: OSError"}


async def test_a_database_that_is_not_open_is_a_problem(tmp_path: Path) -> None:
    db = Database(tmp_path / "bot.sqlite3")
    closed = await database_problem(db)
    async with db:
        opened = await database_problem(db)

    assert (closed, opened) == ("the database is not open", None)
