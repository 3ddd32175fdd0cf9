"""Dates and numbers the way each language writes them (Babel knows both)."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date

from bot.clock import JAKARTA
from bot.languages import Locale
from bot.verification.follower_counts import format_count


def day(value: date | datetime, locale: Locale) -> str:
    """`27 November 2026` / `November 27, 2026`; times are shown on their WIB date."""
    if isinstance(value, datetime):
        value = value.astimezone(JAKARTA).date()
    return format_date(value, format="long", locale=locale)


def count(value: int | None, locale: Locale) -> str:
    """`12.345` / `12,345`; a hidden count is a dash."""
    return "—" if value is None else format_count(value, locale, compact=False)
