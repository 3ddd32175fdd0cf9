"""Several channels: one delivery worker per channel, a person WhatsApp finds over-messaged
retried alone, and the runner that opens, runs, wakes and stops every channel's worker."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

from bot.campaigns.channel import ChannelLimits, OutgoingContent, SentMessage
from bot.campaigns.delivery import DeliveryWorker
from bot.campaigns.delivery_errors import SlowRecipient
from bot.campaigns.runner import CampaignRunner
from bot.channels.whatsapp.client import CloudApiClient, cloud_api_http
from bot.channels.whatsapp.errors import WhatsAppError
from bot.channels.whatsapp.sender import WhatsAppSender
from bot.clock import Clock, FixedClock
from bot.texts.markup import Rich
from storage.database import Database
from storage.outbox import DeliveryRow, OutboxRepository
from storage.people import PeopleRepository
from tests.campaigns.outbox_support import (
    NOW,
    delivery_rows,
    eventually,
    fill_run,
    planner,
    seed_people,
    seed_run,
)
from tests.campaigns.timing_support import FakeTime
from tests.whatsapp.cloud_api import PHONE_NUMBER_ID, TOKEN, VERSION, LocalCloudApi

LIMITS = ChannelLimits(
    messages_per_second=30.0,
    paid_messages_per_second=30.0,
    per_chat_interval=1.0,
    max_text_length=4096,
    max_caption_length=1024,
    max_copy_text_length=1024,
)
CLOCK = FixedClock(NOW)
# The outbox's per-channel claims come with the outbox-per-channel change (storage/outbox.py).
CLAIMS_BY_CHANNEL = "channel" in inspect.signature(OutboxRepository.claim).parameters


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "channels.sqlite3") as database:
        yield database


async def greeting(row: DeliveryRow) -> OutgoingContent:
    return OutgoingContent("text", Rich.plain_text("Selamat Hari Guru"))


class FakeTimeChannel:
    """A channel answered `answer_time` fake seconds after each send starts; it fails with
    the errors queued for the address first, and notes when each send started."""

    limits = LIMITS

    def __init__(self, name: str, time: FakeTime, answer_time: float = 0.1) -> None:
        self.name = name
        self._time, self._answer_time = time, answer_time
        self.starts: list[tuple[float, str]] = []
        self.failures: dict[str, list[Exception]] = {}

    async def send(self, address: str, content: OutgoingContent) -> SentMessage:
        self.starts.append((self._time.monotonic(), address))
        await self._time.sleep(self._answer_time)
        queued = self.failures.get(address)
        if queued:
            raise queued.pop(0)
        return SentMessage(0, external_id=f"wamid.{len(self.starts)}")

    def times(self, address: str | None = None) -> list[float]:
        return [at for at, chat in self.starts if address is None or chat == address]


@dataclass
class InstantChannel:
    """A channel that answers at once and keeps who got what."""

    name: str
    limits: ChannelLimits = LIMITS
    sent: list[str] = field(default_factory=list)

    async def send(self, address: str, content: OutgoingContent) -> SentMessage:
        self.sent.append(address)
        return SentMessage(len(self.sent))


def worker(
    db: Database, channel: Any, clock: Clock, time: FakeTime | None = None, **options: Any
) -> DeliveryWorker:
    settings: dict[str, Any] = {"rate": 30.0, "idle_poll": 0.05}
    if time is not None:
        settings.update(monotonic=time.monotonic, sleep=time.sleep)
    settings.update(options)
    return DeliveryWorker(
        db, OutboxRepository(), channel, greeting, clock, people=PeopleRepository(), **settings
    )


async def queued_run(db: Database, people: list[int]) -> int:
    run_id = await seed_run(db, status="planned")
    await fill_run(db, run_id, [(person, 0) for person in people])
    return run_id


async def test_a_person_whatsapp_finds_over_messaged_waits_alone(db: Database) -> None:
    time = FakeTime()
    channel = FakeTimeChannel("whatsapp", time)
    chats = [f"62812000{i:04d}" for i in range(12)]
    channel.failures[chats[2]] = [SlowRecipient(6.0)]
    run_id = await queued_run(db, await seed_people(db, chats, channel="whatsapp"))

    await time.run(worker(db, channel, time, time).run_until_drained(run_id))

    first, again = channel.times(chats[2])
    assert again - first >= 0.1 + 6.0 - 1e-9  # after its answer, the pair interval
    # Nobody else waited: the other eleven went out at the rate, right after each other.
    others = [at for at, chat in channel.starts if chat != chats[2]]
    assert max(others) - min(others) < 1.0
    rows = await delivery_rows(db, run_id)
    # Not a failed attempt: the retry is the first (and only) counted one.
    assert {(r["status"], r["attempts"]) for r in rows} == {("sent", 1)}


@pytest.mark.skipif(not CLAIMS_BY_CHANNEL, reason="needs the outbox's per-channel claims")
async def test_each_channels_worker_sends_only_to_its_channels_people(db: Database) -> None:
    time = FakeTime()
    telegram = FakeTimeChannel("telegram", time)
    whatsapp = FakeTimeChannel("whatsapp", time)
    on_telegram = await seed_people(db, ["1001", "1002", "1003"], channel="telegram")
    on_whatsapp = await seed_people(db, ["6281", "6282"], channel="whatsapp")
    run_id = await queued_run(db, on_telegram + on_whatsapp)

    await time.run(
        asyncio.gather(
            worker(db, telegram, time, time).run_until_drained(run_id),
            worker(db, whatsapp, time, time).run_until_drained(run_id),
        )
    )

    assert sorted(chat for _, chat in telegram.starts) == ["1001", "1002", "1003"]
    assert sorted(chat for _, chat in whatsapp.starts) == ["6281", "6282"]
    rows = await delivery_rows(db, run_id)
    assert {r["status"] for r in rows} == {"sent"}
    wamids = {r["channel_user_id"]: str(r.get("channel_message_id")) for r in rows}
    assert wamids["6281"].startswith("wamid.")  # the outbox keeps WhatsApp's message id


@dataclass
class Connection:
    """A channel connection that notes when it was opened and closed."""

    name: str
    log: list[str]

    async def __aenter__(self) -> Connection:
        self.log.append(f"open {self.name}")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.log.append(f"close {self.name}")


class Reports:
    """The admins' side of runs; these tests start no run through the planner."""

    async def missed(self, campaign_id: int, zone: str, due_at: datetime) -> None:
        raise AssertionError("no run is due")

    async def reached_nobody(self, run_id: int, campaign_id: int, zone: str) -> None:
        raise AssertionError("no run is due")


async def test_the_runner_opens_every_channel_runs_its_worker_and_closes_it(
    db: Database,
) -> None:
    log: list[str] = []
    telegram, whatsapp = InstantChannel("telegram"), InstantChannel("whatsapp")
    runner = CampaignRunner(
        planner=planner(db),
        workers=[worker(db, telegram, CLOCK), worker(db, whatsapp, CLOCK)],
        reports=Reports(),
        connections=[Connection("telegram", log), Connection("whatsapp", log)],
    )
    people = await seed_people(db, ["1001"], channel="telegram")

    await runner.start()
    assert log == ["open telegram", "open whatsapp"]
    await runner.tick()  # nothing due: nothing to wake for
    run_id = await queued_run(db, people)
    await eventually(lambda: telegram.sent == ["1001"] or bool(whatsapp.sent))
    await runner.stop()

    assert log == ["open telegram", "open whatsapp", "close whatsapp", "close telegram"]
    if CLAIMS_BY_CHANNEL:  # otherwise either worker may claim the row (and skip it)
        assert whatsapp.sent == []
        [row] = await delivery_rows(db, run_id)
        assert row["status"] == "sent"


async def test_a_connection_that_fails_to_open_closes_those_opened_before(
    db: Database,
) -> None:
    log: list[str] = []

    class Unreachable(Connection):
        async def __aenter__(self) -> Connection:
            raise ConnectionError("no network")

    runner = CampaignRunner(
        planner=planner(db),
        workers=[worker(db, InstantChannel("telegram"), CLOCK)],
        reports=Reports(),
        connections=[Connection("telegram", log), Unreachable("whatsapp", log)],
    )

    with pytest.raises(ConnectionError):
        await runner.start()
    assert log == ["open telegram", "close telegram"]


def test_a_runner_needs_a_worker(db: Database) -> None:
    with pytest.raises(ValueError, match="at least one"):
        CampaignRunner(planner=planner(db), workers=[], reports=Reports(), connections=[])


async def test_a_whatsapp_broadcast_through_the_cloud_api(db: Database) -> None:
    chats = [f"628120000{i:03d}" for i in range(20)]
    windows = OpenWindows(set(chats[::2]))  # half wrote to us within 24 hours
    run_id = await queued_run(db, await seed_people(db, chats, channel="whatsapp"))

    async with LocalCloudApi() as api, cloud_api_http(80) as http:
        client = CloudApiClient(
            http,
            base_url=api.url,
            version=VERSION,
            phone_number_id=PHONE_NUMBER_ID,
            access_token=TOKEN,
        )
        channel = WhatsAppSender(
            client,
            windows=windows,
            template="konten_humas",
            template_language="id",
            rate_per_second=80,
            on_credential_error=no_alert,
        )
        await worker(db, channel, CLOCK, rate=80.0).run_until_drained(run_id)

    kinds = {body["to"]: body["type"] for body in api.sent}
    assert kinds == {chat: "text" if chat in windows.open else "template" for chat in chats}
    rows = await delivery_rows(db, run_id)
    assert {(r["status"], r["attempts"]) for r in rows} == {("sent", 1)}


@dataclass
class OpenWindows:
    open: set[str]

    async def is_open(self, address: str) -> bool:
        return address in self.open


async def no_alert(error: WhatsAppError) -> None:
    raise AssertionError(f"the token was refused: {error}")
