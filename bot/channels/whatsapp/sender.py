"""The WhatsApp `DeliveryChannel` for campaign deliveries: neutral content drawn as WhatsApp
messages, and the Cloud API's error codes turned into the worker's delivery errors.

Inside the person's 24-hour window a campaign goes as the normal message: its text (or its
media with the text as caption), the share links in the text, and the buttons that answer
the bot ("Sudah dibagikan") as reply buttons, all in one interactive message when it fits.
Outside the window only an approved template may go: the content as its body parameter,
flattened to one line as template parameters must be, and the campaign's `/go/{id}` link as
its URL button. Pacing and pauses live in the delivery worker, as for Telegram.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from bot.campaigns.channel import (
    ChannelLimits,
    ContentKind,
    MediaUpload,
    OutgoingContent,
    SentMessage,
)
from bot.campaigns.delivery_errors import (
    SendError,
    SendRejected,
    SlowDown,
    SlowRecipient,
    TransientSendError,
)
from bot.channels.whatsapp.errors import (
    MARKETING_NOT_DELIVERED,
    PAIR_RATE_LIMIT,
    RE_ENGAGEMENT_REQUIRED,
    THROUGHPUT_REACHED,
    UNDELIVERABLE,
    WhatsAppError,
    WhatsAppUnavailable,
)
from bot.channels.whatsapp.formatting import to_whatsapp
from bot.channels.whatsapp.ports import (
    MAX_BUTTON_TITLE,
    MAX_BUTTONS,
    MAX_CAPTION,
    MAX_INTERACTIVE_BODY,
    MAX_TEXT_BODY,
    BroadcastMessages,
    MediaHeader,
    ReplyButton,
    TemplateMessage,
)
from bot.texts.outgoing import Callback, CopyText, OpenUrl

_LOGGER = logging.getLogger(__name__)

NAME = "whatsapp"
# WhatsApp's pair rate: about one message every 6 seconds to the same person.
PAIR_INTERVAL = 6.0
# 130429 says no more than that the number's throughput was reached; a second lets it drain.
THROUGHPUT_PAUSE = 1.0
# A template's body is at most 1024 characters, its own words included.
MAX_TEMPLATE_PARAMETER = 900
# Throttling of the whole app or account, not of the phone number's sends (Graph codes).
_APP_THROTTLING = (4, 80007)
_NOT_DELIVERED = (
    UNDELIVERABLE,
    MARKETING_NOT_DELIVERED,
    131050,  # the person stopped marketing messages from us
)
# Trouble on Meta's side or with our number, not with this content or person: retried.
_TRANSIENT = (
    1,  # API unknown
    2,  # API service
    131000,  # something went wrong
    131016,  # service unavailable
    131048,  # spam rate limit
    131031,  # business account locked
    133004,  # server temporarily unavailable
    368,  # temporarily blocked for policy violations
)
_DEFAULT_MIME = {
    "photo": "image/jpeg",
    "video": "video/mp4",
    "document": "application/octet-stream",
}

CredentialAlert = Callable[[WhatsAppError], Awaitable[None]]


class WindowLookup(Protocol):
    """Whether the person wrote to us within the last 24 hours (free-form messages allowed)."""

    async def is_open(self, address: str) -> bool: ...


class WhatsAppSender:
    """Sends campaign messages through `messages` (a `CloudApiClient`); `template` (in
    `template_language`) is the approved marketing template for people outside the window:
    one body parameter {{1}} and a URL button whose dynamic suffix is the campaign id.

    `on_credential_error` hears once that the token was refused (expired, revoked, lacking
    permissions); again only after a send has worked in between."""

    name = NAME

    def __init__(
        self,
        messages: BroadcastMessages,
        *,
        windows: WindowLookup,
        template: str,
        template_language: str,
        rate_per_second: float,
        on_credential_error: CredentialAlert,
    ) -> None:
        self._messages = messages
        self._windows = windows
        self._template, self._template_language = template, template_language
        self._on_credential_error = on_credential_error
        self._credentials_refused = False
        self._filenames: dict[str, str] = {}  # document media id → its file name
        self.limits = ChannelLimits(
            messages_per_second=rate_per_second,
            paid_messages_per_second=rate_per_second,  # WhatsApp has no paid broadcast
            per_chat_interval=PAIR_INTERVAL,
            max_text_length=MAX_TEXT_BODY,
            max_caption_length=MAX_CAPTION,
            max_copy_text_length=MAX_INTERACTIVE_BODY,
        )

    async def send(self, address: str, content: OutgoingContent) -> SentMessage:
        try:
            sent = await self._send(address, content)
        except WhatsAppUnavailable as error:
            raise TransientSendError(str(error)) from error
        except WhatsAppError as error:
            raise await self._delivery_error(error) from error
        self._credentials_refused = False
        return sent

    async def _send(self, address: str, content: OutgoingContent) -> SentMessage:
        if not await self._windows.is_open(address):
            return SentMessage(0, external_id=await self._send_template(address, content))
        media_id, uploaded = await self._media_id(content)
        try:
            wamid = await self._send_normal(address, content, media_id)
        except WhatsAppError as error:
            if error.code != RE_ENGAGEMENT_REQUIRED:
                raise
            # The window closed since the person last wrote (as WhatsApp counts): template.
            wamid = await self._send_template(address, content)
        return SentMessage(0, media_file_id=uploaded, external_id=wamid)

    # The normal message, inside the window
    async def _media_id(self, content: OutgoingContent) -> tuple[str | None, str | None]:
        """The media's WhatsApp id, and the same id again when it was uploaded just now."""
        media = content.media
        if not isinstance(media, MediaUpload):
            return media, None
        mime_type = mimetypes.guess_type(media.filename)[0] or _DEFAULT_MIME[content.kind]
        media_id = await self._messages.upload_media(
            media.data, mime_type=mime_type, filename=media.filename
        )
        self._filenames[media_id] = media.filename
        return media_id, media_id

    async def _send_normal(self, to: str, content: OutgoingContent, media_id: str | None) -> str:
        text = _main_text(content)
        links = [button for button in _buttons(content) if isinstance(button, OpenUrl)]
        replies = [
            ReplyButton(button.data, _title(button.label))
            for button in _buttons(content)
            if isinstance(button, Callback)
        ][:MAX_BUTTONS]
        header = self._header(content.kind, media_id)
        if replies:
            lines = _link_lines(links)
            body = _paragraphs(text, lines) or _titles(replies)
            if len(body) <= MAX_INTERACTIVE_BODY:
                return await self._messages.send_buttons(to, body, replies, header=header)
            first = await self._send_plain(to, content.kind, text, media_id)
            rest = _cut(lines, MAX_INTERACTIVE_BODY) or _titles(replies)
            await self._messages.send_buttons(to, rest, replies)
            return first
        if links:
            action, others = links[0], _link_lines(links[1:])
            label = _title(action.label)
            body = _paragraphs(text, others) or action.label
            if len(body) <= MAX_INTERACTIVE_BODY:
                return await self._messages.send_url_button(
                    to, body, label=label, url=action.url, header=header
                )
            first = await self._send_plain(to, content.kind, text, media_id)
            rest = _cut(others, MAX_INTERACTIVE_BODY) or action.label
            await self._messages.send_url_button(to, rest, label=label, url=action.url)
            return first
        return await self._send_plain(to, content.kind, text, media_id)

    async def _send_plain(self, to: str, kind: ContentKind, text: str, media_id: str | None) -> str:
        """The content without buttons: the media with the text as caption when it fits,
        otherwise the media and then the text."""
        if media_id is None:
            return await self._messages.send_text(
                to, _cut(text, MAX_TEXT_BODY), preview_url="http" in text
            )
        caption = text if len(text) <= MAX_CAPTION else None
        if kind == "photo":
            first = await self._messages.send_image(to, media_id, caption=caption)
        elif kind == "video":
            first = await self._messages.send_video(to, media_id, caption=caption)
        else:
            first = await self._messages.send_document(
                to, media_id, filename=self._filename(media_id), caption=caption
            )
        if caption is None and text:
            await self._messages.send_text(to, _cut(text, MAX_TEXT_BODY))
        return first

    def _header(self, kind: ContentKind, media_id: str | None) -> MediaHeader | None:
        if media_id is None:
            return None
        if kind == "photo":
            return MediaHeader("image", media_id)
        if kind == "video":
            return MediaHeader("video", media_id)
        return MediaHeader("document", media_id, self._filename(media_id))

    def _filename(self, media_id: str) -> str:
        return self._filenames.get(media_id, "dokumen")

    # The template, outside the window
    async def _send_template(self, to: str, content: OutgoingContent) -> str:
        text = to_whatsapp(content.text)  # copy buttons add nothing a template can carry
        if content.link and content.campaign_id is not None:
            text = text.replace(content.link, " ")  # the URL button carries it
        parameter = _template_words(text, MAX_TEMPLATE_PARAMETER)
        template = TemplateMessage(
            self._template,
            self._template_language,
            body=(parameter,) if parameter else (),
            url_suffix=str(content.campaign_id) if content.campaign_id is not None else None,
        )
        return await self._messages.send_template(to, template)

    # Errors
    async def _delivery_error(self, error: WhatsAppError) -> SendError:
        if error.is_credential_problem:
            await self._alert_credentials(error)
            return TransientSendError(str(error))
        if error.code in (THROUGHPUT_REACHED, *_APP_THROTTLING):
            return SlowDown(THROUGHPUT_PAUSE)
        if error.code == PAIR_RATE_LIMIT:
            return SlowRecipient(PAIR_INTERVAL)
        if error.code in _NOT_DELIVERED:
            # Final, but the person is not blocked: they may read us on another channel, or
            # take marketing messages again tomorrow.
            return SendRejected(str(error))
        if error.http_status >= 500 or error.code in _TRANSIENT:
            return TransientSendError(str(error))
        return SendRejected(str(error))

    async def _alert_credentials(self, error: WhatsAppError) -> None:
        if self._credentials_refused:
            return
        self._credentials_refused = True  # before the await: concurrent sends alert once
        try:
            await self._on_credential_error(error)
        except Exception:
            # The alert is a courtesy; the delivery's fate does not depend on it.
            _LOGGER.exception("Telling the admins about the refused WhatsApp token failed")


def template_parameter(text: str) -> str:
    """`text` as a template's text parameter may be: one line, no tabs, no runs of spaces."""
    return " ".join(text.split())


def _template_words(text: str, limit: int) -> str:
    """`text` as the template's parameter, within `limit`: a message too long is shortened in
    its body, never in the hashtags closing it (the disclosure tag among them must stay)."""
    paragraphs = [paragraph for paragraph in text.split("\n\n") if paragraph.strip()]
    tags: list[str] = []
    while len(paragraphs) > 1 and all(word.startswith("#") for word in paragraphs[-1].split()):
        tags.insert(0, paragraphs.pop())
    body, closing = template_parameter(" ".join(paragraphs)), template_parameter(" ".join(tags))
    whole = f"{body} {closing}".strip()
    if len(whole) <= limit or not closing or len(closing) >= limit // 2:
        return _cut(whole, limit)
    return f"{_cut(body, limit - len(closing) - 1)} {closing}"


def _main_text(content: OutgoingContent) -> str:
    """The message in WhatsApp's formatting; text meant to be copied is shown (WhatsApp has no
    copy button) unless the message already holds it."""
    text = to_whatsapp(content.text).strip()
    for button in _buttons(content):
        # Compared by words: the copy puts the link one line below, the message a paragraph.
        if isinstance(button, CopyText) and _words(button.text) not in _words(text):
            text = _paragraphs(text, button.text.strip())
    return text


def _words(text: str) -> str:
    return " ".join(text.split())


def _buttons(content: OutgoingContent) -> list[OpenUrl | Callback | CopyText]:
    return [button for row in content.buttons for button in row]


def _link_lines(links: Sequence[OpenUrl]) -> str:
    return "\n".join(f"{link.label}: {link.url}" for link in links)


def _titles(replies: Sequence[ReplyButton]) -> str:
    return " · ".join(reply.title for reply in replies)


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def _title(label: str) -> str:
    return _cut(label.strip(), MAX_BUTTON_TITLE)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
