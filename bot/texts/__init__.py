"""User-facing text: one catalogue per language, looked up by key, formatted after lookup.

Messages are Telegram HTML; every value put into a message is escaped unless wrapped in `Raw`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from bot.languages import Locale
from bot.texts import english, indonesian

CATALOGUES: Mapping[Locale, Mapping[str, str]] = {"id": indonesian.MESSAGES, "en": english.MESSAGES}


class Raw(str):
    """A value that is already safe HTML (for example a message part we built ourselves)."""


def _escape(value: object) -> str:
    if isinstance(value, Raw):
        return value
    return html.escape(str(value), quote=False)


def render(locale: Locale, key: str, /, **values: object) -> str:
    template = CATALOGUES[locale][key]
    return template.format(**{name: _escape(value) for name, value in values.items()})


class Translator:
    """`render` bound to one person's language, for the length of one update."""

    def __init__(self, locale: Locale) -> None:
        self.locale = locale

    def __call__(self, key: str, /, **values: object) -> str:
        return render(self.locale, key, **values)


def plain(locale: Locale, key: str, /, **values: object) -> str:
    """A catalogue text with no markup, for surfaces that are not chat: the badge artwork, the
    chart and the web pages. Nothing is escaped; a surface that needs escaping (HTML) escapes
    the finished text itself."""
    return CATALOGUES[locale][key].format(**values)
