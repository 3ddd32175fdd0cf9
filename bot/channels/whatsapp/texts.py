"""Catalogue texts in WhatsApp's shape: message text in WhatsApp's formatting (`*bold*`,
`_italic_`), labels (button titles, list rows) as plain text."""

from __future__ import annotations

from functools import lru_cache

from bot.channels.whatsapp.formatting import to_whatsapp
from bot.languages import Locale
from bot.texts import render
from bot.texts.markup import Rich


@lru_cache(maxsize=2048)
def _fixed(locale: Locale, key: str) -> str:
    """A text without values is the same every time: rendered once."""
    return to_whatsapp(render(locale, key))


class WhatsAppTranslator:
    """The catalogue bound to one person's language.

    Calling it gives a message body; `rich` gives a part to fill into another text; `label`
    gives button and row titles, which WhatsApp shows unformatted."""

    def __init__(self, locale: Locale) -> None:
        self.locale = locale

    def __call__(self, key: str, /, **values: object) -> str:
        if not values:
            return _fixed(self.locale, key)
        return to_whatsapp(render(self.locale, key, **values))

    def rich(self, key: str, /, **values: object) -> Rich:
        return render(self.locale, key, **values)

    def label(self, key: str, /, **values: object) -> str:
        return render(self.locale, key, **values).plain()
