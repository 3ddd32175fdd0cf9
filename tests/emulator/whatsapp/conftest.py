"""The WhatsApp emulator on its own: sends over real HTTP, webhooks to a local receiver."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from devtools.emulator.serving import EmulatorServer
from devtools.emulator.whatsapp import CloudApiEmulator
from tests.emulator.whatsapp.support import PHONE_NUMBER_ID, SECRET, TOKEN, WebhookReceiver


@pytest.fixture
async def hook() -> AsyncIterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    app = Starlette(
        routes=[
            Route("/whatsapp/webhook", receiver.post, methods=["POST"]),
            Route("/whatsapp/webhook", receiver.get, methods=["GET"]),
        ]
    )
    server = EmulatorServer(app)
    await server.start()
    receiver.url = f"http://127.0.0.1:{server.port}/whatsapp/webhook"
    yield receiver
    await server.stop()


@pytest.fixture
async def emu(hook: WebhookReceiver) -> AsyncIterator[CloudApiEmulator]:
    async with CloudApiEmulator(
        access_token=TOKEN,
        app_secret=SECRET,
        phone_number_id=PHONE_NUMBER_ID,
        webhook_url=hook.url,
        webhook_retry_delays=(0.05, 0.1),
    ) as emulator:
        yield emulator


@pytest.fixture
async def graph(emu: CloudApiEmulator) -> AsyncIterator[httpx.AsyncClient]:
    """What the bot's client does: the Graph API at {base}/{version}/ with the bearer token."""
    async with httpx.AsyncClient(
        base_url=f"{emu.base_url}/{emu.version}/",
        headers={"Authorization": f"Bearer {TOKEN}"},
    ) as client:
        yield client
