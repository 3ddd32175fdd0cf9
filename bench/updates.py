"""Updates per second through the whole stack, beside a bare python-telegram-bot echo bot.

The emulator runs in this process; the bot under test runs in its own process exactly as in
production (`python -m bot.cli run`), pointed at the emulator. Printed figures:

1. `/start` exchanges: N people each send /start (emulator → PTB → handler → SQLite write →
   reply). Rate = replies per second between the first and the last reply. The same, in the
   same run on the same emulator, for two bare PTB baselines: one sending the bot's consent
   message with its keyboard (same reply, no database: bench/consent_bot.py) and an echo
   (bench/echo_bot.py); the bot's ratio to each; the bots' peak memory.
2. A flood: every Bot API call takes 100 ms, one person sends 500 messages at once, and once
   the bot has fetched them other people send /start (one every 0.25 s): p50/p99 time to
   their reply, and how many of the flood were answered (the rest dropped).
3. Whole enrollment conversations (consent to submitted) with 100 people in parallel:
   conversations completed per second, and p50/p99 time from a person's message to the reply.

Usage: python bench/updates.py [--people 2000] [--conversations 200] [--parallel 100]
           [--only start|flood|conversations]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from devtools.emulator import BotApiEmulator, BotMessage, SimUser

TOKEN = "4242:BENCH-TOKEN-local-emulator-only"
ROOT = Path(__file__).resolve().parents[1]
NIP = "19850612 201001 1 003"
BOT = [sys.executable, "-m", "bot.cli", "run"]
# Bare PTB baselines, each run as `python FILE BASE_URL TOKEN`.
BASELINES = {"consent": ROOT / "bench" / "consent_bot.py", "echo": ROOT / "bench" / "echo_bot.py"}
FLOOD = 500
FLOOD_OTHERS = 20
CALL_SECONDS = 0.1


def _nip(index: int) -> str:
    """A distinct valid NIP per simulated person (sequence and appointment year vary)."""
    return f"19850612 {2005 + index // 999:04d}01 2 {index % 999 + 1:03d}"


class BotProcess:
    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.argv, self.env = argv, env
        self.process: asyncio.subprocess.Process | None = None

    async def __aenter__(self) -> BotProcess:
        self.process = await asyncio.create_subprocess_exec(
            *self.argv,
            env={**os.environ, **self.env},
            cwd=ROOT,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        return self

    def peak_memory_mb(self) -> float:
        assert self.process
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    async def __aexit__(self, *exc_info: object) -> None:
        assert self.process
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
            _, stderr = await self.process.communicate()
            if self.process.returncode not in (0, -15):
                sys.stderr.write(stderr.decode()[-2000:])


def bot_env(emulator: BotApiEmulator, admin_chat_id: int, database: Path) -> dict[str, str]:
    return {
        "BOT_TOKEN": TOKEN,
        "ADMIN_CHAT_ID": str(admin_chat_id),
        "DATABASE_PATH": str(database),
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "TELEGRAM_FILE_BASE_URL": emulator.file_base_url,
        "POLL_TIMEOUT_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
    }


async def _wait_for_replies(emulator: BotApiEmulator, chats: set[int], count: int) -> None:
    deadline = time.monotonic() + 600
    while sum(emulator.state.sent_per_chat[c] for c in chats) < count:
        if time.monotonic() > deadline:
            raise TimeoutError("the bot stopped answering")
        await asyncio.sleep(0.05)


async def _wait_until_fetched(emulator: BotApiEmulator) -> None:
    deadline = time.monotonic() + 600
    state = emulator.state
    while state.last_delivered_update_id < state.last_queued_update_id:
        if time.monotonic() > deadline:
            raise TimeoutError("the bot stopped fetching updates")
        await asyncio.sleep(0.01)


async def _wait_quiet(emulator: BotApiEmulator, quiet: float = 1.0) -> None:
    """Waits until the bot (another process) has fetched every update and made no call for
    `quiet` seconds: the flood's last answer is sent or the rest of it was dropped."""
    deadline = time.monotonic() + 120
    state = emulator.state
    while time.monotonic() - state.last_activity < quiet or state.in_flight:
        if time.monotonic() > deadline:
            raise TimeoutError("the bot never went quiet after the flood")
        await asyncio.sleep(quiet / 2)


def _rate(emulator: BotApiEmulator, chats: set[int]) -> float:
    times = [t for t, chat in emulator.state.send_timestamps if chat in chats]
    return (len(times) - 1) / (times[-1] - times[0])


async def start_exchanges(people: int, workdir: Path) -> dict[str, tuple[float, float]]:
    """{bot or baseline name: (replies per second, peak MB)}."""
    results = {}
    for name in ("bot", *BASELINES):
        async with BotApiEmulator(token=TOKEN, record_history=False) as emulator:
            admins = emulator.add_group("Humas Admin")
            users = [emulator.add_user(f"P{i}") for i in range(people)]
            for user in users:
                emulator.send_text(user, "/start")
            chats = {user.id for user in users}
            if name == "bot":
                argv, env = BOT, bot_env(emulator, admins.id, workdir / "start.sqlite3")
            else:
                argv = [sys.executable, str(BASELINES[name]), emulator.base_url, TOKEN]
                env = {}
            async with BotProcess(argv, env) as process:
                await _wait_for_replies(emulator, chats, people)
                results[name] = (_rate(emulator, chats), process.peak_memory_mb())
    return results


async def flood(workdir: Path) -> tuple[float, float, float, int]:
    """(ms to fetch the flood, p50 ms, p99 ms of the others' reply time, flood answered)."""
    async with BotApiEmulator(token=TOKEN) as emulator:
        admins = emulator.add_group("Humas Admin")
        async with BotProcess(BOT, bot_env(emulator, admins.id, workdir / "flood.sqlite3")):
            warmup = emulator.add_user("Warm")
            emulator.send_text(warmup, "/start")
            await emulator.next_message(warmup, timeout=60)
            emulator.inject_fault("slow", delay=CALL_SECONDS, times=None)
            flooder = emulator.add_user("Flooder")
            for index in range(FLOOD):
                emulator.send_text(flooder, f"halo {index}")
            # Telegram hands out updates in order, 100 per getUpdates: someone who writes at
            # the flood's very moment waits for those calls whatever the bot does; measured
            # are those who write while the bot works through the flood.
            started = time.monotonic()
            await _wait_until_fetched(emulator)
            fetched = time.monotonic() - started

            async def reply_time(index: int) -> float:
                await asyncio.sleep(0.25 * index)
                user = emulator.add_user(f"O{index}")
                started = time.monotonic()
                emulator.send_text(user, "/start")
                await emulator.next_message(user, timeout=120)
                return time.monotonic() - started

            times = sorted(await asyncio.gather(*(reply_time(i) for i in range(FLOOD_OTHERS))))
            await _wait_quiet(emulator)
            answered = emulator.state.sent_per_chat[flooder.id]
            emulator.clear_faults()
    p99 = times[max(0, int(len(times) * 0.99) - 1)] * 1000
    return fetched * 1000, statistics.median(times) * 1000, p99, answered


class Conversation:
    """One simulated civil servant enrolling, timing each answer of the bot."""

    def __init__(self, emulator: BotApiEmulator, user: SimUser, index: int) -> None:
        self.emulator, self.user, self.index = emulator, user, index
        self.latencies: list[float] = []
        self.last: BotMessage | None = None

    async def _reply(self, started: float) -> BotMessage:
        while True:
            message = await self.emulator.next_message(self.user, timeout=60)
            if message.method != "editMessageReplyMarkup":
                self.latencies.append(time.monotonic() - started)
                self.last = message
                return message

    async def says(self, text: str) -> None:
        started = time.monotonic()
        self.emulator.send_text(self.user, text)
        await self._reply(started)

    async def presses(self, text: str) -> None:
        assert self.last
        started = time.monotonic()
        self.emulator.press_button(self.user, self.last.message, text=text)
        await self._reply(started)

    async def enroll(self) -> None:
        await self.says("/start")
        await self.presses("✅ Setuju")
        await self.says(_nip(self.index))
        await self.says("Dr. Siti Rahma, S.Kom., M.Si.")
        await self.presses("Kementerian / Lembaga")
        await self.says("Komdigi")
        await self.presses("Kementerian Komunikasi dan Digital")
        await self.says("Biro Hubungan Masyarakat")
        await self.says("Jawa Timur")
        await self.says("siti.rahma@komdigi.go.id")
        await self.says(f"@siti.rahma{self.index}")
        for _ in range(4):
            await self.presses("Lewati ⏭")
        await self.presses("✅ Benar")
        assert self.last and "menunggu verifikasi" in self.last.content, self.last


async def conversations(
    total: int, parallel: int, workdir: Path
) -> tuple[float, float, float, float]:
    """(conversations per second, p50 ms, p99 ms, bot peak MB)."""
    async with BotApiEmulator(token=TOKEN) as emulator:
        admins = emulator.add_group("Humas Admin")
        env = bot_env(emulator, admins.id, workdir / "enroll.sqlite3")
        async with BotProcess(BOT, env) as process:
            warmup = Conversation(emulator, emulator.add_user("Warm"), total + 1)
            await warmup.enroll()
            gate = asyncio.Semaphore(parallel)
            done: list[Conversation] = []

            async def one(index: int) -> None:
                async with gate:
                    conversation = Conversation(emulator, emulator.add_user(f"C{index}"), index)
                    await conversation.enroll()
                    done.append(conversation)

            started = time.monotonic()
            await asyncio.gather(*(one(i) for i in range(total)))
            elapsed = time.monotonic() - started
            memory = process.peak_memory_mb()
    latencies = sorted(latency for c in done for latency in c.latencies)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    return total / elapsed, p50, p99, memory


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--parallel", type=int, default=100)
    parser.add_argument("--only", choices=("start", "flood", "conversations"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        if args.only in (None, "start"):
            results = await start_exchanges(args.people, workdir)
            print(f"/start exchanges, {args.people} people")
            for name, label in (
                ("bot", "bot (handler + SQLite write + reply)"),
                ("consent", "bare PTB, same consent reply, no DB"),
                ("echo", "bare PTB echo"),
            ):
                rate, memory = results[name]
                print(f"  {label:37} {rate:8.1f} updates/s, peak {memory:.0f} MB")
            bot_rate = results["bot"][0]
            print(
                f"  ratio bot/same-reply: {bot_rate / results['consent'][0]:.2f} (target >= 0.90)"
            )
            print(f"  ratio bot/echo: {bot_rate / results['echo'][0]:.2f} (target >= 0.80)")
        if args.only in (None, "flood"):
            fetched, p50, p99, answered = await flood(workdir)
            print(
                f"Flood: Bot API calls take {CALL_SECONDS * 1000:.0f} ms, one person sends "
                f"{FLOOD} messages, {FLOOD_OTHERS} others send /start meanwhile"
            )
            print(f"  the bot fetched the flood in {fetched:.0f} ms; then")
            print(f"  others' reply time p50 {p50:.0f} ms, p99 {p99:.0f} ms (target p99 < 1000)")
            print(f"  flood messages answered {answered}, dropped {FLOOD - answered}")
        if args.only in (None, "conversations"):
            rate, p50, p99, memory = await conversations(args.conversations, args.parallel, workdir)
            print(
                f"Enrollment conversations, {args.conversations} with {args.parallel} in parallel"
            )
            print(f"  {rate:.2f} conversations/s, peak {memory:.0f} MB")
            print(f"  reply latency p50 {p50:.0f} ms, p99 {p99:.0f} ms")


if __name__ == "__main__":
    asyncio.run(main())
