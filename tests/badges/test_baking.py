"""Open Badges baking: one uncompressed iTXt ``openbadges`` chunk, pixels untouched."""

from __future__ import annotations

import io
import json
import struct
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from PIL.PngImagePlugin import PngImageFile, PngInfo

from bot.badges.baking import bake, unbake

ASSERTION_URL = "https://humas.example.go.id/assertions/GPR-2026-000123"
ASSERTION_JSON = json.dumps(
    {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": ASSERTION_URL,
        "recipient": {"type": "email", "hashed": True, "identity": "sha256$" + "ab" * 32},
        "evidence": "Humas Pemerintah — Daerah Istimewa Yogyakarta",
    },
    ensure_ascii=False,
)


def _png(pnginfo: PngInfo | None = None, size: tuple[int, int] = (64, 48)) -> bytes:
    image = Image.new("RGB", size)
    # Varied pixels, so a re-encode would be noticed in the IDAT bytes.
    image.putdata(
        [
            ((x * 7) % 256, (y * 13) % 256, (x * y) % 256)
            for y in range(size[1])
            for x in range(size[0])
        ]
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=pnginfo)
    return buffer.getvalue()


_PNG = _png()


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """An independent chunk parser that also checks every CRC."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks = []
    offset = 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        chunk_type = png[offset + 4 : offset + 8]
        data = png[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", png[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(chunk_type + data) & 0xFFFFFFFF, chunk_type
        chunks.append((chunk_type, data))
        offset += 12 + length
    return chunks


def _openbadges_chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    return [
        (chunk_type, data)
        for chunk_type, data in _chunks(png)
        if chunk_type in (b"iTXt", b"tEXt", b"zTXt") and data.split(b"\x00", 1)[0] == b"openbadges"
    ]


@pytest.mark.parametrize("assertion", [ASSERTION_URL, ASSERTION_JSON])
def test_round_trip(assertion: str) -> None:
    baked = bake(_png(), assertion)
    assert unbake(baked) == assertion
    # Pillow (like any PNG reader) sees the same text.
    with Image.open(io.BytesIO(baked)) as image:
        assert isinstance(image, PngImageFile)
        assert image.text["openbadges"] == assertion


def test_chunk_is_one_uncompressed_itxt_before_the_image_data() -> None:
    baked = bake(_png(), ASSERTION_JSON)
    [(chunk_type, data)] = _openbadges_chunks(baked)
    assert chunk_type == b"iTXt"
    expected = b"openbadges\x00" + b"\x00\x00" + b"\x00" + b"\x00" + ASSERTION_JSON.encode("utf-8")
    assert data == expected  # flag 0 = uncompressed, method 0, empty language and translation
    types = [chunk_type for chunk_type, _ in _chunks(baked)]
    assert types[0] == b"IHDR"
    assert types[-1] == b"IEND"
    assert types.index(b"iTXt") < types.index(b"IDAT")


def test_baking_leaves_pixels_and_image_data_untouched() -> None:
    original = _png()
    baked = bake(original, ASSERTION_URL)
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(baked)) as after:
        assert after.size == before.size
        assert after.tobytes() == before.tobytes()
    idat = [data for chunk_type, data in _chunks(original) if chunk_type == b"IDAT"]
    assert [data for chunk_type, data in _chunks(baked) if chunk_type == b"IDAT"] == idat


def test_rebaking_replaces_the_assertion_never_two_chunks() -> None:
    once = bake(_png(), ASSERTION_URL)
    twice = bake(once, ASSERTION_JSON)
    assert len(_openbadges_chunks(twice)) == 1
    assert unbake(twice) == ASSERTION_JSON
    assert bake(twice, ASSERTION_JSON) == twice  # idempotent


def test_unbaked_png_has_no_assertion() -> None:
    assert unbake(_png()) is None


def test_other_text_chunks_are_kept() -> None:
    info = PngInfo()
    info.add_text("Software", "asn-influencer-bot")
    baked = bake(_png(info), ASSERTION_URL)
    with Image.open(io.BytesIO(baked)) as image:
        assert isinstance(image, PngImageFile)
        assert image.text == {"Software": "asn-influencer-bot", "openbadges": ASSERTION_URL}
    assert unbake(_png(info)) is None


def test_legacy_text_chunk_is_read_and_replaced() -> None:
    info = PngInfo()
    info.add_text("openbadges", ASSERTION_URL)  # Open Badges 1.0 baked a tEXt chunk
    legacy = _png(info)
    assert unbake(legacy) == ASSERTION_URL
    rebaked = bake(legacy, ASSERTION_JSON)
    assert [chunk_type for chunk_type, _ in _openbadges_chunks(rebaked)] == [b"iTXt"]
    assert unbake(rebaked) == ASSERTION_JSON


def test_compressed_itxt_from_other_tools_is_read() -> None:
    info = PngInfo()
    info.add_itxt("openbadges", ASSERTION_JSON, zip=True)
    png = _png(info)
    assert _openbadges_chunks(png)[0][1].split(b"\x00", 1)[1][0] == 1  # really compressed
    assert unbake(png) == ASSERTION_JSON
    assert _openbadges_chunks(bake(png, ASSERTION_URL))[0][1].endswith(ASSERTION_URL.encode())


def test_bake_a_rendered_badge() -> None:
    from datetime import date

    from bot.badges.artwork import BadgeArtwork, render_badge

    art = BadgeArtwork(
        holder_name="Budi Santoso",
        agency="Kementerian Keuangan",
        badge_number="GPR-2026-000123",
        issued_on=date(2026, 1, 5),
        valid_until=date(2027, 1, 5),
        verify_url=ASSERTION_URL,
        issuer_name="Kementerian Komunikasi dan Digital",
    )
    png = render_badge(art)
    baked = bake(png, ASSERTION_URL)
    assert unbake(baked) == ASSERTION_URL
    assert len(baked) - len(png) == 12 + len(b"openbadges") + 5 + len(ASSERTION_URL)


@pytest.mark.parametrize("bad", [b"", b"GIF89a....", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"])
def test_not_a_png_is_refused(bad: bytes) -> None:
    with pytest.raises(ValueError):
        bake(bad, ASSERTION_URL)
    with pytest.raises(ValueError):
        unbake(bad)


@pytest.mark.parametrize("assertion", ["", "a\x00b"])
def test_bad_assertion_is_refused(assertion: str) -> None:
    with pytest.raises(ValueError):
        bake(_png(), assertion)


@given(st.text(min_size=1).filter(lambda text: "\x00" not in text))
def test_any_text_round_trips(assertion: str) -> None:
    assert unbake(bake(_PNG, assertion)) == assertion
