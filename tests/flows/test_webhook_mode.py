"""TELEGRAM_MODE=webhook: Telegram (the emulator) posts updates to the bot's web app, which puts
them on the same queue the poller fills; the same conversations work, a caller without the
secret is refused, and updates posted while the bot is down arrive once it is back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from bot.app import build_application
from bot.channels.telegram.webhook import WebhookRefused, serve_webhook
from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator
from handlers.telegram import ALLOWED_UPDATES
from tests.flows.support import enroll_until_summary
from tests.support import TOKEN, BotHarness, running_bot, wait_until

SECRET = "s3cret-for_the-webhook"


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    # Quick retries: a refused post comes again within a tenth of a second.
    async with BotApiEmulator(token=TOKEN, webhook_retry_delay=0.05) as emu:
        yield emu


@pytest.fixture
def webhook_settings(settings: Settings) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        **settings.model_dump()
        | {
            "telegram_mode": "webhook",
            "telegram_webhook_url": f"{settings.public_base_url}/telegram/webhook",
            "telegram_webhook_secret": SECRET,
            "telegram_webhook_max_connections": 20,
        },
    )


@asynccontextmanager
async def webhook_bot(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    """The real Application in webhook mode (as `asn-bot run` serves it) for the block."""
    application = build_application(settings, clock=clock)
    assert application.webhook is not None
    stop = asyncio.Event()
    serving = asyncio.create_task(serve_webhook(application, application.webhook, stop))
    await wait_until(
        lambda: emulator.state.webhook is not None or serving.done(), "setWebhook", timeout=15
    )
    try:
        yield BotHarness(application, emulator)
    finally:
        stop.set()
        await serving


async def test_a_whole_enrollment_arrives_by_webhook_in_order(
    webhook_settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    async with webhook_bot(webhook_settings, emulator, clock) as bot:
        siti = bot.person()
        await enroll_until_summary(siti)
        summary = siti.last
        info = emulator.state.webhook

    assert summary is not None and "Dr. Siti Rahma" in summary.content
    assert info is not None
    assert (info.url, info.secret, info.max_connections) == (
        webhook_settings.telegram_webhook_url,
        SECRET,
        20,
    )
    assert emulator.state.allowed_updates == frozenset(ALLOWED_UPDATES)
    assert emulator.requests_for("getUpdates") == []
    assert emulator.webhook.stats.failed == 0


async def test_a_caller_without_the_secret_is_refused_and_nothing_is_handled(
    webhook_settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    url = webhook_settings.telegram_webhook_url
    assert url is not None
    async with webhook_bot(webhook_settings, emulator, clock) as bot:
        siti = bot.person()
        forged = {
            "update_id": 999,
            "message": {
                "message_id": 1,
                "date": 1,
                "chat": {"id": siti.user.id, "type": "private"},
                "from": {"id": siti.user.id, "is_bot": False, "first_name": "Siti"},
                "text": "/start",
            },
        }
        async with httpx.AsyncClient() as client:
            missing = await client.post(url, json=forged)
            wrong = await client.post(
                url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET + "x"}
            )
            garbage = await client.post(
                url, content=b"{", headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            )
            # Right secret, but no update Telegram would send: logged and skipped, never
            # refused (a refusal would be posted again and again, holding the chat back).
            unreadable = await client.post(
                url,
                json={"update_id": 1000, "message": {"text": "no chat, no date"}},
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            )
        answer = await siti.says("/bantuan")  # a real update after the forged ones

    assert (missing.status_code, wrong.status_code, garbage.status_code) == (401, 401, 400)
    assert unreadable.status_code == 200
    assert "Perintah yang tersedia" in answer.content
    assert len(emulator.sent(siti.user)) == 1  # the forged /start was never answered


async def test_updates_sent_while_the_bot_is_down_arrive_when_it_is_back(
    webhook_settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    async with webhook_bot(webhook_settings, emulator, clock) as bot:
        siti = bot.person()
        await siti.says("/bantuan")
    emulator.send_text(siti.user, "/start")  # the bot is stopped; its webhook stays set
    await wait_until(lambda: emulator.webhook.stats.failed >= 2, "refused posts")
    refused = emulator.state.webhook.last_error_message if emulator.state.webhook else None

    async with webhook_bot(webhook_settings, emulator, clock):
        answer = await siti.reply(timeout=15)

    assert refused == "Connection refused"
    assert "Apakah Anda setuju?" in answer.content


async def test_a_bot_that_is_stopping_answers_503_so_telegram_posts_again(
    webhook_settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    async with webhook_bot(webhook_settings, emulator, clock) as bot:
        assert bot.application.webhook is not None
        bot.application.webhook.accepting = False  # as between stop and the web app closing
        siti = bot.person()
        emulator.send_text(siti.user, "/bantuan")
        await wait_until(lambda: emulator.webhook.stats.failed >= 1, "a refused post")
        error = emulator.state.webhook.last_error_message if emulator.state.webhook else None
        bot.application.webhook.accepting = True
        answer = await siti.reply(timeout=10)

    assert error == "Wrong response from the webhook: 503 Service Unavailable"
    assert "Perintah yang tersedia" in answer.content


async def test_polling_mode_deletes_a_webhook_left_set(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    stale = await _set_webhook(emulator, "http://127.0.0.1:9/old/webhook")

    async with running_bot(settings, emulator, clock) as bot:
        answer = await bot.person().says("/bantuan")

    assert stale == {"ok": True, "result": True}
    assert emulator.state.webhook is None
    assert "Perintah yang tersedia" in answer.content


async def test_a_webhook_telegram_refuses_stops_the_start_with_its_reason(
    webhook_settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    public = Settings(
        _env_file=None,  # type: ignore[call-arg]
        **webhook_settings.model_dump()
        | {"telegram_webhook_url": "http://bot.humas.example.go.id/telegram/webhook"},
    )
    application = build_application(public, clock=clock)
    assert application.webhook is not None

    with pytest.raises(WebhookRefused) as refused:
        await serve_webhook(application, application.webhook, asyncio.Event())

    assert str(refused.value) == "Bad webhook: an https url must be provided for webhook"


async def _set_webhook(emulator: BotApiEmulator, url: str) -> object:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{emulator.base_url}{emulator.token}/setWebhook", json={"url": url}
        )
    return response.json()
