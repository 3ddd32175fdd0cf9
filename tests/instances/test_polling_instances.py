"""Two `asn-bot run` processes in polling mode on one database: one long-polls (Telegram would
answer 409 to the second), the other stands by and takes over polling, and the scheduled
jobs, when the first stops."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from devtools.emulator import BotApiEmulator
from storage.database import Database
from storage.leases import LeaseRepository
from storage.sql import fetch_one
from tests.support import TOKEN, free_port


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN) as emu:
        yield emu


async def start_bot(
    tmp_path: Path, emulator: BotApiEmulator, database: Path, url: str, admin_chat: int
) -> asyncio.subprocess.Process:
    port = free_port()
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "ADMIN_CHAT_ID": str(admin_chat),
        "DATABASE_PATH": str(database),
        "DATABASE_URL": url,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "TELEGRAM_FILE_BASE_URL": emulator.file_base_url,
        "WEB_PORT": str(port),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "POLL_TIMEOUT_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def until(condition: Callable[[], Awaitable[bool]], timeout: float) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while not await condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.1)


async def test_one_instance_polls_and_the_other_takes_over_when_it_stops(
    tmp_path: Path,
    emulator: BotApiEmulator,
    make_database: Callable[[Path], Database],
    database_url: str,
) -> None:
    database = tmp_path / "bot.sqlite3"
    admins = emulator.add_group("Humas Admin")
    person = emulator.add_user("Rina")
    leases = LeaseRepository()
    async with make_database(database) as db:

        async def holder(name: str) -> str | None:
            state = await leases.state(db.reader, name)
            return state.holder if state and state.expires_at.timestamp() > time.time() else None

        async def instance_of(process: asyncio.subprocess.Process) -> str | None:
            label = f"{socket.gethostname()}:{process.pid}"
            row = await fetch_one(db.reader, "SELECT id FROM instances WHERE label = ?", (label,))
            return None if row is None else str(row["id"])

        async def polls(process: asyncio.subprocess.Process) -> bool:
            instance = await instance_of(process)
            return instance is not None and instance == await holder("telegram-poller")

        async def registered(process: asyncio.subprocess.Process) -> bool:
            return await instance_of(process) is not None

        async def answered(count: int) -> bool:
            return len(emulator.sent(person)) > count

        first = await start_bot(tmp_path, emulator, database, database_url, admins.id)
        await until(lambda: polls(first), 30)
        second = await start_bot(tmp_path, emulator, database, database_url, admins.id)
        await until(lambda: registered(second), 30)
        emulator.send_text(person, "/start")
        await until(lambda: answered(0), 15)
        await asyncio.sleep(2)  # both running a while: the second must not poll meanwhile
        first_id = await instance_of(first)
        assert await holder("scheduler") == first_id
        stopping_at = time.monotonic()
        first.send_signal(signal.SIGTERM)
        await asyncio.wait_for(first.communicate(), 30)
        await until(lambda: polls(second), 15)
        replies = len(emulator.sent(person))
        emulator.send_text(person, "/start")
        await until(lambda: answered(replies), 15)
        second_holds_scheduler = await holder("scheduler") == await instance_of(second)
        second.send_signal(signal.SIGTERM)
        _, errors = await asyncio.wait_for(second.communicate(), 30)

    assert (first.returncode, second.returncode) == (0, 0), errors.decode()[-2000:]
    assert second_holds_scheduler
    # While both ran, only one polled. (At the handover the first's last long poll, abandoned
    # on its way out, may still be open at Telegram, which ends it with 409 for nobody.)
    conflicts = [r.at for r in emulator.requests_for("getUpdates") if r.status == 409]
    assert [at for at in conflicts if at < stopping_at] == []
