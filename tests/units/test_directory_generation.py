"""The admin directory's generation (migration 0020) rises with every change to which chat
serves which unit, in the change's own transaction, and with an admin's promotion or
demotion; a refused change leaves it as it was, so no instance reloads for nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.reference.agencies import load_agencies
from bot.units.service import ActivationRefused, UnitService
from storage.database import Database
from storage.units import UnitRepository

NATIONAL_CHAT = -1001


@pytest.fixture
async def units(tmp_path: Path) -> AsyncIterator[UnitService]:
    async with Database(tmp_path / "units.sqlite3") as db:
        clock = FixedClock(datetime(2026, 12, 1, 3, 0, tzinfo=UTC))
        yield UnitService(db, UnitRepository(), load_agencies(), clock)


async def test_each_change_of_a_units_group_raises_the_generation_once(
    units: UnitService,
) -> None:
    assert await units.directory_generation() == 0
    invitation = await units.invite(units.find("kemenkeu")[0], actor="1")
    assert await units.directory_generation() == 0  # an invitation changes no group

    group = await units.activate(invitation.code, -5, "9", national_chat_id=NATIONAL_CHAT)
    assert await units.directory_generation() == 1
    assert await units.group_migrated(-5, -1005)
    assert await units.directory_generation() == 2
    await units.move(group.unit.id, -1006, "1")
    assert await units.directory_generation() == 3
    await units.admins_changed()
    assert await units.directory_generation() == 4
    assert await units.deactivate(group.unit.id)
    assert await units.directory_generation() == 5


async def test_a_change_that_does_not_happen_leaves_the_generation(units: UnitService) -> None:
    invitation = await units.invite(units.find("kemenkeu")[0], actor="1")
    with pytest.raises(ActivationRefused):
        await units.activate("NOPE", -5, "9", national_chat_id=NATIONAL_CHAT)
    assert not await units.group_migrated(-5, -1005)
    assert not await units.deactivate(invitation.unit.id)
    assert await units.directory_generation() == 0
