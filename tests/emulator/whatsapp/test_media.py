"""Media: upload, look up, download with the token; people's images; unknown ids."""

from __future__ import annotations

import base64
import hashlib

import httpx

from devtools.emulator.whatsapp import CloudApiEmulator
from tests.emulator.whatsapp.support import PHONE_NUMBER_ID, WebhookReceiver

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def _upload(graph: httpx.AsyncClient, data: bytes, mime: str, name: str) -> httpx.Response:
    return await graph.post(
        f"{PHONE_NUMBER_ID}/media",
        data={"messaging_product": "whatsapp", "type": mime},
        files={"file": (name, data, mime)},
    )


async def test_upload_then_look_up_then_download(graph: httpx.AsyncClient) -> None:
    uploaded = await _upload(graph, PNG, "image/png", "lencana.png")
    assert uploaded.status_code == 200
    media_id = uploaded.json()["id"]
    assert media_id.isdigit()
    info = (await graph.get(media_id)).json()
    assert info["id"] == media_id and info["messaging_product"] == "whatsapp"
    assert info["mime_type"] == "image/png" and info["file_size"] == len(PNG)
    assert info["sha256"] == base64.b64encode(hashlib.sha256(PNG).digest()).decode()
    downloaded = await graph.get(info["url"])
    assert downloaded.status_code == 200 and downloaded.content == PNG
    assert downloaded.headers["content-type"] == "image/png"
    async with httpx.AsyncClient() as anonymous:
        assert (await anonymous.get(info["url"])).status_code == 401


async def test_a_persons_image_is_downloadable(
    emu: CloudApiEmulator, graph: httpx.AsyncClient, hook: WebhookReceiver
) -> None:
    await emu.person("6281234567890", "Budi").sends_image(
        PNG, mime_type="image/png", caption="bukti"
    )
    (received,) = await hook.wait_for(1)
    (message,) = received.value["messages"]
    assert message["type"] == "image" and message["image"]["caption"] == "bukti"
    info = (await graph.get(message["image"]["id"])).json()
    assert (await graph.get(info["url"])).content == PNG


async def test_unknown_media(
    emu: CloudApiEmulator, graph: httpx.AsyncClient, hook: WebhookReceiver
) -> None:
    missing = await graph.get("1234567890123456")
    assert missing.status_code == 400
    assert (missing.json()["error"]["code"], missing.json()["error"]["error_subcode"]) == (100, 33)
    await emu.person("6281234567890").says("halo")
    body = {
        "messaging_product": "whatsapp",
        "to": "6281234567890",
        "type": "image",
        "image": {"id": "1234567890123456"},
    }
    assert (await graph.post(f"{PHONE_NUMBER_ID}/messages", json=body)).status_code == 200
    await emu.settle()
    (failed,) = hook.statuses()
    assert failed["errors"][0]["code"] == 131053


async def test_an_upload_needs_its_fields(graph: httpx.AsyncClient) -> None:
    no_product = await graph.post(
        f"{PHONE_NUMBER_ID}/media", data={"type": "image/png"}, files={"file": ("a.png", PNG)}
    )
    assert no_product.status_code == 400 and no_product.json()["error"]["code"] == 100
    no_file = await graph.post(
        f"{PHONE_NUMBER_ID}/media", data={"messaging_product": "whatsapp", "type": "image/png"}
    )
    assert no_file.json()["error"]["code"] == 100


async def test_media_can_be_deleted(graph: httpx.AsyncClient) -> None:
    media_id = (await _upload(graph, PNG, "image/png", "x.png")).json()["id"]
    assert (await graph.delete(media_id)).json() == {"success": True}
    assert (await graph.get(media_id)).status_code == 400


async def test_only_whatsapps_media_types_and_sizes_are_taken(graph: httpx.AsyncClient) -> None:
    badge_json = await _upload(graph, b"{}", "application/json", "lencana.json")
    assert badge_json.status_code == 400
    assert "one of the following types" in badge_json.json()["error"]["error_data"]["details"]
    too_big = await _upload(graph, b"x" * (5 * 1024 * 1024 + 1), "image/jpeg", "besar.jpg")
    assert too_big.json()["error"]["code"] == 100
    assert (await _upload(graph, b"%PDF-1.4", "application/pdf", "sk.pdf")).status_code == 200


async def test_media_in_a_header_must_exist_and_uploads_expire_after_30_days(
    emu: CloudApiEmulator, graph: httpx.AsyncClient, hook: WebhookReceiver
) -> None:
    now = [1_800_000_000.0]
    emu.now = lambda: now[0]
    await emu.person("6281234567890").says("halo")
    media_id = (await _upload(graph, PNG, "image/png", "foto.png")).json()["id"]

    def with_header(image_id: str) -> dict[str, object]:
        return {
            "messaging_product": "whatsapp",
            "to": "6281234567890",
            "type": "interactive",
            "interactive": {
                "type": "button",
                "header": {"type": "image", "image": {"id": image_id}},
                "body": {"text": "Kampanye"},
                "action": {"buttons": [{"type": "reply", "reply": {"id": "a", "title": "OK"}}]},
            },
        }

    for image_id in ("1234567890123456", media_id):
        assert (
            await graph.post(f"{PHONE_NUMBER_ID}/messages", json=with_header(image_id))
        ).status_code == 200
    now[0] += 30 * 24 * 60 * 60
    await emu.person("6281234567890").says("halo lagi")  # the window is open again
    await graph.post(f"{PHONE_NUMBER_ID}/messages", json=with_header(media_id))
    await emu.settle()

    assert [m.error_code for m in emu.sent] == [131053, None, 131053]
