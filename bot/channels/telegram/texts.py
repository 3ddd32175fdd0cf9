"""Catalogue texts in Telegram's shape: message text as Bot API HTML, labels as plain text."""

from __future__ import annotations

from functools import lru_cache

from bot.channels.telegram.rendering import to_html
from bot.languages import Locale
from bot.texts import render
from bot.texts.markup import Rich


def render_html(locale: Locale, key: str, /, **values: object) -> str:
    if not values:
        return _fixed_html(locale, key)
    return to_html(render(locale, key, **values))


@lru_cache(maxsize=2048)
def _fixed_html(locale: Locale, key: str) -> str:
    """A text without values is the same every time: rendered once (the consent message is
    sent to every newcomer)."""
    return to_html(render(locale, key))


class Translator:
    """The catalogue bound to one person's language, for the length of one update.

    Calling it gives message HTML (what `reply_html` and `parse_mode=HTML` take); `rich` gives
    a part to fill into another text; `label` gives button and menu text, which Telegram shows
    unformatted."""

    def __init__(self, locale: Locale) -> None:
        self.locale = locale

    def __call__(self, key: str, /, **values: object) -> str:
        return render_html(self.locale, key, **values)

    def rich(self, key: str, /, **values: object) -> Rich:
        return render(self.locale, key, **values)

    def label(self, key: str, /, **values: object) -> str:
        return render(self.locale, key, **values).plain()


def admin_translator(default: Locale) -> Translator:
    """Texts for the admin group: in the bot's default language, whoever pressed or typed,
    so every admin reads the group in one language."""
    return Translator(default)
