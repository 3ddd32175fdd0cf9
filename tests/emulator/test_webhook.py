"""Webhook delivery as the Bot API does it: setWebhook's checks and error texts, POSTs with
the secret header, retries with the last error in getWebhookInfo, one chat at a time."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import telegram
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.channels.web.server import LocalServer
from devtools.emulator import BotApiEmulator
from tests.support import wait_until


class Receiver:
    """A webhook endpoint that records what it was posted and answers `status`."""

    def __init__(self) -> None:
        self.status = 200
        self.received: list[tuple[dict[str, Any], str | None]] = []
        self.server = LocalServer(Starlette(routes=[Route("/hook", self._hook, methods=["POST"])]))
        self.delay = 0.0

    async def _hook(self, request: Request) -> Response:
        body = json.loads(await request.body())
        self.received.append((body, request.headers.get("X-Telegram-Bot-Api-Secret-Token")))
        await asyncio.sleep(self.delay)
        return Response(status_code=self.status)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}/hook"


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    receiving = Receiver()
    await receiving.server.start()
    yield receiving
    await receiving.server.stop()


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(webhook_retry_delay=0.05) as emulator:
        yield emulator


async def _call(emu: BotApiEmulator, method: str, **params: Any) -> dict[str, Any]:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{emu.base_url}{emu.token}/{method}", json=params)
    answer: dict[str, Any] = response.json()
    return answer


@pytest.mark.parametrize(
    ("url", "secret", "description"),
    [
        (
            "http://bot.example.go.id/hook",
            None,
            "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
        ),
        (
            "https://bot.example.go.id:8080/hook",
            None,
            "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443",
        ),
        (
            "https://bot.example.go.id/hook",
            "not allowed!",
            "Bad Request: secret token contains unallowed characters",
        ),
    ],
)
async def test_set_webhook_refuses_what_telegram_refuses(
    emu: BotApiEmulator, url: str, secret: str | None, description: str
) -> None:
    params: dict[str, Any] = {"url": url} | ({"secret_token": secret} if secret else {})

    answer = await _call(emu, "setWebhook", **params)

    assert answer == {"ok": False, "error_code": 400, "description": description}
    assert emu.state.webhook is None


async def test_updates_are_posted_with_the_secret_and_getupdates_conflicts(
    emu: BotApiEmulator, receiver: Receiver
) -> None:
    user = emu.add_user("Siti")
    emu.send_text(user, "sebelum")  # waiting before the webhook is set: delivered too
    async with telegram.Bot(emu.token, base_url=emu.base_url) as bot:
        await bot.set_webhook(receiver.url, secret_token="rahasia_1", max_connections=7)
        emu.send_text(user, "sesudah")
        await wait_until(lambda: len(receiver.received) == 2, "two posts")
        info = await bot.get_webhook_info()
        with pytest.raises(telegram.error.Conflict) as conflict:
            await bot.get_updates()

    texts = [body["message"]["text"] for body, _ in receiver.received]
    assert texts == ["sebelum", "sesudah"]
    assert {secret for _, secret in receiver.received} == {"rahasia_1"}
    assert (info.url, info.pending_update_count, info.max_connections) == (receiver.url, 0, 7)
    assert "can't use getUpdates method while webhook is active" in conflict.value.message


async def test_a_refused_post_is_retried_and_holds_back_that_chat_only(
    emu: BotApiEmulator, receiver: Receiver
) -> None:
    siti, budi = emu.add_user("Siti"), emu.add_user("Budi")
    await _call(emu, "setWebhook", url=receiver.url)
    receiver.status = 401
    emu.send_text(siti, "satu")
    await wait_until(lambda: emu.webhook.stats.failed >= 2, "refused posts")
    emu.send_text(siti, "dua")
    receiver.status = 200
    emu.send_text(budi, "halo")
    await wait_until(lambda: emu.state.updates == type(emu.state.updates)(), "all delivered")
    info = (await _call(emu, "getWebhookInfo"))["result"]

    delivered = [
        (body["message"]["from"]["first_name"], body["message"]["text"])
        for body, _ in receiver.received
    ]
    siti_order = [text for name, text in delivered if name == "Siti"]
    assert siti_order[-2:] == ["satu", "dua"] and set(siti_order[:-2]) == {"satu"}
    assert ("Budi", "halo") in delivered
    assert info["last_error_message"] == "Wrong response from the webhook: 401 Unauthorized"
    assert info["pending_update_count"] == 0


async def test_chats_are_posted_concurrently_up_to_max_connections(
    emu: BotApiEmulator, receiver: Receiver
) -> None:
    receiver.delay = 0.2
    await _call(emu, "setWebhook", url=receiver.url, max_connections=3)
    for number in range(6):
        emu.send_text(emu.add_user(f"ASN {number}"), "halo")
    await wait_until(lambda: len(receiver.received) == 6, "six posts")

    assert emu.webhook.stats.in_flight_peak == 3


async def test_delete_webhook_returns_to_polling(emu: BotApiEmulator, receiver: Receiver) -> None:
    await _call(emu, "setWebhook", url=receiver.url)
    deleted = await _call(emu, "deleteWebhook")
    user = emu.add_user("Siti")
    emu.send_text(user, "halo")
    polled = await _call(emu, "getUpdates")

    assert deleted == {"ok": True, "result": True}
    assert [u["message"]["text"] for u in polled["result"]] == ["halo"]
    assert receiver.received == []
