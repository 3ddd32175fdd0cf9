from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bot.admin.admin_group import AdminGroupLocation
from bot.clock import FixedClock
from storage.chat_migrations import ChatMigrationRepository
from storage.database import Database


async def test_the_admin_group_is_followed_through_every_recorded_move(
    tmp_path: Path, make_database: Callable[[Path], Database]
) -> None:
    clock = FixedClock(datetime(2026, 11, 27, 1, 0, tzinfo=UTC))
    async with make_database(tmp_path / "bot.sqlite3") as db:
        location = AdminGroupLocation(db, ChatMigrationRepository(), clock)
        first = await location.moved(-4000001, -1000000000002)
        again = await location.moved(-4000001, -1000000000002)
        await location.moved(-1000000000002, -1000000000003)

        assert (first, again) == (True, False)
        assert await location.current(-4000001) == -1000000000003
        assert await location.current(-1000000000002) == -1000000000003
        assert await location.current(-1000000000099) == -1000000000099
