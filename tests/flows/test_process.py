"""The bot as operators run it: a separate process, stopped by a signal."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from devtools.emulator import BotApiEmulator
from tests.database_access import connect_to
from tests.support import TOKEN, free_port

ROOT = Path(__file__).parents[2]


async def test_sigterm_stops_the_bot_cleanly_and_keeps_the_conversation(
    emulator: BotApiEmulator, tmp_path: Path, database_url: str
) -> None:
    admins = emulator.add_group("Humas Admin")
    database = tmp_path / "bot.sqlite3"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "BOT_TOKEN": TOKEN,
        "ADMIN_CHAT_ID": str(admins.id),
        "DATABASE_PATH": str(database),
        "DATABASE_URL": database_url,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "TELEGRAM_FILE_BASE_URL": emulator.file_base_url,
        "POLL_TIMEOUT_SECONDS": "1",
        # Never the default 8080: a bot or demo running on this machine may hold it.
        "WEB_PORT": str(free_port()),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    siti = emulator.add_user("Siti")
    emulator.send_text(siti, "/start")
    consent = await emulator.next_message(siti, timeout=30)

    process.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)

    assert "Apakah Anda setuju?" in consent.content
    assert process.returncode == 0, stderr.decode()
    assert b"Traceback" not in stderr
    with connect_to(database_url, database) as db:
        assert db.execute("SELECT state FROM conversation_states").fetchall() == [("1",)]
