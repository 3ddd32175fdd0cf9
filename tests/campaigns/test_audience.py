"""The preview's audience per channel: how many people a target reaches on each content
channel, how many WhatsApp reaches only by the paid template (no message from them in the
last 24 hours), and the estimated cost; and the link /go/{campaign_id} follows."""

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.campaigns.service import ChannelAudience
from storage.campaigns import CampaignRepository, CampaignStatus, NewCampaign, Target
from storage.database import Database
from tests.campaigns.outbox_support import NOW
from tests.campaigns.service_support import PRICE_IDR, campaign_service, verified_person


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "audience.sqlite3") as database:
        yield database


async def test_whatsapp_people_outside_the_window_are_counted_as_templates(
    db: Database,
) -> None:
    await verified_person(db, "telegram")
    await verified_person(db, "telegram")
    await verified_person(db, "whatsapp", last_inbound_at=NOW - timedelta(hours=2))
    await verified_person(db, "whatsapp", last_inbound_at=NOW - timedelta(hours=25))
    await verified_person(db, "whatsapp")  # never wrote since consenting on the other channel

    audience = await campaign_service(db).audience_by_channel(Target())

    assert audience == [
        ChannelAudience("telegram", people=2, templates=0, estimated_cost_idr=0),
        ChannelAudience("whatsapp", people=3, templates=2, estimated_cost_idr=2 * PRICE_IDR),
    ]


async def test_the_window_closes_exactly_24_hours_after_the_last_message(db: Database) -> None:
    await verified_person(db, "whatsapp", last_inbound_at=NOW - timedelta(hours=24))
    await verified_person(db, "whatsapp", last_inbound_at=NOW - timedelta(hours=23, minutes=59))

    [whatsapp] = await campaign_service(db).audience_by_channel(Target())

    assert (whatsapp.people, whatsapp.templates) == (2, 1)


async def test_the_audience_follows_the_target_and_leaves_out_paused_people(
    db: Database,
) -> None:
    await verified_person(db, "whatsapp", province="jk")
    await verified_person(db, "whatsapp", province="ba")
    await verified_person(db, "whatsapp", province="jk", paused=True)

    jakarta = await campaign_service(db).audience_by_channel(Target(province_code="jk"))
    wita = await campaign_service(db).audience_by_channel(Target(zone="WITA"))

    assert [(a.channel, a.people) for a in jakarta] == [("whatsapp", 1)]
    assert [(a.channel, a.people) for a in wita] == [("whatsapp", 1)]


async def test_nobody_to_reach_is_an_empty_audience(db: Database) -> None:
    await verified_person(db, "telegram", province="ba")

    assert await campaign_service(db).audience_by_channel(Target(province_code="jk")) == []


async def campaign(db: Database, status: CampaignStatus, link: str | None) -> int:
    new = NewCampaign(
        title="Hari Guru",
        kind="text",
        body="Selamat Hari Guru",
        created_by="admin",
        schedule_kind="now",
        link=link,
    )
    async with db.transaction() as tx:
        return await CampaignRepository().create(tx, new, NOW, status=status)


@pytest.mark.parametrize(
    ("status", "link", "followed"),
    [
        ("scheduled", "https://kemenpan.go.id/a", "https://kemenpan.go.id/a"),
        ("done", "https://kemenpan.go.id/a", "https://kemenpan.go.id/a"),
        ("scheduled", None, None),
        ("awaiting_approval", "https://kemenpan.go.id/a", None),
        ("draft", "https://kemenpan.go.id/a", None),
        ("cancelled", "https://kemenpan.go.id/a", None),
    ],
)
async def test_only_an_approved_campaigns_link_is_followed(
    db: Database, status: CampaignStatus, link: str | None, followed: str | None
) -> None:
    campaign_id = await campaign(db, status, link)

    assert await campaign_service(db).link_of(campaign_id) == followed
    assert await campaign_service(db).link_of(campaign_id + 1) is None
