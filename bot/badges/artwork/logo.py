"""The mark in the tile beside the title: the issuer's logo, or a neutral mark drawn here."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from bot.badges.artwork.layouts import Box
from bot.badges.artwork.palette import TEAL, WHITE

__all__ = ["paste_logo"]


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


def paste_logo(canvas: Image.Image, logo_path: Path | None, tile: Box) -> None:
    """The issuer's logo (or the neutral mark) centred in its white tile."""
    inner = int(tile.w * 0.68)
    logo = _logo_image(logo_path, inner)
    at = (tile.x + (tile.w - logo.width) // 2, tile.y + (tile.h - logo.height) // 2)
    canvas.paste(logo, at, logo)
