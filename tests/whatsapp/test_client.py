"""CloudApiClient against a local server speaking the Cloud API's wire format."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.channels.whatsapp.client import CloudApiClient, cloud_api_http, pool_size
from bot.channels.whatsapp.errors import NO_ERROR_BODY, WhatsAppError, WhatsAppUnavailable
from bot.channels.whatsapp.ports import (
    ListRow,
    ListSection,
    MediaHeader,
    ReplyButton,
    TemplateMessage,
    WhatsAppMessages,
)
from tests.support import free_port
from tests.whatsapp.cloud_api import PHONE_NUMBER_ID, TOKEN, VERSION, Answer, LocalCloudApi

TO = "6281234567890"


@pytest.fixture
async def api() -> AsyncIterator[LocalCloudApi]:
    async with LocalCloudApi() as local:
        yield local


@pytest.fixture
async def client(api: LocalCloudApi) -> AsyncIterator[CloudApiClient]:
    async with cloud_api_http(80) as http:
        yield _client(http, api.url)


def _client(http: httpx.AsyncClient, base_url: str, token: str = TOKEN) -> CloudApiClient:
    return CloudApiClient(
        http,
        base_url=base_url,
        version=VERSION,
        phone_number_id=PHONE_NUMBER_ID,
        access_token=token,
    )


def _envelope(kind: str) -> dict[str, str]:
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": TO, "type": kind}


def test_the_client_is_the_port() -> None:
    port: type[WhatsAppMessages] = CloudApiClient  # mypy checks the protocol here
    assert port is CloudApiClient


async def test_text_goes_with_the_bearer_token_and_returns_the_wamid(
    api: LocalCloudApi, client: CloudApiClient
) -> None:
    wamid = await client.send_text(TO, "*Halo*", preview_url=True)

    assert wamid.startswith("wamid.")
    assert api.sent == [{**_envelope("text"), "text": {"body": "*Halo*", "preview_url": True}}]
    assert api.authorizations == [f"Bearer {TOKEN}"]


async def test_reply_buttons_with_a_media_header_and_a_footer(
    api: LocalCloudApi, client: CloudApiClient
) -> None:
    await client.send_buttons(
        TO,
        "Konten baru",
        [ReplyButton("shared:7", "Sudah dibagikan")],
        footer="Humas",
        header=MediaHeader("image", "55"),
    )

    assert api.sent[0] == {
        **_envelope("interactive"),
        "interactive": {
            "header": {"type": "image", "image": {"id": "55"}},
            "type": "button",
            "body": {"text": "Konten baru"},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": "shared:7", "title": "Sudah dibagikan"}}
                ]
            },
            "footer": {"text": "Humas"},
        },
    }


async def test_list_and_url_button(api: LocalCloudApi, client: CloudApiClient) -> None:
    await client.send_list(
        TO,
        "Pilih provinsi",
        button="Provinsi",
        sections=[
            ListSection(
                "Jawa", (ListRow("p:32", "Jawa Barat", "Bandung"), ListRow("p:33", "Jawa Tengah"))
            )
        ],
    )
    await client.send_url_button(
        TO,
        "Baca selengkapnya",
        label="Buka",
        url="https://example.go.id/a",
        header=MediaHeader("document", "77", "panduan.pdf"),
    )

    assert api.sent[0]["interactive"] == {
        "type": "list",
        "body": {"text": "Pilih provinsi"},
        "action": {
            "button": "Provinsi",
            "sections": [
                {
                    "title": "Jawa",
                    "rows": [
                        {"id": "p:32", "title": "Jawa Barat", "description": "Bandung"},
                        {"id": "p:33", "title": "Jawa Tengah"},
                    ],
                }
            ],
        },
    }
    assert api.sent[1]["interactive"] == {
        "header": {"type": "document", "document": {"id": "77", "filename": "panduan.pdf"}},
        "type": "cta_url",
        "body": {"text": "Baca selengkapnya"},
        "action": {
            "name": "cta_url",
            "parameters": {"display_text": "Buka", "url": "https://example.go.id/a"},
        },
    }


async def test_media_messages_by_id(api: LocalCloudApi, client: CloudApiClient) -> None:
    await client.send_image(TO, "1", caption="Foto")
    await client.send_video(TO, "2")
    await client.send_document(TO, "3", filename="lencana.pdf", caption="Lencana")

    assert [(body["type"], body[body["type"]]) for body in api.sent] == [
        ("image", {"id": "1", "caption": "Foto"}),
        ("video", {"id": "2"}),
        ("document", {"id": "3", "caption": "Lencana", "filename": "lencana.pdf"}),
    ]


async def test_template_with_body_parameter_and_url_suffix(
    api: LocalCloudApi, client: CloudApiClient
) -> None:
    await client.send_template(
        TO, TemplateMessage("konten_humas", "id", body=("Ayo vaksin",), url_suffix="42")
    )

    assert api.sent[0] == {
        **_envelope("template"),
        "template": {
            "name": "konten_humas",
            "language": {"policy": "deterministic", "code": "id"},
            "components": [
                {"type": "body", "parameters": [{"type": "text", "text": "Ayo vaksin"}]},
                {
                    "type": "button",
                    "sub_type": "url",
                    "index": "0",
                    "parameters": [{"type": "text", "text": "42"}],
                },
            ],
        },
    }


async def test_template_with_an_image_header_and_nothing_else(
    api: LocalCloudApi, client: CloudApiClient
) -> None:
    await client.send_template(TO, TemplateMessage("sapaan", "en", header_image="99"))
    await client.send_template(TO, TemplateMessage("sapaan", "en"))

    assert api.sent[0]["template"]["components"] == [
        {"type": "header", "parameters": [{"type": "image", "image": {"id": "99"}}]}
    ]
    assert "components" not in api.sent[1]["template"]


async def test_mark_read_typing(api: LocalCloudApi, client: CloudApiClient) -> None:
    await client.mark_read_typing("wamid.ABC")

    assert api.sent == [
        {
            "messaging_product": "whatsapp",
            "status": "read",
            "message_id": "wamid.ABC",
            "typing_indicator": {"type": "text"},
        }
    ]


async def test_upload_then_download(api: LocalCloudApi, client: CloudApiClient) -> None:
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40

    media_id = await client.upload_media(data, mime_type="image/png", filename="poster.png")
    downloaded = await client.download_media(media_id)

    upload = api.uploads[media_id]
    assert (upload.messaging_product, upload.type, upload.filename) == (
        "whatsapp",
        "image/png",
        "poster.png",
    )
    assert upload.data == data
    assert downloaded == (data, "image/png")
    # The media URL and the file itself both need the token.
    assert api.authorizations == [f"Bearer {TOKEN}"] * 3


@pytest.mark.parametrize(
    ("code", "http_status"), [(131056, 400), (130429, 400), (131047, 400), (131000, 500)]
)
async def test_graph_errors_are_parsed(
    api: LocalCloudApi, client: CloudApiClient, code: int, http_status: int
) -> None:
    api.fail_next(api.error(code, subcode=2494010))

    with pytest.raises(WhatsAppError) as raised:
        await client.send_text(TO, "Halo")

    error = raised.value
    assert (error.code, error.http_status, error.subcode) == (code, http_status, 2494010)
    assert error.message.startswith(f"(#{code})")
    assert error.details
    assert not error.is_credential_problem


async def test_a_refused_token_is_a_credential_problem_and_never_shown(
    api: LocalCloudApi,
) -> None:
    wrong = "EAAG-the-wrong-token"
    async with cloud_api_http(80) as http:
        client = _client(http, api.url, token=wrong)
        with pytest.raises(WhatsAppError) as raised:
            await client.send_text(TO, "Halo")

    error = raised.value
    assert (error.code, error.http_status) == (190, 401)
    assert error.is_credential_problem
    for shown in (str(error), repr(error), repr(client)):
        assert wrong not in shown


async def test_an_error_answer_without_graph_error_object(
    api: LocalCloudApi, client: CloudApiClient
) -> None:
    api.fail_next(Answer(403, b"<html>Forbidden</html>", "text/html"))
    with pytest.raises(WhatsAppError) as raised:
        await client.send_text(TO, "Halo")
    assert (raised.value.code, raised.value.http_status) == (NO_ERROR_BODY, 403)

    api.fail_next(Answer(502, b"<html>Bad gateway</html>", "text/html"))
    with pytest.raises(WhatsAppUnavailable, match="HTTP 502"):
        await client.send_text(TO, "Halo")


async def test_an_answer_naming_no_message_is_unavailable(
    api: LocalCloudApi, client: CloudApiClient
) -> None:
    api.fail_next(Answer(200, b'{"messaging_product": "whatsapp", "messages": []}'))
    with pytest.raises(WhatsAppUnavailable):
        await client.send_text(TO, "Halo")


async def test_no_server_is_unavailable_and_keeps_the_token_out() -> None:
    async with httpx.AsyncClient(timeout=2.0) as http:
        client = _client(http, f"http://127.0.0.1:{free_port()}")
        with pytest.raises(WhatsAppUnavailable) as raised:
            await client.send_text(TO, "Halo")
    assert TOKEN not in str(raised.value)


def test_the_pool_is_sized_for_the_rate() -> None:
    assert pool_size(80) == 40  # 80 sends/s answered in 250 ms, twice over
    assert pool_size(80, latency=0.5) == 80
    assert pool_size(1) == 8
