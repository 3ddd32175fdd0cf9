"""Buttons as the core means them, before any channel shapes them: they say what they do (open
a link, answer with data, copy a text), not how a channel draws them. A message's text is
`bot.texts.markup.Rich`; `bot.campaigns.channel.OutgoingContent` carries both to a channel."""

from __future__ import annotations

from dataclasses import dataclass


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

# Rows of buttons, as a message carries them.
Keyboard = tuple[tuple[Button, ...], ...]
