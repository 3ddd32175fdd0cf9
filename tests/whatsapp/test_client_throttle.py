"""Replies share the number's throughput with campaigns: a reply refused for throughput
(130429) is tried again after a pause instead of being lost; the broadcast's client tries
once (its worker paces and pauses itself)."""

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.channels.whatsapp.client import CloudApiClient
from bot.channels.whatsapp.errors import THROUGHPUT_REACHED, WhatsAppError
from devtools.emulator.whatsapp import CloudApiEmulator

TO = "6281234567890"


@pytest.fixture
async def cloud() -> AsyncIterator[CloudApiEmulator]:
    async with CloudApiEmulator(status_webhooks=False) as emulator:
        emulator.person(TO, "Siti")
        await emulator.person(TO).says("halo")  # opens the 24-hour window
        yield emulator


def client(
    cloud: CloudApiEmulator, http: httpx.AsyncClient, pauses: tuple[float, ...]
) -> CloudApiClient:
    return CloudApiClient(
        http,
        base_url=cloud.base_url,
        version=cloud.version,
        phone_number_id=cloud.phone_number_id,
        access_token=cloud.access_token,
        throttle_pauses=pauses,
    )


async def test_a_reply_refused_for_throughput_is_sent_after_a_pause(
    cloud: CloudApiEmulator,
) -> None:
    cloud.fail_next(THROUGHPUT_REACHED, times=2)
    async with httpx.AsyncClient() as http:
        wamid = await client(cloud, http, (0.01, 0.01, 0.01)).send_text(TO, "Halo")

    delivered = await cloud.next_message(TO)
    assert wamid.startswith("wamid.") and delivered.text == "Halo"


async def test_a_reply_still_refused_after_every_pause_raises(cloud: CloudApiEmulator) -> None:
    cloud.fail_next(THROUGHPUT_REACHED, times=4)
    async with httpx.AsyncClient() as http:
        with pytest.raises(WhatsAppError) as refused:
            await client(cloud, http, (0.01, 0.01, 0.01)).send_text(TO, "Halo")

    assert refused.value.code == THROUGHPUT_REACHED


async def test_the_broadcast_client_tries_once(cloud: CloudApiEmulator) -> None:
    cloud.fail_next(THROUGHPUT_REACHED, times=1)
    async with httpx.AsyncClient() as http:
        with pytest.raises(WhatsAppError):
            await client(cloud, http, ()).send_text(TO, "Halo")
