"""Where everything sits on each variant: the square post (1080×1080) and the story (1080×1920)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from bot.badges.artwork.qr import qr_image
from bot.badges.artwork.typography import Align

__all__ = [
    "LAYOUTS",
    "STORY_SAFE_ZONE",
    "Box",
    "Layout",
    "Variant",
    "badge_size",
    "qr_bounds",
]

Variant = Literal["square", "story"]


class Box(NamedTuple):
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h


@dataclass(frozen=True)
class Layout:
    size: tuple[int, int]
    logo: Box
    card: Box
    card_padding: int
    qr_slot: Box
    footer_align: Align
    # The lowest row text may use: a story's bottom is covered by Instagram's reply bar (its
    # top, by the progress bar and profile line, is kept free by placing the logo lower).
    safe_bottom: int


# Instagram asks to keep about 14% (250 px) at the top and bottom of a 1080×1920 story free.
STORY_SAFE_ZONE = (250, 1670)

LAYOUTS: dict[Variant, Layout] = {
    "square": Layout(
        size=(1080, 1080),
        logo=Box(64, 64, 120, 120),
        card=Box(64, 224, 952, 728),
        card_padding=52,
        qr_slot=Box(1016 - 52 - 240, 952 - 52 - 64 - 240, 240, 240),
        footer_align="left",
        safe_bottom=1080,
    ),
    "story": Layout(
        size=(1080, 1920),
        logo=Box(64, STORY_SAFE_ZONE[0], 120, 120),
        card=Box(64, 410, 952, 1184),
        card_padding=64,
        qr_slot=Box(540 - 150, 1594 - 64 - 80 - 300, 300, 300),
        footer_align="center",
        safe_bottom=STORY_SAFE_ZONE[1],
    ),
}


def badge_size(variant: Variant) -> tuple[int, int]:
    """Canvas size in pixels: square 1080×1080 (Instagram post), story 1080×1920."""
    return LAYOUTS[variant].size


def qr_bounds(verify_url: str, variant: Variant = "square") -> tuple[int, int, int, int]:
    """Where ``render_badge`` puts the QR (quiet zone included): ``(left, top, right, bottom)``."""
    slot = LAYOUTS[variant].qr_slot
    side = qr_image(verify_url, slot.w).width
    left = slot.x + (slot.w - side) // 2
    top = slot.y + (slot.h - side) // 2
    return left, top, left + side, top + side
