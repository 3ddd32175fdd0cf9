"""Plain data the emulator keeps: simulated people and chats, uploads, files, bot messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Statuses a user can have in a chat, as in ChatMember.status.
MEMBER_STATUSES = ("creator", "administrator", "member", "restricted", "left", "kicked")


@dataclass(slots=True)
class Upload:
    """One multipart file part of a request."""

    filename: str
    content_type: str
    data: bytes


@dataclass(slots=True)
class SimUser:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "id"
    is_bot: bool = False
    started: bool = True  # has pressed Start; bots cannot message users who never did
    blocked: bool = False
    deactivated: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            out["last_name"] = self.last_name
        if self.username:
            out["username"] = self.username
        if self.language_code:
            out["language_code"] = self.language_code
        return out

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name


@dataclass(slots=True)
class SimChat:
    id: int
    type: str  # "private" | "group" | "supergroup" | "channel"
    title: str | None = None
    user: SimUser | None = None  # the other side of a private chat
    members: dict[int, str] = field(default_factory=dict)  # user id -> status (incl. the bot)
    username: str | None = None
    migrated_to: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.user is not None:
            out.update({k: v for k, v in self.user.to_dict().items() if k in _CHAT_USER_KEYS})
        if self.title is not None:
            out["title"] = self.title
        if self.username:
            out["username"] = self.username
        return out


_CHAT_USER_KEYS = ("first_name", "last_name", "username")


@dataclass(slots=True)
class FileRecord:
    file_id: str
    file_unique_id: str
    kind: str  # "photo" | "document" | "video" | "voice" | "sticker" | ...
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None

    @property
    def file_size(self) -> int:
        return len(self.data)


@dataclass(slots=True)
class BotMessage:
    """One message the bot sent or edited, as the user would see it."""

    method: str
    chat_id: int
    message_id: int
    message: dict[str, Any]  # the Message object returned to the bot (after the change)
    params: dict[str, Any]  # validated request params (uploads replaced by their file_id)

    @property
    def text(self) -> str | None:
        return self.message.get("text")

    @property
    def caption(self) -> str | None:
        return self.message.get("caption")

    @property
    def content(self) -> str:
        """Text or caption, whichever the message has."""
        return self.message.get("text") or self.message.get("caption") or ""

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        return self.message.get("reply_markup")

    @property
    def photo(self) -> list[dict[str, Any]] | None:
        return self.message.get("photo")

    @property
    def document(self) -> dict[str, Any] | None:
        return self.message.get("document")

    @property
    def video(self) -> dict[str, Any] | None:
        return self.message.get("video")

    @property
    def file_id(self) -> str | None:
        """file_id of the media in the message (largest photo size for photos)."""
        if photo := self.photo:
            return str(photo[-1]["file_id"])
        for key in ("document", "video", "animation", "audio", "voice", "sticker"):
            if media := self.message.get(key):
                return str(media["file_id"])
        return None

    @property
    def is_edit(self) -> bool:
        return self.method.startswith("edit")

    @property
    def buttons(self) -> list[list[tuple[str, str | None]]]:
        """Inline keyboard rows as (text, callback_data or url or copy_text)."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [[_button_pair(button) for button in row] for row in rows]

    @property
    def button_texts(self) -> list[str]:
        return [text for row in self.buttons for text, _ in row]


def _button_pair(button: dict[str, Any] | str) -> tuple[str, str | None]:
    if isinstance(button, str):
        return button, None
    for key in ("callback_data", "url"):
        if key in button:
            return button["text"], button[key]
    if "copy_text" in button:
        return button["text"], button["copy_text"]["text"]
    return button["text"], None
