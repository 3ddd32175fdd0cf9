"""A campaign's media as each channel sends it.

Admins compose campaigns in the Telegram admin group, so a campaign stores a Telegram file id.
Another channel cannot send by that id: the first time, its worker gets the file itself (a
`MediaUpload`, the bytes fetched once through a `MediaSource`), uploads it, and the media id
it gets back is stored per channel (`campaign_media`) and sent by from then on. WhatsApp keeps
uploaded media for 30 days, so an id older than 29 days is replaced by a new upload.
"""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from typing import Protocol

from bot.campaigns.channel import MediaUpload
from bot.clock import Clock
from storage.campaigns import Campaign, CampaignRepository, StoredMedia
from storage.database import Database

# The channel whose file ids campaigns store: the one admins compose in.
COMPOSING_CHANNEL = "telegram"
# WhatsApp media ids expire 30 days after the upload; a day's margin for runs in progress.
MEDIA_ID_LIFETIME = timedelta(days=29)

# The upload's key names the campaign and when its file was fetched, so a re-upload after
# MEDIA_ID_LIFETIME has a key of its own (the worker keeps each key's id for its lifetime).
_KEY = re.compile(r"^campaign-(\d+)-[a-z]+-\d{14}$")


class MediaSource(Protocol):
    """Where a campaign's file can be fetched by its stored (Telegram) file id."""

    async def fetch(self, file_id: str) -> tuple[bytes, str]:
        """The file's bytes and a file name (its extension tells the type)."""
        ...


class CampaignMedia:
    """The media of campaigns as `channel` sends them: its stored id while fresh, else the
    file to upload (fetched once per campaign, however many deliveries render meanwhile)."""

    def __init__(
        self,
        db: Database,
        campaigns: CampaignRepository,
        source: MediaSource,
        clock: Clock,
        *,
        channel: str,
    ) -> None:
        if channel == COMPOSING_CHANNEL:
            raise ValueError(f"{channel} sends the stored file ids; it needs no uploads")
        self.channel = channel
        self._db, self._campaigns, self._source, self._clock = db, campaigns, source, clock
        self._stored: dict[int, StoredMedia] = {}
        self._uploads: dict[int, MediaUpload] = {}  # fetched, not uploaded yet
        self._fetching: dict[int, asyncio.Lock] = {}

    async def of(self, campaign: Campaign) -> str | MediaUpload | None:
        if campaign.media_file_id is None:
            return None
        stored = self._stored.get(campaign.id)
        if stored is None:
            stored = await self._campaigns.media_on(self._db.reader, campaign.id, self.channel)
            if stored is not None:
                self._stored[campaign.id] = stored
        if stored is not None and self._clock.now() - stored.uploaded_at < MEDIA_ID_LIFETIME:
            return stored.media_id
        return await self._upload(campaign.id, campaign.media_file_id)

    async def _upload(self, campaign_id: int, file_id: str) -> MediaUpload:
        async with self._fetching.setdefault(campaign_id, asyncio.Lock()):
            upload = self._uploads.get(campaign_id)
            if upload is None:
                data, filename = await self._source.fetch(file_id)
                fetched = self._clock.now().strftime("%Y%m%d%H%M%S")
                key = f"campaign-{campaign_id}-{self.channel}-{fetched}"
                upload = MediaUpload(key=key, data=data, filename=filename)
                self._uploads[campaign_id] = upload
            return upload

    async def keep(self, key: str, media_id: str) -> None:
        """The worker's `on_media_uploaded`: stores the id the channel gave the upload."""
        match = _KEY.match(key)
        if match is None:
            raise ValueError(f"{key!r} is not a campaign media key")
        campaign_id = int(match[1])
        stored = StoredMedia(media_id, self._clock.now())
        async with self._db.single_statement() as conn:
            await self._campaigns.keep_media(conn, campaign_id, self.channel, stored)
        self._stored[campaign_id] = stored
        self._uploads.pop(campaign_id, None)  # the bytes are no longer needed
