"""Which language a person is answered in."""

from __future__ import annotations

from typing import Literal

Locale = Literal["id", "en"]
LOCALES: tuple[Locale, ...] = ("id", "en")


def choose_locale(chosen: str | None, platform_language: str | None, default: Locale) -> Locale:
    """A language picked with /bahasa wins; else English speakers get English; else the default.

    Telegram reports the app's language as an IETF tag such as "en", "en-GB" or "id".
    """
    if chosen in LOCALES:
        return chosen
    if platform_language:
        primary = platform_language.split("-")[0].lower()
        if primary == "en":
            return "en"
        if primary in {"id", "ms"}:
            return "id"
    return default
