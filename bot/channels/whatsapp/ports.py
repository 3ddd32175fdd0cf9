"""What the WhatsApp conversations and senders need of the Cloud API, and what its webhook
hands them: plain data and one protocol, so handlers are written (and tested) against these,
not against HTTP.

Bodies are already in WhatsApp's formatting (bot.channels.whatsapp.formatting); limits are
the Cloud API's (checked against ../shared/whatsapp-cloud-api): at most 3 reply buttons with
titles up to 20 characters, lists of up to 10 rows in all with titles up to 24 characters and
descriptions up to 72, a text body up to 4096 characters, an interactive body up to 1024.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

MAX_BUTTONS = 3
MAX_BUTTON_TITLE = 20
MAX_LIST_ROWS = 10
MAX_ROW_TITLE = 24
MAX_ROW_DESCRIPTION = 72
MAX_LIST_BUTTON = 20
MAX_TEXT_BODY = 4096
MAX_INTERACTIVE_BODY = 1024
MAX_CAPTION = 1024


@dataclass(frozen=True, slots=True)
class ReplyButton:
    id: str  # comes back in the webhook's button_reply.id (up to 256 characters)
    title: str  # up to 20 characters


@dataclass(frozen=True, slots=True)
class ListRow:
    id: str  # comes back in list_reply.id (up to 200 characters)
    title: str  # up to 24 characters
    description: str = ""  # up to 72 characters


@dataclass(frozen=True, slots=True)
class ListSection:
    title: str  # up to 24 characters
    rows: tuple[ListRow, ...]


InboundKind = Literal["text", "button", "list", "image", "document", "other"]


@dataclass(frozen=True, slots=True)
class Inbound:
    """One message a person sent, from the webhook's `messages[]`."""

    message_id: str  # the wamid: a repeated webhook carries the same one
    wa_id: str  # the sender's WhatsApp id (their phone number): personal data
    sent_at: datetime
    kind: InboundKind
    text: str = ""  # what was typed, or the title of the pressed button or chosen row
    choice_id: str | None = None  # button_reply.id or list_reply.id
    media_id: str | None = None  # image or document
    mime_type: str | None = None
    profile_name: str | None = None  # contacts[].profile.name; never stored


StatusKind = Literal["sent", "delivered", "read", "failed"]


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    """What became of a message we sent, from the webhook's `statuses[]`."""

    message_id: str
    recipient: str
    status: StatusKind
    at: datetime
    error_code: int | None = None
    error_title: str | None = None


@dataclass(frozen=True, slots=True)
class MediaHeader:
    """Media shown above an interactive message's body (uploaded before, sent by id)."""

    kind: Literal["image", "video", "document"]
    media_id: str
    filename: str | None = None  # for a document


@dataclass(frozen=True, slots=True)
class TemplateMessage:
    """An approved template: `body` fills its body's {{1}}, {{2}} …; `url_suffix` fills the
    dynamic part of its URL button; `header_image` is a media id for an image header."""

    name: str
    language: str
    body: tuple[str, ...] = ()
    url_suffix: str | None = None
    header_image: str | None = None


class WhatsAppMessages(Protocol):
    """Sends to one WhatsApp id; each call returns the sent message's wamid. Failures raise
    bot.channels.whatsapp.errors.WhatsAppError (with the Cloud API's error code)."""

    async def send_text(self, to: str, body: str, *, preview_url: bool = False) -> str: ...

    async def send_buttons(
        self, to: str, body: str, buttons: Sequence[ReplyButton], *, footer: str | None = None
    ) -> str: ...

    async def send_list(
        self, to: str, body: str, *, button: str, sections: Sequence[ListSection]
    ) -> str: ...

    async def send_url_button(self, to: str, body: str, *, label: str, url: str) -> str: ...

    async def send_image(self, to: str, media_id: str, *, caption: str | None = None) -> str: ...

    async def send_document(
        self, to: str, media_id: str, *, filename: str, caption: str | None = None
    ) -> str: ...

    async def send_video(self, to: str, media_id: str, *, caption: str | None = None) -> str: ...

    async def send_template(self, to: str, template: TemplateMessage) -> str: ...

    async def upload_media(self, data: bytes, *, mime_type: str, filename: str) -> str:
        """Uploads a file once; returns the media id to send it by."""
        ...

    async def download_media(self, media_id: str) -> tuple[bytes, str]:
        """A file a person sent: its bytes and MIME type."""
        ...

    async def mark_read_typing(self, message_id: str) -> None:
        """Marks a person's message (and the earlier ones) read and shows them "typing…" until
        our next message to them or for 25 s."""
        ...


class BroadcastMessages(WhatsAppMessages, Protocol):
    """What campaign delivery needs beyond the conversations: buttons under the campaign's
    media in one message (one message per delivery keeps the broadcast within the phone
    number's throughput)."""

    async def send_buttons(
        self,
        to: str,
        body: str,
        buttons: Sequence[ReplyButton],
        *,
        footer: str | None = None,
        header: MediaHeader | None = None,
    ) -> str: ...

    async def send_url_button(
        self, to: str, body: str, *, label: str, url: str, header: MediaHeader | None = None
    ) -> str: ...
