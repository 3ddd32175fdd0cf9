"""Neutral messages in Telegram's shape: rich text as Bot API HTML, button intents as an
inline keyboard."""

from __future__ import annotations

import html
from functools import cache

from telegram import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup

from bot.texts.markup import Rich, Style
from bot.texts.outgoing import Button, Callback, CopyText, OpenUrl

# Outermost first, so nesting is always well-formed.
_TAGS = ((Style.BOLD, "b"), (Style.ITALIC, "i"), (Style.CODE, "code"))


def to_html(text: Rich) -> str:
    parts: list[str] = []
    for span in text.spans:
        opening, closing = _tags(span.style)
        piece = f"{opening}{html.escape(span.text, quote=False)}{closing}"
        if span.url:
            piece = f'<a href="{html.escape(span.url, quote=True)}">{piece}</a>'
        parts.append(piece)
    return "".join(parts)


@cache
def _tags(style: Style) -> tuple[str, str]:
    """The opening and closing tags of a style (cached: enum flag tests are slow, and every
    message's every span asks)."""
    names = [tag for flag, tag in _TAGS if flag in style]
    return "".join(f"<{name}>" for name in names), "".join(f"</{name}>" for name in reversed(names))


def to_button(button: Button) -> InlineKeyboardButton:
    match button:
        case OpenUrl(label, url):
            return InlineKeyboardButton(label, url=url)
        case Callback(label, data):
            return InlineKeyboardButton(label, callback_data=data)
        case CopyText(label, text):
            return InlineKeyboardButton(label, copy_text=CopyTextButton(text))
    raise TypeError(f"not a button: {button!r}")


def to_keyboard(rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup([[to_button(button) for button in row] for row in rows])
