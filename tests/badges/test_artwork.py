"""Badge artwork: sizes, text fitting, QR placement, dates, fonts and determinism."""

from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import replace
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw, ImageFont

from bot.badges.artwork import (
    BadgeArtwork,
    Variant,
    format_badge_date,
    render_badge,
    render_badge_image,
)
from bot.badges.artwork.background import background
from bot.badges.artwork.layouts import STORY_SAFE_ZONE, badge_size, qr_bounds
from bot.badges.artwork.qr import make_qr, render_qr
from bot.badges.artwork.typography import draw_lines, fit_text, text_extent
from bot.languages import LOCALES, Locale
from bot.texts import english, indonesian

LONG_NAME = "Prof. Dr. Ir. Hj. Siti Nurhaliza Rahmawati Kusumaningrum, S.Kom., M.Si., M.B.A."
LONG_AGENCIES = [
    "Pemerintah Daerah Daerah Istimewa Yogyakarta",
    "Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan",
    # The longest names in bot/reference/data/agencies.csv: ~100 characters, joined by a slash.
    "Kementerian Kependudukan dan Pembangunan Keluarga/Badan Kependudukan dan Keluarga Berencana "
    "Nasional",
]
VERIFY_URL = "https://humas.example.go.id/v/GPR-2026-000123"

SHORT = BadgeArtwork(
    holder_name="Budi Santoso",
    agency="Kementerian Keuangan",
    badge_number="GPR-2026-000123",
    issued_on=date(2026, 1, 5),
    valid_until=date(2026, 11, 27),
    verify_url=VERIFY_URL,
    issuer_name="Kementerian Komunikasi dan Digital",
)
LONG = replace(SHORT, holder_name=LONG_NAME, agency=LONG_AGENCIES[1], locale="en")
VARIANTS: list[Variant] = ["square", "story"]


def _open(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    "art",
    [SHORT, LONG, *(replace(LONG, agency=agency) for agency in LONG_AGENCIES)],
    ids=["short", "long", "agency-diy", "agency-kemenko", "agency-slash"],
)
def test_renders_a_png_of_the_exact_size(art: BadgeArtwork, variant: Variant) -> None:
    png = render_badge(art, variant)
    image = _open(png)
    assert image.format == "PNG"
    assert image.mode == "RGB"
    assert image.size == badge_size(variant)
    assert badge_size("square") == (1080, 1080)
    assert badge_size("story") == (1080, 1920)


@pytest.mark.parametrize("variant", VARIANTS)
def test_rendering_is_deterministic(variant: Variant) -> None:
    assert render_badge(LONG, variant) == render_badge(LONG, variant)


def test_different_holders_give_different_pictures() -> None:
    assert render_badge(SHORT) != render_badge(replace(SHORT, holder_name="Ani Wijaya"))


@pytest.mark.parametrize("art", [SHORT, LONG], ids=["short", "long"])
def test_the_story_keeps_everything_inside_instagrams_safe_zone(art: BadgeArtwork) -> None:
    # Whatever differs from the bare background is content: logo, text, card content, QR.
    content = ImageChops.difference(render_badge_image(art, "story"), background("story"))
    box = content.getbbox()

    assert box is not None
    top, bottom = STORY_SAFE_ZONE
    assert (box[1] >= top, box[3] <= bottom) == (True, True), box


def _blank_runs(image: Image.Image) -> list[int]:
    """Widths of the empty column runs between the first and the last ink."""
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    inked = [any(pixels[x, y] < 128 for y in range(height)) for x in range(width)]
    first, last = inked.index(True), width - 1 - inked[::-1].index(True)
    runs, current = [], 0
    for x in range(first, last + 1):
        if inked[x]:
            if current:
                runs.append(current)
            current = 0
        else:
            current += 1
    return runs


def test_a_comma_after_a_period_has_no_gap_before_it() -> None:
    # Degrees after a name ("S.Sos., M.Si.") showed a wide gap between the period and the comma.
    fitted = fit_text(
        "S.Sos.,", weight="extrabold", max_width=900, max_lines=1, max_size=76, min_size=76
    )
    canvas = Image.new("RGB", (900, 200), (255, 255, 255))
    draw_lines(ImageDraw.Draw(canvas), fitted, 20, 40, 860, (0, 0, 0))
    image = canvas.convert("L")
    period_comma = _blank_runs(image)[-1]  # the last blank run: between "." and ","
    letters = max(_blank_runs(image)[:3])  # between the letters of "S.S"

    assert period_comma <= fitted.size * 0.05
    assert period_comma < letters


def test_unknown_variant_is_refused() -> None:
    with pytest.raises(ValueError, match="variant"):
        render_badge(SHORT, "banner")  # type: ignore[arg-type]


# --- text fitting ------------------------------------------------------------------------------


def _assert_fits(
    fitted_lines: tuple[str, ...], font: ImageFont.FreeTypeFont, max_width: int
) -> None:
    for line in fitted_lines:
        assert text_extent(font, line)[1] <= max_width, line


@pytest.mark.parametrize("max_width", [200, 420, 640, 848, 952])
@pytest.mark.parametrize("text", [LONG_NAME, *LONG_AGENCIES])
def test_fit_text_keeps_every_line_inside_the_width(text: str, max_width: int) -> None:
    fitted = fit_text(
        text, weight="extrabold", max_width=max_width, max_lines=3, max_size=76, min_size=20
    )
    assert 1 <= len(fitted.lines) <= 3
    assert 20 <= fitted.size <= 76
    _assert_fits(fitted.lines, fitted.font, max_width)
    if not fitted.truncated:
        # Nothing lost or split: the lines are the text, broken at spaces or after a slash.
        assert "".join(fitted.lines).replace(" ", "") == text.replace(" ", "")


def test_fit_text_picks_the_largest_size_that_fits() -> None:
    fitted = fit_text(
        LONG_NAME, weight="extrabold", max_width=848, max_lines=3, max_size=90, min_size=20
    )
    assert not fitted.truncated
    one_larger = fitted.size + 1
    bigger = fit_text(
        LONG_NAME,
        weight="extrabold",
        max_width=848,
        max_lines=3,
        max_size=one_larger,
        min_size=one_larger,
    )
    assert bigger.truncated


def test_short_text_gets_the_maximum_size_on_one_line() -> None:
    fitted = fit_text(
        "Budi Santoso", weight="extrabold", max_width=848, max_lines=3, max_size=76, min_size=28
    )
    assert fitted.lines == ("Budi Santoso",)
    assert fitted.size == 76


def test_fit_text_respects_max_height() -> None:
    fitted = fit_text(
        LONG_NAME,
        weight="extrabold",
        max_width=848,
        max_lines=3,
        max_size=90,
        min_size=20,
        max_height=120,
    )
    assert not fitted.truncated
    assert fitted.height <= 120


def test_unfittable_text_is_cut_with_an_ellipsis_never_overflowing() -> None:
    word = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft"
    fitted = fit_text(
        f"{word} {word} {word} {word}",
        weight="bold",
        max_width=300,
        max_lines=2,
        max_size=40,
        min_size=24,
    )
    assert fitted.truncated
    assert fitted.size == 24
    assert len(fitted.lines) <= 2
    assert fitted.lines[-1].endswith("…")
    _assert_fits(fitted.lines, fitted.font, 300)


def test_truncation_prefers_a_word_boundary() -> None:
    fitted = fit_text(
        LONG_NAME, weight="extrabold", max_width=500, max_lines=1, max_size=30, min_size=30
    )
    assert fitted.truncated
    (line,) = fitted.lines
    assert line.endswith("…")
    assert LONG_NAME.startswith(line.removesuffix("…"))
    assert LONG_NAME[len(line) - 1] == " "  # cut where a space was, not inside a word


def test_letters_the_main_font_lacks_switch_to_the_fallback_font() -> None:
    latin = fit_text("Budi", weight="bold", max_width=800, max_lines=1, max_size=40, min_size=20)
    cyrillic = fit_text(
        "Дмитрий", weight="bold", max_width=800, max_lines=1, max_size=40, min_size=20
    )
    assert latin.font.getname()[0] == "Plus Jakarta Sans"
    assert cyrillic.font.getname()[0] == "DejaVu Sans"


def test_zero_width_joiners_are_not_drawn() -> None:
    fitted = fit_text(
        "Ani\u200dta", weight="bold", max_width=800, max_lines=1, max_size=40, min_size=20
    )
    assert fitted.lines == ("Anita",)


@given(
    words=st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDÉÜ.,'-", min_size=1, max_size=30),
        min_size=1,
        max_size=12,
    ),
    max_width=st.integers(min_value=60, max_value=900),
    max_lines=st.integers(min_value=1, max_value=3),
)
def test_fit_text_never_overflows(words: list[str], max_width: int, max_lines: int) -> None:
    fitted = fit_text(
        " ".join(words),
        weight="semibold",
        max_width=max_width,
        max_lines=max_lines,
        max_size=48,
        min_size=16,
    )
    assert 1 <= len(fitted.lines) <= max_lines
    _assert_fits(fitted.lines, fitted.font, max_width)


def test_impossible_box_is_refused() -> None:
    with pytest.raises(ValueError):
        fit_text("x", weight="bold", max_width=0, max_lines=1, max_size=10, min_size=10)


# --- QR ------------------------------------------------------------------------------------------


def test_qr_symbol_for_a_verify_url() -> None:
    qr = make_qr(VERIFY_URL)
    # 45 bytes: too many for 3-Q (32 bytes), within 4-Q (46 bytes).
    assert qr.designator == "4-Q"
    assert not qr.is_micro
    assert qr.symbol_size(scale=1, border=0) == (33, 33)


def _dark(image: Image.Image, module_x: int, module_y: int, scale: int) -> bool:
    pixel = image.getpixel((module_x * scale + scale // 2, module_y * scale + scale // 2))
    assert isinstance(pixel, tuple)
    return sum(pixel[:3]) < 3 * 128


def _is_finder(image: Image.Image, fx: int, fy: int, scale: int) -> bool:
    """A 7×7 finder: dark outer ring, light ring, dark 3×3 centre."""
    return all(
        _dark(image, fx + dx, fy + dy, scale) == (max(abs(dx - 3), abs(dy - 3)) != 2)
        for dx in range(7)
        for dy in range(7)
    )


def test_render_qr_has_quiet_zone_and_finder_patterns() -> None:
    image = render_qr(VERIFY_URL, 240)
    modules = 33 + 2 * 4
    scale = image.width // modules
    assert image.size == (modules * scale, modules * scale)
    assert scale == 240 // modules
    # Quiet zone: four light modules all round.
    for i in range(modules):
        for j in range(4):
            assert not _dark(image, i, j, scale)
            assert not _dark(image, j, i, scale)
    # Finder patterns in three corners (top-left, top-right, bottom-left), none bottom-right.
    far = 4 + 33 - 7
    assert _is_finder(image, 4, 4, scale)
    assert _is_finder(image, far, 4, scale)
    assert _is_finder(image, 4, far, scale)
    assert not _is_finder(image, far, far, scale)


def test_render_qr_refuses_a_url_too_long_for_the_box() -> None:
    with pytest.raises(ValueError, match="too long"):
        render_qr("https://example.go.id/" + "x" * 400, 60)


@pytest.mark.parametrize("variant", VARIANTS)
def test_badge_contains_the_qr_unaltered_inside_the_card(variant: Variant) -> None:
    image = _open(render_badge(SHORT, variant))
    left, top, right, bottom = qr_bounds(VERIFY_URL, variant)
    width, height = badge_size(variant)
    assert 0 < left < right < width and 0 < top < bottom < height
    assert right - left >= 200  # big enough to scan from a phone screen
    expected = render_qr(VERIFY_URL, right - left)
    assert image.crop((left, top, right, bottom)).tobytes() == expected.tobytes()


# --- dates, locale, logo -------------------------------------------------------------------------


def test_dates_in_indonesian_and_english() -> None:
    assert format_badge_date(date(2026, 11, 27), "id") == "27 November 2026"
    assert format_badge_date(date(2026, 8, 17), "id") == "17 Agustus 2026"
    assert format_badge_date(date(2026, 11, 27), "en") == "November 27, 2026"


def test_locale_changes_the_picture() -> None:
    assert render_badge(SHORT) != render_badge(replace(SHORT, locale="en"))


@pytest.mark.parametrize(
    "changes",
    [
        {"locale": "fr"},
        {"valid_until": date(2025, 1, 1)},
        {"holder_name": "  "},
        {"verify_url": ""},
    ],
)
def test_bad_artwork_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        replace(SHORT, **changes)  # type: ignore[arg-type]


def test_custom_logo_with_transparency_is_used(tmp_path: Path) -> None:
    logo = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((0, 0, 199, 199), fill=(220, 20, 60, 255))
    path = tmp_path / "logo.png"
    logo.save(path)
    image = _open(render_badge(replace(SHORT, logo_path=path)))
    default = _open(render_badge(SHORT))
    assert image.tobytes() != default.tobytes()
    # The logo keeps its aspect ratio inside the white tile (64..184): red on the left half,
    # the tile's white where the logo is transparent.
    red = image.getpixel((64 + 40, 64 + 60))
    assert isinstance(red, tuple) and red[0] > 180 and red[1] < 80
    white = image.getpixel((64 + 100, 64 + 30))
    assert white == (255, 255, 255)


# --- packaging -----------------------------------------------------------------------------------


def test_fonts_ship_with_their_licences_and_stay_small() -> None:
    fonts = resources.files("bot.badges.artwork.fonts")
    names = {entry.name for entry in fonts.iterdir()}
    ttf = {name for name in names if name.endswith(".ttf")}
    assert ttf == {"PlusJakartaSans-Variable.ttf", "DejaVuSans-Bold.ttf"}
    assert {"LICENSE-PlusJakartaSans.txt", "LICENSE-DejaVuSans.txt"} <= names
    assert "SIL OPEN FONT LICENSE" in (fonts / "LICENSE-PlusJakartaSans.txt").read_text()
    total = sum(len((fonts / name).read_bytes()) for name in ttf)
    assert total < 2 * 1024 * 1024


def test_badges_package_does_not_import_telegram() -> None:
    code = (
        "import sys, bot.badges, bot.badges.artwork, bot.badges.baking; "
        "sys.exit(1 if any(m.split('.')[0] == 'telegram' for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize("locale", LOCALES)
def test_every_artwork_word_comes_from_the_catalogue(
    locale: Locale, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = {"id": indonesian.MESSAGES, "en": english.MESSAGES}[locale]
    art = replace(SHORT, locale=locale)
    before = render_badge(art)
    keys = [key for key in catalogue if key.startswith("art_")]

    # Each of the badge language's words, changed in the catalogue, changes the picture.
    unchanged = []
    for key in keys:
        with monkeypatch.context() as patch:
            patch.setitem(catalogue, key, catalogue[key] + " X")
            if render_badge(art) == before:
                unchanged.append(key)

    assert len(keys) == 7
    assert unchanged == []
    assert render_badge(art) == before
