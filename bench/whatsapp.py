"""WhatsApp: campaign delivery at the Cloud API's throughput, and webhook messages per second.

The WhatsApp Cloud API emulator runs in its own process (`python -m devtools.emulator.whatsapp
--no-history`) and is driven over its /_emulator HTTP endpoints. Printed figures, each the
median of `--repeat` runs (default 3), beside the load average (the machine's other work slows
every figure):

A. Campaign delivery: the real `DeliveryWorker` + `WhatsAppSender` + `CloudApiClient` (with the
   bot's own connection pool) and the real `ConversationWindows`, SQLite, over `--recipients`
   WhatsApp people (default 640) at `--rate` (default 80, WHATSAPP_RATE_PER_SECOND), the
   emulator enforcing the real limits (80 sends a second, the pair rate) and answering every
   send after `--latency` (default 0.25 s): once with everyone inside the 24-hour window (an
   interactive message with the "Sudah dibagikan" button), once with everyone outside it (the
   template with the campaign's /go link). Achieved sends a second and the ratio to the rate
   (target >= 0.97), the 130429 "throughput reached" answers (should be 0), the most sends
   started in any one second (should not exceed the rate), and this process's CPU per send.
   Times are the client's: httpx event hooks note when each send started and how it was
   answered.
B. Webhook messages: `--people` simulated people (default 300) each write `--text` (default
   "halo": the menu, a list message), `--senders` (default 32) webhooks in flight, to the real
   bot (`python -m bot.cli run`, WhatsApp pointed at the emulator, Telegram at an in-process
   Bot API emulator as in bench/updates.py), then the same to a bare echo on the same web stack
   (bench/whatsapp_echo.py), taking turns on one emulator. Replies per second between the
   first and the last reply (target bot/echo >= 0.8), replies lost (a Cloud API call that
   failed is not retried), the read receipts (sent only for answers slower than a second),
   and the CPU per message of the bot, the echo and the emulator (status webhooks of the
   replies included). Meta's 80 sends a second count replies too; the
   emulator's limit is off here so that the figure is the bot's own.

Usage: python bench/whatsapp.py [--quick] [--repeat 3] [--only delivery|webhooks]
           [--recipients 640] [--rate 80] [--latency 0.25]
           [--people 300] [--text halo] [--senders 32] [--webhook-latency 0]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import socket
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import httpx

from bot.campaigns.channel import OutgoingContent
from bot.campaigns.delivery import DeliveryWorker
from bot.channels.whatsapp.client import CloudApiClient, cloud_api_http
from bot.channels.whatsapp.errors import WhatsAppError
from bot.channels.whatsapp.sender import WhatsAppSender
from bot.clock import SystemClock
from bot.people.windows import ConversationWindows
from bot.texts.markup import parse
from bot.texts.outgoing import Callback, OpenUrl
from devtools.emulator import BotApiEmulator
from storage.database import Database
from storage.outbox import DeliveryRow, OutboxRepository
from storage.people import PeopleRepository

ROOT = Path(__file__).resolve().parents[1]
ACCESS_TOKEN = "BENCH-WHATSAPP-TOKEN-local-emulator-only"
APP_SECRET = "bench-app-secret"
PHONE_NUMBER_ID = "106540352242922"
VERSION = "v23.0"
TEMPLATE, TEMPLATE_LANGUAGE = "konten_humas", "id"
LINK = "https://www.instagram.com/p/HariGuru2026/"
TEXT = parse(f"**Selamat Hari Guru Nasional** 🇮🇩 Mari bagikan kabar baik ini: {LINK} #HariGuru2026")
CONTROL_CONCURRENCY = 32
VERIFY_TOKEN = "bench-verify-token"
WEBHOOK_PATH = "/whatsapp/webhook"
TELEGRAM_TOKEN = "4242:BENCH-TOKEN-local-emulator-only"
BOT = [sys.executable, "-m", "bot.cli", "run"]
ECHO = [sys.executable, str(ROOT / "bench" / "whatsapp_echo.py")]


@dataclass(frozen=True)
class EmulatorProcess:
    base_url: str
    pid: int


@asynccontextmanager
async def emulator_process(
    *, rate: float, latency: float, webhook_url: str | None = None
) -> AsyncIterator[EmulatorProcess]:
    """The Cloud API emulator in its own process with the campaign template approved (one
    body parameter, a URL button)."""
    argv = [
        *("--port", "0", "--token", ACCESS_TOKEN, "--secret", APP_SECRET),
        *("--phone-number-id", PHONE_NUMBER_ID, "--rate", f"{rate:g}"),
        *("--latency", f"{latency:g}", "--template", f"{TEMPLATE}:{TEMPLATE_LANGUAGE}:1"),
        "--no-history",
        *(("--webhook-url", webhook_url) if webhook_url else ()),
    ]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "devtools.emulator.whatsapp",
        *argv,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
        match = re.search(r"on (http://\S+)", line)
        if match is None:
            raise RuntimeError(f"the WhatsApp emulator did not start: {line!r}")
        yield EmulatorProcess(match[1], process.pid)
    finally:
        process.terminate()
        await process.wait()


async def open_windows(base_url: str, wa_ids: Iterable[str]) -> None:
    """Tells the emulator these people wrote to us just now (free-form messages reach them)."""
    gate = asyncio.Semaphore(CONTROL_CONCURRENCY)
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as control:

        async def one(wa_id: str) -> None:
            async with gate:
                answer = await control.post(
                    f"/_emulator/people/{wa_id}/window", json={"open": True}
                )
                answer.raise_for_status()

        await asyncio.gather(*(one(wa_id) for wa_id in wa_ids))


# Part A: campaign delivery
@dataclass
class SendLog:
    """What the Cloud API answered to each send, noted by httpx event hooks on the client."""

    accepted: list[float] = field(default_factory=list)  # when each accepted send started
    answer_times: list[float] = field(default_factory=list)  # start to answer, seconds
    kinds: Counter[str] = field(default_factory=Counter)  # accepted sends by message type
    refused: Counter[int] = field(default_factory=Counter)  # error code → answers
    _started: dict[int, tuple[float, str]] = field(default_factory=dict)

    def attach(self, http: httpx.AsyncClient) -> None:
        http.event_hooks = {"request": [self._request], "response": [self._response]}

    async def _request(self, request: httpx.Request) -> None:
        if request.url.path.endswith("/messages"):
            kind = json.loads(request.content).get("type", "read receipt")
            self._started[id(request)] = (time.monotonic(), kind)

    async def _response(self, response: httpx.Response) -> None:
        send = self._started.pop(id(response.request), None)
        if send is None:
            return
        if response.status_code == 200:
            self.accepted.append(send[0])
            self.answer_times.append(time.monotonic() - send[0])
            self.kinds[send[1]] += 1
            return
        await response.aread()
        self.refused[int(response.json()["error"]["code"])] += 1


@dataclass(frozen=True)
class DeliveryFigure:
    rate: float  # accepted sends a second, first to last
    most_in_one_second: int
    throughput_refusals: int  # 130429 answers
    other_refusals: int
    cpu_ms_per_send: float  # this process's CPU (worker, sender, client, SQLite) per send
    # The answer times' spread (as seen in this process) is what the pacer gives up rate for.
    answer_p50_ms: float
    answer_p99_ms: float


async def seed_whatsapp_run(db: Database, wa_ids: list[str], *, window_open: bool) -> int:
    """A WhatsApp person per id (their last message an hour ago, or never), a campaign run,
    and one delivery each queued for WhatsApp; the run id."""
    now = datetime.now(UTC)
    stamp = now.isoformat()
    last_inbound = (now - timedelta(hours=1)).isoformat() if window_open else None
    async with db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO people (channel, channel_user_id, first_seen_at, last_seen_at)"
            " VALUES ('whatsapp', ?, ?, ?)",
            [(wa_id, stamp, stamp) for wa_id in wa_ids],
        )
        await tx.execute(
            "INSERT INTO person_addresses (channel, address, person_id, last_inbound_at,"
            " linked_at) SELECT channel, channel_user_id, id, ?, first_seen_at FROM people",
            (last_inbound,),
        )
        run_id = await _seed_run(tx, stamp)
        await tx.execute(
            "INSERT INTO deliveries (run_id, person_id, channel)"
            " SELECT ?, id, 'whatsapp' FROM people",
            (run_id,),
        )
    return run_id


async def _seed_run(tx: aiosqlite.Connection, stamp: str) -> int:
    cursor = await tx.execute(
        "INSERT INTO campaigns (title, kind, body, schedule_kind, status, created_by,"
        " created_at) VALUES ('Hari Guru', 'text', 'Selamat', 'now', 'scheduled', 'bench', ?)",
        (stamp,),
    )
    campaign_id = cursor.lastrowid
    cursor = await tx.execute(
        "INSERT INTO campaign_runs (campaign_id, run_key, zone, due_at, status)"
        " VALUES (?, 'once', 'ALL', ?, 'sending')",
        (campaign_id, stamp),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def campaign_message(row: DeliveryRow) -> OutgoingContent:
    """A campaign as the core renders it: the text with its link, a share button and the
    "Sudah dibagikan" button that answers the bot."""
    return OutgoingContent(
        "text",
        TEXT,
        buttons=(
            (OpenUrl("Buka postingan", LINK),),
            (Callback("Sudah dibagikan", f"shared:{row.run_id}"),),
        ),
        link=LINK,
        campaign_id=row.run_id,
    )


async def refuse_alerts(error: WhatsAppError) -> None:
    raise RuntimeError(f"the emulator refused the access token: {error}")


def most_in_one_second(times: list[float]) -> int:
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


async def deliver(
    base_url: str, wa_ids: list[str], *, rate: float, window_open: bool, database: Path
) -> DeliveryFigure:
    """One campaign run to `wa_ids` through the production delivery path."""
    if window_open:
        await open_windows(base_url, wa_ids)
    log = SendLog()
    async with Database(database) as db, cloud_api_http(rate) as http:
        log.attach(http)
        run_id = await seed_whatsapp_run(db, wa_ids, window_open=window_open)
        cpu_before = time.process_time()
        people = PeopleRepository()
        client = CloudApiClient(
            http,
            base_url=base_url,
            version=VERSION,
            phone_number_id=PHONE_NUMBER_ID,
            access_token=ACCESS_TOKEN,
        )
        channel = WhatsAppSender(
            client,
            windows=ConversationWindows(db, people, SystemClock()),
            template=TEMPLATE,
            template_language=TEMPLATE_LANGUAGE,
            rate_per_second=rate,
            on_credential_error=refuse_alerts,
        )
        worker = DeliveryWorker(
            db,
            OutboxRepository(),
            channel,
            campaign_message,
            SystemClock(),
            people=people,
            rate=rate,
        )
        await worker.run_until_drained(run_id)
        cpu = time.process_time() - cpu_before
    times = sorted(log.accepted)
    if len(times) != len(wa_ids):
        raise RuntimeError(f"{len(times)} of {len(wa_ids)} sends accepted; refused {log.refused}")
    expected = "interactive" if window_open else "template"
    if set(log.kinds) != {expected}:
        raise RuntimeError(f"expected only {expected} messages, sent {dict(log.kinds)}")
    return DeliveryFigure(
        rate=(len(times) - 1) / (times[-1] - times[0]),
        most_in_one_second=most_in_one_second(times),
        throughput_refusals=log.refused[130429],
        other_refusals=sum(log.refused.values()) - log.refused[130429],
        cpu_ms_per_send=cpu * 1000 / len(times),
        answer_p50_ms=statistics.median(log.answer_times) * 1000,
        answer_p99_ms=statistics.quantiles(log.answer_times, n=100)[98] * 1000,
    )


async def delivery_figures(args: argparse.Namespace, workdir: Path) -> None:
    print(
        f"A. Campaign delivery at {args.rate:g}/s, {args.recipients} recipients,"
        f" answers after {args.latency * 1000:.0f} ms"
    )
    async with emulator_process(rate=args.rate, latency=args.latency) as emulator:
        for label, window_open, prefix in (
            ("inside the 24-hour window (interactive message)", True, 62811),
            ("outside it (template)", False, 62812),
        ):
            runs = []
            for run in range(args.repeat):
                # New numbers each run: the emulator's pair rate remembers earlier ones.
                wa_ids = [f"{prefix}{run:02d}{index:06d}" for index in range(args.recipients)]
                database = workdir / f"delivery-{prefix}-{run}.sqlite3"
                runs.append(
                    await deliver(
                        emulator.base_url,
                        wa_ids,
                        rate=args.rate,
                        window_open=window_open,
                        database=database,
                    )
                )
            rates = [figure.rate for figure in runs]
            print(f"   {label}:")
            print(
                f"      achieved {_median(rates)} sends/s,"
                f" ratio {statistics.median(rates) / args.rate:.3f} (target >= 0.97)"
            )
            print(
                f"      130429 answers {max(f.throughput_refusals for f in runs)} (should be 0),"
                f" other refusals {max(f.other_refusals for f in runs)};"
                f" most sends in any 1 s {max(f.most_in_one_second for f in runs)}"
                f" (limit {args.rate:g})"
            )
            cpu = [figure.cpu_ms_per_send for figure in runs]
            p50 = statistics.median(figure.answer_p50_ms for figure in runs)
            p99 = statistics.median(figure.answer_p99_ms for figure in runs)
            print(
                f"      CPU of the sending process {_median(cpu)} ms per send;"
                f" answers seen after p50 {p50:.0f} ms, p99 {p99:.0f} ms"
            )


# Part B: webhook messages handled per second
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used so far (/proc/PID/stat, clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Receiver:
    """The bot or the echo in its own process, as in production; stopped with SIGINT."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.argv, self.env = argv, env
        self._process: asyncio.subprocess.Process | None = None
        self.stderr = ""  # what it wrote there, once stopped

    async def __aenter__(self) -> Receiver:
        self._process = await asyncio.create_subprocess_exec(
            *self.argv,
            env={**os.environ, **self.env},
            cwd=ROOT,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        return self

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    @property
    def exited(self) -> int | None:
        assert self._process is not None
        return self._process.returncode

    def peak_memory_mb(self) -> float:
        status = Path(f"/proc/{self.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._process is not None
        if self._process.returncode is None:
            self._process.send_signal(signal.SIGINT)
        _, stderr = await self._process.communicate()
        self.stderr = stderr.decode(errors="replace")
        if self._process.returncode not in (0, -signal.SIGINT, -signal.SIGTERM):
            sys.stderr.write(self.stderr[-2000:])


@dataclass(frozen=True)
class WebhookFigure:
    rate: float  # replies a second, first to last
    lost: int  # replies that never reached the emulator
    cpu_ms_per_message: float  # the receiving process's CPU, statuses of its replies included
    emulator_cpu_ms_per_message: float  # the emulator's (and so the simulated people's)
    peak_mb: float
    read_receipts: int  # messages whose answer was slow enough for "typing…" (bot only)


async def wait_until_listening(url: str, process: Receiver) -> None:
    """Until the webhook answers at all (an unsigned POST gets 401)."""
    deadline = time.monotonic() + 60
    async with httpx.AsyncClient(timeout=2) as http:
        while True:
            if process.exited is not None:
                raise RuntimeError(f"{process.argv} exited with {process.exited}")
            try:
                await http.post(url, content=b"{}")
                return
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{url} never answered") from None
                await asyncio.sleep(0.1)


async def wait_until_quiet(pid: int, *, idle: float = 0.02, every: float = 0.5) -> float:
    """Waits until the process used under `idle` CPU seconds in `every` seconds (its replies'
    status webhooks handled); its CPU seconds then."""
    deadline = time.monotonic() + 120
    before = cpu_seconds(pid)
    while True:
        await asyncio.sleep(every)
        now = cpu_seconds(pid)
        if now - before < idle or time.monotonic() > deadline:
            return now
        before = now


class People:
    """Simulated WhatsApp people, driven through the emulator's /_emulator endpoints."""

    def __init__(self, control: httpx.AsyncClient, emulator_pid: int) -> None:
        self._control = control
        self.emulator_pid = emulator_pid

    async def say(self, wa_id: str, text: str) -> None:
        answer = await self._control.post(
            f"/_emulator/people/{wa_id}/says", json={"text": text, "name": f"ASN {wa_id[-4:]}"}
        )
        answer.raise_for_status()

    async def received(self, wa_id: str, wait: float = 0.0) -> list[dict[str, object]]:
        answer = await self._control.get(
            f"/_emulator/people/{wa_id}/messages", params={"wait": wait}
        )
        answer.raise_for_status()
        messages: list[dict[str, object]] = answer.json()
        return messages

    async def sends(self) -> int:
        answer = await self._control.get("/_emulator/stats")
        return int(answer.json()["sends"])

    async def read_receipts(self) -> int:
        answer = await self._control.get("/_emulator/stats")
        return int(answer.json()["read_receipts"])

    async def replies_per_message(self, wa_id: str, text: str) -> int:
        """How many messages one `text` gets back (the first within 30 s, the rest within a
        second after it)."""
        await self.say(wa_id, text)
        first = await self.received(wa_id, wait=30)
        if not first:
            raise TimeoutError(f"no answer to {text!r} within 30 s")
        await asyncio.sleep(1.0)
        return len(first) + len(await self.received(wa_id))


async def wait_for_replies(people: People, expected: int, *, patience: float = 20.0) -> None:
    """Until the emulator has accepted `expected` sends, or none came for `patience` seconds
    (a reply lost on the way: counted, not waited for)."""
    sends, progressed = await people.sends(), time.monotonic()
    while sends < expected and time.monotonic() - progressed < patience:
        await asyncio.sleep(0.1)
        now = await people.sends()
        if now > sends:
            sends, progressed = now, time.monotonic()


async def webhook_run(
    people: People,
    receiver: Receiver,
    *,
    url: str,
    prefix: str,
    count: int,
    text: str,
    concurrency: int,
) -> WebhookFigure:
    """`count` people each send `text` to the receiver (started, on `url`); replies/s."""
    async with receiver:
        pid = receiver.pid
        await wait_until_listening(url, receiver)
        per_message = await people.replies_per_message(f"{prefix}999999", text)
        await wait_until_quiet(pid)
        expected = await people.sends() + count * per_message
        wa_ids = [f"{prefix}{index:06d}" for index in range(count)]
        gate = asyncio.Semaphore(concurrency)

        async def one(wa_id: str) -> None:
            async with gate:
                await people.say(wa_id, text)

        cpu_before, emulator_before = cpu_seconds(pid), cpu_seconds(people.emulator_pid)
        receipts_before = await people.read_receipts()
        await asyncio.gather(*(one(wa_id) for wa_id in wa_ids))
        await wait_for_replies(people, expected)
        cpu = await wait_until_quiet(pid) - cpu_before
        emulator_cpu = cpu_seconds(people.emulator_pid) - emulator_before
        read_receipts = await people.read_receipts() - receipts_before
        peak = receiver.peak_memory_mb()
    gate = asyncio.Semaphore(CONTROL_CONCURRENCY)

    async def times(wa_id: str) -> list[float]:
        async with gate:
            return [float(str(message["at"])) for message in await people.received(wa_id)]

    replies = sorted(t for batch in await asyncio.gather(*map(times, wa_ids)) for t in batch)
    lost = count * per_message - len(replies)
    if lost:
        sys.stderr.write(f"{' '.join(receiver.argv[1:])}: {lost} replies lost; its stderr:\n")
        sys.stderr.write(receiver.stderr[-1500:] + "\n")
    return WebhookFigure(
        rate=(len(replies) - 1) / (replies[-1] - replies[0]),
        lost=lost,
        cpu_ms_per_message=cpu * 1000 / count,
        emulator_cpu_ms_per_message=emulator_cpu * 1000 / count,
        peak_mb=peak,
        read_receipts=read_receipts,
    )


async def webhook_figures(args: argparse.Namespace, workdir: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}{WEBHOOK_PATH}"
    print(
        f"B. Webhook messages, {args.people} people each send {args.text!r},"
        f" {args.senders} webhooks in flight, API answers after {args.webhook_latency * 1000:.0f}"
        " ms, no throughput limit"
    )
    async with (
        emulator_process(rate=0, latency=args.webhook_latency, webhook_url=url) as emulator,
        BotApiEmulator(token=TELEGRAM_TOKEN, record_history=False) as telegram,
        httpx.AsyncClient(
            base_url=emulator.base_url,
            timeout=120,
            # Under uvicorn's 5 s: a connection it is closing is never picked for a request.
            limits=httpx.Limits(keepalive_expiry=1.0),
        ) as control,
    ):
        base_url = emulator.base_url
        admins = telegram.add_group("Humas Admin")
        whatsapp_env = {
            "WHATSAPP_ACCESS_TOKEN": ACCESS_TOKEN,
            "WHATSAPP_APP_SECRET": APP_SECRET,
        }
        people = People(control, emulator.pid)
        results: dict[str, list[WebhookFigure]] = {"bot": [], "echo": []}
        for run in range(args.repeat):
            # Taking turns on one emulator, so that whatever drifts affects both alike.
            bot_env = {
                "BOT_TOKEN": TELEGRAM_TOKEN,
                "ADMIN_CHAT_ID": str(admins.id),
                "DATABASE_PATH": str(workdir / f"webhooks-{run}.sqlite3"),
                "TELEGRAM_API_BASE_URL": telegram.base_url,
                "TELEGRAM_FILE_BASE_URL": telegram.file_base_url,
                "POLL_TIMEOUT_SECONDS": "1",
                "LOG_LEVEL": "WARNING",
                **whatsapp_env,
                "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
                "WHATSAPP_BUSINESS_ACCOUNT_ID": "419561257915477",
                "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
                "WHATSAPP_API_BASE_URL": base_url,
                "WHATSAPP_API_VERSION": VERSION,
                "WHATSAPP_CAMPAIGN_TEMPLATE": TEMPLATE,
                "WHATSAPP_CAMPAIGN_TEMPLATE_LANGUAGE": TEMPLATE_LANGUAGE,
                "WEB_PORT": str(port),
            }
            echo_argv = [*ECHO, str(port), base_url, VERSION, PHONE_NUMBER_ID]
            for name, receiver in (
                ("bot", Receiver(BOT, bot_env)),
                ("echo", Receiver(echo_argv, whatsapp_env)),
            ):
                prefix = f"6285{run}{len(results[name])}{'1' if name == 'bot' else '2'}"
                results[name].append(
                    await webhook_run(
                        people,
                        receiver,
                        url=url,
                        prefix=prefix,
                        count=args.people,
                        text=args.text,
                        concurrency=args.senders,
                    )
                )
    for name, label in (
        ("bot", "bot (inbox, conversation, reply)"),
        ("echo", "bare echo (signature, reply)"),
    ):
        figures = results[name]
        print(
            f"   {label:47} {_median([f.rate for f in figures])} replies/s,"
            f" CPU {_median([f.cpu_ms_per_message for f in figures])} ms per message,"
            f" peak {max(f.peak_mb for f in figures):.0f} MB,"
            f" lost {sum(f.lost for f in figures)},"
            f" read receipts {sum(f.read_receipts for f in figures)} (answers over a second)"
        )
    pairs = list(zip(results["bot"], results["echo"], strict=True))
    ratios = [bot.rate / echo.rate for bot, echo in pairs]
    print(f"   ratio bot/echo: {statistics.median(ratios):.2f} (target >= 0.8)")
    emulator_cpu = [f.emulator_cpu_ms_per_message for f in results["bot"] + results["echo"]]
    print(
        f"   the emulator (people, webhooks, statuses) {_median(emulator_cpu)} ms CPU per message"
    )
    # The rates above share the machine's cores with the emulator (and whatever else runs);
    # CPU per message says what each would do with a core of its own.
    capacity = [echo.cpu_ms_per_message / bot.cpu_ms_per_message for bot, echo in pairs]
    print(
        f"   ratio by CPU per message, echo/bot: {statistics.median(capacity):.2f}"
        " (the rates' ratio were each process alone on a core)"
    )


def _median(values: list[float]) -> str:
    shown = ", ".join(f"{v:.1f}" for v in values)
    return f"{statistics.median(values):.1f}" + (f" (runs: {shown})" if len(values) > 1 else "")


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, one run: a smoke run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median shown)")
    parser.add_argument("--recipients", type=int, default=640)
    parser.add_argument("--rate", type=float, default=80.0, help="WHATSAPP_RATE_PER_SECOND")
    parser.add_argument("--latency", type=float, default=0.25, help="Cloud API answer time (s)")
    parser.add_argument("--people", type=int, default=300, help="part B: people writing")
    parser.add_argument("--text", default="halo", help="part B: what each of them writes")
    parser.add_argument("--senders", type=int, default=32, help="part B: webhooks in flight")
    parser.add_argument(
        "--webhook-latency", type=float, default=0.0, help="part B: Cloud API answer time (s)"
    )
    parser.add_argument("--only", choices=("delivery", "webhooks"))
    args = parser.parse_args()
    if args.quick:
        args.recipients, args.people, args.repeat = 200, 200, 1
    print(f"Load average at the start {_load()}: other work on the machine slows every figure")
    with tempfile.TemporaryDirectory() as folder:
        if args.only in (None, "delivery"):
            await delivery_figures(args, Path(folder))
        if args.only in (None, "webhooks"):
            await webhook_figures(args, Path(folder))
    print(f"Load average at the end {_load()}")


def _load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    asyncio.run(main())
