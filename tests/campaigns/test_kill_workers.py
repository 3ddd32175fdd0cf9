"""kill -9 of one of two worker instances (`asn-bot run --role worker`) in the middle of a
broadcast: the other sends the rest. Only the killed instance's rows in flight can reach a
person twice, and they are taken back once its heartbeat is stale, not before."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.instances.heartbeat import INSTANCE_STALE_SECONDS
from devtools.emulator import BotApiEmulator
from storage.database import Database
from storage.sql import fetch_all
from tests.campaigns.outbox_support import eventually, seed_outbox
from tests.support import TOKEN

RECIPIENTS = 300


@pytest.fixture(params=["postgresql", "sqlite"])
def database_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN, latency=(0.05, 0.05)) as emu:
        yield emu


async def start_worker(
    tmp_path: Path, emulator: BotApiEmulator, database: Path, url: str, admin_chat: int
) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "ADMIN_CHAT_ID": str(admin_chat),
        "DATABASE_PATH": str(database),
        "DATABASE_URL": url,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "TELEGRAM_FILE_BASE_URL": emulator.file_base_url,
        "LOG_LEVEL": "WARNING",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        "--role",
        "worker",
        cwd=tmp_path,  # no .env of the checkout
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def rows(db: Database, sql: str, params: tuple[object, ...] = ()) -> list[dict[str, object]]:
    return [dict(row) for row in await fetch_all(db.reader, sql, params)]


async def test_a_killed_worker_instance_loses_no_one_and_repeats_only_its_sends_in_flight(
    tmp_path: Path,
    emulator: BotApiEmulator,
    make_database: Callable[[Path], Database],
    database_url: str,
) -> None:
    database = tmp_path / "bot.sqlite3"
    admins = emulator.add_group("Humas Admin")
    users = [emulator.add_user(f"ASN {i}") for i in range(RECIPIENTS)]
    async with make_database(database) as db:
        run_id, _ = await seed_outbox(db, [user.id for user in users])
        first = await start_worker(tmp_path, emulator, database, database_url, admins.id)
        second = await start_worker(tmp_path, emulator, database, database_url, admins.id)
        try:
            await eventually(lambda: sum(emulator.sent_per_chat.values()) >= 60, timeout=30)
            first.send_signal(signal.SIGKILL)
            await first.wait()
            killed_at = time.monotonic()
            label = f"{socket.gethostname()}:{first.pid}"
            [killed] = await rows(db, "SELECT id FROM instances WHERE label = ?", (label,))
            in_flight = await rows(
                db,
                "SELECT p.channel_user_id FROM deliveries d JOIN people p ON p.id = d.person_id"
                " WHERE d.status = 'sending' AND d.claimed_by = ?",
                (killed["id"],),
            )

            async def drained() -> bool:
                left = await rows(
                    db,
                    "SELECT COUNT(*) AS n FROM deliveries"
                    " WHERE run_id = ? AND status IN ('pending', 'sending')",
                    (run_id,),
                )
                return left[0]["n"] == 0

            while not await drained():
                assert time.monotonic() - killed_at < INSTANCE_STALE_SECONDS + 10, "too slow"
                await asyncio.sleep(0.2)
            took = time.monotonic() - killed_at
        finally:
            for process in (first, second):
                if process.returncode is None:
                    process.send_signal(signal.SIGTERM)
        _, errors = await asyncio.wait_for(second.communicate(), 30)
        statuses = await rows(
            db,
            "SELECT status, COUNT(*) AS n FROM deliveries WHERE run_id = ? GROUP BY status",
            (run_id,),
        )

    assert (first.returncode, second.returncode) == (-signal.SIGKILL, 0), errors.decode()[-2000:]
    received = Counter(chat for chat in emulator.sent_per_chat if chat != admins.id)
    received = Counter({chat: emulator.sent_per_chat[chat] for chat in received})
    assert set(received) == {user.id for user in users}  # everyone got the message
    duplicated = {chat for chat, count in received.items() if count > 1}
    assert duplicated <= {int(str(row["channel_user_id"])) for row in in_flight}
    assert {row["status"]: row["n"] for row in statuses} == {"sent": RECIPIENTS}
    assert took < INSTANCE_STALE_SECONDS + 10
