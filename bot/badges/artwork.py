"""The badge picture a Humas Pemerintah member can post: 1080×1080 (post) or 1080×1920 (story).

Design: a white card on the cached background (bot/badges/layouts.py) holding the holder's name,
agency, badge number, dates and a QR code to the verification page, and the issuer named below
the card. The national emblem (Garuda Pancasila) is deliberately never drawn — its use is
restricted by law — the default mark is a neutral speech bubble with a check. Text fitting lives
in bot/badges/typography.py, the QR code in bot/badges/qr.py; every word comes from the catalogue
of the badge's language.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from PIL import Image, ImageDraw, ImageFont, ImageOps

from bot.badges.layouts import LAYOUTS, Box, Layout, Variant, background, qr_bounds
from bot.badges.palette import (
    DIVIDER,
    FOOTER_INK,
    GOLD,
    INK,
    MUTED,
    QR_BORDER,
    SUBTITLE_INK,
    TEAL,
    WHITE,
    Color,
)
from bot.badges.qr import qr_image
from bot.badges.typography import (
    Align,
    FittedText,
    Weight,
    draw_lines,
    draw_tracked,
    fit_text,
    load_font,
)
from bot.languages import LOCALES, Locale
from bot.texts import plain

__all__ = [
    "LOCALES",
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


# --- logo ------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _default_mark(size: int) -> Image.Image:
    """A neutral mark: a speech bubble with a check — public communication, verified.

    Deliberately not the Garuda Pancasila, whose use is restricted by law.
    """
    scale = 4
    s = size * scale
    mark = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(mark)
    body = (0, int(s * 0.04), s, int(s * 0.80))
    draw.rounded_rectangle(body, radius=int(s * 0.24), fill=(*TEAL, 255))
    draw.polygon(
        [(int(s * 0.22), int(s * 0.70)), (int(s * 0.50), int(s * 0.74)), (int(s * 0.18), s)],
        fill=(*TEAL, 255),
    )
    check = [(s * 0.27, s * 0.43), (s * 0.43, s * 0.58), (s * 0.73, s * 0.27)]
    width = int(s * 0.10)
    draw.line(check, fill=(*WHITE, 255), width=width, joint="curve")
    for px, py in (check[0], check[-1]):
        draw.ellipse(
            (px - width / 2, py - width / 2, px + width / 2, py + width / 2), fill=(*WHITE, 255)
        )
    return mark.resize((size, size), Image.Resampling.LANCZOS)


def _logo_image(logo_path: Path | None, box: int) -> Image.Image:
    if logo_path is None:
        return _default_mark(box)
    with Image.open(logo_path) as opened:
        logo = opened.convert("RGBA")
    return ImageOps.contain(logo, (box, box), Image.Resampling.LANCZOS)


def _paste_logo(canvas: Image.Image, art: BadgeArtwork, tile: Box) -> None:
    inner = int(tile.w * 0.68)
    logo = _logo_image(art.logo_path, inner)
    at = (tile.x + (tile.w - logo.width) // 2, tile.y + (tile.h - logo.height) // 2)
    canvas.paste(logo, at, logo)


def _paste_qr(canvas: Image.Image, art: BadgeArtwork, variant: Variant) -> Box:
    """Draw the QR centred in its slot; returns the box of the symbol (quiet zone included)."""
    left, top, right, bottom = qr_bounds(art.verify_url, variant)
    qr = qr_image(art.verify_url, LAYOUTS[variant].qr_slot.w)
    # A hairline frame just outside the quiet zone marks the QR as something to scan.
    ImageDraw.Draw(canvas).rounded_rectangle(
        (left - 10, top - 10, right + 9, bottom + 9), radius=18, outline=QR_BORDER, width=2
    )
    canvas.paste(qr, (left, top))
    return Box(left, top, right - left, bottom - top)


# --- composition ------------------------------------------------------------------------------


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


def _label_font() -> ImageFont.FreeTypeFont:
    return load_font("bold", 20)


def _draw_label_value(
    draw: ImageDraw.ImageDraw,
    label: str,
    value: str,
    box: Box,
    value_size: int,
    value_weight: Weight,
    align: Align,
) -> int:
    """A small tracked label over a value that shrinks (one line) to the box; returns bottom."""
    center = box.w if align == "center" else None
    label_bottom = draw_tracked(
        draw, label, _label_font(), box.x, box.y, MUTED, tracking=2, center_width=center
    )
    fitted = fit_text(
        value,
        weight=value_weight,
        max_width=box.w,
        max_lines=1,
        max_size=value_size,
        min_size=14,
    )
    return draw_lines(draw, fitted, box.x, label_bottom + 14, box.w, INK, align)


def _draw_caption(
    draw: ImageDraw.ImageDraw, art: BadgeArtwork, slot: Box, qr_box: Box, size: int
) -> None:
    # The caption in the badge's language, then in the other one.
    other: Locale = "en" if art.locale == "id" else "id"
    width = slot.w + 40
    x = slot.x - 20
    top = qr_box.bottom + 32
    captions: tuple[tuple[str, Color, Weight], ...] = (
        (plain(art.locale, "art_scan_to_verify"), INK, "semibold"),
        (plain(other, "art_scan_to_verify"), MUTED, "medium"),
    )
    for text, color, weight in captions:
        fitted = fit_text(
            text, weight=weight, max_width=width, max_lines=1, max_size=size, min_size=12
        )
        top = draw_lines(draw, fitted, x, top, width, color, "center") + 10


def _draw_card_square(
    canvas: Image.Image, draw: ImageDraw.ImageDraw, art: BadgeArtwork, layout: Layout
) -> None:
    card, pad = layout.card, layout.card_padding
    x, width = card.x + pad, card.w - 2 * pad

    draw.rounded_rectangle((x, card.y + pad, x + 56, card.y + pad + 6), radius=3, fill=GOLD)
    label_bottom = draw_tracked(
        draw,
        plain(art.locale, "art_awarded_to"),
        _label_font(),
        x,
        card.y + pad + 26,
        TEAL,
        tracking=3,
    )

    slot = layout.qr_slot
    qr_box = _paste_qr(canvas, art, "square")
    divider_y = slot.y - 8 - 32
    top = label_bottom + 26
    identity = _fit_identity(art, width, divider_y - 30 - top, big=False)
    _draw_identity(draw, identity, x, top, width, "left")
    draw.line((x, divider_y, x + width, divider_y), fill=DIVIDER, width=2)

    details_w = slot.x - 8 - 40 - x
    top = slot.y + 4
    top = _draw_label_value(
        draw,
        plain(art.locale, "art_badge_number"),
        art.badge_number,
        Box(x, top, details_w, 0),
        40,
        "extrabold",
        "left",
    )
    top = _draw_label_value(
        draw,
        plain(art.locale, "art_issued"),
        format_badge_date(art.issued_on, art.locale),
        Box(x, top + 30, details_w, 0),
        30,
        "bold",
        "left",
    )
    _draw_label_value(
        draw,
        plain(art.locale, "art_valid_until"),
        format_badge_date(art.valid_until, art.locale),
        Box(x, top + 30, details_w, 0),
        30,
        "bold",
        "left",
    )
    _draw_caption(draw, art, slot, qr_box, 20)


@dataclass(frozen=True)
class _Identity:
    name: FittedText
    agency: FittedText
    gap: int

    @property
    def height(self) -> int:
        return self.name.height + self.gap + self.agency.height


def _fit_identity(art: BadgeArtwork, width: int, height: int, big: bool) -> _Identity:
    """Name and agency share one box: the agency keeps at most a third, the name gets the rest."""
    gap = 24 if big else 18
    agency = fit_text(
        art.agency,
        weight="semibold",
        max_width=width,
        max_lines=3,
        max_size=38 if big else 30,
        min_size=20,
        max_height=height // 3,
        line_spacing=1.3,
    )
    name = fit_text(
        art.holder_name,
        weight="extrabold",
        max_width=width,
        max_lines=3,
        max_size=100 if big else 76,
        min_size=28,
        max_height=height - agency.height - gap,
        line_spacing=1.12,
    )
    return _Identity(name, agency, gap)


def _draw_identity(
    draw: ImageDraw.ImageDraw, identity: _Identity, x: int, top: int, width: int, align: Align
) -> None:
    bottom = draw_lines(draw, identity.name, x, top, width, INK, align)
    draw_lines(draw, identity.agency, x, bottom + identity.gap, width, TEAL, align)


def _draw_card_story(
    canvas: Image.Image, draw: ImageDraw.ImageDraw, art: BadgeArtwork, layout: Layout
) -> None:
    card, pad = layout.card, layout.card_padding
    x, width = card.x + pad, card.w - 2 * pad

    slot = layout.qr_slot
    qr_box = _paste_qr(canvas, art, "story")
    # Details sit between the identity block and the QR: number, then the two dates side by side.
    dates_top = slot.y - 8 - 56 - 78
    number_top = dates_top - 40 - 86
    divider_y = number_top - 40

    # The gold bar, the label, the name and the agency form one group, centred in the space above
    # the divider so a short name does not leave a hole under it.
    space_top, space_bottom = card.y + pad, divider_y - 40
    label_block = 6 + 28 + 15  # bar, gap, label caps
    identity_gap = 36
    identity = _fit_identity(
        art, width, space_bottom - space_top - label_block - identity_gap, big=True
    )
    group = label_block + identity_gap + identity.height
    top = space_top + (space_bottom - space_top - group) // 2
    cx = card.x + card.w // 2
    draw.rounded_rectangle((cx - 32, top, cx + 32, top + 6), radius=3, fill=GOLD)
    label_bottom = draw_tracked(
        draw,
        plain(art.locale, "art_awarded_to"),
        _label_font(),
        x,
        top + 6 + 28,
        TEAL,
        tracking=3,
        center_width=width,
    )
    _draw_identity(draw, identity, x, label_bottom + identity_gap, width, "center")
    draw.line((x + 120, divider_y, x + width - 120, divider_y), fill=DIVIDER, width=2)
    _draw_label_value(
        draw,
        plain(art.locale, "art_badge_number"),
        art.badge_number,
        Box(x, number_top, width, 0),
        46,
        "extrabold",
        "center",
    )
    half = (width - 32) // 2
    _draw_label_value(
        draw,
        plain(art.locale, "art_issued"),
        format_badge_date(art.issued_on, art.locale),
        Box(x, dates_top, half, 0),
        32,
        "bold",
        "center",
    )
    _draw_label_value(
        draw,
        plain(art.locale, "art_valid_until"),
        format_badge_date(art.valid_until, art.locale),
        Box(x + width - half, dates_top, half, 0),
        32,
        "bold",
        "center",
    )
    _draw_caption(draw, art, slot, qr_box, 26)


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
    _paste_logo(canvas, art, layout.logo)
    _draw_header(draw, layout)
    if variant == "square":
        _draw_card_square(canvas, draw, art, layout)
    else:
        _draw_card_story(canvas, draw, art, layout)
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
