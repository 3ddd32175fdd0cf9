"""/readyz's scheduler check and the leader gauge: fine while some live instance holds the
scheduler lease; a problem once it has run out with nobody taking over."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.instances.leases import Lease
from bot.observability.checks import SchedulerCheck
from bot.observability.metrics import REGISTRY
from storage.database import Database

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "bot.sqlite3") as database:
        yield database


def leader_gauge() -> float:
    return REGISTRY.get_sample_value("asn_bot_scheduler_leader") or 0.0


async def test_the_scheduler_check_follows_the_lease(db: Database) -> None:
    clock = FixedClock(NOW)
    here = Lease(db, "scheduler", "here", clock)
    elsewhere = Lease(db, "scheduler", "elsewhere", clock)
    check = SchedulerCheck(db, clock, lease_name="scheduler", held_here=lambda: here.held)

    never_held = await check.problem()
    await elsewhere.renew()
    held_elsewhere = await check.problem(), leader_gauge()
    clock.advance(timedelta(seconds=31))
    expired = await check.problem()
    await here.renew()
    held_here = await check.problem(), leader_gauge()

    assert never_held == "no instance has held the scheduler lease yet"
    assert held_elsewhere == (None, 0.0)
    assert expired == "the scheduler lease expired at 2026-11-27T01:00:30+00:00"
    assert held_here == (None, 1.0)
