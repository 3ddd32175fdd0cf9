"""A message as the core means it, before any channel shapes it: rich text and buttons that
say what they do (open a link, answer with data, copy a text), not how a channel draws them."""

from __future__ import annotations

from dataclasses import dataclass

from bot.texts.markup import Rich


@dataclass(frozen=True, slots=True)
class OpenUrl:
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Callback:
    """A button whose press comes back to the bot with `data` (the channel's limits apply:
    Telegram takes 64 bytes)."""

    label: str
    data: str


@dataclass(frozen=True, slots=True)
class CopyText:
    """A button that puts `text` on the person's clipboard (where the channel has no such
    button, the channel shows the text to copy by hand)."""

    label: str
    text: str


Button = OpenUrl | Callback | CopyText


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    text: Rich
    buttons: tuple[tuple[Button, ...], ...] = ()
    # A picture to send with the text as its caption: a channel file id/URL or local bytes.
    photo: str | bytes | None = None
