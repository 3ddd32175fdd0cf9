"""The compose preview in the admin group, while WhatsApp is on: before confirming, one line
per channel with how many people the campaign reaches there, and for WhatsApp how many get
the paid template and what it would cost."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta

from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, SimChat, SimUser
from tests.flows.support import compose, next_new_message
from tests.flows.whatsapp_support import whatsapp_bot


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
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    chat: SimChat = next(c for c in emulator.state.chats.values() if c.id == settings.admin_chat_id)
    admin: SimUser = emulator.add_user("Rina", username="rina_humas")
    emulator.set_member_status(chat, admin, "administrator")
    async with whatsapp_bot(settings, emulator, clock) as wa:
        # In a thread: a blocking write on the event loop would wait for a transaction of the
        # bot's that cannot finish while the loop is blocked (a deadlock until the busy timeout).
        await asyncio.to_thread(
            seed_verified,
            wa.settings,
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
        nothing_sent = list(wa.cloud.sent)

    assert audience.content == (
        "📬 Penerima saat ini, per kanal\n"
        "Telegram: 1 orang\n"
        "WhatsApp: 3 orang, 2 lewat template (perkiraan biaya Rp1.172)"
    )
    assert "Ringkasan" in summary.content
    assert nothing_sent == []  # a preview, not a send
