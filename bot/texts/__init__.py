"""User-facing text: one catalogue per language, looked up by a literal key.

Chat texts are written in the neutral markup of `bot.texts.markup` and come out as `Rich`;
each channel renders them its own way (Telegram HTML in `bot.channels.telegram.texts`).
Values filled in are plain text, so nothing a person typed can add formatting.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.languages import Locale
from bot.texts import english, indonesian
from bot.texts.markup import Rich, fill

CATALOGUES: Mapping[Locale, Mapping[str, str]] = {"id": indonesian.MESSAGES, "en": english.MESSAGES}


def render(locale: Locale, key: str, /, **values: object) -> Rich:
    return fill(CATALOGUES[locale][key], values)


def plain(locale: Locale, key: str, /, **values: object) -> str:
    """A catalogue text with no markup, for surfaces that are not chat: the badge artwork, the
    chart and the web pages. Nothing is escaped; a surface that needs escaping (HTML) escapes
    the finished text itself."""
    return CATALOGUES[locale][key].format(**values)
