"""Simulated people: signed webhooks shaped like Meta's, replies to buttons and lists, retries."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from devtools.emulator.whatsapp import CloudApiEmulator, spec
from tests.emulator.whatsapp.support import PHONE_NUMBER_ID, VERIFY_TOKEN, WebhookReceiver

BUDI = "6281234567890"
MESSAGES = f"{PHONE_NUMBER_ID}/messages"


def _keys(node: Any, prefix: str = "") -> set[str]:
    """Every key path of a JSON value (list items merged), to compare shapes."""
    if isinstance(node, dict):
        return {p for k, v in node.items() for p in {prefix + k} | _keys(v, prefix + k + ".")}
    if isinstance(node, list):
        return {p for item in node for p in _keys(item, prefix)}
    return set()


def _spec_webhook(name: str) -> dict[str, Any]:
    post = spec.load_document()["paths"]["/whatsapp/webhooks"]["post"]
    example: dict[str, Any] = post["requestBody"]["content"]["application/json"]["examples"][name]
    return example["value"]


async def test_a_text_webhook_has_the_shape_of_metas_example(
    emu: CloudApiEmulator, hook: WebhookReceiver
) -> None:
    wamid = await emu.person(BUDI, "Budi").says("DAFTAR")
    (received,) = await hook.wait_for(1)
    assert received.signed_correctly
    assert _keys(received.payload) == _keys(_spec_webhook("Text Message"))
    (message,) = received.value["messages"]
    assert message["id"] == wamid and message["from"] == BUDI
    assert message["text"] == {"body": "DAFTAR"}
    assert received.value["contacts"] == [{"profile": {"name": "Budi"}, "wa_id": BUDI}]
    assert received.value["metadata"]["phone_number_id"] == PHONE_NUMBER_ID


async def test_pressing_a_button_and_choosing_a_row(
    emu: CloudApiEmulator, graph: httpx.AsyncClient, hook: WebhookReceiver
) -> None:
    budi = emu.person(BUDI, "Budi")
    await budi.says("halo")
    buttons = {
        "messaging_product": "whatsapp",
        "to": BUDI,
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": {"text": "Setuju?"},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": "consent:yes", "title": "Setuju"}},
                    {"type": "reply", "reply": {"id": "consent:no", "title": "Tidak"}},
                ]
            },
        },
    }
    sent = (await graph.post(MESSAGES, json=buttons)).json()["messages"][0]["id"]
    assert (await budi.reply(timeout=2)).buttons == ["Setuju", "Tidak"]
    await budi.presses("Setuju")
    rows = [{"id": "prov:32", "title": "Jawa Barat", "description": "Bandung"}]
    listing = {
        "messaging_product": "whatsapp",
        "to": BUDI,
        "type": "interactive",
        "interactive": {
            "type": "list",
            "body": {"text": "Provinsi?"},
            "action": {"button": "Pilih", "sections": [{"title": "Jawa", "rows": rows}]},
        },
    }
    await graph.post(MESSAGES, json=listing)
    assert (await budi.reply(timeout=2)).rows == ["Jawa Barat"]
    await budi.chooses("Jawa Barat")
    await emu.settle()
    inbound = [r for r in hook.received if "messages" in r.value]
    pressed = inbound[1].value["messages"][0]
    assert pressed["context"]["id"] == sent
    assert pressed["interactive"] == {
        "type": "button_reply",
        "button_reply": {"id": "consent:yes", "title": "Setuju"},
    }
    assert _keys(inbound[1].payload) == _keys(_spec_webhook("Interactive Button Reply Message"))
    chosen = inbound[2].value["messages"][0]["interactive"]
    assert chosen == {"type": "list_reply", "list_reply": rows[0]}
    assert _keys(inbound[2].payload) == _keys(_spec_webhook("Interactive List Reply Message"))
    with pytest.raises(LookupError):
        await budi.presses("Batal")


async def test_a_document_from_a_person(emu: CloudApiEmulator, hook: WebhookReceiver) -> None:
    await emu.person(BUDI).sends_document(b"%PDF-1.4", filename="sk.pdf")
    (received,) = await hook.wait_for(1)
    document = received.value["messages"][0]["document"]
    assert document["filename"] == "sk.pdf" and document["mime_type"] == "application/pdf"
    assert emu.media.get(document["id"]) is not None


async def test_repeat_posts_the_same_webhook_twice(
    emu: CloudApiEmulator, hook: WebhookReceiver
) -> None:
    await emu.person(BUDI).says("STATUS", repeat=2)
    first, second = await hook.wait_for(2)
    assert first.raw == second.raw


async def test_a_refused_webhook_is_retried(emu: CloudApiEmulator, hook: WebhookReceiver) -> None:
    hook.answers = [500, 503]
    await emu.person(BUDI).says("halo")
    first, second, third = await hook.wait_for(3)
    assert first.raw == second.raw == third.raw
    await emu.settle()
    (delivery,) = emu.webhooks.deliveries
    assert delivery.attempts == [500, 503, 200] and delivery.delivered


async def test_verification_handshake(emu: CloudApiEmulator) -> None:
    assert await emu.verify_webhook(VERIFY_TOKEN)
    assert not await emu.verify_webhook("wrong")
