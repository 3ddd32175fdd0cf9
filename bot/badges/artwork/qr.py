"""The QR code that leads from the badge to its verification page."""

from __future__ import annotations

from functools import lru_cache

import segno
from PIL import Image

from bot.badges.artwork.palette import INK, WHITE

__all__ = ["make_qr", "qr_image", "render_qr"]


_QR_BORDER_MODULES = 4  # the quiet zone the QR spec asks for


def make_qr(url: str) -> segno.QRCode:
    """The QR symbol for ``url``: a regular QR (never Micro QR) at error correction level Q.

    Q survives 25% damage — the badge gets re-compressed, cropped and stickered on social media —
    and ``boost_error`` is off so the level does not depend on the URL's length.
    """
    return segno.make_qr(url, error="q", boost_error=False)


def render_qr(url: str, max_px: int) -> Image.Image:
    """The QR for ``url`` with its quiet zone, as large as fits in ``max_px`` at whole pixels per
    module (fractional modules blur and scan worse). Dark modules are ink, light ones white.

    Raises ValueError if the URL needs more modules than ``max_px`` has pixels.
    """
    return qr_image(url, max_px).copy()


@lru_cache(maxsize=16)
def qr_image(url: str, max_px: int) -> Image.Image:
    # Cached: choosing the mask makes segno take ~20 ms, and a render needs the symbol twice
    # (placement and drawing). Callers must not modify the returned image.
    qr = make_qr(url)
    rows = list(qr.matrix_iter(scale=1, border=_QR_BORDER_MODULES))
    modules = len(rows)
    scale = max_px // modules
    if scale < 1:
        raise ValueError(f"verify URL too long for a {max_px}px QR code")
    # One byte per module (a few thousand), then one C-level nearest-neighbour upscale.
    data = bytes(0 if dark else 1 for row in rows for dark in row)
    small = Image.frombytes("P", (modules, modules), data)
    small.putpalette([*INK, *WHITE])
    return small.resize((modules * scale, modules * scale), Image.Resampling.NEAREST).convert("RGB")
