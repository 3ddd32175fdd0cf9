"""Scaling out: what a second (and fourth) instance buys, and what PostgreSQL costs one instance.

Every bot runs as its own `asn-bot run --role …` process against the Bot API emulator (in this
process) and one database: a throwaway PostgreSQL server started here the way the tests start
theirs (tests/postgres_server.py: the machine's binaries, C collation, a socket in a temporary
folder), or an SQLite file. Printed as one table:

(a) webhook updates/s: `--updates` /start updates from as many people, POSTed round-robin to
    the webhook of each `--role web` instance (TELEGRAM_MODE=webhook), counted by the replies;
    1 and 2 instances on PostgreSQL.
(b) outbox sends/s: one run of `--recipients` deliveries sent by 1, 2 and 4 `--role worker`
    processes, PAID_BROADCAST=true at 1000/s, every sendMessage answered after 200 ms, so one
    worker is bound by its sends in flight (100), not by the rate; counted first to last send.
    Target: 2 workers >= 1.8 x one.
(c) the single-instance figures of (a) and (b) on SQLite beside PostgreSQL.

The machine is shared and small (2 cores for the bots, the database and the emulator): run it
a few times (`--repeat`) and read the medians.

Usage: python bench/scale.py [--quick] [--repeat 1] [--updates 600] [--recipients 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx

from devtools.emulator import BotApiEmulator
from storage.database import Database, open_database
from storage.outbox import OutboxRepository
from storage.sql import fetch_all, fetch_one
from tests.postgres_server import server_binaries
from tests.support import free_port

TOKEN = "4242:BENCH-TOKEN-local-emulator-only"
SECRET = "bench-webhook-secret"
ROOT = Path(__file__).resolve().parents[1]
SEND_LATENCY = 0.2
PAID_RATE = 1000
# Heartbeats every 5 s tell the workers how many share the rate: wait for two.
SETTLE_SECONDS = 11.0


# --- the database ---------------------------------------------------------------------------


def _as_server_user(command: list[str]) -> list[str]:
    # initdb refuses root; the tests run the server as `postgres` then, and so does this.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres_server() -> Iterator[tuple[Path, int]]:
    """A throwaway server: (socket folder, port); stopped and removed afterwards."""
    binaries = server_binaries()
    if binaries is None:
        raise SystemExit("no PostgreSQL server binaries (set PG_BIN or install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="asnbench-", dir="/tmp"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    options = f"-F -c max_connections=200 -c listen_addresses='' -k {root} -p {port}"
    try:
        for command in (
            [str(binaries / "initdb"), "-D", str(data), "--locale=C", "-E", "UTF8",
             "--auth=trust", "-U", "postgres", "--no-sync"],
            [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w",
             "-o", options, "start"],
        ):  # fmt: skip
            subprocess.run(_as_server_user(command), check=True, capture_output=True)
        yield root, port
    finally:
        subprocess.run(
            _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


class Databases:
    """A fresh database per measurement: a PostgreSQL one on the server, or an SQLite file."""

    def __init__(self, server: tuple[Path, int], workdir: Path) -> None:
        self._socket, self._port = server
        self._workdir = workdir
        self._count = 0

    async def fresh(self, engine: str) -> tuple[str, Path]:
        """(DATABASE_URL, DATABASE_PATH): the URL empty on SQLite."""
        self._count += 1
        path = self._workdir / f"bench-{self._count}.sqlite3"
        if engine == "sqlite":
            return "", path
        name = f"bench_{self._count}"
        conn = await asyncpg.connect(self._url("postgres"))
        try:
            await conn.execute(f"CREATE DATABASE {name} LOCALE 'C' TEMPLATE template0")
        finally:
            await conn.close()
        return self._url(name), path

    def _url(self, name: str) -> str:
        return f"postgresql://postgres@/{name}?host={self._socket}&port={self._port}"


@asynccontextmanager
async def opened(url: str, path: Path) -> AsyncIterator[Database]:
    async with open_database(url, path) if url else Database(path) as db:
        yield db


# --- the bots -------------------------------------------------------------------------------


def bot_env(emulator: BotApiEmulator, admin_chat: int, url: str, path: Path) -> dict[str, str]:
    return {
        "BOT_TOKEN": TOKEN,
        "ADMIN_CHAT_ID": str(admin_chat),
        "DATABASE_URL": url,
        "DATABASE_PATH": str(path),
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "TELEGRAM_FILE_BASE_URL": emulator.file_base_url,
        "LOG_LEVEL": "WARNING",
    }


@asynccontextmanager
async def bots(role: str, envs: list[dict[str, str]]) -> AsyncIterator[None]:
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "run",
            "--role",
            role,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        for env in envs
    ]
    try:
        yield
    finally:
        for process in processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            _, errors = await process.communicate()
            if process.returncode not in (0, -signal.SIGTERM):
                sys.stderr.write(errors.decode()[-2000:])


async def wait_for(db: Database, sql: str, count: int, timeout: float = 120) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while True:
        row = await fetch_one(db.reader, sql)
        if row is not None and row[0] >= count:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited too long for {sql}")
        await asyncio.sleep(0.1)


# --- (a) webhook updates --------------------------------------------------------------------


def start_update(update_id: int, user_id: int) -> dict[str, object]:
    sender = {"id": user_id, "is_bot": False, "first_name": f"ASN {user_id}"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": sender["first_name"]},
            "from": sender,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def webhook_rate(databases: Databases, engine: str, instances: int, updates: int) -> float:
    url, path = await databases.fresh(engine)
    async with BotApiEmulator(token=TOKEN, record_history=False) as emulator:
        admins = emulator.add_group("Humas Admin")
        users = [emulator.add_user(f"ASN {i}").id for i in range(updates)]
        ports = [free_port() for _ in range(instances)]
        envs = [
            bot_env(emulator, admins.id, url, path)
            | {
                "TELEGRAM_MODE": "webhook",
                "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/webhook",
                "TELEGRAM_WEBHOOK_SECRET": SECRET,
                "WEB_PORT": str(port),
                "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
            }
            for port in ports
        ]
        async with bots("web", envs), httpx.AsyncClient(timeout=30) as http:
            hooks = [f"http://127.0.0.1:{port}/telegram/webhook" for port in ports]
            for hook in hooks:
                await _wait_for_web(http, hook.replace("/telegram/webhook", "/healthz"))
            chats = set(users)
            started = time.monotonic()
            gate = asyncio.Semaphore(32)  # Telegram's webhook posts up to 40 at once

            async def post(index: int, user: int) -> None:
                async with gate:
                    while True:
                        answer = await http.post(
                            hooks[index % len(hooks)],
                            json=start_update(index + 1, user),
                            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                        )
                        if answer.status_code != 503:  # 503: still starting; Telegram retries
                            answer.raise_for_status()
                            return
                        await asyncio.sleep(0.1)

            await asyncio.gather(*(post(i, user) for i, user in enumerate(users)))
            while sum(1 for c in chats if emulator.state.sent_per_chat[c]) < updates:
                if time.monotonic() - started > 300:
                    raise TimeoutError("the bots stopped answering")
                await asyncio.sleep(0.05)
            return updates / (time.monotonic() - started)


async def _wait_for_web(http: httpx.AsyncClient, url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if (await http.get(url)).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} never answered")
        await asyncio.sleep(0.2)


# --- (b) outbox sends -----------------------------------------------------------------------


async def seed_run(db: Database, chat_ids: list[int]) -> int:
    """People for the chats and one run, already `sending`, with a delivery to each."""
    stamp = datetime.now(UTC).isoformat()
    async with db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO people (channel, channel_user_id, first_seen_at, last_seen_at)"
            " VALUES ('telegram', ?, ?, ?)",
            [(str(chat), stamp, stamp) for chat in chat_ids],
        )
        people = [row["id"] for row in await fetch_all(tx, "SELECT id FROM people ORDER BY id")]
        [campaign] = await fetch_all(
            tx,
            "INSERT INTO campaigns (title, kind, body, schedule_kind, status, created_by,"
            " created_at) VALUES ('Hari Guru', 'text', 'Selamat Hari Guru', 'now', 'scheduled',"
            " 'bench', ?) RETURNING id",
            (stamp,),
        )
        [run] = await fetch_all(
            tx,
            "INSERT INTO campaign_runs (campaign_id, run_key, zone, due_at, status)"
            " VALUES (?, 'bench', 'ALL', ?, 'sending') RETURNING id",
            (campaign["id"], stamp),
        )
        await OutboxRepository().enqueue(tx, run["id"], [(person, 0) for person in people])
    return int(run["id"])


async def send_rate(databases: Databases, engine: str, workers: int, recipients: int) -> float:
    url, path = await databases.fresh(engine)
    async with BotApiEmulator(
        token=TOKEN, record_history=False, latency=(SEND_LATENCY, SEND_LATENCY)
    ) as emulator:
        admins = emulator.add_group("Humas Admin")
        users = [emulator.add_user(f"ASN {i}").id for i in range(recipients)]
        env = bot_env(emulator, admins.id, url, path) | {
            "PAID_BROADCAST": "true",
            "BROADCAST_RATE_PER_SECOND": str(PAID_RATE),
        }
        async with opened(url, path) as db, bots("worker", [env] * workers):
            await wait_for(db, "SELECT COUNT(*) FROM instances", workers, timeout=60)
            await asyncio.sleep(SETTLE_SECONDS)
            await seed_run(db, users)
            await wait_for(
                db, "SELECT COUNT(*) FROM deliveries WHERE status = 'sent'", recipients, 600
            )
        chats = set(users)
        times = sorted(t for t, chat in emulator.state.send_timestamps if chat in chats)
        return (len(times) - 1) / (times[-1] - times[0])


# --- the table ------------------------------------------------------------------------------


async def measure(args: argparse.Namespace, databases: Databases) -> dict[str, float]:
    figures: dict[str, float] = {}
    for engine, instances in (("sqlite", 1), ("postgresql", 1), ("postgresql", 2)):
        figures[f"updates {engine} {instances}"] = await webhook_rate(
            databases, engine, instances, args.updates
        )
    for engine, workers in (("sqlite", 1), ("postgresql", 1), ("postgresql", 2), ("postgresql", 4)):
        figures[f"sends {engine} {workers}"] = await send_rate(
            databases, engine, workers, args.recipients
        )
    return figures


def table(runs: list[dict[str, float]]) -> str:
    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    def cell(key: str) -> str:
        return f"{median(key):8.1f}" if key in runs[0] else f"{'-':>8}"

    lines = [
        f"Medians of {len(runs)} run(s); {os.cpu_count()} CPUs shared by the bots, the database"
        " and the emulator.",
        "",
        f"{'':28}{'SQLite 1':>10}{'PG 1':>10}{'PG 2':>10}{'PG 4':>10}",
    ]
    for label, kind in (("(a) webhook updates/s", "updates"), ("(b) outbox sends/s", "sends")):
        cells = [cell(f"{kind} sqlite 1")] + [cell(f"{kind} postgresql {n}") for n in (1, 2, 4)]
        lines.append(f"{label:28}" + "".join(f"{c:>10}" for c in cells))
    one, two = median("sends postgresql 1"), median("sends postgresql 2")
    lines += [
        "",
        f"(b) 2 workers / 1 worker on PG: {two / one:.2f}x (target >= 1.8x)",
        f"(a) 2 web instances / 1 on PG: "
        f"{median('updates postgresql 2') / median('updates postgresql 1'):.2f}x",
        f"(c) PG / SQLite, one instance: updates "
        f"{median('updates postgresql 1') / median('updates sqlite 1'):.2f}x, sends "
        f"{one / median('sends sqlite 1'):.2f}x",
        "",
        "Each run (to judge the noise):",
    ]
    for index, run in enumerate(runs, 1):
        lines.append(f"  {index}: " + ", ".join(f"{key} {value:.1f}" for key, value in run.items()))
    return "\n".join(lines)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small workloads, one run")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--updates", type=int, default=600)
    parser.add_argument("--recipients", type=int, default=3000)
    args = parser.parse_args()
    if args.quick:
        args.updates, args.recipients, args.repeat = 150, 600, 1
    with postgres_server() as server, tempfile.TemporaryDirectory() as workdir:
        databases = Databases(server, Path(workdir))
        runs = [await measure(args, databases) for _ in range(args.repeat)]
    print(table(runs))


if __name__ == "__main__":
    asyncio.run(main())
