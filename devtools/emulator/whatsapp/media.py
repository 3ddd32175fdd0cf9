"""The emulator's media store: what the bot uploads and what simulated people send.

Ids are numeric strings like Meta's (`"1003383421387256"`); a media URL is served under
`/whatsapp_business/attachments/` (Meta's lookaside path) and needs the bearer token, as on
the real API.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass


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
