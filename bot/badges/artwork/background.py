"""The background drawn once per variant and cached: a deep blue → teal diagonal gradient with
soft light rings, the white card with its shadow, and the logo tile. Nothing here depends on the
holder."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter

from bot.badges.artwork.layouts import LAYOUTS, Variant
from bot.badges.artwork.palette import BG_BOTTOM_RIGHT, BG_TOP_LEFT, GLOW, WHITE, Color

__all__ = ["background", "paste_color", "rounded_mask"]


def rounded_mask(size: tuple[int, int], radius: int, scale: int = 4) -> Image.Image:
    """An anti-aliased rounded-rectangle mask (ImageDraw alone draws jagged corners).

    Only one circle is supersampled and its quarters pasted into the corners: supersampling the
    whole card would cost ~100 ms.
    """
    w, h = size
    big = Image.new("L", (2 * radius * scale, 2 * radius * scale), 0)
    ImageDraw.Draw(big).ellipse((0, 0, big.width - 1, big.height - 1), fill=255)
    circle = big.resize((2 * radius, 2 * radius), Image.Resampling.LANCZOS)
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    draw.rectangle((radius, 0, w - radius - 1, h - 1), fill=255)
    draw.rectangle((0, radius, w - 1, h - radius - 1), fill=255)
    r = radius
    mask.paste(circle.crop((0, 0, r, r)), (0, 0))
    mask.paste(circle.crop((r, 0, 2 * r, r)), (w - r, 0))
    mask.paste(circle.crop((0, r, r, 2 * r)), (0, h - r))
    mask.paste(circle.crop((r, r, 2 * r, 2 * r)), (w - r, h - r))
    return mask


def paste_color(canvas: Image.Image, color: Color, mask: Image.Image, at: tuple[int, int]) -> None:
    canvas.paste(Image.new("RGB", mask.size, color), at, mask)


def _gradient(size: tuple[int, int]) -> Image.Image:
    # Averaging a vertical and a horizontal ramp gives a diagonal one; built at 256×256 and
    # scaled up, so there is no per-pixel Python work.
    vertical = Image.linear_gradient("L")
    horizontal = vertical.transpose(Image.Transpose.ROTATE_90)  # dark left, light right
    mask = Image.blend(vertical, horizontal, 0.5).resize(size, Image.Resampling.BILINEAR)
    return Image.composite(
        Image.new("RGB", size, BG_BOTTOM_RIGHT), Image.new("RGB", size, BG_TOP_LEFT), mask
    )


def _decorate(canvas: Image.Image) -> None:
    """Soft light in the top-right corner and two thin rings: depth without clutter."""
    w, h = canvas.size
    glow_size = int(w * 1.1)
    # radial_gradient is 0 in the centre and 181 at the inscribed circle's edge: fading to 0
    # there hides the square's edges.
    glow = Image.radial_gradient("L").point(lambda v: max(0, 181 - v) * 60 // 181)
    glow = glow.resize((glow_size, glow_size), Image.Resampling.BILINEAR)
    paste_color(canvas, GLOW, glow, (w - glow_size // 2, -glow_size // 2))

    scale = 2
    rings = Image.new("L", (w * scale, h * scale), 0)
    draw = ImageDraw.Draw(rings)
    cx, cy = int(w * 0.92) * scale, int(w * 0.08) * scale
    for radius, alpha in ((int(w * 0.34), 34), (int(w * 0.5), 22)):
        r = radius * scale
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=alpha, width=3 * scale)
    bx, by = int(w * 0.04) * scale, (h - int(w * 0.06)) * scale
    r = int(w * 0.28) * scale
    draw.ellipse((bx - r, by - r, bx + r, by + r), outline=18, width=3 * scale)
    paste_color(canvas, WHITE, rings.resize((w, h), Image.Resampling.LANCZOS), (0, 0))


@lru_cache(maxsize=2)
def background(variant: Variant) -> Image.Image:
    layout = LAYOUTS[variant]
    canvas = _gradient(layout.size)
    _decorate(canvas)

    card = layout.card
    radius = 36
    # A soft shadow under the card lifts it off the gradient.
    shadow = Image.new("L", layout.size, 0)
    ImageDraw.Draw(shadow).rounded_rectangle(
        (card.x, card.y + 14, card.right, card.bottom + 14), radius=radius, fill=70
    )
    shadow = shadow.filter(ImageFilter.GaussianBlur(18))
    paste_color(canvas, (4, 20, 48), shadow, (0, 0))
    paste_color(canvas, WHITE, rounded_mask((card.w, card.h), radius), (card.x, card.y))

    logo = layout.logo
    paste_color(canvas, WHITE, rounded_mask((logo.w, logo.h), 28), (logo.x, logo.y))
    return canvas
