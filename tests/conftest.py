"""Shared fixtures: a local Bot API emulator and the real Application running against it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator
from tests.support import ADMIN_CHAT_TITLE, TOKEN, BotHarness, free_port, running_bot

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


@pytest.fixture
def settings(tmp_path: Path, emulator: BotApiEmulator) -> Settings:
    admins = emulator.add_group(ADMIN_CHAT_TITLE)
    web_port = free_port()
    return Settings(
        bot_token=TOKEN,  # type: ignore[arg-type]
        admin_chat_id=admins.id,
        database_path=tmp_path / "bot.sqlite3",
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
