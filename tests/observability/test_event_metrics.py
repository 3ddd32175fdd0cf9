"""The hooks where events happen: campaign sends and their 429s, and the platform lookups,
counted with labels that name no one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.campaigns.channel import OutgoingContent
from bot.campaigns.delivery import DeliveryWorker
from bot.channels.telegram.sender import TelegramSender, broadcast_bot
from bot.clock import FixedClock, SystemClock
from bot.enrollment.social_handles import Platform
from bot.observability.metrics import REGISTRY
from bot.texts.markup import parse
from bot.verification.accounts import AccountNotFound
from bot.verification.lookup import SocialLookup
from devtools.emulator import BotApiEmulator
from storage.database import Database
from storage.outbox import DeliveryRow, OutboxRepository
from storage.people import PeopleRepository
from tests.campaigns.outbox_support import seed_outbox
from tests.fakes.social_apis import FakeSocialApis
from tests.support import TOKEN


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def greeting(row: DeliveryRow) -> OutgoingContent:
    return OutgoingContent("text", parse("**Selamat Hari Guru**"))


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "outbox.sqlite3") as database:
        yield database


async def test_sends_and_flood_waits_are_counted_per_channel(
    emulator: BotApiEmulator, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # PTB warns on an int retry_after otherwise
    users = [emulator.add_user(f"ASN {n}") for n in range(3)]
    await seed_outbox(db, [user.id for user in users])
    emulator.inject_fault("retry_after", method="sendMessage", retry_after=1)
    sent_before = sample("asn_bot_campaign_sends_total", channel="telegram")
    paused_before = sample("asn_bot_too_many_requests_total", channel="telegram", scope="broadcast")
    api_429_before = sample("asn_bot_telegram_api_calls_total", method="sendMessage", status="429")

    async with broadcast_bot(TOKEN, emulator.base_url, emulator.file_base_url) as bot:
        worker = DeliveryWorker(
            db,
            OutboxRepository(),
            TelegramSender(bot),
            greeting,
            SystemClock(),
            people=PeopleRepository(),
            rate=30.0,
        )
        await worker.run_until_drained()

    assert sample("asn_bot_campaign_sends_total", channel="telegram") == sent_before + 3
    assert (
        sample("asn_bot_too_many_requests_total", channel="telegram", scope="broadcast")
        == paused_before + 1
    )
    assert (
        sample("asn_bot_telegram_api_calls_total", method="sendMessage", status="429")
        == api_429_before + 1
    )


async def test_lookups_are_counted_by_provider_and_outcome(clock: FixedClock) -> None:
    found = ("asn_bot_verification_lookups_total", {"provider": "x", "outcome": "found"})
    missing = (
        "asn_bot_verification_lookups_total",
        {"provider": "x", "outcome": "account_not_found"},
    )
    before = (sample(found[0], **found[1]), sample(missing[0], **missing[1]))
    async with FakeSocialApis(clock=clock) as apis, httpx.AsyncClient(timeout=5) as http:
        apis.add_x_user("sitirahma", followers=2500)
        lookup = SocialLookup.from_config(
            http, clock=clock, x_bearer_token=apis.x_token, x_base_url=apis.x_base_url
        )
        await lookup.lookup(Platform.X, "sitirahma")
        with pytest.raises(AccountNotFound):
            await lookup.lookup(Platform.X, "nobody_here")

    after = (sample(found[0], **found[1]), sample(missing[0], **missing[1]))
    assert after == (before[0] + 1, before[1] + 1)
