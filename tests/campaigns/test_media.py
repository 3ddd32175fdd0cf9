"""A campaign's media per channel: Telegram sends the stored file id; WhatsApp gets the file
to upload once, then the media id it was given, until that nears WhatsApp's 30-day expiry."""

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.campaigns.channel import MediaUpload
from bot.campaigns.media import CampaignMedia
from bot.campaigns.rendering import CampaignContent
from bot.channels.telegram.sender import TELEGRAM_LIMITS
from bot.clock import FixedClock
from storage.campaigns import CampaignRepository, NewCampaign, RunSlot
from storage.database import Database
from storage.outbox import DeliveryRow
from tests.campaigns.outbox_support import NOW, planner

PHOTO = b"\x89PNG\r\n\x1a\n a poster"
FILE_ID = "AgACAgIAAxkBAAIBposter"

campaigns = CampaignRepository()


class Callbacks:
    def shared(self, delivery_id: int) -> str:
        return f"shared:{delivery_id}"

    def instagram_file(self, delivery_id: int) -> str:
        return f"ig:{delivery_id}"


class TelegramFiles:
    """A recording MediaSource: the poster's bytes for its file id."""

    def __init__(self) -> None:
        self.fetched: list[str] = []

    async def fetch(self, file_id: str) -> tuple[bytes, str]:
        self.fetched.append(file_id)
        await asyncio.sleep(0)  # let other renders arrive while this one fetches
        return PHOTO, "poster.jpg"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "media.sqlite3") as database:
        yield database


async def photo_run(db: Database) -> tuple[int, int]:
    """A scheduled photo campaign with a link and one run: (campaign id, run id)."""
    new = NewCampaign(
        title="Hari Guru",
        kind="photo",
        body="Selamat Hari Guru",
        created_by="admin",
        schedule_kind="now",
        media_file_id=FILE_ID,
        link="https://kemenpan.go.id/hari-guru",
    )
    async with db.transaction() as tx:
        campaign_id = await campaigns.create(tx, new, NOW, status="scheduled")
        await campaigns.plan_runs(tx, campaign_id, [RunSlot("once", "WIB", NOW)])
        [run] = await campaigns.runs_of(tx, campaign_id)
    return campaign_id, run.id


def row(run_id: int, delivery_id: int = 1) -> DeliveryRow:
    return DeliveryRow(delivery_id, run_id, 7, 0, 0, "whatsapp", "6281200000001", "id", "active")


def content(
    db: Database, channel: str = "telegram", media: CampaignMedia | None = None
) -> CampaignContent:
    return CampaignContent(
        planner(db).campaign_of_run,
        localisations=planner(db).localisations,
        default_locale="id",
        disclosure_tag="#ASNBerbagi",
        callbacks=Callbacks(),
        limits=TELEGRAM_LIMITS,
        channel=channel,
        media=media,
    )


def whatsapp_media(db: Database, source: TelegramFiles, clock: FixedClock) -> CampaignMedia:
    return CampaignMedia(db, campaigns, source, clock, channel="whatsapp")


async def test_telegram_gets_the_stored_file_id_and_the_campaigns_link(db: Database) -> None:
    campaign_id, run_id = await photo_run(db)

    message = await content(db).render(row(run_id))

    assert (message.kind, message.media) == ("photo", FILE_ID)
    assert (message.link, message.campaign_id) == ("https://kemenpan.go.id/hari-guru", campaign_id)


async def test_whatsapp_gets_the_file_to_upload_fetched_once(db: Database) -> None:
    campaign_id, run_id = await photo_run(db)
    source = TelegramFiles()
    whatsapp = content(db, "whatsapp", whatsapp_media(db, source, FixedClock(NOW)))

    messages = await asyncio.gather(*(whatsapp.render(row(run_id, i)) for i in range(5)))

    uploads = {message.media for message in messages}
    assert uploads == {
        MediaUpload(f"campaign-{campaign_id}-whatsapp-20261127010000", PHOTO, "poster.jpg")
    }
    assert source.fetched == [FILE_ID]


async def test_after_the_upload_whatsapp_is_sent_the_media_id_even_after_a_restart(
    db: Database,
) -> None:
    _, run_id = await photo_run(db)
    source, clock = TelegramFiles(), FixedClock(NOW)
    media = whatsapp_media(db, source, clock)
    first = await content(db, "whatsapp", media).render(row(run_id))
    assert isinstance(first.media, MediaUpload)

    await media.keep(first.media.key, "1037543291543636")
    after_upload = await content(db, "whatsapp", media).render(row(run_id))
    clock.advance(timedelta(days=28))
    restarted = await content(db, "whatsapp", whatsapp_media(db, source, clock)).render(row(run_id))

    assert (after_upload.media, restarted.media) == ("1037543291543636", "1037543291543636")
    assert source.fetched == [FILE_ID]


async def test_a_media_id_near_its_expiry_is_replaced_by_a_new_upload(db: Database) -> None:
    campaign_id, run_id = await photo_run(db)
    source, clock = TelegramFiles(), FixedClock(NOW)
    media = whatsapp_media(db, source, clock)
    first = await content(db, "whatsapp", media).render(row(run_id))
    assert isinstance(first.media, MediaUpload)
    await media.keep(first.media.key, "1037543291543636")

    clock.advance(timedelta(days=29))
    renewed = await content(db, "whatsapp", media).render(row(run_id))
    assert isinstance(renewed.media, MediaUpload)
    await media.keep(renewed.media.key, "2048654302654747")

    assert renewed.media.key == f"campaign-{campaign_id}-whatsapp-20261226010000"
    assert source.fetched == [FILE_ID, FILE_ID]
    stored = await campaigns.media_on(db.reader, campaign_id, "whatsapp")
    assert stored is not None
    assert (stored.media_id, stored.uploaded_at) == ("2048654302654747", clock.now())


async def test_keeping_an_id_for_a_key_that_names_no_campaign_is_refused(db: Database) -> None:
    media = whatsapp_media(db, TelegramFiles(), FixedClock(NOW))

    with pytest.raises(ValueError, match="not a campaign media key"):
        await media.keep("badge-12", "1037543291543636")


def test_rendering_for_whatsapp_without_its_media_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="needs the campaign media of whatsapp"):
        content(db, "whatsapp")


def test_the_composing_channel_needs_no_uploads(db: Database) -> None:
    with pytest.raises(ValueError, match="needs no uploads"):
        CampaignMedia(db, campaigns, TelegramFiles(), FixedClock(NOW), channel="telegram")
