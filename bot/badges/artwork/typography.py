"""Typography for the badge: the bundled fonts, measuring, fitting text into a box, drawing it.

Text is laid out with Pillow's BASIC engine and the bundled fonts so the same input gives the
same bytes on every machine with the same Pillow version; fonts are cached per weight and size.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

from bot.badges.artwork.palette import Color

__all__ = [
    "Align",
    "FittedText",
    "Weight",
    "draw_lines",
    "draw_tracked",
    "fit_text",
    "load_font",
    "text_extent",
]

Weight = Literal["regular", "medium", "semibold", "bold", "extrabold"]
Align = Literal["left", "center"]

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


# --- fonts -----------------------------------------------------------------------------------


@cache
def _font_bytes(name: str) -> bytes:
    return (resources.files("bot.badges.artwork.fonts") / name).read_bytes()


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


# --- drawing lines ---------------------------------------------------------------------------


def draw_lines(
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


def draw_tracked(
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
