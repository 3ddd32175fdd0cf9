"""The emulator on its own, and a plain PTB Bot talking to it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import telegram

from devtools.emulator import BotApiEmulator


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emulator:
        yield emulator


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[telegram.Bot]:
    async with telegram.Bot(emu.token, base_url=emu.base_url, base_file_url=emu.file_base_url) as b:
        yield b
