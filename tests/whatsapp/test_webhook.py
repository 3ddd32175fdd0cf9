"""The webhook over HTTP (Starlette app through httpx's ASGI transport): the handshake, the
signature, the durable inbox (a repeat is handled once, a restart handles what was left) and
each person's messages in order."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from bot.channels.whatsapp.inbound import parse_notification
from bot.channels.whatsapp.inbox import WhatsAppInbox
from bot.channels.whatsapp.ports import Inbound, StatusUpdate
from bot.channels.whatsapp.webhook import WhatsAppWebhook, signature_of
from bot.clock import FixedClock
from bot.people.service import ChannelIdentity
from storage.database import Database
from storage.whatsapp_inbox import WhatsAppInboxRepository
from tests.support import eventually
from tests.whatsapp import payloads

SECRET = "app-secret"
VERIFY = "verify-me"
SITI, BUDI = "6281234567890", "6281298765432"


class Recorder:
    """The webhook's collaborators, recording what reached them."""

    def __init__(self) -> None:
        self.handled: list[Inbound] = []
        self.statuses: list[StatusUpdate] = []
        self.windows: list[tuple[ChannelIdentity, datetime]] = []
        self.read: list[str] = []
        self.slow: dict[str, asyncio.Event] = {}
        self.events: list[str] = []  # "read <wamid>" and "answer <text>", in order

    async def handle(self, message: Inbound) -> None:
        gate = self.slow.get(message.text)
        if gate is not None:
            await gate.wait()
        if message.text == "boom":
            raise RuntimeError("handler failed")
        self.handled.append(message)
        self.events.append(f"answer {message.text}")

    async def apply(self, update: StatusUpdate) -> None:
        self.statuses.append(update)

    async def note_inbound(self, who: ChannelIdentity, at: datetime) -> None:
        self.windows.append((who, at))

    async def mark_read_typing(self, message_id: str) -> None:
        self.read.append(message_id)
        self.events.append(f"read {message_id}")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "bot.sqlite3") as database:
        yield database


# Short, so the tests of slow answers are quick; far above a quick answer's few milliseconds.
SLOW = 0.2


def webhook_for(db: Database, recorder: Recorder) -> WhatsAppWebhook:
    clock = FixedClock(datetime(2026, 11, 30, 1, 0, tzinfo=UTC))
    return WhatsAppWebhook(
        app_secret=SECRET,
        verify_token=VERIFY,
        inbox=WhatsAppInbox(db, WhatsAppInboxRepository(), clock),
        handle=recorder.handle,
        statuses=recorder,
        windows=recorder,
        receipts=recorder,
        slow_answer_after=SLOW,
    )


def client_for(webhook: WhatsAppWebhook) -> httpx.AsyncClient:
    app = Starlette(routes=webhook.routes())
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bot")


async def post(client: httpx.AsyncClient, body: bytes, signature: str | None) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    return await client.post("/whatsapp/webhook", content=body, headers=headers)


def texts(*pairs: tuple[str, str, str]) -> bytes:
    return payloads.encoded(
        payloads.notification(messages=[payloads.text(w, body, mid) for w, body, mid in pairs])
    )


async def test_the_handshake_echoes_the_challenge_only_for_our_token(db: Database) -> None:
    async with client_for(webhook_for(db, Recorder())) as client:
        good = await client.get(
            "/whatsapp/webhook",
            params={"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "1158"},
        )
        bad = await client.get(
            "/whatsapp/webhook",
            params={"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1158"},
        )

    assert (good.status_code, good.text) == (200, "1158")
    assert bad.status_code == 403


@pytest.mark.parametrize("signature", [None, "sha256=" + "0" * 64, "garbage"])
async def test_a_missing_or_wrong_signature_is_refused_and_nothing_stored(
    db: Database, signature: str | None
) -> None:
    recorder = Recorder()
    webhook = webhook_for(db, recorder)
    body = texts((SITI, "halo", "wamid.1"))
    async with client_for(webhook) as client:
        answer = await post(client, body, signature)
    await webhook.drained()

    assert answer.status_code == 401
    assert recorder.handled == []
    rows = await db.reader.execute_fetchall("SELECT * FROM whatsapp_inbox")
    assert list(rows) == []


async def test_a_signed_message_is_handled_noted_and_forgotten(db: Database) -> None:
    recorder = Recorder()
    webhook = webhook_for(db, recorder)
    body = texts((SITI, "halo", "wamid.1"))
    async with client_for(webhook) as client:
        answer = await post(client, body, signature_of(body, SECRET))
    await webhook.drained()

    assert answer.status_code == 200
    assert [m.text for m in recorder.handled] == ["halo"]
    assert recorder.windows[0][0] == ChannelIdentity("whatsapp", SITI)
    assert recorder.read == []  # answered at once: the answer is the acknowledgement
    rows = await db.reader.execute_fetchall("SELECT wa_id, payload, handled_at FROM whatsapp_inbox")
    [(wa_id, payload, handled_at)] = [tuple(row) for row in rows]
    assert (wa_id, payload) == (None, None)
    assert handled_at is not None


async def test_a_repeated_webhook_handles_nothing_again(db: Database) -> None:
    recorder = Recorder()
    webhook = webhook_for(db, recorder)
    body = texts((SITI, "halo", "wamid.1"))
    async with client_for(webhook) as client:
        for _ in range(3):
            assert (await post(client, body, signature_of(body, SECRET))).status_code == 200
            await webhook.drained()

    assert len(recorder.handled) == 1


async def test_malformed_json_with_a_good_signature_is_acknowledged(db: Database) -> None:
    recorder = Recorder()
    webhook = webhook_for(db, recorder)
    body = b'{"object": "whatsapp_business_account", "entry": '
    async with client_for(webhook) as client:
        answer = await post(client, body, signature_of(body, SECRET))

    assert answer.status_code == 200
    assert recorder.handled == []


async def test_statuses_go_to_the_sink(db: Database) -> None:
    recorder = Recorder()
    webhook = webhook_for(db, recorder)
    body = payloads.encoded(
        payloads.notification(
            statuses=[
                payloads.status("wamid.out1", SITI, "delivered"),
                payloads.status("wamid.out2", BUDI, "failed", error_code=131026),
            ]
        )
    )
    async with client_for(webhook) as client:
        await post(client, body, signature_of(body, SECRET))
    await webhook.drained()

    assert [(s.message_id, s.status, s.error_code) for s in recorder.statuses] == [
        ("wamid.out1", "delivered", None),
        ("wamid.out2", "failed", 131026),
    ]


async def test_each_persons_messages_in_order_and_a_slow_person_delays_nobody(
    db: Database,
) -> None:
    recorder = Recorder()
    gate = recorder.slow["slow"] = asyncio.Event()
    webhook = webhook_for(db, recorder)
    async with client_for(webhook) as client:
        first = texts((SITI, "slow", "wamid.1"), (SITI, "second", "wamid.2"))
        await post(client, first, signature_of(first, SECRET))
        other = texts((BUDI, "budi", "wamid.3"))
        await post(client, other, signature_of(other, SECRET))
        assert await eventually(lambda: [m.text for m in recorder.handled] == ["budi"])
        gate.set()
        await webhook.drained()

    assert [m.text for m in recorder.handled] == ["budi", "slow", "second"]


async def test_a_failing_message_does_not_block_the_next(db: Database) -> None:
    recorder = Recorder()
    webhook = webhook_for(db, recorder)
    body = texts((SITI, "boom", "wamid.1"), (SITI, "after", "wamid.2"))
    async with client_for(webhook) as client:
        await post(client, body, signature_of(body, SECRET))
    await webhook.drained()

    assert [m.text for m in recorder.handled] == ["after"]


async def test_messages_left_unhandled_at_a_stop_are_handled_after_the_start(
    db: Database,
) -> None:
    stopped = Recorder()
    stopped.slow["first"] = asyncio.Event()  # never set: the bot stops while handling it
    webhook = webhook_for(db, stopped)
    body = texts((SITI, "first", "wamid.1"), (SITI, "second", "wamid.2"))
    async with client_for(webhook) as client:
        assert (await post(client, body, signature_of(body, SECRET))).status_code == 200
    await asyncio.sleep(0.05)
    await webhook.stop()

    restarted = Recorder()
    again = webhook_for(db, restarted)
    await again.start()
    await again.drained()

    assert stopped.handled == []
    assert [m.text for m in restarted.handled] == ["first", "second"]


async def test_handled_ids_are_pruned_after_a_week(db: Database) -> None:
    clock = FixedClock(datetime(2026, 11, 30, 1, 0, tzinfo=UTC))
    inbox = WhatsAppInbox(db, WhatsAppInboxRepository(), clock)
    body = payloads.notification(messages=[payloads.text(SITI, "halo", "wamid.1")])
    [message] = await inbox.accept(parse_notification(payloads.encoded(body)).messages)
    await inbox.handled(message.message_id)

    clock.advance(timedelta(days=6))
    kept = await inbox.prune()
    clock.advance(timedelta(days=2))
    pruned = await inbox.prune()

    assert (kept, pruned) == (0, 1)
    assert await inbox.accept([message]) == [message]  # a week later it is new again


async def test_a_slow_answer_is_preceded_by_one_read_receipt_with_typing(db: Database) -> None:
    recorder = Recorder()
    gate = recorder.slow["slow"] = asyncio.Event()
    webhook = webhook_for(db, recorder)
    body = texts((SITI, "slow", "wamid.1"))
    async with client_for(webhook) as client:
        await post(client, body, signature_of(body, SECRET))
        assert await eventually(lambda: recorder.read == ["wamid.1"])
        await asyncio.sleep(SLOW * 2)  # still handling: no second receipt
        gate.set()
        await webhook.drained()

    assert recorder.events == ["read wamid.1", "answer slow"]


async def test_a_receipt_whose_answer_came_first_is_not_sent(db: Database) -> None:
    """One receipt per person is in flight: a slow message waiting behind it whose answer is
    sent meanwhile gets none ("typing…" after the answer would be wrong); the next slow one
    does."""
    recorder = Recorder()
    in_flight = asyncio.Event()
    marked: list[str] = []

    async def held_mark_read_typing(message_id: str) -> None:
        marked.append(message_id)
        await in_flight.wait()

    recorder.mark_read_typing = held_mark_read_typing  # type: ignore[method-assign]
    first_gate = recorder.slow["first"] = asyncio.Event()
    second_gate = recorder.slow["second"] = asyncio.Event()
    third_gate = recorder.slow["third"] = asyncio.Event()
    webhook = webhook_for(db, recorder)
    body = texts((SITI, "first", "wamid.1"), (SITI, "second", "wamid.2"))
    async with client_for(webhook) as client:
        await post(client, body, signature_of(body, SECRET))
        assert await eventually(lambda: marked == ["wamid.1"])
        first_gate.set()
        await asyncio.sleep(SLOW * 2)  # "second" is slow too: its receipt waits for the first
        second_gate.set()
        assert await eventually(lambda: len(recorder.handled) == 2)
        in_flight.set()
        await webhook.drained()
        assert marked == ["wamid.1"]

        third = texts((SITI, "third", "wamid.3"))
        await post(client, third, signature_of(third, SECRET))
        assert await eventually(lambda: marked == ["wamid.1", "wamid.3"])
        third_gate.set()
        await webhook.drained()

    assert [m.text for m in recorder.handled] == ["first", "second", "third"]


async def test_a_slow_persons_receipt_delays_nobody_else(db: Database) -> None:
    recorder = Recorder()
    recorder.slow["slow"] = asyncio.Event()  # never set
    webhook = webhook_for(db, recorder)
    first = texts((SITI, "slow", "wamid.1"))
    other = texts((BUDI, "budi", "wamid.2"))
    async with client_for(webhook) as client:
        await post(client, first, signature_of(first, SECRET))
        assert await eventually(lambda: recorder.read == ["wamid.1"])
        await post(client, other, signature_of(other, SECRET))
        assert await eventually(lambda: [m.text for m in recorder.handled] == ["budi"])
    await webhook.stop()

    assert recorder.read == ["wamid.1"]


async def test_a_stop_while_an_answer_and_its_receipt_are_slow_is_clean(db: Database) -> None:
    """The handler is cancelled (its message waits for the next start), the receipt on its
    way gets a moment and is then cancelled: the stop neither hangs nor leaves tasks behind."""
    recorder = Recorder()
    recorder.slow["slow"] = asyncio.Event()  # never set

    async def hanging_mark_read_typing(message_id: str) -> None:
        recorder.read.append(message_id)
        await asyncio.Event().wait()

    recorder.mark_read_typing = hanging_mark_read_typing  # type: ignore[method-assign]
    webhook = webhook_for(db, recorder)
    body = texts((SITI, "slow", "wamid.1"))
    async with client_for(webhook) as client:
        await post(client, body, signature_of(body, SECRET))
        assert await eventually(lambda: recorder.read == ["wamid.1"])
    before = asyncio.all_tasks()
    await asyncio.wait_for(webhook.stop(), timeout=3)

    assert recorder.handled == []
    assert not [t for t in asyncio.all_tasks() - {asyncio.current_task()} if t in before]
    rows = await db.reader.execute_fetchall("SELECT handled_at FROM whatsapp_inbox")
    assert [tuple(row) for row in rows] == [(None,)]
