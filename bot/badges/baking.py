"""Open Badges baking: put the assertion inside the badge PNG, and read it back.

A baked badge carries exactly one uncompressed ``iTXt`` chunk with keyword ``openbadges`` whose
text is the assertion URL (hosted verification) or the assertion JSON. Validators and backpacks
look for that chunk, so two of them would be ambiguous: baking replaces any earlier one.

The chunk list is rewritten by hand instead of re-encoding with Pillow, so every other chunk —
above all the IDAT image data — is copied byte for byte: the pixels cannot change, and baking
costs a few microseconds instead of a PNG re-encode.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

__all__ = ["KEYWORD", "PNG_SIGNATURE", "PngChunk", "bake", "read_chunks", "unbake"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = "openbadges"

_KEYWORD_BYTES = KEYWORD.encode("latin-1")
_TEXT_CHUNK_TYPES = frozenset({b"iTXt", b"tEXt", b"zTXt"})
_LENGTH_AND_TYPE = struct.Struct(">I4s")
# The PNG spec caps a chunk's length at 2**31 - 1.
_MAX_CHUNK_LENGTH = 2**31 - 1


@dataclass(frozen=True, slots=True)
class PngChunk:
    """One chunk as it sits in the file; ``raw`` is the whole chunk, length and CRC included."""

    type: bytes
    data: bytes
    raw: bytes


def read_chunks(png: bytes) -> list[PngChunk]:
    """Split a PNG into its chunks, checking the structure (not the CRCs of chunks we copy).

    Raises ValueError when the bytes are not a PNG: a wrong signature, a truncated chunk, a first
    chunk other than IHDR, or a missing IEND. Bytes after IEND are ignored (and not kept).
    """
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG file (bad signature)")
    chunks: list[PngChunk] = []
    offset = len(PNG_SIGNATURE)
    while offset < len(png):
        if offset + _LENGTH_AND_TYPE.size > len(png):
            raise ValueError("truncated PNG chunk header")
        length, chunk_type = _LENGTH_AND_TYPE.unpack_from(png, offset)
        end = offset + _LENGTH_AND_TYPE.size + length + 4
        if length > _MAX_CHUNK_LENGTH or end > len(png):
            raise ValueError(f"truncated PNG chunk {chunk_type!r}")
        data_start = offset + _LENGTH_AND_TYPE.size
        chunks.append(PngChunk(chunk_type, png[data_start : data_start + length], png[offset:end]))
        offset = end
        if chunk_type == b"IEND":
            break
    if not chunks or chunks[0].type != b"IHDR":
        raise ValueError("PNG does not start with an IHDR chunk")
    if chunks[-1].type != b"IEND":
        raise ValueError("PNG has no IEND chunk")
    return chunks


def _build_chunk(chunk_type: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(chunk_type + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + chunk_type + data + struct.pack(">I", crc)


def _itxt_data(text: str) -> bytes:
    # keyword NUL, compression flag 0, compression method 0, empty language tag NUL,
    # empty translated keyword NUL, then the UTF-8 text (not NUL-terminated).
    return _KEYWORD_BYTES + b"\x00" + b"\x00\x00" + b"\x00" + b"\x00" + text.encode("utf-8")


def _keyword_of(chunk: PngChunk) -> bytes | None:
    if chunk.type not in _TEXT_CHUNK_TYPES:
        return None
    keyword, sep, _ = chunk.data.partition(b"\x00")
    return keyword if sep else None


def bake(png: bytes, assertion: str) -> bytes:
    """Return ``png`` with one uncompressed ``openbadges`` iTXt chunk holding ``assertion``.

    The chunk goes right before the first IDAT; any earlier ``openbadges`` text chunk (iTXt, tEXt
    or zTXt) is dropped, so re-baking never leaves two. All other chunks are kept verbatim.
    Raises ValueError for an empty assertion, one containing NUL, or bytes that are not a PNG.
    """
    if not assertion:
        raise ValueError("assertion must not be empty")
    if "\x00" in assertion:
        raise ValueError("assertion must not contain NUL characters")
    chunks = read_chunks(png)
    new_chunk = _build_chunk(b"iTXt", _itxt_data(assertion))
    out = [PNG_SIGNATURE]
    placed = False
    for chunk in chunks:
        if _keyword_of(chunk) == _KEYWORD_BYTES:
            continue
        if chunk.type == b"IDAT" and not placed:
            out.append(new_chunk)
            placed = True
        out.append(chunk.raw)
    if not placed:
        raise ValueError("PNG has no IDAT chunk")
    return b"".join(out)


def _decode_itxt(data: bytes) -> str | None:
    # keyword NUL flag method language NUL translated-keyword NUL text
    _, _, rest = data.partition(b"\x00")
    if len(rest) < 2:
        return None
    flag, method, rest = rest[0], rest[1], rest[2:]
    _language, sep1, rest = rest.partition(b"\x00")
    _translated, sep2, text = rest.partition(b"\x00")
    if not (sep1 and sep2):
        return None
    if flag == 1:
        if method != 0:
            return None
        try:
            text = zlib.decompress(text)
        except zlib.error:
            return None
    elif flag != 0:
        return None
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        return None


def unbake(png: bytes) -> str | None:
    """The assertion baked into ``png`` (iTXt, or the legacy Open Badges 1.0 tEXt), else None.

    Raises ValueError when the bytes are not a PNG at all.
    """
    for chunk in read_chunks(png):
        if _keyword_of(chunk) != _KEYWORD_BYTES:
            continue
        if chunk.type == b"iTXt":
            text = _decode_itxt(chunk.data)
            if text is not None:
                return text
        elif chunk.type == b"tEXt":
            # tEXt is Latin-1 by definition; a 1.0 assertion URL is plain ASCII anyway.
            return chunk.data.partition(b"\x00")[2].decode("latin-1")
    return None
