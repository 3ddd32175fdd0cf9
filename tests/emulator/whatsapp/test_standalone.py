"""The emulator in its own process, driven over HTTP: the Graph API and the control endpoints."""

from __future__ import annotations

import asyncio
import sys

import httpx

from devtools.emulator.whatsapp import CloudApiEmulator
from tests.emulator.whatsapp.support import PHONE_NUMBER_ID, TOKEN, WebhookReceiver, text_to


async def test_control_endpoints(emu: CloudApiEmulator, hook: WebhookReceiver) -> None:
    async with httpx.AsyncClient(base_url=f"{emu.base_url}/_emulator/") as control:
        said = await control.post("people/6281234567890/says", json={"text": "halo", "name": "Ani"})
        assert said.json()["id"].startswith("wamid.")
        (received,) = await hook.wait_for(1)
        assert received.value["contacts"][0]["profile"]["name"] == "Ani"
        await control.post("templates", json={"name": "kampanye", "language": "id"})
        assert ("kampanye", "id") in emu.templates
        async with httpx.AsyncClient(
            base_url=f"{emu.base_url}/v23.0/", headers={"Authorization": f"Bearer {TOKEN}"}
        ) as graph:
            await graph.post(f"{PHONE_NUMBER_ID}/messages", json=text_to("6281234567890", "Hai"))
        (message,) = (await control.get("people/6281234567890/messages?wait=1")).json()
        assert message["body"]["text"]["body"] == "Hai"
        closed = await control.post("people/6281234567890/window", json={"open": False})
        assert closed.json() == {"open": False}
        pressed = await control.post("people/6281234567890/presses", json={"title": "Tidak ada"})
        assert pressed.status_code == 400
        fault = await control.post("faults", json={"code": 130429, "times": 2})
        assert fault.json() == {"faults_pending": 1}
        stats = (await control.get("stats")).json()
        assert stats["sends"] == 1 and stats["faults_pending"] == 1
        assert (await control.delete("faults")).json() == {"faults_pending": 0}


async def test_runs_as_a_module(hook: WebhookReceiver) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "devtools.emulator.whatsapp",
        "--port",
        "0",
        "--token",
        "BENCH-TOKEN",
        "--webhook-url",
        hook.url,
        "--template",
        "kampanye_asn:id:2",
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
        base_url = line.split(" on ")[1].split(" ")[0]
        async with httpx.AsyncClient(
            base_url=f"{base_url}/v23.0/", headers={"Authorization": "Bearer BENCH-TOKEN"}
        ) as graph:
            body = text_to("6281234567890")
            answer = await graph.post(f"{PHONE_NUMBER_ID}/messages", json=body)
            assert answer.status_code == 200
        async with httpx.AsyncClient(base_url=base_url) as control:
            await control.post("/_emulator/people/6281234567890/says", json={"text": "halo"})
        statuses_and_inbound = await hook.wait_for(2)
        assert any("messages" in r.value for r in statuses_and_inbound)
    finally:
        process.terminate()
        await process.wait()


async def test_the_bots_settings_for_this_emulator(emu: CloudApiEmulator) -> None:
    settings = emu.settings()
    assert settings["WHATSAPP_API_BASE_URL"] == emu.base_url
    assert settings["WHATSAPP_ACCESS_TOKEN"] == TOKEN
    assert settings["WHATSAPP_PHONE_NUMBER_ID"] == PHONE_NUMBER_ID
    assert settings["WHATSAPP_API_VERSION"] == "v23.0"
    emu.webhook_url = "http://127.0.0.1:1/whatsapp/webhook"
    assert emu.webhooks.url == emu.webhook_url
