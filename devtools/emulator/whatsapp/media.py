"""The emulator's media store: what the bot uploads and what simulated people send.

Ids are numeric strings like Meta's (`"1003383421387256"`); a media URL is served under
`/whatsapp_business/attachments/` (Meta's lookaside path) and needs the bearer token, as on
the real API.

Uploads take only the MIME types and sizes WhatsApp supports (Meta's "Supported media types"):
images JPEG/PNG up to 5 MB, video MP4/3GPP and audio up to 16 MB, stickers WebP up to 500 KB,
documents (PDF, plain text, Word, Excel, PowerPoint) up to 100 MB. Anything else (a JSON file,
a GIF) is refused with code 100, as the Cloud API refuses it.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass

_MB = 1024 * 1024
MAX_BYTES: dict[str, int] = {
    "image/jpeg": 5 * _MB,
    "image/png": 5 * _MB,
    "image/webp": 500 * 1024,
    "video/mp4": 16 * _MB,
    "video/3gpp": 16 * _MB,
    "audio/aac": 16 * _MB,
    "audio/amr": 16 * _MB,
    "audio/mpeg": 16 * _MB,
    "audio/mp4": 16 * _MB,
    "audio/ogg": 16 * _MB,
    "text/plain": 100 * _MB,
    "application/pdf": 100 * _MB,
    "application/msword": 100 * _MB,
    "application/vnd.ms-excel": 100 * _MB,
    "application/vnd.ms-powerpoint": 100 * _MB,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": 100 * _MB,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": 100 * _MB,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": 100 * _MB,
}


def upload_problem(mime_type: str, size: int) -> str | None:
    """Why WhatsApp would refuse this upload, or None."""
    limit = MAX_BYTES.get(mime_type.split(";")[0].strip().lower())
    if limit is None:
        return f"Param file must be a file with one of the following types: {', '.join(MAX_BYTES)}"
    if size > limit:
        return f"Param file: {size} bytes is over the {limit} bytes allowed for {mime_type}"
    return None


@dataclass(frozen=True)
class MediaRecord:
    id: str
    data: bytes
    mime_type: str
    filename: str | None
    uploaded_at: float

    @property
    def sha256(self) -> str:
        # Meta gives the file's SHA-256 base64-encoded (as in its webhook examples).
        return base64.b64encode(hashlib.sha256(self.data).digest()).decode()

    @property
    def url_hash(self) -> str:
        return hashlib.sha256(self.id.encode() + self.data[:64]).hexdigest()[:24]


class MediaStore:
    def __init__(self) -> None:
        self._records: dict[str, MediaRecord] = {}

    def add(self, data: bytes, mime_type: str, filename: str | None, at: float) -> MediaRecord:
        media_id = str(10**15 + secrets.randbelow(9 * 10**15))
        record = MediaRecord(media_id, data, mime_type, filename, at)
        self._records[media_id] = record
        return record

    def get(self, media_id: str) -> MediaRecord | None:
        return self._records.get(media_id)

    def delete(self, media_id: str) -> bool:
        return self._records.pop(media_id, None) is not None

    def __contains__(self, media_id: object) -> bool:
        return media_id in self._records

    def __len__(self) -> int:
        return len(self._records)
