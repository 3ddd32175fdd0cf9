"""The outbound port: what the delivery worker hands a channel, and what a channel tells the
worker about itself (its limits). Telegram implements it in bot/channels/telegram/sender.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from bot.texts.markup import Rich
from bot.texts.outgoing import Keyboard

ContentKind = Literal["text", "photo", "video", "document"]


@dataclass(frozen=True)
class MediaUpload:
    """A file to upload once; later sends with the same `key` go by the returned file id."""

    key: str  # stable for the file, e.g. f"campaign-{id}"
    data: bytes = field(repr=False)
    filename: str


@dataclass(frozen=True)
class OutgoingContent:
    """One campaign message, channel-neutral: rich text (the message, or the caption of the
    media) and buttons as intents; the channel draws both its own way."""

    kind: ContentKind
    text: Rich
    media: str | MediaUpload | None = None  # the channel's file id, or a file to upload
    buttons: Keyboard = ()
    allow_paid_broadcast: bool = False
    # The campaign's own link and id: a channel that cannot show the buttons (WhatsApp's
    # template outside the 24-hour window) links to /go/{campaign_id}, which redirects there.
    link: str | None = None
    campaign_id: int | None = None

    def __post_init__(self) -> None:
        if (self.kind == "text") != (self.media is None):
            raise ValueError("text messages have no media; photo/video/document need media")


@dataclass(frozen=True)
class SentMessage:
    message_id: int
    media_file_id: str | None = None  # the id of uploaded media, for sending it again
    external_id: str | None = None  # the channel's own message id when not a number (wamid)


@dataclass(frozen=True)
class ChannelLimits:
    """How fast and how much a channel takes; the worker and pacer keep within these."""

    messages_per_second: float  # overall, for bulk sends
    paid_messages_per_second: float  # with the channel's paid broadcast, where it has one
    per_chat_interval: float  # seconds between an answered send to a chat and the next
    max_text_length: int
    max_caption_length: int
    max_copy_text_length: int  # what a copy-text button carries


class DeliveryChannel(Protocol):
    """Sends campaign messages to people of one channel (`name` matches `people.channel`)."""

    @property
    def name(self) -> str: ...

    @property
    def limits(self) -> ChannelLimits: ...

    async def send(self, address: str, content: OutgoingContent) -> SentMessage:
        """Sends one message; raises RecipientGone, SlowDown, SlowRecipient,
        TransientSendError or SendRejected (bot.campaigns.delivery_errors) when it was not
        sent."""
        ...
