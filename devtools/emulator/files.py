"""Files known to the emulator: uploads by the bot and media sent by simulated users."""

from __future__ import annotations

import itertools
import struct
from typing import Any

from devtools.emulator.errors import bad_request
from devtools.emulator.models import FileRecord

_EXTENSIONS = {"photo": "jpg", "video": "mp4", "voice": "oga", "sticker": "webp"}
_FOLDERS = {
    "photo": "photos",
    "document": "documents",
    "video": "videos",
    "voice": "voice",
    "sticker": "stickers",
}
_THUMB_SIDE = 90


class FileStore:
    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self.by_id: dict[str, FileRecord] = {}
        self.by_path: dict[str, FileRecord] = {}
        # A photo is stored as several sizes; any of their file_ids re-sends the whole set.
        self._photo_sizes: dict[str, list[FileRecord]] = {}

    def add(
        self,
        kind: str,
        data: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        width: int | None = None,
        height: int | None = None,
    ) -> FileRecord:
        n = next(self._ids)
        ext = _extension(kind, file_name)
        record = FileRecord(
            file_id=f"{kind[:2].upper()}ACAgIAAxkBAAE{n:08d}",
            file_unique_id=f"AQAD{n:06d}",
            kind=kind,
            data=data,
            file_path=f"{_FOLDERS.get(kind, 'documents')}/file_{n}.{ext}",
            file_name=file_name,
            mime_type=mime_type,
            width=width,
            height=height,
        )
        self.by_id[record.file_id] = record
        self.by_path[record.file_path] = record
        return record

    def add_photo(self, data: bytes) -> list[FileRecord]:
        """Stores an upload as [thumbnail, full size], like Telegram's PhotoSize arrays."""
        width, height = image_size(data) or (1280, 720)
        scale = _THUMB_SIDE / max(width, height)
        thumb_w, thumb_h = max(1, round(width * scale)), max(1, round(height * scale))
        sizes = [
            self.add("photo", data, width=thumb_w, height=thumb_h),
            self.add("photo", data, width=width, height=height),
        ]
        for size in sizes:
            self._photo_sizes[size.file_id] = sizes
        return sizes

    def get(self, file_id: str) -> FileRecord:
        record = self.by_id.get(file_id)
        if record is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return record

    def photo_sizes(self, file_id: str) -> list[FileRecord]:
        sizes = self._photo_sizes.get(file_id)
        if sizes is None:
            if file_id in self.by_id:
                raise bad_request("type of file mismatch")
            raise bad_request("wrong file identifier/HTTP URL specified")
        return sizes


def photo_size_dict(record: FileRecord) -> dict[str, Any]:
    return {
        "file_id": record.file_id,
        "file_unique_id": record.file_unique_id,
        "width": record.width,
        "height": record.height,
        "file_size": record.file_size,
    }


def media_dict(record: FileRecord) -> dict[str, Any]:
    """The Document/Video/Voice/Sticker object for a stored file."""
    out: dict[str, Any] = {
        "file_id": record.file_id,
        "file_unique_id": record.file_unique_id,
        "file_size": record.file_size,
    }
    if record.file_name:
        out["file_name"] = record.file_name
    if record.mime_type:
        out["mime_type"] = record.mime_type
    if record.kind in ("video", "sticker"):
        out["width"], out["height"] = record.width or 640, record.height or 360
    if record.kind in ("video", "voice"):
        out["duration"] = 1
    if record.kind == "sticker":
        out.update({"type": "regular", "is_animated": False, "is_video": False, "emoji": "👍"})
    return out


def file_dict(record: FileRecord) -> dict[str, Any]:
    return {
        "file_id": record.file_id,
        "file_unique_id": record.file_unique_id,
        "file_size": record.file_size,
        "file_path": record.file_path,
    }


def _extension(kind: str, file_name: str | None) -> str:
    if file_name and "." in file_name:
        return file_name.rsplit(".", 1)[1].lower()
    return _EXTENSIONS.get(kind, "bin")


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG or JPEG header; None for anything else."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                return None
            marker, length = data[i + 1], int.from_bytes(data[i + 2 : i + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(width), int(height)
            i += 2 + length
    return None
