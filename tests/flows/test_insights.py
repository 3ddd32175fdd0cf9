"""Insight in the admin group: statistics with a chart, the leaderboard, exports; /privasi."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, SimChat, SimUser
from tests.database_access import connect_database
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.support import campaign_message, seed_delivery, verified_with_badge
from tests.support import BotHarness


async def test_stats_leaderboard_and_export_after_a_reshare(
    vbot: BotHarness,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
    clock: FixedClock,
) -> None:
    chat, admin = admin_group
    siti = vbot.person("Siti")
    await verified_with_badge(siti, apis)
    await campaign_message(vbot, siti, seed_delivery(verifying_settings, siti.user.id))
    await siti.presses("Sudah dibagikan ✅")
    clock.advance(timedelta(minutes=5))

    emulator.send_text(admin, "/statistik 7", chat=chat)
    stats = await emulator.next_message(chat, timeout=20)
    ranking = await emulator.next_message(chat)
    emulator.send_text(admin, "/peringkat", chat=chat)
    board = await emulator.next_message(chat)
    emulator.send_text(admin, "/ekspor enrollments csv", chat=chat)
    started = await emulator.next_message(chat)
    export = await emulator.next_message(chat, timeout=20)
    rows = list(
        csv.reader(io.StringIO(emulator.file_bytes(export.file_id or "").decode("utf-8-sig")))
    )

    assert stats.photo and stats.caption
    assert "1. Kementerian Komunikasi dan Digital: 1 · 1 · 1 · 100,0%" in ranking.content
    assert "Menyiapkan ekspor" in started.content
    assert "1. Siti Rahma" in board.content and "5 poin" in board.content
    assert export.document and export.document["file_name"].startswith("enrollments-")
    assert len(rows) == 2 and "1985************03" in rows[1]
    assert "198506122010011003" not in rows[1]


async def test_privasi_hides_a_person_from_the_leaderboard(
    vbot: BotHarness,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
    clock: FixedClock,
) -> None:
    chat, admin = admin_group
    siti = vbot.person("Siti")
    await verified_with_badge(siti, apis)
    await campaign_message(vbot, siti, seed_delivery(verifying_settings, siti.user.id))
    await siti.presses("Sudah dibagikan ✅")
    clock.advance(timedelta(minutes=5))

    shown = await siti.says("/privasi")
    hidden = await siti.presses("🙈 Sembunyikan nama saya")
    emulator.send_text(admin, "/peringkat", chat=chat)
    board = await emulator.next_message(chat)

    assert "tampil" in shown.content
    assert "tidak tampil" in hidden.content
    assert "Siti" not in board.content
    with connect_database(verifying_settings) as db:
        assert db.execute("SELECT leaderboard_hidden FROM people").fetchall() == [(1,)]
