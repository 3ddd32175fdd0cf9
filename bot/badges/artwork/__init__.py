"""The badge picture a Humas Pemerintah member can post: 1080×1080 (post) or 1080×1920 (story).

Design: the cached background (bot/badges/artwork/background.py) with the logo tile and the
programme's name on top, the white card (bot/badges/artwork/cards.py: name, agency, badge number,
dates and a QR code to the verification page), and the issuer named below the card. The national
emblem (Garuda Pancasila) is deliberately never drawn — its use is restricted by law — the default
mark is a neutral speech bubble with a check (bot/badges/artwork/logo.py). Every word comes from the
catalogue of the badge's language.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from babel.dates import format_date
from PIL import Image, ImageDraw

from bot.badges.artwork.background import background
from bot.badges.artwork.cards import CARDS, CardWords, paste_qr
from bot.badges.artwork.layouts import LAYOUTS, Layout, Variant
from bot.badges.artwork.logo import paste_logo
from bot.badges.artwork.palette import FOOTER_INK, SUBTITLE_INK, WHITE
from bot.badges.artwork.typography import draw_lines, fit_text
from bot.languages import LOCALES, Locale
from bot.texts import plain

__all__ = [
    "BadgeArtwork",
    "Variant",
    "format_badge_date",
    "render_badge",
    "render_badge_image",
]


@dataclass(frozen=True)
class BadgeArtwork:
    """What the picture shows. ``verify_url`` becomes the QR code; ``locale`` is "id" or "en"."""

    holder_name: str
    agency: str
    badge_number: str
    issued_on: date
    valid_until: date
    verify_url: str
    issuer_name: str
    locale: Locale = "id"
    logo_path: Path | None = None

    def __post_init__(self) -> None:
        if self.locale not in LOCALES:
            raise ValueError(f"unsupported badge locale {self.locale!r}; expected one of {LOCALES}")
        if self.valid_until < self.issued_on:
            raise ValueError("valid_until is before issued_on")
        for field in ("holder_name", "agency", "badge_number", "verify_url", "issuer_name"):
            if not getattr(self, field).strip():
                raise ValueError(f"{field} must not be empty")


def format_badge_date(day: date, locale: Locale) -> str:
    """A date as printed on the badge: ``27 November 2026`` (id), ``November 27, 2026`` (en)."""
    return format_date(day, format="long", locale=locale)


def _card_words(art: BadgeArtwork) -> CardWords:
    locale = art.locale
    other: Locale = "en" if locale == "id" else "id"
    return CardWords(
        awarded_to=plain(locale, "art_awarded_to"),
        holder_name=art.holder_name,
        agency=art.agency,
        number_label=plain(locale, "art_badge_number"),
        badge_number=art.badge_number,
        issued_label=plain(locale, "art_issued"),
        issued_on=format_badge_date(art.issued_on, locale),
        valid_label=plain(locale, "art_valid_until"),
        valid_until=format_badge_date(art.valid_until, locale),
        scan_to_verify=(plain(locale, "art_scan_to_verify"), plain(other, "art_scan_to_verify")),
    )


def _draw_header(draw: ImageDraw.ImageDraw, layout: Layout) -> None:
    """The programme's name beside the logo tile, vertically centred on it: in Indonesian as the
    title and in English below it, on badges in either language."""
    w, _ = layout.size
    x = layout.logo.right + 32
    width = w - 64 - x
    title = fit_text(
        plain("id", "art_programme").upper(),
        weight="extrabold",
        max_width=width,
        max_lines=1,
        max_size=62,
        min_size=30,
    )
    subtitle = fit_text(
        plain("en", "art_programme"),
        weight="medium",
        max_width=width,
        max_lines=1,
        max_size=30,
        min_size=16,
    )
    gap = 16
    block = title.height + gap + subtitle.height
    top = layout.logo.y + (layout.logo.h - block) // 2
    bottom = draw_lines(draw, title, x, top, width, WHITE)
    draw_lines(draw, subtitle, x, bottom + gap, width, SUBTITLE_INK)


def _draw_footer(draw: ImageDraw.ImageDraw, art: BadgeArtwork, layout: Layout) -> None:
    w, _ = layout.size
    card = layout.card
    text = plain(art.locale, "art_issuer", issuer=art.issuer_name)
    width = w - 128
    space = layout.safe_bottom - card.bottom
    fitted = fit_text(
        text,
        weight="semibold",
        max_width=width,
        max_lines=2,
        max_size=26,
        min_size=16,
        max_height=space - 36,
    )
    top = card.bottom + (space - fitted.height) // 2
    draw_lines(draw, fitted, 64, top, width, FOOTER_INK, layout.footer_align)


# The cached FreeType faces are shared; FreeType faces must not be used by two threads at once
# (the bot renders in worker threads). Under the GIL this lock costs nothing measurable.
_RENDER_LOCK = threading.Lock()


def render_badge_image(art: BadgeArtwork, variant: Variant = "square") -> Image.Image:
    """The badge as a Pillow RGB image (see ``render_badge`` for the PNG)."""
    with _RENDER_LOCK:
        return _compose(art, variant)


def _compose(art: BadgeArtwork, variant: Variant) -> Image.Image:
    layout = LAYOUTS[variant]
    canvas = background(variant).copy()
    draw = ImageDraw.Draw(canvas)
    paste_logo(canvas, art.logo_path, layout.logo)
    _draw_header(draw, layout)
    qr_box = paste_qr(canvas, art.verify_url, variant)
    CARDS[variant](draw, _card_words(art), layout, qr_box)
    _draw_footer(draw, art, layout)
    return canvas


def render_badge(art: BadgeArtwork, variant: Variant = "square") -> bytes:
    """The badge as PNG bytes: 1080×1080 for ``square``, 1080×1920 for ``story``.

    Deterministic: the same ``art`` gives the same bytes (no timestamps or metadata are written).
    Raises ValueError if ``verify_url`` is too long for the QR code, and OSError if ``logo_path``
    cannot be read as an image.
    """
    if variant not in LAYOUTS:
        raise ValueError(f"unknown badge variant {variant!r}")
    buffer = io.BytesIO()
    # compress_level 6 is a good size/speed trade; optimize=True would triple the encode time.
    render_badge_image(art, variant).save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()
