"""WhatsAppSender: campaign content drawn as WhatsApp messages, the 24-hour window, and the
Cloud API's error codes as delivery errors. Through a recording fake of our own port."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.campaigns.channel import DeliveryChannel, MediaUpload, OutgoingContent, SentMessage
from bot.campaigns.delivery_errors import (
    SendError,
    SendRejected,
    SlowDown,
    SlowRecipient,
    TransientSendError,
)
from bot.channels.whatsapp.client import CloudApiClient, cloud_api_http
from bot.channels.whatsapp.errors import WhatsAppError, WhatsAppUnavailable
from bot.channels.whatsapp.ports import (
    BroadcastMessages,
    ListSection,
    MediaHeader,
    ReplyButton,
    TemplateMessage,
)
from bot.channels.whatsapp.sender import WhatsAppSender, template_parameter
from bot.texts.markup import Rich, parse
from bot.texts.outgoing import Callback, CopyText, Keyboard, OpenUrl
from tests.whatsapp.cloud_api import PHONE_NUMBER_ID, TOKEN, VERSION, LocalCloudApi

TO = "6281234567890"
LINK = "https://kemkes.go.id/vaksin"
TEXT = f"Ayo vaksin #SehatBersama\n\n{LINK}"


def share(text: str) -> Keyboard:
    """The buttons a campaign has (bot/campaigns/rendering.py), copying `text`."""
    return (
        (
            OpenUrl("WhatsApp", "https://wa.me/?text=Ayo"),
            OpenUrl("X", "https://x.com/intent/post?text=Ayo"),
        ),
        (CopyText("Salin teks", text.replace("\n\n", "\n")),),  # as copy_text words it
        (Callback("File untuk Instagram", "ig:12"),),
        (Callback("Sudah dibagikan", "shared:12"),),
    )


SHARE = share(TEXT)


@dataclass
class RecordingMessages:
    """Our port, recording each call as (method, arguments); failures queued by method."""

    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    failures: dict[str, list[Exception]] = field(default_factory=dict)
    uploads: int = 0

    def _record(self, method: str, **arguments: Any) -> str:
        queued = self.failures.get(method)
        if queued:
            raise queued.pop(0)
        self.calls.append((method, arguments))
        return f"wamid.{len(self.calls)}"

    def methods(self) -> list[str]:
        return [method for method, _ in self.calls]

    async def send_text(self, to: str, body: str, *, preview_url: bool = False) -> str:
        return self._record("text", to=to, body=body, preview_url=preview_url)

    async def send_buttons(
        self,
        to: str,
        body: str,
        buttons: Sequence[ReplyButton],
        *,
        footer: str | None = None,
        header: MediaHeader | None = None,
    ) -> str:
        return self._record("buttons", to=to, body=body, buttons=list(buttons), header=header)

    async def send_list(
        self, to: str, body: str, *, button: str, sections: Sequence[ListSection]
    ) -> str:
        return self._record("list", to=to, body=body)

    async def send_url_button(
        self, to: str, body: str, *, label: str, url: str, header: MediaHeader | None = None
    ) -> str:
        return self._record("url_button", to=to, body=body, label=label, url=url, header=header)

    async def send_image(self, to: str, media_id: str, *, caption: str | None = None) -> str:
        return self._record("image", to=to, media_id=media_id, caption=caption)

    async def send_document(
        self, to: str, media_id: str, *, filename: str, caption: str | None = None
    ) -> str:
        return self._record(
            "document", to=to, media_id=media_id, filename=filename, caption=caption
        )

    async def send_video(self, to: str, media_id: str, *, caption: str | None = None) -> str:
        return self._record("video", to=to, media_id=media_id, caption=caption)

    async def send_template(self, to: str, template: TemplateMessage) -> str:
        return self._record("template", to=to, template=template)

    async def upload_media(self, data: bytes, *, mime_type: str, filename: str) -> str:
        self._record("upload", size=len(data), mime_type=mime_type, filename=filename)
        self.uploads += 1
        return f"media-{self.uploads}"

    async def download_media(self, media_id: str) -> tuple[bytes, str]:
        raise AssertionError("campaign delivery downloads nothing")

    async def mark_read_typing(self, message_id: str) -> None:
        raise AssertionError("campaign delivery reads nothing")


@dataclass
class Windows:
    """Whose 24-hour window is open."""

    open: set[str] = field(default_factory=set)

    async def is_open(self, address: str) -> bool:
        return address in self.open


@dataclass
class Alerts:
    seen: list[WhatsAppError] = field(default_factory=list)

    async def __call__(self, error: WhatsAppError) -> None:
        await asyncio.sleep(0)  # concurrent sends fail meanwhile
        self.seen.append(error)


def sender(
    messages: BroadcastMessages, windows: Windows, alerts: Alerts | None = None
) -> WhatsAppSender:
    return WhatsAppSender(
        messages,
        windows=windows,
        template="konten_humas",
        template_language="id",
        rate_per_second=80,
        on_credential_error=alerts or Alerts(),
    )


def content(
    kind: str = "text",
    *,
    text: str = TEXT,
    media: str | MediaUpload | None = None,
    buttons: Keyboard | None = None,
) -> OutgoingContent:
    return OutgoingContent(
        kind,  # type: ignore[arg-type]
        Rich.plain_text(text),
        media=media,
        buttons=share(text) if buttons is None else buttons,
        link=LINK,
        campaign_id=42,
    )


def graph_error(code: int, http_status: int = 400) -> WhatsAppError:
    return WhatsAppError(code, f"(#{code}) refused", http_status=http_status)


def test_it_is_a_delivery_channel_with_whatsapp_limits() -> None:
    channel: DeliveryChannel = sender(RecordingMessages(), Windows())
    assert channel.name == "whatsapp"
    limits = channel.limits
    assert limits.messages_per_second == limits.paid_messages_per_second == 80
    assert limits.per_chat_interval == 6.0
    assert (limits.max_text_length, limits.max_caption_length) == (4096, 1024)
    assert limits.max_copy_text_length == 1024


# Inside the window: the normal message


async def test_text_with_links_and_shared_goes_as_one_message_with_reply_buttons() -> None:
    messages = RecordingMessages()

    sent = await sender(messages, Windows({TO})).send(TO, content())

    assert sent == SentMessage(0, external_id="wamid.1")
    [(method, call)] = messages.calls
    assert method == "buttons"
    assert call["body"] == (
        f"{TEXT}\n\nWhatsApp: https://wa.me/?text=Ayo\nX: https://x.com/intent/post?text=Ayo"
    )
    # The text to copy is the message itself, so it is not repeated.
    assert call["buttons"] == [
        ReplyButton("ig:12", "File untuk Instagram"),
        ReplyButton("shared:12", "Sudah dibagikan"),
    ]
    assert call["header"] is None


async def test_formatting_is_whatsapps_and_long_titles_are_cut() -> None:
    messages = RecordingMessages()
    shared = ((Callback("Sudah saya bagikan ke semua", "shared:1"),),)

    await sender(messages, Windows({TO})).send(
        TO, OutgoingContent("text", parse("**Penting**: vaksin"), buttons=shared)
    )

    [(_, call)] = messages.calls
    assert call["body"] == "*Penting*: vaksin"
    assert call["buttons"] == [ReplyButton("shared:1", "Sudah saya bagikan…")]


async def test_a_new_photo_is_uploaded_and_goes_as_the_header_of_the_buttons() -> None:
    messages = RecordingMessages()
    upload = MediaUpload("campaign-42", b"\xff\xd8jpeg", "poster.jpg")

    sent = await sender(messages, Windows({TO})).send(TO, content("photo", media=upload))

    assert messages.methods() == ["upload", "buttons"]
    assert messages.calls[0][1] == {"size": 6, "mime_type": "image/jpeg", "filename": "poster.jpg"}
    assert messages.calls[1][1]["header"] == MediaHeader("image", "media-1")
    assert sent == SentMessage(0, media_file_id="media-1", external_id="wamid.2")


async def test_a_document_sent_again_by_id_keeps_its_file_name() -> None:
    messages = RecordingMessages()
    channel = sender(messages, Windows({TO, "62811"}))
    upload = MediaUpload("campaign-42", b"%PDF-1.7", "panduan.pdf")

    first = await channel.send(TO, content("document", media=upload, buttons=()))
    await channel.send("62811", content("document", media=first.media_file_id, buttons=()))

    uploaded, by_upload, by_id = messages.calls
    assert uploaded[1]["mime_type"] == "application/pdf"
    assert by_upload[0] == by_id[0] == "document"
    assert by_id[1] == {**by_upload[1], "to": "62811"}
    assert by_id[1]["filename"] == "panduan.pdf" and by_id[1]["caption"] == TEXT


async def test_too_long_for_buttons_goes_as_text_then_the_buttons() -> None:
    messages = RecordingMessages()
    long_text = "Ayo vaksin. " * 100  # 1200 characters

    sent = await sender(messages, Windows({TO})).send(TO, content(text=long_text))

    assert messages.methods() == ["text", "buttons"]
    assert messages.calls[0][1]["body"] == long_text.strip()
    assert messages.calls[1][1]["body"].startswith("WhatsApp: https://wa.me/")
    assert sent.external_id == "wamid.1"  # the content's own message


async def test_a_caption_too_long_goes_after_the_photo_then_the_buttons() -> None:
    messages = RecordingMessages()
    long_text = "Ayo vaksin. " * 100

    await sender(messages, Windows({TO})).send(
        TO, content("photo", text=long_text, media="media-9")
    )

    assert messages.methods() == ["image", "text", "buttons"]
    assert messages.calls[0][1]["caption"] is None


async def test_links_alone_go_as_a_url_button_with_the_others_in_the_text() -> None:
    messages = RecordingMessages()

    await sender(messages, Windows({TO})).send(TO, content(buttons=SHARE[:1]))

    [(method, call)] = messages.calls
    assert method == "url_button"
    assert (call["label"], call["url"]) == ("WhatsApp", "https://wa.me/?text=Ayo")
    assert call["body"] == f"{TEXT}\n\nX: https://x.com/intent/post?text=Ayo"


async def test_without_buttons_plain_text_or_a_captioned_video() -> None:
    messages = RecordingMessages()
    channel = sender(messages, Windows({TO}))

    await channel.send(TO, content(buttons=()))
    await channel.send(TO, content("video", media="media-3", buttons=()))

    assert messages.calls == [
        ("text", {"to": TO, "body": TEXT, "preview_url": True}),
        ("video", {"to": TO, "media_id": "media-3", "caption": TEXT}),
    ]


async def test_copy_text_not_in_the_message_is_shown_to_copy_by_hand() -> None:
    messages = RecordingMessages()
    buttons = ((CopyText("Salin", "Teks untuk dibagikan"),),)

    await sender(messages, Windows({TO})).send(TO, content(text="Konten baru", buttons=buttons))

    assert messages.calls[0][1]["body"] == "Konten baru\n\nTeks untuk dibagikan"


# Outside the window: the template


async def test_outside_the_window_the_template_carries_the_text_and_the_campaign() -> None:
    messages = RecordingMessages()
    upload = MediaUpload("campaign-42", b"\xff\xd8jpeg", "poster.jpg")

    sent = await sender(messages, Windows()).send(
        TO, content("photo", text="Ayo\tvaksin\n\n#Sehat      Bersama\n\n" + LINK, media=upload)
    )

    [(method, call)] = messages.calls  # nothing uploaded for a template without media
    assert method == "template"
    assert call["template"] == TemplateMessage(
        "konten_humas", "id", body=("Ayo vaksin #Sehat Bersama",), url_suffix="42"
    )
    assert sent == SentMessage(0, external_id="wamid.1")


async def test_re_engagement_needed_sends_the_template_at_once() -> None:
    messages = RecordingMessages(failures={"buttons": [graph_error(131047)]})

    sent = await sender(messages, Windows({TO})).send(TO, content())

    assert messages.methods() == ["template"]
    assert sent.external_id == "wamid.1"


def test_template_parameters_are_one_line_without_runs_of_spaces() -> None:
    flat = template_parameter("Baris satu\nBaris\tdua\r\n\n     lima  spasi ")
    assert flat == "Baris satu Baris dua lima spasi"


async def test_a_long_template_parameter_is_cut() -> None:
    messages = RecordingMessages()

    await sender(messages, Windows()).send(TO, content(text="kata " * 400))

    [parameter] = messages.calls[0][1]["template"].body
    assert len(parameter) == 900 and parameter.endswith("…")


async def test_a_long_template_parameter_keeps_its_closing_hashtags() -> None:
    messages = RecordingMessages()
    text = "kata " * 400 + "\n\n#MBG #gizi\n\n#ASNBerbagi"

    await sender(messages, Windows()).send(TO, content(text=text))

    [parameter] = messages.calls[0][1]["template"].body
    assert len(parameter) == 900 and parameter.endswith("… #MBG #gizi #ASNBerbagi")


# Errors


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (graph_error(130429), SlowDown(1.0)),
        (graph_error(80007), SlowDown(1.0)),
        (graph_error(131056), SlowRecipient(6.0)),
        (graph_error(131026), SendRejected("")),
        (graph_error(131049), SendRejected("")),
        (graph_error(100), SendRejected("")),
        (graph_error(131000, 500), TransientSendError("")),
        (graph_error(131016, 503), TransientSendError("")),
        (WhatsAppUnavailable("ConnectError: refused"), TransientSendError("")),
    ],
)
async def test_cloud_api_errors_become_delivery_errors(
    failure: Exception, expected: SendError
) -> None:
    messages = RecordingMessages(failures={"buttons": [failure]})

    with pytest.raises(SendError) as raised:
        await sender(messages, Windows({TO})).send(TO, content())

    assert type(raised.value) is type(expected)
    if isinstance(expected, SlowDown | SlowRecipient):
        assert raised.value.retry_after == expected.retry_after  # type: ignore[attr-defined]
    else:
        assert str(failure) in str(raised.value)


async def test_a_refused_token_alerts_the_admins_once_until_a_send_works() -> None:
    alerts = Alerts()
    expired = graph_error(190, 401)
    messages = RecordingMessages(failures={"buttons": [expired, expired]})
    channel = sender(messages, Windows({TO, "62811"}), alerts)

    outcomes = await asyncio.gather(
        channel.send(TO, content()), channel.send("62811", content()), return_exceptions=True
    )
    assert [type(outcome) for outcome in outcomes] == [TransientSendError] * 2
    assert alerts.seen == [expired]

    await channel.send(TO, content())  # the token works again
    messages.failures["buttons"] = [expired]
    with pytest.raises(TransientSendError):
        await channel.send(TO, content())
    assert alerts.seen == [expired, expired]


async def test_a_failing_alert_does_not_change_the_delivery_error() -> None:
    async def broken(error: WhatsAppError) -> None:
        raise RuntimeError("admin group unreachable")

    messages = RecordingMessages(failures={"template": [graph_error(190, 401)]})
    channel = WhatsAppSender(
        messages,
        windows=Windows(),
        template="konten_humas",
        template_language="id",
        rate_per_second=80,
        on_credential_error=broken,
    )

    with pytest.raises(TransientSendError):
        await channel.send(TO, content())


# Through the real client, against the local Cloud API


async def test_through_the_client_a_delivery_is_one_valid_request() -> None:
    async with LocalCloudApi() as api, cloud_api_http(80) as http:
        client = CloudApiClient(
            http,
            base_url=api.url,
            version=VERSION,
            phone_number_id=PHONE_NUMBER_ID,
            access_token=TOKEN,
        )
        channel = sender(client, Windows({TO}))
        upload = MediaUpload("campaign-42", b"\xff\xd8jpeg", "poster.jpg")

        sent = await channel.send(TO, content("photo", media=upload))
        outside = await channel.send("62811", content())
        api.fail_next(api.error(130429))
        with pytest.raises(SlowDown):
            await channel.send(TO, content())

    [media_id] = api.uploads
    assert sent.media_file_id == media_id
    inside, template = api.sent
    assert inside["interactive"]["header"] == {"type": "image", "image": {"id": media_id}}
    assert [b["reply"]["id"] for b in inside["interactive"]["action"]["buttons"]] == [
        "ig:12",
        "shared:12",
    ]
    assert template["to"] == "62811" and template["template"]["name"] == "konten_humas"
    assert outside.external_id is not None and outside.external_id.startswith("wamid.")
