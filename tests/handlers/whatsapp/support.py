"""A recording WhatsApp port that enforces the Cloud API's limits (a handler that breaks one
fails its test here, as the Cloud API would refuse it), and a simulated person who types,
presses reply buttons, picks list rows and sends images."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.channels.whatsapp import ports
from bot.channels.whatsapp.conversations import ConversationStates
from bot.channels.whatsapp.ports import (
    Inbound,
    InboundKind,
    ListRow,
    ListSection,
    ReplyButton,
    TemplateMessage,
)
from bot.enrollment.social_handles import Platform
from bot.people.service import ChannelIdentity
from bot.services import Services
from bot.verification.review import ReviewCard
from handlers.whatsapp.dispatcher import WhatsAppConversations
from storage.database import Database
from tests.fakes.social_apis import FakeSocialApis

# WhatsApp shows no HTML: a tag in a body means a Telegram text leaked through unrendered.
_HTML_TAG = re.compile(r"</?(b|i|u|s|code|pre|a|tg-spoiler)\b[^>]*>")
# What the Cloud API's media upload takes (Meta's "Supported media types"); anything else,
# application/json included, is refused with code 100.
_UPLOAD_TYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/webp",
        "video/mp4",
        "video/3gpp",
        "audio/aac",
        "audio/amr",
        "audio/mpeg",
        "audio/mp4",
        "audio/ogg",
        "text/plain",
        "application/pdf",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    }
)


class LimitBroken(AssertionError):
    """The Cloud API would refuse this message."""


@dataclass(frozen=True)
class Sent:
    kind: str  # text, buttons, list, url_button, image, document, video, template
    to: str
    body: str = ""
    buttons: tuple[ReplyButton, ...] = ()
    rows: tuple[ListRow, ...] = ()
    media_id: str | None = None
    filename: str | None = None
    template: TemplateMessage | None = None

    @property
    def titles(self) -> list[str]:
        return [b.title for b in self.buttons] + [r.title for r in self.rows]


def _check(condition: bool, problem: str) -> None:
    if not condition:
        raise LimitBroken(problem)


def _check_body(body: str, limit: int) -> None:
    _check(0 < len(body) <= limit, f"body of {len(body)} characters (1..{limit})")
    _check(_HTML_TAG.search(body) is None, f"HTML in a WhatsApp body: {body[:80]!r}")


class RecordingMessages:
    """`WhatsAppMessages` that records every call and checks it against the limits."""

    def __init__(self) -> None:
        self.sent: list[Sent] = []
        self.uploads: dict[str, tuple[bytes, str, str]] = {}
        self.inbound_media: dict[str, tuple[bytes, str]] = {}
        self.read: list[str] = []
        self._ids = itertools.count(1)

    def _wamid(self) -> str:
        return f"wamid.out{next(self._ids)}"

    def _record(self, sent: Sent) -> str:
        self.sent.append(sent)
        return self._wamid()

    async def send_text(self, to: str, body: str, *, preview_url: bool = False) -> str:
        _check_body(body, ports.MAX_TEXT_BODY)
        return self._record(Sent("text", to, body))

    async def send_buttons(
        self, to: str, body: str, buttons: Sequence[ReplyButton], *, footer: str | None = None
    ) -> str:
        _check_body(body, ports.MAX_INTERACTIVE_BODY)
        _check(1 <= len(buttons) <= ports.MAX_BUTTONS, f"{len(buttons)} buttons")
        for button in buttons:
            _check(0 < len(button.title) <= ports.MAX_BUTTON_TITLE, f"title {button.title!r}")
            _check(0 < len(button.id) <= 256, f"button id {button.id!r}")
        _check(len({b.id for b in buttons}) == len(buttons), "button ids repeat")
        _check(len({b.title for b in buttons}) == len(buttons), "button titles repeat")
        return self._record(Sent("buttons", to, body, buttons=tuple(buttons)))

    async def send_list(
        self, to: str, body: str, *, button: str, sections: Sequence[ListSection]
    ) -> str:
        _check_body(body, ports.MAX_INTERACTIVE_BODY)
        _check(0 < len(button) <= ports.MAX_LIST_BUTTON, f"list button {button!r}")
        rows = tuple(row for section in sections for row in section.rows)
        _check(1 <= len(rows) <= ports.MAX_LIST_ROWS, f"{len(rows)} rows")
        for section in sections:
            _check(len(section.title) <= ports.MAX_ROW_TITLE, f"section {section.title!r}")
        for row in rows:
            _check(0 < len(row.title) <= ports.MAX_ROW_TITLE, f"row title {row.title!r}")
            _check(len(row.description) <= ports.MAX_ROW_DESCRIPTION, f"row {row.description!r}")
            _check(0 < len(row.id) <= 200, f"row id {row.id!r}")
        _check(len({r.id for r in rows}) == len(rows), "row ids repeat")
        return self._record(Sent("list", to, body, rows=rows))

    async def send_url_button(self, to: str, body: str, *, label: str, url: str) -> str:
        _check_body(body, ports.MAX_INTERACTIVE_BODY)
        _check(0 < len(label) <= ports.MAX_BUTTON_TITLE, f"label {label!r}")
        return self._record(Sent("url_button", to, body))

    def _media(self, media_id: str, caption: str | None) -> None:
        _check(media_id in self.uploads, f"unknown media id {media_id}")
        if caption is not None:
            _check_body(caption, ports.MAX_CAPTION)

    async def send_image(self, to: str, media_id: str, *, caption: str | None = None) -> str:
        self._media(media_id, caption)
        return self._record(Sent("image", to, caption or "", media_id=media_id))

    async def send_document(
        self, to: str, media_id: str, *, filename: str, caption: str | None = None
    ) -> str:
        self._media(media_id, caption)
        return self._record(
            Sent("document", to, caption or "", media_id=media_id, filename=filename)
        )

    async def send_video(self, to: str, media_id: str, *, caption: str | None = None) -> str:
        self._media(media_id, caption)
        return self._record(Sent("video", to, caption or "", media_id=media_id))

    async def send_template(self, to: str, template: TemplateMessage) -> str:
        return self._record(Sent("template", to, template=template))

    async def upload_media(self, data: bytes, *, mime_type: str, filename: str) -> str:
        _check(bool(data), "empty upload")
        _check(mime_type in _UPLOAD_TYPES, f"an upload of {mime_type}, which WhatsApp refuses")
        media_id = f"media-{len(self.uploads) + 1}"
        self.uploads[media_id] = (data, mime_type, filename)
        return media_id

    async def download_media(self, media_id: str) -> tuple[bytes, str]:
        _check(media_id in self.inbound_media, f"no inbound media {media_id}")
        return self.inbound_media[media_id]

    async def mark_read_typing(self, message_id: str) -> None:
        self.read.append(message_id)


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires_at: datetime


class LinkRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class RecordingLinks:
    """The linking service's port: issues "123456", refuses any other code as wrong."""

    now: datetime
    redeemed: list[tuple[ChannelIdentity, str]] = field(default_factory=list)

    async def issue(self, who: ChannelIdentity) -> IssuedCode:
        return IssuedCode("123456", self.now + timedelta(minutes=15))

    async def redeem(self, who: ChannelIdentity, code: str) -> int:
        if code != "123456":
            raise LinkRefused("wrong_code")
        self.redeemed.append((who, code))
        return 1


@dataclass
class RecordingReviewDesk:
    screenshots: list[tuple[bytes, str]] = field(default_factory=list)
    cards: list[ReviewCard] = field(default_factory=list)

    async def keep_screenshot(self, data: bytes, mime_type: str) -> str:
        self.screenshots.append((data, mime_type))
        return f"telegram-file-{len(self.screenshots)}"

    async def post_card(self, card: ReviewCard) -> None:
        self.cards.append(card)


class WhatsAppPerson:
    """Someone writing to the bot on WhatsApp; each action returns the bot's answers."""

    def __init__(
        self, conversations: WhatsAppConversations, messages: RecordingMessages, wa_id: str
    ) -> None:
        self._conversations = conversations
        self._messages = messages
        self.wa_id = wa_id
        self._ids = itertools.count(1)
        self.last: Sent | None = None

    async def _send(
        self,
        kind: InboundKind,
        text: str = "",
        *,
        choice_id: str | None = None,
        media_id: str | None = None,
    ) -> list[Sent]:
        before = len(self._messages.sent)
        message = Inbound(
            message_id=f"wamid.{self.wa_id}.{next(self._ids)}",
            wa_id=self.wa_id,
            sent_at=datetime.now(UTC),
            kind=kind,
            text=text,
            choice_id=choice_id,
            media_id=media_id,
            mime_type="image/jpeg" if media_id else None,
        )
        await self._conversations.handle(message)
        answers = [s for s in self._messages.sent[before:] if s.to == self.wa_id]
        if answers:
            self.last = answers[-1]
        return answers

    async def says(self, text: str) -> list[Sent]:
        return await self._send("text", text)

    async def presses(self, title: str) -> list[Sent]:
        """Presses the reply button (or picks the list row) titled `title` on the latest
        message that has it."""
        for sent in reversed(self._messages.sent):
            if sent.to != self.wa_id:
                continue
            for button in sent.buttons:
                if button.title == title:
                    return await self._send("button", title, choice_id=button.id)
            for row in sent.rows:
                if row.title == title:
                    return await self._send("list", title, choice_id=row.id)
        offered = [s.titles for s in self._messages.sent if s.to == self.wa_id][-3:]
        raise AssertionError(f"no button or row titled {title!r}; offered {offered}")

    async def presses_id(self, choice_id: str, title: str = "button") -> list[Sent]:
        """A press on a button the bot sent elsewhere (a campaign message)."""
        return await self._send("button", title, choice_id=choice_id)

    async def sends_image(self, media_id: str, data: bytes) -> list[Sent]:
        self._messages.inbound_media[media_id] = (data, "image/jpeg")
        return await self._send("image", media_id=media_id)

    async def sends_sticker(self) -> list[Sent]:
        return await self._send("other")


@dataclass
class WhatsAppHarness:
    services: Services
    messages: RecordingMessages
    links: RecordingLinks
    desk: RecordingReviewDesk
    conversations: WhatsAppConversations
    states: ConversationStates
    db: Database

    def person(self, wa_id: str = "6281234567890") -> WhatsAppPerson:
        return WhatsAppPerson(self.conversations, self.messages, wa_id)


# --- Steps many tests share -----------------------------------------------------------------

NIP = "19850612 201001 1 003"


async def enroll_until_summary(person: WhatsAppPerson, *, x: str = "sitirahma") -> None:
    """Answers every question with good answers (an X account only), up to the summary."""
    await person.says("DAFTAR")
    await person.presses("✅ Setuju")
    await person.says(NIP)
    await person.says("Dr. Siti Rahma, S.Kom., M.Si.")
    await person.presses("Kementerian / Lembaga")
    await person.says("Komdigi")
    await person.presses("Kementerian Komunikasi…")
    await person.says("Biro Hubungan Masyarakat")
    await person.says("Jawa Timur")
    await person.presses("Lewati ⏭")  # work email
    await person.presses("Lewati ⏭")  # Instagram
    await person.presses("Lewati ⏭")  # Facebook
    await person.says(f"@{x}")
    await person.presses("Lewati ⏭")  # TikTok
    await person.presses("Lewati ⏭")  # YouTube


async def verified_with_badge(person: WhatsAppPerson, apis: FakeSocialApis) -> list[Sent]:
    """Enrolls with an X account over the threshold, proves ownership with the code in the
    bio, and returns the answers to "✅ Sudah": the verdict, the congratulations, the badge."""
    apis.add_x_user("sitirahma", followers=2500)
    await enroll_until_summary(person)
    checked = await person.presses("✅ Benar")
    code = re.search(r"ASN-\w{4}", checked[-1].body)
    assert code, checked[-1].body
    apis.set_bio(Platform.X, "sitirahma", code[0])
    return await person.presses("✅ Sudah")
