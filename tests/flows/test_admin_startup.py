"""`asn-bot run` starting against an admin group it cannot reach: it keeps running."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from devtools.emulator import BotApiEmulator
from tests.support import TOKEN, eventually, free_port

ROOT = Path(__file__).parents[2]
# The placeholder in .env.example: a group the bot has never been in.
PLACEHOLDER_CHAT_ID = -1001234567890


@dataclass
class Run:
    process: asyncio.subprocess.Process
    stderr: str = ""


@asynccontextmanager
async def bot_process(
    emulator: BotApiEmulator, admin_chat_id: int, database: Path
) -> AsyncIterator[Run]:
    """`asn-bot run` as operators start it; stopped with SIGTERM at the end of the block."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "BOT_TOKEN": TOKEN,
        "ADMIN_CHAT_ID": str(admin_chat_id),
        "DATABASE_PATH": str(database),
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "TELEGRAM_FILE_BASE_URL": emulator.file_base_url,
        "POLL_TIMEOUT_SECONDS": "1",
        "WEB_PORT": str(free_port()),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        env=env,
        cwd=database.parent,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    run = Run(process)
    try:
        yield run
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        try:
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        except TimeoutError:
            process.kill()
            _, stderr = await process.communicate()
            raise AssertionError(f"the bot did not stop on SIGTERM:\n{stderr.decode()}") from None
        run.stderr = stderr.decode()


async def test_an_unknown_admin_chat_id_leaves_the_bot_running_and_chatid_answers(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    admin = emulator.add_user("Rina")
    group = emulator.add_group("Humas Admin", creator=admin)
    siti = emulator.add_user("Siti")

    async with bot_process(emulator, PLACEHOLDER_CHAT_ID, tmp_path / "bot.sqlite3") as run:
        emulator.send_command(admin, "chatid", chat=group, mention=True)
        chat_id = await emulator.next_message(group, timeout=60)
        emulator.send_text(siti, "/start")
        consent = await emulator.next_message(siti, timeout=30)

    assert str(group.id) in chat_id.content and "ADMIN_CHAT_ID" in chat_id.content
    assert "Apakah Anda setuju?" in consent.content
    assert run.process.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    explained = [line for line in run.stderr.splitlines() if str(PLACEHOLDER_CHAT_ID) in line]
    assert len(explained) == 1 and "/chatid" in explained[0], run.stderr


async def test_a_restart_after_an_unseen_upgrade_follows_the_new_id_and_tells_once(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    admin = emulator.add_user("Rina")
    basic = emulator.add_group("Humas (grup biasa)", creator=admin, supergroup=False)
    supergroup = emulator.migrate_group_to_supergroup(basic)
    emulator.state.updates.clear()  # upgraded while the bot was not running
    database = tmp_path / "bot.sqlite3"

    def admin_menus(chat_id: int) -> int:
        return sum(
            r.status == 200 and r.params.get("scope", {}).get("chat_id") == chat_id
            for r in emulator.requests_for("setMyCommands")
        )

    async with bot_process(emulator, basic.id, database) as first:
        told = await emulator.next_message(supergroup, timeout=60)
        emulator.send_text(admin, "/tinjau", chat=supergroup)
        first_answer = await emulator.next_message(supergroup, timeout=30)
    async with bot_process(emulator, basic.id, database) as second:
        assert await eventually(lambda: admin_menus(supergroup.id) == 4, timeout=60)
        emulator.send_text(admin, "/tinjau", chat=supergroup)
        answer = await emulator.next_message(supergroup, timeout=30)

    assert "ADMIN_CHAT_ID" in told.content and str(supergroup.id) in told.content
    assert "Tidak ada akun yang menunggu" in first_answer.content
    assert "Tidak ada akun yang menunggu" in answer.content
    assert emulator.pending_messages(supergroup) == []  # told once, not at every start
    assert admin_menus(basic.id) == 0
    for run in (first, second):
        assert run.process.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
    assert f"Set ADMIN_CHAT_ID={supergroup.id}" in second.stderr
