"""A real CampaignService on a test database, people on both channels, and the window table
the "people" part of the WhatsApp work owns (created here only until that part is merged)."""

from __future__ import annotations

from datetime import datetime
from itertools import count

from bot.campaigns.service import CampaignService
from bot.clock import FixedClock
from storage.audit import AuditRepository
from storage.campaign_drafts import CampaignDraftRepository
from storage.campaigns import CampaignRepository
from storage.database import Database
from storage.outbox import OutboxRepository
from storage.sql import fetch_one
from tests.campaigns.outbox_support import NOW, planner, unit_service

PRICE_IDR = 586
_numbers = count(6281200000001)


def campaign_service(db: Database) -> CampaignService:
    return CampaignService(
        db,
        CampaignDraftRepository(),
        CampaignRepository(),
        AuditRepository(),
        planner(db),
        FixedClock(NOW),
        disclosure_tag="#ASNBerbagi",
        require_second_approval=True,
        outbox=OutboxRepository(),
        template_price_idr=PRICE_IDR,
        units=unit_service(db),
    )


async def verified_person(
    db: Database,
    channel: str,
    *,
    province: str = "jk",
    last_inbound_at: datetime | None = None,
    paused: bool = False,
) -> int:
    """A verified person whose content goes to `channel`, with that address's last message."""
    stamp = NOW.isoformat()
    address = str(next(_numbers))
    async with db.transaction() as tx:
        row = await fetch_one(
            tx,
            "INSERT INTO people (channel, channel_user_id, first_seen_at, last_seen_at)"
            " VALUES (?, ?, ?, ?) RETURNING id",
            (channel, address, stamp, stamp),
        )
        assert row is not None
        person_id = int(row["id"])
        await tx.execute(
            "INSERT INTO enrollments (person_id, status, province_code, content_paused_at,"
            " created_at, updated_at) VALUES (?, 'verified', ?, ?, ?, ?)",
            (person_id, province, stamp if paused else None, stamp, stamp),
        )
        await tx.execute(
            "INSERT INTO person_addresses"
            " (channel, address, person_id, last_inbound_at, linked_at) VALUES (?, ?, ?, ?, ?)",
            (
                channel,
                address,
                person_id,
                last_inbound_at.isoformat() if last_inbound_at else None,
                stamp,
            ),
        )
    return person_id
