"""Shared fixtures: a local Bot API emulator and the real Application running against it, on
SQLite or on PostgreSQL (`database_backend`; tests/storage and tests/flows run on both)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator
from storage.database import Database
from storage.postgres import PostgresDatabase
from tests.postgres_server import PostgresServer, postgres_server
from tests.support import ADMIN_CHAT_TITLE, TOKEN, BotHarness, free_port, running_bot

__all__ = ["postgres_server"]  # the session's PostgreSQL server, started on first use

# Property tests explore the same examples on every run, so CI never fails by chance; no
# deadline, because the 2-core CI machine is shared and slow moments are not bugs.
hypothesis_settings.register_profile("repeatable", derandomize=True, deadline=None)
hypothesis_settings.load_profile("repeatable")


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN) as emu:
        yield emu


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 27, 1, 0, tzinfo=UTC))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): the test is about SQLite itself; skipped on PostgreSQL"
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    marker = item.get_closest_marker("sqlite_only")
    callspec = getattr(item, "callspec", None)
    backend = callspec.params.get("database_backend") if callspec else None
    if marker is not None and backend == "postgresql":
        reason = marker.args[0] if marker.args else "SQLite only"
        pytest.skip(f"SQLite only: {reason}")


@pytest.fixture
def database_backend() -> str:
    """The engine a test runs on; tests/storage and tests/flows override it with both."""
    return "sqlite"


@pytest.fixture
async def database_url(database_backend: str, request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """A fresh, migrated PostgreSQL database for the test (dropped after); '' on SQLite."""
    if database_backend != "postgresql":
        yield ""
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = await server.create_database()
    try:
        yield server.url(name)
    finally:
        await server.drop_database(name)


@pytest.fixture
def make_database(database_url: str) -> Callable[[Path], Database]:
    """Builds the test's database: SQLite at the path given, or the test's PostgreSQL one
    (every call the same database, as every call with one path is the same file)."""

    def make(path: Path) -> Database:
        return PostgresDatabase(database_url, pool_size=4) if database_url else Database(path)

    return make


@pytest.fixture
def settings(tmp_path: Path, emulator: BotApiEmulator, database_url: str) -> Settings:
    admins = emulator.add_group(ADMIN_CHAT_TITLE)
    web_port = free_port()
    return Settings(
        bot_token=TOKEN,  # type: ignore[arg-type]
        admin_chat_id=admins.id,
        database_path=tmp_path / "bot.sqlite3",
        database_url=database_url,  # type: ignore[arg-type]
        telegram_api_base_url=emulator.base_url,
        telegram_file_base_url=emulator.file_base_url,
        web_port=web_port,
        public_base_url=f"http://127.0.0.1:{web_port}",
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
async def bot(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    async with running_bot(settings, emulator, clock) as harness:
        yield harness
