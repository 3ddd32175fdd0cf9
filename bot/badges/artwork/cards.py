"""What the white card shows, laid out for each variant: the holder's name and agency, the
badge number, the dates and the QR code with its caption. The words arrive ready (labels in the
badge's language, dates formatted); this module only places them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from bot.badges.artwork.layouts import LAYOUTS, Box, Layout, Variant, qr_bounds
from bot.badges.artwork.palette import DIVIDER, GOLD, INK, MUTED, QR_BORDER, TEAL, Color
from bot.badges.artwork.qr import qr_image
from bot.badges.artwork.typography import (
    Align,
    FittedText,
    Weight,
    draw_lines,
    draw_tracked,
    fit_text,
    load_font,
)

__all__ = ["CARDS", "CardWords", "draw_square_card", "draw_story_card", "paste_qr"]


@dataclass(frozen=True)
class CardWords:
    """Everything the card says, in the badge's language."""

    awarded_to: str
    holder_name: str
    agency: str
    number_label: str
    badge_number: str
    issued_label: str
    issued_on: str
    valid_label: str
    valid_until: str
    # The caption under the QR code: in the badge's language, then in the other one.
    scan_to_verify: tuple[str, str]


def paste_qr(canvas: Image.Image, verify_url: str, variant: Variant) -> Box:
    """Draw the QR centred in its slot; returns the box of the symbol (quiet zone included)."""
    left, top, right, bottom = qr_bounds(verify_url, variant)
    qr = qr_image(verify_url, LAYOUTS[variant].qr_slot.w)
    # A hairline frame just outside the quiet zone marks the QR as something to scan.
    ImageDraw.Draw(canvas).rounded_rectangle(
        (left - 10, top - 10, right + 9, bottom + 9), radius=18, outline=QR_BORDER, width=2
    )
    canvas.paste(qr, (left, top))
    return Box(left, top, right - left, bottom - top)


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
    draw: ImageDraw.ImageDraw, words: CardWords, slot: Box, qr_box: Box, size: int
) -> None:
    width = slot.w + 40
    x = slot.x - 20
    top = qr_box.bottom + 32
    captions: tuple[tuple[str, Color, Weight], ...] = (
        (words.scan_to_verify[0], INK, "semibold"),
        (words.scan_to_verify[1], MUTED, "medium"),
    )
    for text, color, weight in captions:
        fitted = fit_text(
            text, weight=weight, max_width=width, max_lines=1, max_size=size, min_size=12
        )
        top = draw_lines(draw, fitted, x, top, width, color, "center") + 10


def draw_square_card(
    draw: ImageDraw.ImageDraw, words: CardWords, layout: Layout, qr_box: Box
) -> None:
    """The post: identity across the card, the details left of the QR code."""
    card, pad = layout.card, layout.card_padding
    x, width = card.x + pad, card.w - 2 * pad

    draw.rounded_rectangle((x, card.y + pad, x + 56, card.y + pad + 6), radius=3, fill=GOLD)
    label_bottom = draw_tracked(
        draw,
        words.awarded_to,
        _label_font(),
        x,
        card.y + pad + 26,
        TEAL,
        tracking=3,
    )

    slot = layout.qr_slot
    divider_y = slot.y - 8 - 32
    top = label_bottom + 26
    identity = _fit_identity(words, width, divider_y - 30 - top, big=False)
    _draw_identity(draw, identity, x, top, width, "left")
    draw.line((x, divider_y, x + width, divider_y), fill=DIVIDER, width=2)

    details_w = slot.x - 8 - 40 - x
    top = slot.y + 4
    top = _draw_label_value(
        draw,
        words.number_label,
        words.badge_number,
        Box(x, top, details_w, 0),
        40,
        "extrabold",
        "left",
    )
    top = _draw_label_value(
        draw,
        words.issued_label,
        words.issued_on,
        Box(x, top + 30, details_w, 0),
        30,
        "bold",
        "left",
    )
    _draw_label_value(
        draw,
        words.valid_label,
        words.valid_until,
        Box(x, top + 30, details_w, 0),
        30,
        "bold",
        "left",
    )
    _draw_caption(draw, words, slot, qr_box, 20)


@dataclass(frozen=True)
class _Identity:
    name: FittedText
    agency: FittedText
    gap: int

    @property
    def height(self) -> int:
        return self.name.height + self.gap + self.agency.height


def _fit_identity(words: CardWords, width: int, height: int, big: bool) -> _Identity:
    """Name and agency share one box: the agency keeps at most a third, the name gets the rest."""
    gap = 24 if big else 18
    agency = fit_text(
        words.agency,
        weight="semibold",
        max_width=width,
        max_lines=3,
        max_size=38 if big else 30,
        min_size=20,
        max_height=height // 3,
        line_spacing=1.3,
    )
    name = fit_text(
        words.holder_name,
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


def draw_story_card(
    draw: ImageDraw.ImageDraw, words: CardWords, layout: Layout, qr_box: Box
) -> None:
    """The story: everything centred, identity on top, the details above the QR code."""
    card, pad = layout.card, layout.card_padding
    x, width = card.x + pad, card.w - 2 * pad

    slot = layout.qr_slot
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
        words, width, space_bottom - space_top - label_block - identity_gap, big=True
    )
    group = label_block + identity_gap + identity.height
    top = space_top + (space_bottom - space_top - group) // 2
    cx = card.x + card.w // 2
    draw.rounded_rectangle((cx - 32, top, cx + 32, top + 6), radius=3, fill=GOLD)
    label_bottom = draw_tracked(
        draw,
        words.awarded_to,
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
        words.number_label,
        words.badge_number,
        Box(x, number_top, width, 0),
        46,
        "extrabold",
        "center",
    )
    half = (width - 32) // 2
    _draw_label_value(
        draw,
        words.issued_label,
        words.issued_on,
        Box(x, dates_top, half, 0),
        32,
        "bold",
        "center",
    )
    _draw_label_value(
        draw,
        words.valid_label,
        words.valid_until,
        Box(x + width - half, dates_top, half, 0),
        32,
        "bold",
        "center",
    )
    _draw_caption(draw, words, slot, qr_box, 26)


CardDrawer = Callable[[ImageDraw.ImageDraw, CardWords, Layout, Box], None]
CARDS: dict[Variant, CardDrawer] = {"square": draw_square_card, "story": draw_story_card}
