"""kill -9 in the middle of a broadcast: a second process delivers the rest, and only the
sends that were in flight at the kill can reach a person twice."""

import asyncio
import signal
import sys
from collections import Counter
from pathlib import Path

from devtools.emulator import BotApiEmulator
from storage.database import Database
from storage.outbox import OutboxRepository
from tests.campaigns.outbox_support import delivery_rows, eventually, seed_outbox
from tests.support import TOKEN

ROOT = Path(__file__).resolve().parents[2]
RECIPIENTS = 120
RATE = 30.0
CONCURRENCY = 8


async def start_worker(database: Path, emulator: BotApiEmulator) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.campaigns._worker_process",
        str(database),
        emulator.base_url,
        TOKEN,
        str(RATE),
        str(CONCURRENCY),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_a_killed_worker_is_replaced_without_losing_anyone(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    database = tmp_path / "outbox.sqlite3"
    users = [emulator.add_user(f"ASN {i}") for i in range(RECIPIENTS)]
    async with Database(database) as db:
        run_id, _ = await seed_outbox(db, [user.id for user in users])

    first = await start_worker(database, emulator)
    await eventually(lambda: sum(emulator.sent_per_chat.values()) >= 40, timeout=15)
    first.send_signal(signal.SIGKILL)
    await first.communicate()
    async with Database(database) as db:
        in_flight_at_kill = (await OutboxRepository().counts(db.reader, run_id)).sending

    second = await start_worker(database, emulator)
    _, errors = await asyncio.wait_for(second.communicate(), 20)

    assert (first.returncode, second.returncode) == (-signal.SIGKILL, 0), errors.decode()
    received = Counter(emulator.sent_per_chat)
    assert set(received) == {user.id for user in users}
    duplicates = sum(count - 1 for count in received.values())
    assert duplicates <= in_flight_at_kill <= CONCURRENCY
    async with Database(database) as db:
        assert {row["status"] for row in await delivery_rows(db, run_id)} == {"sent"}
