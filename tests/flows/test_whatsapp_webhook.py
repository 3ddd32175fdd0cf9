"""The WhatsApp webhook end to end, as Meta uses it: signed notifications (anything else is
refused before it is read), repeats handled once, the subscription handshake, and messages
acknowledged before a stop handled after the restart."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator
from devtools.emulator.whatsapp import CloudApiEmulator, webhooks
from tests.database_access import connect_database
from tests.flows.whatsapp_support import VERIFY_TOKEN, WaPerson, whatsapp_bot, with_whatsapp
from tests.support import running_bot, wait_until


@asynccontextmanager
async def _cloud_alone(
    settings: Settings, clock: FixedClock
) -> AsyncIterator[tuple[CloudApiEmulator, Settings]]:
    """The Cloud API emulator and the settings pointing the bot at it, without the bot: for a
    test that starts the bot twice on the same database and emulator."""
    async with CloudApiEmulator(pair_interval=None, clock=lambda: clock.now().timestamp()) as cloud:
        configured = with_whatsapp(settings, cloud)
        cloud.webhooks.url = f"http://127.0.0.1:{configured.web_port}/whatsapp/webhook"
        yield cloud, configured


def _db(settings: Settings, sql: str) -> list[tuple[object, ...]]:
    with connect_database(settings) as db:
        return db.execute(sql).fetchall()


def _inbox(settings: Settings) -> list[tuple[object, ...]]:
    """The durable inbox: (wamid, still waiting to be handled)."""
    return _db(settings, "SELECT message_id, handled_at IS NULL FROM whatsapp_inbox")


async def test_a_webhook_without_the_right_signature_is_refused_and_nothing_is_handled(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    async with whatsapp_bot(settings, emulator, clock) as wa:
        siti = wa.person()
        cloud = wa.cloud
        message = {
            "id": "wamid.HBgNforged",
            "timestamp": str(int(clock.now().timestamp())),
            "type": "text",
            "text": {"body": "DAFTAR"},
        }
        body = json.dumps(webhooks.inbound(cloud.business, siti.wa_id, "Siti", message)).encode()
        forged = webhooks.signature("not-the-app-secret", body)
        tampered = body.replace(b"DAFTAR", b"HAPUSDATA")
        genuine = webhooks.signature(cloud.business.app_secret, body)
        url = cloud.webhooks.url or ""
        async with httpx.AsyncClient() as http:
            answers = [
                await http.post(url, content=body, headers=headers)
                for headers in (
                    {},
                    {"X-Hub-Signature-256": forged},
                    {"X-Hub-Signature-256": ""},
                )
            ]
            answers.append(
                await http.post(url, content=tampered, headers={"X-Hub-Signature-256": genuine})
            )
        stored = _inbox(wa.settings)
        menu = await siti.says("halo")  # the first answer she gets is to this one

    assert [a.status_code for a in answers] == [401, 401, 401, 401]
    assert stored == []
    assert menu.interactive_type == "list"
    assert siti.sim.received == [menu]


async def test_a_repeated_webhook_is_answered_once(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    async with whatsapp_bot(settings, emulator, clock) as wa:
        siti = wa.person()
        wamid = await siti.sim.says("DAFTAR", repeat=2)
        consent = await siti.reply()
        menu = await siti.says("halo")  # handled after the repeat: one person, in order
        [delivery] = [d for d in wa.cloud.webhooks.deliveries if wamid in d.raw.decode()]

    assert delivery.attempts == [200, 200]
    assert consent.buttons == ["✅ Setuju", "Tidak setuju"]
    assert menu.interactive_type == "list"
    assert siti.sim.received == [consent, menu]
    assert (wamid, 0) in _inbox(wa.settings)


async def test_metas_verification_handshake_needs_the_verify_token(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    async with whatsapp_bot(settings, emulator, clock) as wa:
        right = await wa.cloud.verify_webhook(VERIFY_TOKEN)
        wrong = await wa.cloud.verify_webhook("someone-elses-token")

    assert right is True
    assert wrong is False


async def test_a_message_accepted_before_a_stop_is_handled_after_the_restart(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    async with _cloud_alone(settings, clock) as (cloud, configured):
        siti = WaPerson(cloud.person("6281234567890", "Siti"))
        async with running_bot(configured, emulator, clock):
            # The answer hangs in the Cloud API (then fails): the bot stops mid-handling.
            cloud.fail_next(http_status=500, delay=3.0, recipient=siti.wa_id)
            wamid = await siti.sim.says("DAFTAR")
            await wait_until(lambda: not cloud.faults, "the answer to be on its way")
        waiting = _inbox(configured)
        async with running_bot(configured, emulator, clock):
            consent = await siti.reply(10)
            await wait_until(lambda: _inbox(configured) == [(wamid, 0)], "the inbox handled")
            [delivery] = [d for d in cloud.webhooks.deliveries if wamid in d.raw.decode()]
            late_repeat = await _post(cloud, delivery.raw)  # Meta may retry days later
            menu = await siti.says("halo")

    assert waiting == [(wamid, 1)]
    assert consent.buttons == ["✅ Setuju", "Tidak setuju"]
    assert late_repeat == 200
    assert siti.sim.received == [consent, menu]
    assert _db(configured, "SELECT count(*) FROM whatsapp_inbox WHERE wa_id IS NOT NULL") == [(0,)]


async def _post(cloud: CloudApiEmulator, raw: bytes) -> int:
    """Posts a webhook body to the bot signed as Meta signs it; the HTTP status."""
    headers = {"X-Hub-Signature-256": webhooks.signature(cloud.business.app_secret, raw)}
    async with httpx.AsyncClient() as http:
        answer = await http.post(cloud.webhooks.url or "", content=raw, headers=headers)
    return answer.status_code


async def test_messages_sent_in_a_burst_are_handled_in_order(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    async with whatsapp_bot(settings, emulator, clock) as wa:
        siti = wa.person()
        await siti.says("DAFTAR")
        # Typed faster than the bot answers: each is acknowledged before the previous one is
        # handled.
        await siti.sim.presses("✅ Setuju")
        await siti.sim.says("19850612 201001 1 003")
        await siti.sim.says("Siti Rahma")
        answers = [await siti.reply() for _ in range(3)]

    assert "Langkah 1 dari 8 — NIP" in (answers[0].text or "")
    assert "Langkah 2 dari 8 — Nama lengkap" in (answers[1].text or "")
    assert "Langkah 3 dari 8 — Instansi" in (answers[2].text or "")
