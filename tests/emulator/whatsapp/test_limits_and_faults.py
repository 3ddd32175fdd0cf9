"""Throughput and pair-rate limits, injected faults and latency."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from devtools.emulator.whatsapp import CloudApiEmulator
from devtools.emulator.whatsapp.limits import SendLimits
from tests.emulator.whatsapp.support import PHONE_NUMBER_ID, TOKEN, WebhookReceiver, text_to

MESSAGES = f"{PHONE_NUMBER_ID}/messages"


@pytest.fixture
async def limited(
    hook: WebhookReceiver,
) -> AsyncIterator[tuple[CloudApiEmulator, httpx.AsyncClient]]:
    emulator = CloudApiEmulator(
        access_token=TOKEN,
        phone_number_id=PHONE_NUMBER_ID,
        rate_per_second=5,
        pair_burst=2,
        status_webhooks=False,
    )
    async with (
        emulator,
        httpx.AsyncClient(
            base_url=f"{emulator.base_url}/v23.0/", headers={"Authorization": f"Bearer {TOKEN}"}
        ) as client,
    ):
        yield emulator, client


async def test_a_burst_above_the_throughput_answers_130429(
    limited: tuple[CloudApiEmulator, httpx.AsyncClient],
) -> None:
    emu, graph = limited
    answers = [await graph.post(MESSAGES, json=text_to(f"62811000000{i:02d}")) for i in range(6)]
    assert [a.status_code for a in answers] == [200] * 5 + [400]
    error = answers[-1].json()["error"]
    assert error["code"] == 130429 and error["message"] == "(#130429) Rate limit hit"
    assert emu.send_count == 5


async def test_more_than_the_pair_burst_to_one_person_answers_131056(
    limited: tuple[CloudApiEmulator, httpx.AsyncClient],
) -> None:
    _emu, graph = limited
    answers = [await graph.post(MESSAGES, json=text_to("6281234567890")) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 400]
    assert answers[-1].json()["error"]["code"] == 131056
    other = await graph.post(MESSAGES, json=text_to("6289999999999"))
    assert other.status_code == 200  # the pair limit is per recipient


def test_a_sender_paced_at_the_rate_never_hits_it() -> None:
    limits = SendLimits(80, pair_interval=None)
    assert all(limits.throughput_ok(i / 80) for i in range(800))
    burst = SendLimits(80, pair_interval=None)
    assert sum(burst.throughput_ok(0.0) for _ in range(100)) == 80


def test_pair_tokens_come_back_every_six_seconds() -> None:
    limits = SendLimits(None, pair_interval=6.0, pair_burst=1)
    assert limits.pair_ok("62", 0.0) and not limits.pair_ok("62", 5.9)
    assert limits.pair_ok("62", 6.0)


def test_limits_can_be_off() -> None:
    limits = SendLimits(None, pair_interval=None)
    assert all(limits.throughput_ok(0.0) and limits.pair_ok("62", 0.0) for _ in range(1000))


async def test_an_injected_error_answers_the_next_send(
    emu: CloudApiEmulator, graph: httpx.AsyncClient
) -> None:
    emu.fail_next(130429)
    first = await graph.post(MESSAGES, json=text_to("6281234567890"))
    assert first.status_code == 400 and first.json()["error"]["code"] == 130429
    second = await graph.post(MESSAGES, json=text_to("6281234567890"))
    assert second.status_code == 200


async def test_an_injected_server_error_and_a_recipients_own_fault(
    emu: CloudApiEmulator, graph: httpx.AsyncClient
) -> None:
    emu.fail_next(http_status=503, times=2)
    emu.fail_next(131056, recipient="6280000000002", times=None)
    codes = [
        (await graph.post(MESSAGES, json=text_to("6280000000001"))).status_code for _ in range(3)
    ]
    assert codes == [503, 503, 200]
    for _ in range(2):
        answer = await graph.post(MESSAGES, json=text_to("6280000000002"))
        assert answer.json()["error"]["code"] == 131056
    emu.faults.clear()
    assert (await graph.post(MESSAGES, json=text_to("6280000000002"))).status_code == 200


async def test_an_injected_asynchronous_failure_follows_as_a_status(
    emu: CloudApiEmulator, graph: httpx.AsyncClient, hook: WebhookReceiver
) -> None:
    await emu.person("6281234567890").says("halo")
    emu.fail_next(131026)
    answer = await graph.post(MESSAGES, json=text_to("6281234567890"))
    assert answer.status_code == 200
    await emu.settle()
    (failed,) = hook.statuses()
    assert failed["status"] == "failed" and failed["errors"][0]["code"] == 131026


async def test_a_token_expiring_mid_campaign_and_an_expired_token_fault(
    emu: CloudApiEmulator, graph: httpx.AsyncClient
) -> None:
    emu.fail_next(190)
    answer = await graph.post(MESSAGES, json=text_to("6281234567890"))
    assert (answer.status_code, answer.json()["error"]["code"]) == (401, 190)


async def test_injected_delay_and_latency(emu: CloudApiEmulator, graph: httpx.AsyncClient) -> None:
    emu.fail_next(delay=0.2)
    started = time.perf_counter()
    assert (await graph.post(MESSAGES, json=text_to("6281234567890"))).status_code == 200
    assert time.perf_counter() - started >= 0.2
    emu.latency = 0.25
    started = time.perf_counter()
    sends = [graph.post(MESSAGES, json=text_to(f"62811000000{i:02d}")) for i in range(20)]
    answers = await asyncio.gather(*sends)
    elapsed = time.perf_counter() - started
    assert all(a.status_code == 200 for a in answers)
    assert 0.25 <= elapsed < 4.5  # overlapping: 20 answers one after another would take 5 s


async def test_an_upload_fault(emu: CloudApiEmulator, graph: httpx.AsyncClient) -> None:
    emu.fail_next(http_status=500, endpoint="media")
    answer = await graph.post(
        f"{PHONE_NUMBER_ID}/media",
        data={"messaging_product": "whatsapp", "type": "image/png"},
        files={"file": ("a.png", b"png")},
    )
    assert answer.status_code == 500 and answer.json()["error"]["code"] == 131000


async def test_a_paced_campaign_with_latency_is_never_throttled(hook: WebhookReceiver) -> None:
    """What bench/whatsapp.py does: sends paced at the rate, answers 250 ms late, overlapping."""
    async with (
        CloudApiEmulator(
            access_token=TOKEN, phone_number_id=PHONE_NUMBER_ID, webhook_url=hook.url, latency=0.25
        ) as emu,
        httpx.AsyncClient(
            base_url=f"{emu.base_url}/v23.0/", headers={"Authorization": f"Bearer {TOKEN}"}
        ) as graph,
    ):
        started = time.perf_counter()
        sends = []
        for i in range(80):
            await asyncio.sleep(max(0.0, started + i / 80 - time.perf_counter()))
            sends.append(asyncio.create_task(graph.post(MESSAGES, json=text_to(f"628{i:09d}"))))
        answers = await asyncio.gather(*sends)
        assert [a.status_code for a in answers] == [200] * 80
