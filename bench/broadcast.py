"""Campaign broadcast throughput, pacing accuracy and the cost of filling the outbox.

The Bot API emulator runs in its own process (`python -m devtools.emulator --no-history`), driven
over HTTP with `EmulatorClient`; the delivery worker runs here with a real PTB Bot and SQLite.
Printed figures:

1. Paced: the worker at `--rate` (default 25/s) over `--paced` recipients (default 2,000),
   once for each Bot API answer time in `--latencies` (default 0,0.25,0.5 s; real answers
   from Indonesia take about 100-300 ms; the emulator's `slow` fault holds every sendMessage
   that long before it counts and answers it): achieved rate / configured rate (target >=
   0.97) and the most messages the emulator saw in any one-second window (must never exceed
   the rate).
2. Unpaced: the worker with no overall limit over `--recipients` (default 100,000) beside a bare
   PTB `bot.send_message` loop to the same chats, same emulator, same concurrency
   (`--concurrency`, default 64): both rates and worker/bare (target >= 0.85).
3. Enqueue: `--enqueue` people (default 1,000,000) seeded first, then the time and memory to
   put all of them in one run's outbox, keyset pages of 5,000 each in its own transaction, as
   the campaign planner does (target < 300 MB). Run in a child process so that its peak RSS
   is its own.

Usage: python bench/broadcast.py [--quick] [--repeat 3] [--rate 25] [--paced 2000]
       [--latencies 0,0.25,0.5] [--recipients 100000] [--concurrency 64] [--enqueue 1000000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
from telegram import Bot

from bot.campaigns.channel import OutgoingContent
from bot.campaigns.delivery import DeliveryWorker
from bot.channels.telegram.rendering import to_html
from bot.channels.telegram.sender import TelegramSender, broadcast_bot
from bot.clock import SystemClock
from bot.texts.markup import parse
from devtools.emulator import EmulatorClient
from storage.database import Database
from storage.outbox import DeliveryRow, OutboxRepository
from storage.people import PeopleRepository
from storage.sql import fetch_all

TOKEN = "4242:BENCH-TOKEN-local-emulator-only"
SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parents[1]
TEXT = parse("**Selamat Hari Guru Nasional** 🇮🇩 Mari bagikan kabar baik ini. #HariGuru2026")
STAMP = datetime(2026, 11, 25, 1, 0, tzinfo=UTC).isoformat()
PAGE = 5000


@asynccontextmanager
async def emulator_process() -> AsyncIterator[EmulatorClient]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "devtools.emulator",
        "--port",
        "0",
        "--token",
        TOKEN,
        "--no-history",
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
        match = re.search(r"on (http://\S+)", line)
        if match is None:
            raise RuntimeError(f"the emulator did not start: {line!r}")
        async with EmulatorClient(match[1], timeout=120) as client:
            yield client
    finally:
        process.terminate()
        await process.wait()


async def add_users(client: EmulatorClient, count: int) -> list[int]:
    gate = asyncio.Semaphore(32)

    async def one(index: int) -> int:
        async with gate:
            return int((await client.add_user(f"ASN {index}"))["id"])

    return list(await asyncio.gather(*(one(i) for i in range(count))))


async def seed_outbox(db: Database, chat_ids: list[int]) -> int:
    """People for the chats, a campaign run, and one pending delivery each; the run id."""
    async with db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO people (channel, channel_user_id, first_seen_at, last_seen_at)"
            " VALUES ('telegram', ?, ?, ?)",
            [(str(chat_id), STAMP, STAMP) for chat_id in chat_ids],
        )
        run_id = await _seed_run(tx)
        await tx.execute(
            "INSERT INTO deliveries (run_id, person_id) SELECT ?, id FROM people", (run_id,)
        )
    return run_id


async def _seed_run(tx: aiosqlite.Connection) -> int:
    cursor = await tx.execute(
        "INSERT INTO campaigns (title, kind, body, schedule_kind, status, created_by,"
        " created_at) VALUES ('Hari Guru', 'text', 'Selamat', 'now', 'scheduled', 'bench', ?)",
        (STAMP,),
    )
    campaign_id = cursor.lastrowid
    cursor = await tx.execute(
        "INSERT INTO campaign_runs (campaign_id, run_key, zone, due_at, status)"
        " VALUES (?, 'once', 'ALL', ?, 'sending')",
        (campaign_id, STAMP),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def greeting(row: DeliveryRow) -> OutgoingContent:
    return OutgoingContent("text", TEXT)


def most_in_one_second(times: list[float]) -> int:
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


async def paced(rate: float, recipients: int, latency: float, workdir: Path) -> tuple[float, int]:
    """(achieved rate, most messages in one second) at the emulator, every send answered
    `latency` seconds after it arrived."""
    async with emulator_process() as client:
        chats = await add_users(client, recipients)
        if latency > 0:
            await client.inject_fault("slow", method="sendMessage", times=None, delay=latency)
        async with (
            Database(workdir / f"paced-{time.monotonic_ns()}.sqlite3") as db,
            broadcast_bot(TOKEN, client.base_url(), client.file_base_url()) as bot,
        ):
            await seed_outbox(db, chats)
            worker = DeliveryWorker(
                db,
                OutboxRepository(),
                TelegramSender(bot),
                greeting,
                SystemClock(),
                people=PeopleRepository(),
                rate=rate,
            )
            await worker.run_until_drained()
        times = sorted(at for at, _ in await client.send_timestamps())
    assert len(times) == recipients, f"{len(times)} of {recipients} sent"
    return (len(times) - 1) / (times[-1] - times[0]), most_in_one_second(times)


async def unpaced(recipients: int, concurrency: int, workdir: Path) -> tuple[float, float]:
    """(worker rate, bare PTB loop rate), messages per second, same emulator and chats."""
    async with emulator_process() as client:
        chats = await add_users(client, recipients)
        async with broadcast_bot(
            TOKEN, client.base_url(), client.file_base_url(), connections=concurrency
        ) as bot:
            bare = await _bare_loop(bot, chats, concurrency)
            async with Database(workdir / f"unpaced-{time.monotonic_ns()}.sqlite3") as db:
                await seed_outbox(db, chats)
                worker = DeliveryWorker(
                    db,
                    OutboxRepository(),
                    TelegramSender(bot),
                    greeting,
                    SystemClock(),
                    people=PeopleRepository(),
                    rate=None,
                    concurrency=concurrency,
                )
                started = time.monotonic()
                await worker.run_until_drained()
                delivered = recipients / (time.monotonic() - started)
        sent = (await client.stats())["messages_sent"]
    assert sent == 2 * recipients, f"{sent} of {2 * recipients} sent"
    return delivered, bare


async def _bare_loop(bot: Bot, chats: list[int], concurrency: int) -> float:
    pending = iter(chats)

    async def sender() -> None:
        for chat in pending:
            await bot.send_message(chat, to_html(TEXT), parse_mode="HTML")

    started = time.monotonic()
    await asyncio.gather(*(sender() for _ in range(concurrency)))
    return len(chats) / (time.monotonic() - started)


async def enqueue_child(people: int, database: Path) -> dict[str, float]:
    """Runs in the child: seeds `people`, then enqueues them all into one run, twice (timed;
    then under tracemalloc, which slows Python down but counts its allocations)."""
    async with Database(database) as db:
        for start in range(0, people, 50_000):
            async with db.transaction() as tx:
                await tx.executemany(
                    "INSERT INTO people (channel, channel_user_id, first_seen_at, last_seen_at)"
                    " VALUES ('telegram', ?, ?, ?)",
                    (
                        (str(10**9 + i), STAMP, STAMP)
                        for i in range(start, min(people, start + 50_000))
                    ),
                )
        rss_before = _peak_rss_mb()
        async with db.transaction() as tx:
            run_id = await _seed_run(tx)
        started = time.monotonic()
        added = await _enqueue_in_pages(db, run_id)
        seconds = time.monotonic() - started
        rss_after = _peak_rss_mb()
        async with db.transaction() as tx:
            second_run = await _seed_run(tx)
        tracemalloc.start()
        await _enqueue_in_pages(db, second_run)
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert added == people
    return {
        "seconds": seconds,
        "rss_before_mb": rss_before,
        "rss_after_mb": rss_after,
        "traced_peak_mb": traced_peak / 2**20,
    }


async def _enqueue_in_pages(db: Database, run_id: int) -> int:
    """Keyset pages of person ids, each page enqueued in its own short transaction."""
    outbox = OutboxRepository()
    added, last = 0, 0
    while True:
        rows = await fetch_all(
            db.reader, "SELECT id FROM people WHERE id > ? ORDER BY id LIMIT ?", (last, PAGE)
        )
        if not rows:
            return added
        ids = [int(row[0]) for row in rows]
        async with db.transaction() as tx:
            added += await outbox.enqueue(tx, run_id, ((pid, pid % 3) for pid in ids))
        last = ids[-1]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def enqueue(people: int, workdir: Path) -> dict[str, float]:
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        str(SCRIPT),
        "--enqueue-child",
        str(people),
        str(workdir / f"enqueue-{time.monotonic_ns()}.sqlite3"),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    out, _ = await child.communicate()
    if child.returncode != 0:
        raise RuntimeError("the enqueue child failed")
    result: dict[str, float] = json.loads(out.decode().strip().splitlines()[-1])
    return result


def _median(values: list[float]) -> str:
    shown = ", ".join(f"{v:.1f}" for v in values)
    return f"{statistics.median(values):.1f}" + (f" (runs: {shown})" if len(values) > 1 else "")


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure (median shown)")
    parser.add_argument("--rate", type=float, default=25.0)
    parser.add_argument("--paced", type=int, default=2000)
    parser.add_argument(
        "--latencies",
        default="0,0.25,0.5",
        help="comma list of Bot API answer times in seconds for part 1",
    )
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--enqueue", type=int, default=1_000_000)
    parser.add_argument("--skip", default="", help="comma list of parts to skip: 1,2,3")
    parser.add_argument("--enqueue-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.enqueue_child:
        count, path = args.enqueue_child
        print(json.dumps(await enqueue_child(int(count), Path(path))))
        return
    if args.quick:
        args.paced, args.recipients, args.enqueue = 300, 10_000, 100_000
    skip = set(args.skip.split(",")) - {""}
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        if "1" not in skip:
            print(f"1. Paced at {args.rate:g}/s, {args.paced} recipients")
            for latency in (float(value) for value in args.latencies.split(",")):
                runs = [
                    await paced(args.rate, args.paced, latency, workdir) for _ in range(args.repeat)
                ]
                rates = [rate for rate, _ in runs]
                ratio = statistics.median(rates) / args.rate
                most = max(most for _, most in runs)
                print(
                    f"   answers in {latency * 1000:.0f} ms: achieved {_median(rates)} msg/s,"
                    f" ratio {ratio:.3f} (target >= 0.97);"
                    f" most in any 1 s window {most} (limit {args.rate:g})"
                )
        if "2" not in skip:
            runs2 = [
                await unpaced(args.recipients, args.concurrency, workdir)
                for _ in range(args.repeat)
            ]
            workers = [w for w, _ in runs2]
            bares = [b for _, b in runs2]
            ratios = [w / b for w, b in runs2]
            print(f"2. Unpaced, {args.recipients} recipients, concurrency {args.concurrency}")
            print(f"   worker (claim, render, send, record) {_median(workers)} msg/s")
            print(f"   bare PTB send_message loop          {_median(bares)} msg/s")
            print(f"   ratio worker/bare: {statistics.median(ratios):.2f} (target >= 0.85)")
        if "3" not in skip:
            results = [await enqueue(args.enqueue, workdir) for _ in range(args.repeat)]
            seconds = [r["seconds"] for r in results]
            growth = [r["rss_after_mb"] - r["rss_before_mb"] for r in results]
            print(f"3. Enqueue {args.enqueue} recipients into one run (pages of {PAGE})")
            per_second = args.enqueue / statistics.median(seconds)
            print(f"   time {_median(seconds)} s, {per_second:,.0f} rows/s")
            print(
                f"   peak RSS {max(r['rss_after_mb'] for r in results):.0f} MB,"
                f" growth during the enqueue {max(growth):.0f} MB (target < 300 MB)"
            )
            print(
                f"   Python allocations at peak (tracemalloc): "
                f"{max(r['traced_peak_mb'] for r in results):.1f} MB"
            )


if __name__ == "__main__":
    asyncio.run(main())
