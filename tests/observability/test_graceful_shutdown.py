"""SIGTERM in the middle of a broadcast, with Telegram answering slowly: the sends already on
the wire finish and are recorded, the others go back to the queue, and no row stays claimed
(`sending`), in polling and in webhook mode."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from devtools.emulator import BotApiEmulator
from storage.database import Database
from tests.campaigns.outbox_support import seed_outbox
from tests.support import TOKEN, eventually, free_port

ROOT = Path(__file__).parents[2]
RECIPIENTS = 60


@pytest.fixture
async def slow_emulator() -> AsyncIterator[BotApiEmulator]:
    # Every answer takes 0.2-0.4 s, so at any moment several sends are on the wire.
    async with BotApiEmulator(token=TOKEN, latency=(0.2, 0.4)) as emu:
        yield emu


def _bot_env(emulator: BotApiEmulator, database: Path, mode: str) -> dict[str, str]:
    admins = emulator.add_group("Humas Admin")
    web_port = free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "BOT_TOKEN": TOKEN,
        "ADMIN_CHAT_ID": str(admins.id),
        "DATABASE_PATH": str(database),
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "TELEGRAM_FILE_BASE_URL": emulator.file_base_url,
        "POLL_TIMEOUT_SECONDS": "1",
        "WEB_PORT": str(web_port),
        "BROADCAST_RATE_PER_SECOND": "20",
        "LOG_FORMAT": "json",
    }
    if mode == "webhook":
        env |= {
            "TELEGRAM_MODE": "webhook",
            "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{web_port}/telegram/webhook",
            "TELEGRAM_WEBHOOK_SECRET": "shutdown-test-secret",
        }
    return env


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_sigterm_mid_broadcast_leaves_no_delivery_claimed(
    slow_emulator: BotApiEmulator, tmp_path: Path, mode: str
) -> None:
    emulator = slow_emulator
    database = tmp_path / "bot.sqlite3"
    users = [emulator.add_user(f"ASN {number}") for number in range(RECIPIENTS)]
    async with Database(database) as db:
        run_id, _ = await seed_outbox(db, [user.id for user in users])
    recipients = {user.id for user in users}

    def delivered() -> int:
        return sum(n for chat, n in emulator.sent_per_chat.items() if chat in recipients)

    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        env=_bot_env(emulator, database, mode),
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    started = await eventually(lambda: delivered() >= 10, timeout=30)
    in_flight_at_stop = emulator.state.in_flight
    process.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)

    with sqlite3.connect(database) as stored:
        states = dict(
            stored.execute(
                "SELECT status, COUNT(*) FROM deliveries WHERE run_id = ? GROUP BY status",
                (run_id,),
            ).fetchall()
        )
    assert started, stderr.decode()
    assert process.returncode == 0, stderr.decode()
    assert b"Traceback" not in stderr
    assert in_flight_at_stop > 0  # the signal came with sends on the wire
    assert "sending" not in states
    # Every message that reached a person is recorded as sent; the rest wait, none lost.
    assert states.get("sent") == delivered() < RECIPIENTS
    assert states.get("sent", 0) + states.get("pending", 0) == RECIPIENTS
    # LOG_FORMAT=json: the whole log, start to stop, is one JSON object per line.
    logged = [json.loads(line) for line in stderr.decode().splitlines()]
    assert logged and all({"time", "level", "logger", "message"} <= set(e) for e in logged)
