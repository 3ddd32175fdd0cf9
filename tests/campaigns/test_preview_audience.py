"""The compose preview in the admin group, while WhatsApp is on: before confirming, one line
per channel with how many people the campaign reaches there, and for WhatsApp how many get
the paid template and what it would cost."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, SimChat, SimUser
from tests.flows.support import compose, next_new_message
from tests.support import BotHarness, running_bot


@pytest.fixture
def whatsapp_settings(settings: Settings) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        **settings.model_dump()
        | {
            "whatsapp_access_token": "EAAG-test-token",
            "whatsapp_phone_number_id": "106540352242922",
            "whatsapp_business_account_id": "102290129340398",
            "whatsapp_app_secret": "app-secret",
            "whatsapp_verify_token": "verify-token",
            "whatsapp_campaign_template": "konten_humas",
            "whatsapp_marketing_price_idr": 586,
        },
    )


@pytest.fixture
async def wbot(
    whatsapp_settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    async with running_bot(whatsapp_settings, emulator, clock) as harness:
        yield harness


def seed_verified(
    settings: Settings, clock: FixedClock, people: list[tuple[str, float | None]]
) -> None:
    """Verified people in Jakarta: (content channel, hours since their last message there)."""
    stamp = clock.now().isoformat()
    with sqlite3.connect(settings.database_path, timeout=30) as db:
        for number, (channel, hours) in enumerate(people, start=6281200000001):
            person_id = db.execute(
                "INSERT INTO people (channel, channel_user_id, first_seen_at, last_seen_at)"
                " VALUES (?, ?, ?, ?) RETURNING id",
                (channel, str(number), stamp, stamp),
            ).fetchone()[0]
            db.execute(
                "INSERT INTO enrollments (person_id, status, province_code, created_at,"
                " updated_at) VALUES (?, 'verified', 'jk', ?, ?)",
                (person_id, stamp, stamp),
            )
            wrote = None if hours is None else (clock.now() - timedelta(hours=hours)).isoformat()
            db.execute(
                "INSERT INTO person_addresses"
                " (channel, address, person_id, last_inbound_at, linked_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (channel, str(number), person_id, wrote, stamp),
            )


async def test_the_preview_shows_each_channels_audience_and_the_template_cost(
    wbot: BotHarness,
    emulator: BotApiEmulator,
    whatsapp_settings: Settings,
    clock: FixedClock,
) -> None:
    chat: SimChat = next(
        c for c in emulator.state.chats.values() if c.id == whatsapp_settings.admin_chat_id
    )
    admin: SimUser = emulator.add_user("Rina", username="rina_humas")
    emulator.set_member_status(chat, admin, "administrator")
    seed_verified(
        whatsapp_settings,
        clock,
        [("telegram", None), ("whatsapp", 2), ("whatsapp", 30), ("whatsapp", None)],
    )

    *_, target = await compose(emulator, chat, admin)
    emulator.press_button(admin, target.message, text="Semua", chat=chat)
    schedule = await next_new_message(emulator, chat)
    emulator.press_button(admin, schedule.message, text="Sekarang", chat=chat)
    await next_new_message(emulator, chat)  # the preview's header
    await next_new_message(emulator, chat)  # the message as recipients see it
    audience = await next_new_message(emulator, chat)
    summary = await next_new_message(emulator, chat)

    assert audience.content == (
        "📬 Penerima saat ini, per kanal\n"
        "Telegram: 1 orang\n"
        "WhatsApp: 3 orang, 2 lewat template (perkiraan biaya Rp1.172)"
    )
    assert "Ringkasan" in summary.content
