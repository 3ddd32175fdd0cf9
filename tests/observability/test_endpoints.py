"""/metrics, /readyz and /healthz of the running bot: what operators scrape and probe, and that
/metrics is never open on the public badge host."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from telegram import Update
from telegram.ext import CommandHandler

from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator
from tests.support import BotHarness, all_handled, free_port, running_bot, wait_until

TOKEN = "scrape-me-with-this-token"


def _with(settings: Settings, **changes: object) -> Settings:
    return Settings(_env_file=None, **settings.model_dump() | changes)  # type: ignore[call-arg]


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(text: str, name: str, **labels: str) -> float:
    return samples(text).get((name, frozenset(labels.items())), 0.0)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


async def test_metrics_on_the_web_app_need_the_bearer_token(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock, http: httpx.AsyncClient
) -> None:
    tokened = _with(settings, metrics_token=TOKEN)
    url = f"{tokened.public_base_url}/metrics"
    async with running_bot(tokened, emulator, clock) as bot:
        before = (await http.get(url, headers={"Authorization": f"Bearer {TOKEN}"})).text
        siti = bot.person()
        await siti.says("/bantuan")
        anonymous = await http.get(url)
        wrong = await http.get(url, headers={"Authorization": f"Bearer {TOKEN}x"})
        scraped = await http.get(url, headers={"Authorization": f"Bearer {TOKEN}"})

    assert (anonymous.status_code, wrong.status_code) == (401, 401)
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    assert "asn_bot" not in anonymous.text + wrong.text
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain")
    text = scraped.text
    handled = "asn_bot_updates_total"
    assert value(text, handled, type="message", outcome="handled") == (
        value(before, handled, type="message", outcome="handled") + 1
    )
    sends = "asn_bot_telegram_api_calls_total"
    assert value(text, sends, method="sendMessage", status="200") > value(
        before, sends, method="sendMessage", status="200"
    )
    assert value(text, "asn_bot_update_handling_seconds_count", type="message") >= 1
    assert value(text, "asn_bot_outbox_rows", state="pending") == 0
    assert "asn_bot_update_queue_lag_seconds_bucket" in text
    assert "asn_bot_outbox_lag_seconds 0.0" in text
    # No label carries a person: neither their Telegram id nor their name.
    assert str(siti.user.id) not in text
    assert TOKEN not in text


async def test_without_a_token_or_port_metrics_are_nowhere(
    bot: BotHarness, settings: Settings, http: httpx.AsyncClient
) -> None:
    answer = await http.get(f"{settings.public_base_url}/metrics")

    assert answer.status_code == 404


async def test_metrics_port_serves_metrics_and_health_but_the_web_app_does_not(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock, http: httpx.AsyncClient
) -> None:
    port = free_port()
    own_port = _with(settings, metrics_port=port, metrics_token=TOKEN)
    async with running_bot(own_port, emulator, clock):
        public = await http.get(
            f"{settings.public_base_url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
        )
        refused = await http.get(f"http://127.0.0.1:{port}/metrics")
        scraped = await http.get(
            f"http://127.0.0.1:{port}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
        )
        health = await http.get(f"http://127.0.0.1:{port}/healthz")
        ready = await http.get(f"http://127.0.0.1:{port}/readyz")

    assert (public.status_code, refused.status_code, scraped.status_code) == (404, 401, 200)
    assert "asn_bot_updates_waiting" in scraped.text
    assert (health.status_code, health.text) == (200, "ok")
    assert ready.status_code == 200


async def test_a_handler_that_raises_is_counted_as_an_error(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock, http: httpx.AsyncClient
) -> None:
    async def broken(update: Update, context: object) -> None:
        raise RuntimeError("a bug")

    tokened = _with(settings, metrics_token=TOKEN)
    url = f"{tokened.public_base_url}/metrics"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    async with running_bot(tokened, emulator, clock) as bot:
        bot.application.add_handler(CommandHandler("rusak", broken), group=-1)
        before = (await http.get(url, headers=auth)).text
        siti = bot.person()
        apology = await siti.says("/rusak")
        await all_handled(emulator, siti.user)
        after = (await http.get(url, headers=auth)).text

    errors = ("asn_bot_updates_total", {"type": "message", "outcome": "error"})
    assert "Maaf" in apology.content
    assert value(after, errors[0], **errors[1]) == value(before, errors[0], **errors[1]) + 1


async def test_readyz_says_which_check_fails(
    bot: BotHarness, settings: Settings, emulator: BotApiEmulator, http: httpx.AsyncClient
) -> None:
    url = f"{settings.public_base_url}/readyz"
    ready = await http.get(url)
    emulator.inject_fault("bad_gateway", method="getUpdates", times=None)
    await wait_until(
        lambda: any(r.status == 502 for r in emulator.requests_for("getUpdates")),
        "a failed long poll",
    )
    telegram_down = await http.get(url)
    emulator.clear_faults()
    await bot.application.bot_data.campaign_runner.stop()
    worker_down = await http.get(url)

    assert (ready.status_code, ready.json()) == (
        200,
        {
            "ready": True,
            "checks": {
                "database": "ok",
                "telegram": "ok",
                "delivery_worker": "ok",
                "scheduler": "ok",
            },
        },
    )
    assert telegram_down.status_code == 503
    assert telegram_down.json()["checks"]["telegram"] == "the latest Bot API call got 502"
    assert telegram_down.json()["checks"]["database"] == "ok"
    assert worker_down.json()["checks"]["delivery_worker"] == (
        "a campaign delivery worker is not running"
    )
