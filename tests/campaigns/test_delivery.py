"""The delivery worker against the Bot API emulator over HTTP, with a real PTB Bot and SQLite."""

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot

from bot.campaigns.channel import MediaUpload, OutgoingContent, SentMessage
from bot.campaigns.delivery import DeliveryWorker, Render
from bot.campaigns.delivery_errors import SlowDown, TransientSendError
from bot.channels.telegram.sender import TELEGRAM_LIMITS, TelegramSender, broadcast_bot
from bot.clock import SystemClock
from bot.texts.markup import Rich, parse
from bot.texts.outgoing import OpenUrl
from devtools.emulator import BotApiEmulator, SimUser
from devtools.emulator.models import Upload
from storage.database import Database
from storage.outbox import DeliveryRow, OutboxRepository, RunCounts
from storage.people import PeopleRepository
from tests.campaigns.outbox_support import (
    delivery_rows,
    eventually,
    fill_run,
    planner,
    seed_outbox,
    seed_people,
    seed_run,
)
from tests.campaigns.timing_support import FakeTime, most_in_one_second
from tests.support import TOKEN

# A 1×1 PNG: the emulator reads its size from the header.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "outbox.sqlite3") as database:
        yield database


@pytest.fixture
async def bot(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    async with broadcast_bot(TOKEN, emulator.base_url, emulator.file_base_url) as telegram_bot:
        yield telegram_bot


async def greeting(row: DeliveryRow) -> OutgoingContent:
    return OutgoingContent("text", parse(f"**Selamat Hari Guru**, rekan #{row.person_id}"))


def worker(db: Database, bot: Bot, render: Render = greeting, **options: Any) -> DeliveryWorker:
    settings: dict[str, Any] = {"rate": 30.0, "retry_base": 0.2}
    settings.update(options)
    return DeliveryWorker(
        db,
        OutboxRepository(),
        TelegramSender(bot),
        render,
        SystemClock(),
        people=PeopleRepository(),
        **settings,
    )


def people(emulator: BotApiEmulator, count: int) -> list[SimUser]:
    return [emulator.add_user(f"ASN {i}") for i in range(count)]


def broadcast_times(emulator: BotApiEmulator, chats: set[int]) -> list[float]:
    return [at for at, chat in emulator.send_timestamps if chat in chats]


async def test_every_recipient_gets_exactly_one_message(
    emulator: BotApiEmulator, db: Database, bot: Bot
) -> None:
    users = people(emulator, 45)
    run_id, _ = await seed_outbox(db, [user.id for user in users])
    reports: list[tuple[int, RunCounts, float, timedelta | None]] = []

    async def progress(run: int, counts: RunCounts, rate: float, eta: timedelta | None) -> None:
        reports.append((run, counts, rate, eta))

    await worker(db, bot, on_progress=progress, progress_interval=0.5).run_until_drained()

    assert emulator.sent_per_chat == {user.id: 1 for user in users}
    rows = await delivery_rows(db, run_id)
    assert {(r["status"], r["attempts"]) for r in rows} == {("sent", 1)}
    assert all(isinstance(r["message_id"], int) for r in rows)
    *during, final = reports
    assert final[:2] == (run_id, RunCounts(sent=45))
    assert final[3] == timedelta(0)
    assert during and all(counts.remaining > 0 for _, counts, _, _ in during)


async def test_flood_control_pauses_the_broadcast_but_not_replies_to_people(
    emulator: BotApiEmulator, db: Database, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # PTB warns on int retry_after otherwise
    users = people(emulator, 30)
    bystander = emulator.add_user("Penanya")
    run_id, _ = await seed_outbox(db, [user.id for user in users])
    for user in (users[3], users[4], users[5]):
        emulator.inject_fault("retry_after", method="sendMessage", chat_id=user.id, retry_after=1)

    broadcast = asyncio.create_task(worker(db, bot, rate=30.0).run_until_drained())
    await eventually(lambda: any(r.status == 429 for r in emulator.requests_for("sendMessage")))
    asked = time.monotonic()
    reply = await bot.send_message(bystander.id, "Jawaban untuk Anda")
    reply_took = time.monotonic() - asked
    await broadcast

    assert reply.text == "Jawaban untuk Anda" and reply_took < 0.3
    assert emulator.sent_per_chat == {**{user.id: 1 for user in users}, bystander.id: 1}
    broadcast_chats = {user.id for user in users}
    sends = broadcast_times(emulator, broadcast_chats)
    floods = [r.at for r in emulator.requests_for("sendMessage") if r.status == 429]
    assert len(floods) == 3
    for flood in floods:
        # A send already on its way when the 429 came back may land just after it.
        assert not [t for t in sends if flood + 0.05 < t < flood + 1.0]
    rows = await delivery_rows(db, run_id)
    assert {(r["status"], r["attempts"]) for r in rows} == {("sent", 1)}


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("blocked", "Forbidden: bot was blocked by the user"),
        ("deactivated", "Forbidden: user is deactivated"),
        ("not_started", "Forbidden: bot can't initiate conversation with a user"),
        ("chat_not_found", "Chat not found"),
    ],
)
async def test_an_unreachable_person_is_blocked_and_not_tried_again(
    emulator: BotApiEmulator, db: Database, bot: Bot, fault: str, reason: str
) -> None:
    users = people(emulator, 3)
    gone = users[1]
    emulator.inject_fault(fault, chat_id=gone.id, times=None)
    run_id, _ = await seed_outbox(db, [user.id for user in users])

    await worker(db, bot).run_until_drained()

    rows = await delivery_rows(db, run_id)
    outcome = [(r["status"], r["error"], r["person_status"]) for r in rows]
    assert outcome == [
        ("sent", None, "active"),
        ("blocked", reason, "blocked"),
        ("sent", None, "active"),
    ]
    tries = [r for r in emulator.requests_for("sendMessage") if r.params["chat_id"] == str(gone.id)]
    assert len(tries) == 1


async def test_a_person_already_known_as_blocked_is_skipped_without_a_request(
    emulator: BotApiEmulator, db: Database, bot: Bot
) -> None:
    [user] = people(emulator, 1)
    run_id, [person] = await seed_outbox(db, [user.id])
    async with db.transaction() as tx:
        await tx.execute("UPDATE people SET status = 'blocked' WHERE id = ?", (person,))

    await worker(db, bot).run_until_drained()

    rows = await delivery_rows(db, run_id)
    assert [(r["status"], r["error"]) for r in rows] == [("skipped", "recipient blocked")]
    assert emulator.requests_for("sendMessage") == []


async def test_a_lasting_server_error_fails_the_delivery_after_the_last_attempt(
    emulator: BotApiEmulator, db: Database, bot: Bot
) -> None:
    [user] = people(emulator, 1)
    emulator.inject_fault("server_error", chat_id=user.id, times=None)
    run_id, _ = await seed_outbox(db, [user.id])

    await worker(db, bot, max_attempts=3, retry_base=0.05).run_until_drained()

    [row] = await delivery_rows(db, run_id)
    assert (row["status"], row["attempts"], row["error"]) == (
        "failed",
        3,
        "Internal Server Error",
    )
    assert row["person_status"] == "active"
    assert len(emulator.requests_for("sendMessage")) == 3


async def test_content_telegram_refuses_fails_at_once(
    emulator: BotApiEmulator, db: Database, bot: Bot
) -> None:
    [user] = people(emulator, 1)
    run_id, _ = await seed_outbox(db, [user.id])

    async def too_long(row: DeliveryRow) -> OutgoingContent:
        return OutgoingContent("text", Rich.plain_text("Hari Guru " * 500))

    await worker(db, bot, too_long).run_until_drained()

    [row] = await delivery_rows(db, run_id)
    assert (row["status"], row["attempts"]) == ("failed", 1)
    assert "too long" in str(row["error"])
    assert len(emulator.requests_for("sendMessage")) == 1


async def test_media_is_uploaded_once_then_sent_by_file_id(
    emulator: BotApiEmulator, db: Database, bot: Bot
) -> None:
    users = people(emulator, 6)
    run_id, _ = await seed_outbox(db, [user.id for user in users])
    upload = MediaUpload("campaign-1", PNG, "hari-guru.png")
    keyboard = ((OpenUrl("Bagikan", "https://x.com"),),)
    kept: list[tuple[str, str]] = []

    async def poster(row: DeliveryRow) -> OutgoingContent:
        return OutgoingContent("photo", parse("__Hari Guru__"), upload, keyboard)

    async def keep(key: str, file_id: str) -> None:
        kept.append((key, file_id))

    await worker(db, bot, poster, on_media_uploaded=keep).run_until_drained()

    photos = [r.params["photo"] for r in emulator.requests_for("sendPhoto")]
    assert isinstance(photos[0], Upload)
    assert len(photos) == 6 and all(isinstance(p, str) for p in photos[1:])
    assert kept == [("campaign-1", photos[1])]
    assert emulator.sent_per_chat == {user.id: 1 for user in users}
    message = emulator.sent(users[-1])[0].message
    assert message["caption"] == "Hari Guru" and message["reply_markup"]["inline_keyboard"]
    assert {r["status"] for r in await delivery_rows(db, run_id)} == {"sent"}


async def test_paid_broadcast_marks_every_send_and_allows_a_higher_rate(
    emulator: BotApiEmulator, db: Database, bot: Bot
) -> None:
    users = people(emulator, 3)
    await seed_outbox(db, [user.id for user in users])

    await worker(db, bot, rate=500.0, paid=True).run_until_drained()

    assert [r.params.get("allow_paid_broadcast") for r in emulator.requests_for("sendMessage")] == [
        True
    ] * 3
    with pytest.raises(ValueError):
        worker(db, bot, rate=100.0)
    with pytest.raises(ValueError):
        worker(db, bot, rate=2000.0, paid=True)


async def test_an_erased_person_is_skipped(
    emulator: BotApiEmulator, db: Database, bot: Bot
) -> None:
    run_id, [person] = await seed_outbox(db, ["12345"])
    async with db.transaction() as tx:
        await tx.execute("DELETE FROM people WHERE id = ?", (person,))

    await worker(db, bot).run_until_drained()

    rows = await delivery_rows(db, run_id)
    assert [(r["status"], r["error"]) for r in rows] == [("skipped", "recipient erased")]


async def test_a_crashed_worker_loses_no_recipient_and_repeats_only_sends_in_flight(
    emulator: BotApiEmulator, db: Database, bot: Bot
) -> None:
    users = people(emulator, 60)
    run_id, _ = await seed_outbox(db, [user.id for user in users])
    crashing = worker(db, bot, rate=30.0, concurrency=8)

    task = asyncio.create_task(crashing.run_until_drained())
    await eventually(lambda: sum(emulator.sent_per_chat.values()) >= 20)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    left_sending = (await OutboxRepository().counts(db.reader, run_id)).sending
    recovery = worker(db, bot, rate=30.0, concurrency=8)
    reclaimed = await recovery.reclaim()
    await recovery.run_until_drained()

    received = Counter(emulator.sent_per_chat)
    assert set(received) == {user.id for user in users}
    duplicates = sum(count - 1 for count in received.values())
    assert reclaimed == left_sending <= 8
    assert duplicates <= left_sending
    assert {r["status"] for r in await delivery_rows(db, run_id)} == {"sent"}


async def test_a_stopped_worker_leaves_nothing_in_flight(
    emulator: BotApiEmulator, db: Database, bot: Bot
) -> None:
    users = people(emulator, 40)
    run_id, _ = await seed_outbox(db, [user.id for user in users])
    stop = asyncio.Event()

    running = asyncio.create_task(worker(db, bot, rate=30.0).run(stop))
    await eventually(lambda: sum(emulator.sent_per_chat.values()) >= 10)
    stop.set()
    await running

    counts = await OutboxRepository().counts(db.reader, run_id)
    assert counts.sending == 0
    assert counts.sent == sum(emulator.sent_per_chat.values()) < 40
    assert counts.sent + counts.pending == 40


async def test_the_long_running_worker_sends_what_is_enqueued_later(
    emulator: BotApiEmulator, db: Database, bot: Bot
) -> None:
    users = people(emulator, 5)
    person_ids = await seed_people(db, [user.id for user in users])
    run_id = await seed_run(db, status="planned")
    stop = asyncio.Event()
    finished = asyncio.Event()
    reports: list[RunCounts] = []
    closed: list[int] = []

    async def progress(run: int, counts: RunCounts, rate: float, eta: timedelta | None) -> None:
        reports.append(counts)
        finished.set()

    async def close(run: int) -> bool:
        async with db.single_statement() as conn:
            await conn.execute("UPDATE campaign_runs SET status = 'done' WHERE id = ?", (run,))
        closed.append(run)
        return True

    delivery = worker(db, bot, on_progress=progress, finish_run=close, idle_poll=5.0)
    running = asyncio.create_task(delivery.run(stop))
    added = await fill_run(db, run_id, [(p, 0) for p in person_ids])
    delivery.wake()
    await asyncio.wait_for(finished.wait(), 3)
    stop.set()
    await running

    assert added == 5
    assert emulator.sent_per_chat == {user.id: 1 for user in users}
    assert (closed, reports) == ([run_id], [RunCounts(sent=5)])


async def test_a_run_still_being_enqueued_is_not_reported_finished(
    emulator: BotApiEmulator, db: Database, bot: Bot
) -> None:
    users = people(emulator, 4)
    first, more = await seed_people(db, [u.id for u in users[:2]]), [u.id for u in users[2:]]
    run_id = await seed_run(db, status="planned")
    reports: list[RunCounts] = []
    caught_up: list[RunCounts] = []

    async def progress(run: int, counts: RunCounts, rate: float, eta: timedelta | None) -> None:
        reports.append(counts)

    delivery = worker(db, bot, on_progress=progress)

    async def batches() -> AsyncIterator[list[tuple[int, int]]]:
        yield [(p, 0) for p in first]
        # The worker catches up with the first batch while the planner still fills the run.
        await delivery.run_until_drained()
        caught_up.extend(reports)
        yield [(p, 0) for p in await seed_people(db, more)]

    await planner(db).fill(run_id, batches())
    await delivery.run_until_drained()

    assert (caught_up, reports) == ([], [RunCounts(sent=4)])


# In fake time: what the worker does when, through a channel that answers after a set time.


class TimedChannel:
    """A channel whose every send is answered `answer_time` (fake) seconds after it starts,
    failing with the errors queued for its chat first; it notes when each send started."""

    name = "telegram"
    limits = TELEGRAM_LIMITS

    def __init__(self, time: FakeTime, answer_time: float = 0.1) -> None:
        self._time, self._answer_time = time, answer_time
        self.starts: list[tuple[float, str]] = []
        self.failures: dict[str, list[Exception]] = {}

    async def send(self, address: str, content: OutgoingContent) -> SentMessage:
        self.starts.append((self._time.monotonic(), address))
        await self._time.sleep(self._answer_time)
        queued = self.failures.get(address)
        if queued:
            raise queued.pop(0)
        return SentMessage(len(self.starts))

    def times(self, address: str | None = None) -> list[float]:
        return [at for at, chat in self.starts if address is None or chat == address]


def timed_worker(
    db: Database, time: FakeTime, channel: TimedChannel, **options: Any
) -> DeliveryWorker:
    settings: dict[str, Any] = {"rate": 30.0}
    settings.update(options)
    return DeliveryWorker(
        db,
        OutboxRepository(),
        channel,
        greeting,
        time,
        people=PeopleRepository(),
        monotonic=time.monotonic,
        sleep=time.sleep,
        **settings,
    )


@pytest.mark.parametrize("answer_time", [0.0, 0.25, 0.5])
async def test_sends_keep_the_rate_whatever_the_answer_time(
    db: Database, answer_time: float
) -> None:
    # Real answers from Indonesia take 100-300 ms: sends are pipelined, not held up by them.
    time = FakeTime()
    channel = TimedChannel(time, answer_time)
    run_id, _ = await seed_outbox(db, [str(1000 + i) for i in range(91)])
    reports: list[tuple[RunCounts, float]] = []

    async def progress(run: int, counts: RunCounts, rate: float, eta: timedelta | None) -> None:
        reports.append((counts, rate))

    await time.run(timed_worker(db, time, channel, on_progress=progress).run_until_drained(run_id))

    starts = channel.times()
    assert len(starts) == 91 and starts == sorted(starts)
    assert most_in_one_second(starts) <= 30
    # Equal answer times make nothing look late: the rate loses only JITTER (and the
    # database's turns, which fake time may count as slow answers).
    assert (len(starts) - 1) / (starts[-1] - starts[0]) >= 0.9 * 30
    assert reports[-1][0] == RunCounts(sent=91)


async def test_sends_never_exceed_the_rate_nor_one_per_chat_per_spacing(db: Database) -> None:
    time = FakeTime()
    channel = TimedChannel(time, 0.2)
    chats = [str(2000 + i) for i in range(25)]
    await seed_outbox(db, chats)
    # The same people again in a second run: each gets two messages.
    second_run = await seed_run(db)
    async with db.transaction() as tx:
        await OutboxRepository().enqueue(
            tx, second_run, [(person, 0) for person in range(1, len(chats) + 1)]
        )

    await time.run(timed_worker(db, time, channel, rate=20.0, concurrency=12).run_until_drained())

    assert len(channel.starts) == 50
    assert most_in_one_second(channel.times()) <= 20
    spacing = TELEGRAM_LIMITS.per_chat_interval
    for chat in chats:
        first, second = channel.times(chat)
        # The chat's next send waits for the answer (0.2 s) and then the spacing.
        assert second - first >= 0.2 + spacing - 1e-9


async def test_a_transient_error_is_retried_with_backoff_then_sent(db: Database) -> None:
    time = FakeTime()
    channel = TimedChannel(time, 0.1)
    channel.failures["3000"] = [TransientSendError("Bad Gateway")] * 2
    run_id, _ = await seed_outbox(db, ["3000"])

    await time.run(timed_worker(db, time, channel, retry_base=3.0).run_until_drained())

    first, second, third = channel.times("3000")
    # 3 s then 6 s after the failed answer (0.1 s), plus up to 25 % spread.
    assert 3.1 <= second - first <= 0.1 + 3.0 * 1.25 + 1.0
    assert 6.1 <= third - second <= 0.1 + 6.0 * 1.25 + 1.0
    [row] = await delivery_rows(db, run_id)
    assert (row["status"], row["attempts"]) == ("sent", 3)


async def test_flood_control_holds_every_send_back_for_the_pause(db: Database) -> None:
    time = FakeTime()
    channel = TimedChannel(time, 0.1)
    chats = [str(4000 + i) for i in range(12)]
    channel.failures[chats[3]] = [SlowDown(2.0)]
    run_id, _ = await seed_outbox(db, chats)

    await time.run(timed_worker(db, time, channel).run_until_drained())

    flood = channel.times(chats[3])[0] + 0.1  # when the 429 came back
    sends_in_pause = [at for at in channel.times() if flood < at < flood + 2.0]
    assert sends_in_pause == []
    assert len(channel.times(chats[3])) == 2
    rows = await delivery_rows(db, run_id)
    assert {(r["status"], r["attempts"]) for r in rows} == {("sent", 1)}
