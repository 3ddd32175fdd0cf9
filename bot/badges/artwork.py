"""The badge picture a Humas Pemerintah member can post: 1080×1080 (post) or 1080×1920 (story).

Design: a deep blue → teal diagonal gradient with soft light rings, a white card holding the
holder's name, agency, badge number, dates and a QR code to the verification page, and the issuer
named below the card. The national emblem (Garuda Pancasila) is deliberately never drawn — its use
is restricted by law — the default mark is a neutral speech bubble with a check.

Everything that does not depend on the holder (gradient, rings, card, logo tile) is drawn once per
variant and cached; fonts are cached per weight and size. Text is laid out with Pillow's BASIC
engine and the bundled fonts so the same input gives the same bytes on every machine with the same
Pillow version.
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal, NamedTuple

import segno
from babel.dates import format_date
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

__all__ = [
    "LOCALES",
    "BadgeArtwork",
    "FittedText",
    "Variant",
    "Weight",
    "badge_size",
    "fit_text",
    "format_badge_date",
    "load_font",
    "make_qr",
    "qr_bounds",
    "render_badge",
    "render_badge_image",
    "render_qr",
    "text_extent",
]

Variant = Literal["square", "story"]
Color = tuple[int, int, int]
Weight = Literal["regular", "medium", "semibold", "bold", "extrabold"]
LOCALES: tuple[str, ...] = ("id", "en")

_SIZES: dict[Variant, tuple[int, int]] = {"square": (1080, 1080), "story": (1080, 1920)}
_WEIGHT_AXIS: dict[Weight, int] = {
    "regular": 400,
    "medium": 500,
    "semibold": 600,
    "bold": 700,
    "extrabold": 800,
}
_PRIMARY_FONT = "PlusJakartaSans-Variable.ttf"
_FALLBACK_FONT = "DejaVuSans-Bold.ttf"
_ELLIPSIS = "…"
# Joiners only matter to shaping engines; the BASIC engine would draw them as empty boxes.
_INVISIBLE = str.maketrans("", "", "\u200c\u200d")

_BG_TOP_LEFT = (9, 34, 92)
_BG_BOTTOM_RIGHT = (11, 118, 124)
_WHITE = (255, 255, 255)
_INK = (12, 27, 51)
_MUTED = (82, 96, 118)
_TEAL = (10, 112, 120)
_GOLD = (242, 178, 62)
_GLOW = (96, 200, 224)
_SUBTITLE = (190, 224, 234)
_FOOTER = (214, 234, 240)
_DIVIDER = (224, 231, 239)
_QR_BORDER = (214, 222, 232)

_LABELS: dict[str, dict[str, str]] = {
    "id": {
        "awarded": "DIBERIKAN KEPADA",
        "number": "NOMOR LENCANA",
        "issued": "DITERBITKAN",
        "valid": "BERLAKU SAMPAI",
        "issuer": "Penerbit",
        "scan": "Pindai untuk verifikasi",
        "scan2": "Scan to verify",
    },
    "en": {
        "awarded": "AWARDED TO",
        "number": "BADGE NUMBER",
        "issued": "ISSUED",
        "valid": "VALID UNTIL",
        "issuer": "Issuer",
        "scan": "Scan to verify",
        "scan2": "Pindai untuk verifikasi",
    },
}

TITLE = "HUMAS PEMERINTAH"
SUBTITLE = "Government Public Relations"


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
    locale: str = "id"
    logo_path: Path | None = None

    def __post_init__(self) -> None:
        if self.locale not in LOCALES:
            raise ValueError(f"unsupported badge locale {self.locale!r}; expected one of {LOCALES}")
        if self.valid_until < self.issued_on:
            raise ValueError("valid_until is before issued_on")
        for field in ("holder_name", "agency", "badge_number", "verify_url", "issuer_name"):
            if not getattr(self, field).strip():
                raise ValueError(f"{field} must not be empty")


def badge_size(variant: Variant) -> tuple[int, int]:
    """Canvas size in pixels: square 1080×1080 (Instagram post), story 1080×1920."""
    return _SIZES[variant]


def format_badge_date(day: date, locale: str) -> str:
    """A date as printed on the badge: ``27 November 2026`` (id), ``November 27, 2026`` (en)."""
    return format_date(day, format="long", locale=locale)


# --- fonts -----------------------------------------------------------------------------------


@cache
def _font_bytes(name: str) -> bytes:
    return (resources.files("bot.badges.fonts") / name).read_bytes()


@lru_cache(maxsize=256)
def load_font(weight: Weight, size: int, *, fallback: bool = False) -> ImageFont.FreeTypeFont:
    """The bundled font at ``size`` px: Plus Jakarta Sans at ``weight``, or the DejaVu fallback.

    Cached per weight and size: FreeType keeps rasterised glyphs per face, so reusing the face
    makes measuring the same words again (labels, dates, the next probe) cheap.
    """
    name = _FALLBACK_FONT if fallback else _PRIMARY_FONT
    font = ImageFont.truetype(
        io.BytesIO(_font_bytes(name)), size, layout_engine=ImageFont.Layout.BASIC
    )
    if not fallback:
        font.set_variation_by_axes([_WEIGHT_AXIS[weight]])
    return font


@cache
def _notdef_mask() -> bytes:
    # U+10FFFF is a noncharacter no font maps, so it renders the font's "missing glyph" box.
    return bytes(load_font("regular", 32).getmask("\U0010ffff"))


@lru_cache(maxsize=4096)
def _has_glyph(char: str) -> bool:
    """Whether Plus Jakarta Sans draws ``char``.

    Pillow does not expose the cmap; a character that renders exactly like .notdef is missing.
    """
    return bytes(load_font("regular", 32).getmask(char)) != _notdef_mask()


def _needs_fallback(text: str) -> bool:
    return not all(char == " " or _has_glyph(char) for char in text)


# --- measuring and fitting text --------------------------------------------------------------


# Pillow's BASIC engine applies no GPOS kerning, and Plus Jakarta Sans gives "." and "," wide
# side bearings at heavy weights, so "S.Sos., M.Si." showed a gap before each comma. Around
# these marks the line is drawn in pieces, set closer by hand.
_MARKS = ".,;:"
_CLOSE_BEFORE = ".,"


@lru_cache(maxsize=512)
def _side_bearings(font: ImageFont.FreeTypeFont, char: str) -> tuple[int, int]:
    """Blank space left and right of ``char``'s ink within its advance."""
    size = int(font.size)
    canvas = Image.new("L", (size * 3, size * 3), 0)
    ImageDraw.Draw(canvas).text((size, size * 2), char, font=font, fill=255, anchor="ls")
    ink = canvas.getbbox()
    if ink is None:
        return 0, 0
    return ink[0] - size, size + round(font.getlength(char)) - ink[2]


def _kern(font: ImageFont.FreeTypeFont, before: str, after: str) -> int:
    """Extra (negative) space between two characters; 0 leaves the font's spacing."""
    if before == " " or after == " ":
        return 0
    if before in _MARKS and after in _MARKS:
        # Two marks in a row ("Sos.,"): nearly touching, a hair (3% of the size) apart.
        gap = _side_bearings(font, before)[1] + _side_bearings(font, after)[0]
        return round(font.size * 0.03) - gap
    if after in _CLOSE_BEFORE:
        return -(_side_bearings(font, after)[0] // 2)
    if before == ".":
        return -(_side_bearings(font, before)[1] // 2)
    return 0


def _pieces(font: ImageFont.FreeTypeFont, text: str) -> list[tuple[int, str]]:
    """``(x, piece)``: where each piece of ``text`` starts once the marks are set closer."""
    pieces: list[tuple[int, str]] = []
    start, x = 0, 0
    for index in range(1, len(text)):
        kern = _kern(font, text[index - 1], text[index])
        if kern:
            piece = text[start:index]
            pieces.append((x, piece))
            x += round(font.getlength(piece)) + kern
            start = index
    pieces.append((x, text[start:]))
    return pieces


def text_extent(font: ImageFont.FreeTypeFont, text: str) -> tuple[int, int]:
    """``(offset, width)`` of the ink of ``text`` drawn at a baseline origin (anchor "ls").

    ``width`` counts from the origin or the leftmost ink, whichever is further left, to the
    rightmost ink; drawing at ``x - offset`` keeps all ink inside ``[x, x + width]``.
    """
    if not text:
        return 0, 0
    pieces = _pieces(font, text)
    left = font.getbbox(pieces[0][1], anchor="ls")[0]
    last_x, last = pieces[-1]
    right = last_x + font.getbbox(last, anchor="ls")[2]
    offset = min(int(left), 0)
    return offset, int(right) - offset


def _draw_text(
    draw: ImageDraw.ImageDraw,
    at: tuple[int, int],
    text: str,
    font: ImageFont.FreeTypeFont,
    fill: Color,
) -> None:
    """One line at a baseline origin, laid out as ``text_extent`` measures it."""
    x, baseline = at
    for offset, piece in _pieces(font, text):
        draw.text((x + offset, baseline), piece, font=font, fill=fill, anchor="ls")


def _width(font: ImageFont.FreeTypeFont, text: str) -> int:
    return text_extent(font, text)[1]


@dataclass(frozen=True)
class FittedText:
    """Lines of text that fit a box, with the font chosen for them."""

    lines: tuple[str, ...]
    font: ImageFont.FreeTypeFont
    size: int
    line_height: int
    truncated: bool

    @property
    def cap_height(self) -> int:
        return -int(self.font.getbbox("H", anchor="ls")[1])

    @property
    def height(self) -> int:
        """From the top of the capitals of the first line to the descenders of the last."""
        return self.cap_height + (len(self.lines) - 1) * self.line_height + round(self.size * 0.24)


# A break is allowed after a slash: agency names like "Kementerian …/Badan …" have no space there.
_PIECES = re.compile(r"[^/]+/|[^/]+|/")


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Breakable pieces of ``text`` as ``(piece, space_before)``."""
    tokens: list[tuple[str, bool]] = []
    for word in text.split(" "):
        for index, piece in enumerate(_PIECES.findall(word)):
            tokens.append((piece, index == 0))
    return tokens


def _wrap(
    tokens: list[tuple[str, bool]], font: ImageFont.FreeTypeFont, max_width: int
) -> list[str]:
    """Greedy wrap; a piece wider than ``max_width`` gets a line of its own (still too wide)."""
    lines: list[str] = []
    current = ""
    for piece, space_before in tokens:
        candidate = f"{current}{' ' if space_before else ''}{piece}" if current else piece
        if not current or _width(font, candidate) <= max_width:
            current = candidate
        else:
            lines.append(current)
            current = piece
    if current:
        lines.append(current)
    return lines


def _ellipsize(line: str, font: ImageFont.FreeTypeFont, max_width: int) -> str:
    """Shorten ``line`` to fit with a trailing ellipsis, cutting at a word boundary if possible."""
    words = line.split(" ")
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(" ,;:") + _ELLIPSIS
        if _width(font, candidate) <= max_width:
            return candidate
    word = words[0]
    for end in range(len(word) - 1, 0, -1):
        candidate = word[:end] + _ELLIPSIS
        if _width(font, candidate) <= max_width:
            return candidate
    return _ELLIPSIS


def fit_text(
    text: str,
    *,
    weight: Weight,
    max_width: int,
    max_lines: int,
    max_size: int,
    min_size: int,
    max_height: int | None = None,
    line_spacing: float = 1.18,
) -> FittedText:
    """The largest size in ``[min_size, max_size]`` at which ``text`` wraps into the box.

    The box is ``max_width`` wide and holds at most ``max_lines`` lines (and, if given, is at most
    ``max_height`` tall, see ``FittedText.height``). Words are never split across lines (a
    break may follow a "/"). When even
    ``min_size`` does not fit, the text is cut at ``min_size`` and the last line ends with "…", so
    the result never overflows the width. Characters the main font lacks switch the whole text to
    the fallback font, so a name is never drawn in two mismatched faces.
    """
    if max_width <= 0 or max_lines < 1 or min_size < 1 or max_size < min_size:
        raise ValueError("impossible text box")
    clean = " ".join(text.translate(_INVISIBLE).split())
    words = _tokens(clean) if clean else []
    fallback = _needs_fallback(clean)

    def attempt(size: int) -> FittedText | None:
        font = load_font(weight, size, fallback=fallback)
        line_height = round(size * line_spacing)
        allowed = _lines_allowed(font, size, line_height, max_lines, max_height)
        lines = _wrap(words, font, max_width)
        if len(lines) > allowed or any(_width(font, ln) > max_width for ln in lines):
            return None
        return FittedText(tuple(lines), font, size, line_height, truncated=False)

    # Binary search: each new size costs real glyph rasterising (a variable font has no cached
    # outlines per size), so probing ~6 sizes instead of ~40 keeps a render fast. Fitting is
    # monotonic in practice; every answer is still checked by attempt(), so it never overflows.
    best: FittedText | None = None
    low, high = min_size, max_size
    while low <= high:
        middle = (low + high) // 2
        fitted = attempt(middle)
        if fitted is None:
            high = middle - 1
        else:
            best, low = fitted, middle + 1
    if best is not None:
        return best
    # Nothing fits: cut at the minimum size.
    font = load_font(weight, min_size, fallback=fallback)
    line_height = round(min_size * line_spacing)
    allowed = _lines_allowed(font, min_size, line_height, max_lines, max_height)
    lines = _wrap(words, font, max_width)
    if len(lines) > allowed:
        lines = [*lines[: allowed - 1], " ".join(lines[allowed - 1 :])]
    fixed = [
        ln if _width(font, ln) <= max_width else _ellipsize(ln, font, max_width) for ln in lines
    ]
    return FittedText(tuple(fixed), font, min_size, line_height, truncated=True)


def _lines_allowed(
    font: ImageFont.FreeTypeFont,
    size: int,
    line_height: int,
    max_lines: int,
    max_height: int | None,
) -> int:
    if max_height is None:
        return max_lines
    one_line = FittedText(("H",), font, size, line_height, truncated=False).height
    extra = max(0, max_height - one_line) // line_height
    return max(1, min(max_lines, 1 + extra))


# --- drawing primitives ----------------------------------------------------------------------


class _Box(NamedTuple):
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


Align = Literal["left", "center"]


def _draw_lines(
    draw: ImageDraw.ImageDraw,
    fitted: FittedText,
    x: int,
    top: int,
    width: int,
    fill: Color,
    align: Align = "left",
) -> int:
    """Draw ``fitted`` with its capitals' top at ``top``; returns the bottom of the block."""
    baseline = top + fitted.cap_height
    for line in fitted.lines:
        offset, line_width = text_extent(fitted.font, line)
        left = x if align == "left" else x + (width - line_width) // 2
        _draw_text(draw, (left - offset, baseline), line, fitted.font, fill)
        baseline += fitted.line_height
    return top + fitted.height


def _draw_tracked(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont,
    x: int,
    top: int,
    fill: Color,
    tracking: int,
    *,
    center_width: int | None = None,
) -> int:
    """Draw a small uppercase label with extra letter spacing; returns the bottom of the caps.

    Pillow has no tracking option, so the label goes letter by letter; that loses kerning, which
    uppercase labels at this spacing do not need.
    """
    advances = [font.getlength(char) for char in text]
    total = sum(advances) + tracking * (len(text) - 1)
    pen = float(x) if center_width is None else x + (center_width - total) / 2
    cap = -int(font.getbbox("H", anchor="ls")[1])
    for char, advance in zip(text, advances, strict=True):
        draw.text((round(pen), top + cap), char, font=font, fill=fill, anchor="ls")
        pen += advance + tracking
    return top + cap


def _rounded_mask(size: tuple[int, int], radius: int, scale: int = 4) -> Image.Image:
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


def _paste_color(canvas: Image.Image, color: Color, mask: Image.Image, at: tuple[int, int]) -> None:
    canvas.paste(Image.new("RGB", mask.size, color), at, mask)


# --- the cached background per variant -------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    size: tuple[int, int]
    logo: _Box
    card: _Box
    card_padding: int
    qr_slot: _Box
    footer_align: Align
    # The lowest row text may use: a story's bottom is covered by Instagram's reply bar (its
    # top, by the progress bar and profile line, is kept free by placing the logo lower).
    safe_bottom: int


# Instagram asks to keep about 14% (250 px) at the top and bottom of a 1080×1920 story free.
STORY_SAFE_ZONE = (250, 1670)

_LAYOUTS: dict[Variant, _Layout] = {
    "square": _Layout(
        size=(1080, 1080),
        logo=_Box(64, 64, 120, 120),
        card=_Box(64, 224, 952, 728),
        card_padding=52,
        qr_slot=_Box(1016 - 52 - 240, 952 - 52 - 64 - 240, 240, 240),
        footer_align="left",
        safe_bottom=1080,
    ),
    "story": _Layout(
        size=(1080, 1920),
        logo=_Box(64, STORY_SAFE_ZONE[0], 120, 120),
        card=_Box(64, 410, 952, 1184),
        card_padding=64,
        qr_slot=_Box(540 - 150, 1594 - 64 - 80 - 300, 300, 300),
        footer_align="center",
        safe_bottom=STORY_SAFE_ZONE[1],
    ),
}


def _gradient(size: tuple[int, int]) -> Image.Image:
    # Averaging a vertical and a horizontal ramp gives a diagonal one; built at 256×256 and
    # scaled up, so there is no per-pixel Python work.
    vertical = Image.linear_gradient("L")
    horizontal = vertical.transpose(Image.Transpose.ROTATE_90)  # dark left, light right
    mask = Image.blend(vertical, horizontal, 0.5).resize(size, Image.Resampling.BILINEAR)
    return Image.composite(
        Image.new("RGB", size, _BG_BOTTOM_RIGHT), Image.new("RGB", size, _BG_TOP_LEFT), mask
    )


def _decorate(canvas: Image.Image) -> None:
    """Soft light in the top-right corner and two thin rings: depth without clutter."""
    w, h = canvas.size
    glow_size = int(w * 1.1)
    # radial_gradient is 0 in the centre and 181 at the inscribed circle's edge: fading to 0
    # there hides the square's edges.
    glow = Image.radial_gradient("L").point(lambda v: max(0, 181 - v) * 60 // 181)
    glow = glow.resize((glow_size, glow_size), Image.Resampling.BILINEAR)
    _paste_color(canvas, _GLOW, glow, (w - glow_size // 2, -glow_size // 2))

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
    _paste_color(canvas, _WHITE, rings.resize((w, h), Image.Resampling.LANCZOS), (0, 0))


@lru_cache(maxsize=2)
def _background(variant: Variant) -> Image.Image:
    layout = _LAYOUTS[variant]
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
    _paste_color(canvas, (4, 20, 48), shadow, (0, 0))
    _paste_color(canvas, _WHITE, _rounded_mask((card.w, card.h), radius), (card.x, card.y))

    logo = layout.logo
    _paste_color(canvas, _WHITE, _rounded_mask((logo.w, logo.h), 28), (logo.x, logo.y))
    return canvas


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
    draw.rounded_rectangle(body, radius=int(s * 0.24), fill=(*_TEAL, 255))
    draw.polygon(
        [(int(s * 0.22), int(s * 0.70)), (int(s * 0.50), int(s * 0.74)), (int(s * 0.18), s)],
        fill=(*_TEAL, 255),
    )
    check = [(s * 0.27, s * 0.43), (s * 0.43, s * 0.58), (s * 0.73, s * 0.27)]
    width = int(s * 0.10)
    draw.line(check, fill=(*_WHITE, 255), width=width, joint="curve")
    for px, py in (check[0], check[-1]):
        draw.ellipse(
            (px - width / 2, py - width / 2, px + width / 2, py + width / 2), fill=(*_WHITE, 255)
        )
    return mark.resize((size, size), Image.Resampling.LANCZOS)


def _logo_image(logo_path: Path | None, box: int) -> Image.Image:
    if logo_path is None:
        return _default_mark(box)
    with Image.open(logo_path) as opened:
        logo = opened.convert("RGBA")
    return ImageOps.contain(logo, (box, box), Image.Resampling.LANCZOS)


def _paste_logo(canvas: Image.Image, art: BadgeArtwork, tile: _Box) -> None:
    inner = int(tile.w * 0.68)
    logo = _logo_image(art.logo_path, inner)
    at = (tile.x + (tile.w - logo.width) // 2, tile.y + (tile.h - logo.height) // 2)
    canvas.paste(logo, at, logo)


# --- QR ----------------------------------------------------------------------------------------

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
    return _qr_image(url, max_px).copy()


@lru_cache(maxsize=16)
def _qr_image(url: str, max_px: int) -> Image.Image:
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
    small.putpalette([*_INK, *_WHITE])
    return small.resize((modules * scale, modules * scale), Image.Resampling.NEAREST).convert("RGB")


def qr_bounds(verify_url: str, variant: Variant = "square") -> tuple[int, int, int, int]:
    """Where ``render_badge`` puts the QR (quiet zone included): ``(left, top, right, bottom)``."""
    slot = _LAYOUTS[variant].qr_slot
    side = _qr_image(verify_url, slot.w).width
    left = slot.x + (slot.w - side) // 2
    top = slot.y + (slot.h - side) // 2
    return left, top, left + side, top + side


def _paste_qr(canvas: Image.Image, art: BadgeArtwork, variant: Variant) -> _Box:
    """Draw the QR centred in its slot; returns the box of the symbol (quiet zone included)."""
    left, top, right, bottom = qr_bounds(art.verify_url, variant)
    qr = _qr_image(art.verify_url, _LAYOUTS[variant].qr_slot.w)
    # A hairline frame just outside the quiet zone marks the QR as something to scan.
    ImageDraw.Draw(canvas).rounded_rectangle(
        (left - 10, top - 10, right + 9, bottom + 9), radius=18, outline=_QR_BORDER, width=2
    )
    canvas.paste(qr, (left, top))
    return _Box(left, top, right - left, bottom - top)


# --- composition ------------------------------------------------------------------------------


def _draw_header(draw: ImageDraw.ImageDraw, layout: _Layout) -> None:
    """The title and subtitle beside the logo tile, vertically centred on it."""
    w, _ = layout.size
    x = layout.logo.right + 32
    width = w - 64 - x
    title = fit_text(
        TITLE, weight="extrabold", max_width=width, max_lines=1, max_size=62, min_size=30
    )
    subtitle = fit_text(
        SUBTITLE, weight="medium", max_width=width, max_lines=1, max_size=30, min_size=16
    )
    gap = 16
    block = title.height + gap + subtitle.height
    top = layout.logo.y + (layout.logo.h - block) // 2
    bottom = _draw_lines(draw, title, x, top, width, _WHITE)
    _draw_lines(draw, subtitle, x, bottom + gap, width, _SUBTITLE)


def _draw_footer(draw: ImageDraw.ImageDraw, art: BadgeArtwork, layout: _Layout) -> None:
    w, _ = layout.size
    labels = _LABELS[art.locale]
    card = layout.card
    text = f"{labels['issuer']}: {art.issuer_name}"
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
    _draw_lines(draw, fitted, 64, top, width, _FOOTER, layout.footer_align)


def _label_font() -> ImageFont.FreeTypeFont:
    return load_font("bold", 20)


def _draw_label_value(
    draw: ImageDraw.ImageDraw,
    label: str,
    value: str,
    box: _Box,
    value_size: int,
    value_weight: Weight,
    align: Align,
) -> int:
    """A small tracked label over a value that shrinks (one line) to the box; returns bottom."""
    center = box.w if align == "center" else None
    label_bottom = _draw_tracked(
        draw, label, _label_font(), box.x, box.y, _MUTED, tracking=2, center_width=center
    )
    fitted = fit_text(
        value,
        weight=value_weight,
        max_width=box.w,
        max_lines=1,
        max_size=value_size,
        min_size=14,
    )
    return _draw_lines(draw, fitted, box.x, label_bottom + 14, box.w, _INK, align)


def _draw_caption(
    draw: ImageDraw.ImageDraw, art: BadgeArtwork, slot: _Box, qr_box: _Box, size: int
) -> None:
    labels = _LABELS[art.locale]
    width = slot.w + 40
    x = slot.x - 20
    top = qr_box.bottom + 32
    captions: tuple[tuple[str, Color, Weight], ...] = (
        (labels["scan"], _INK, "semibold"),
        (labels["scan2"], _MUTED, "medium"),
    )
    for text, color, weight in captions:
        fitted = fit_text(
            text, weight=weight, max_width=width, max_lines=1, max_size=size, min_size=12
        )
        top = _draw_lines(draw, fitted, x, top, width, color, "center") + 10


def _draw_card_square(
    canvas: Image.Image, draw: ImageDraw.ImageDraw, art: BadgeArtwork, layout: _Layout
) -> None:
    card, pad = layout.card, layout.card_padding
    x, width = card.x + pad, card.w - 2 * pad
    labels = _LABELS[art.locale]

    draw.rounded_rectangle((x, card.y + pad, x + 56, card.y + pad + 6), radius=3, fill=_GOLD)
    label_bottom = _draw_tracked(
        draw, labels["awarded"], _label_font(), x, card.y + pad + 26, _TEAL, tracking=3
    )

    slot = layout.qr_slot
    qr_box = _paste_qr(canvas, art, "square")
    divider_y = slot.y - 8 - 32
    top = label_bottom + 26
    identity = _fit_identity(art, width, divider_y - 30 - top, big=False)
    _draw_identity(draw, identity, x, top, width, "left")
    draw.line((x, divider_y, x + width, divider_y), fill=_DIVIDER, width=2)

    details_w = slot.x - 8 - 40 - x
    top = slot.y + 4
    top = _draw_label_value(
        draw,
        labels["number"],
        art.badge_number,
        _Box(x, top, details_w, 0),
        40,
        "extrabold",
        "left",
    )
    top = _draw_label_value(
        draw,
        labels["issued"],
        format_badge_date(art.issued_on, art.locale),
        _Box(x, top + 30, details_w, 0),
        30,
        "bold",
        "left",
    )
    _draw_label_value(
        draw,
        labels["valid"],
        format_badge_date(art.valid_until, art.locale),
        _Box(x, top + 30, details_w, 0),
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
    bottom = _draw_lines(draw, identity.name, x, top, width, _INK, align)
    _draw_lines(draw, identity.agency, x, bottom + identity.gap, width, _TEAL, align)


def _draw_card_story(
    canvas: Image.Image, draw: ImageDraw.ImageDraw, art: BadgeArtwork, layout: _Layout
) -> None:
    card, pad = layout.card, layout.card_padding
    x, width = card.x + pad, card.w - 2 * pad
    labels = _LABELS[art.locale]

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
    draw.rounded_rectangle((cx - 32, top, cx + 32, top + 6), radius=3, fill=_GOLD)
    label_bottom = _draw_tracked(
        draw,
        labels["awarded"],
        _label_font(),
        x,
        top + 6 + 28,
        _TEAL,
        tracking=3,
        center_width=width,
    )
    _draw_identity(draw, identity, x, label_bottom + identity_gap, width, "center")
    draw.line((x + 120, divider_y, x + width - 120, divider_y), fill=_DIVIDER, width=2)
    _draw_label_value(
        draw,
        labels["number"],
        art.badge_number,
        _Box(x, number_top, width, 0),
        46,
        "extrabold",
        "center",
    )
    half = (width - 32) // 2
    _draw_label_value(
        draw,
        labels["issued"],
        format_badge_date(art.issued_on, art.locale),
        _Box(x, dates_top, half, 0),
        32,
        "bold",
        "center",
    )
    _draw_label_value(
        draw,
        labels["valid"],
        format_badge_date(art.valid_until, art.locale),
        _Box(x + width - half, dates_top, half, 0),
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
    layout = _LAYOUTS[variant]
    canvas = _background(variant).copy()
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
    if variant not in _LAYOUTS:
        raise ValueError(f"unknown badge variant {variant!r}")
    buffer = io.BytesIO()
    # compress_level 6 is a good size/speed trade; optimize=True would triple the encode time.
    render_badge_image(art, variant).save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()
