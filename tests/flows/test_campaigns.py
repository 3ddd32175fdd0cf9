"""Campaigns end to end: an admin composes in the admin group, verified people receive it."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from bot.clock import FixedClock
from bot.emulator import BotApiEmulator, BotMessage, SimChat, SimUser
from bot.settings import Settings
from tests.conftest import running_bot
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.test_sharing import verified
from tests.support import BotHarness, answered_with

TEXT = "Program Makan Bergizi Gratis menjangkau 20 juta siswa."


async def compose(
    emulator: BotApiEmulator, chat: SimChat, admin: SimUser, command: str = "/konten"
) -> list[BotMessage]:
    """Composes a text campaign with a link, hashtags and one variant, up to the summary."""
    emulator.send_text(admin, command, chat=chat)
    ask = await emulator.next_message(chat)
    emulator.reply_to(admin, ask.message, TEXT)
    ask_link = await emulator.next_message(chat)
    emulator.reply_to(admin, ask_link.message, "https://www.komdigi.go.id/berita/mbg")
    ask_tags = await emulator.next_message(chat)
    emulator.reply_to(admin, ask_tags.message, "#MBG, gizi")
    ask_variant = await emulator.next_message(chat)
    emulator.reply_to(
        admin, ask_variant.message, "MBG sudah menjangkau 20 juta siswa di Indonesia."
    )
    ask_second = await emulator.next_message(chat)
    emulator.press_button(admin, ask_second.message, text="✅ Selesai", chat=chat)
    target = await _next_new(emulator, chat)
    return [ask, ask_link, ask_tags, ask_variant, ask_second, target]


async def _next_new(emulator: BotApiEmulator, chat: SimChat) -> BotMessage:
    while True:
        message = await emulator.next_message(chat, timeout=10)
        if not message.method.startswith("edit"):
            return message


async def test_a_campaign_sent_now_reaches_verified_people_with_share_buttons(
    vbot: BotHarness,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    chat, admin = admin_group
    siti = vbot.person("Siti")
    await verified(siti, apis)

    *_, target = await compose(emulator, chat, admin)
    emulator.press_button(admin, target.message, text="Semua", chat=chat)
    schedule = await _next_new(emulator, chat)
    emulator.press_button(admin, schedule.message, text="Sekarang", chat=chat)
    preview_header = await _next_new(emulator, chat)
    preview = await _next_new(emulator, chat)
    summary = await _next_new(emulator, chat)
    emulator.press_button(admin, summary.message, text="✅ Simpan & jadwalkan", chat=chat)
    saved = await _next_new(emulator, chat)
    received = await siti.reply(timeout=15)

    assert "Pratinjau" in preview_header.content
    assert "#MBG #gizi" in preview.content and "#ASNBerbagi" in preview.content
    assert "semua ASN terverifikasi" in summary.content and "Variasi: 1" in summary.content
    assert "Kampanye #1 dijadwalkan" in saved.content
    assert received.content.startswith("MBG sudah menjangkau")
    assert "#ASNBerbagi" in received.content and "komdigi.go.id/berita/mbg" in received.content
    assert "Sudah dibagikan ✅" in siti.buttons(received)
    recorded = await siti.presses("Sudah dibagikan ✅", received)
    assert "+5 poin" in recorded.content
    report = await _next_new(emulator, chat)
    while "selesai" not in report.content:
        report = await _next_new(emulator, chat)
    assert "1/1 terkirim" in report.content and "gagal 0" in report.content


async def test_a_daily_campaign_reaches_each_zone_at_its_own_eight_oclock(
    vbot: BotHarness,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    clock: FixedClock,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    chat, admin = admin_group
    siti = vbot.person("Siti")
    await verified(siti, apis)  # Jawa Timur: WIB
    *_, target = await compose(emulator, chat, admin)
    emulator.press_button(admin, target.message, text="Semua", chat=chat)
    schedule = await _next_new(emulator, chat)
    emulator.press_button(admin, schedule.message, text="Setiap hari", chat=chat)
    ask_time = await _next_new(emulator, chat)
    emulator.reply_to(admin, ask_time.message, "08:00")
    await _next_new(emulator, chat)  # preview header
    await _next_new(emulator, chat)  # preview
    summary = await _next_new(emulator, chat)
    emulator.press_button(admin, summary.message, text="✅ Simpan & jadwalkan", chat=chat)
    await _next_new(emulator, chat)

    with sqlite3.connect(verifying_settings.database_path) as db:
        runs = db.execute(
            "SELECT zone, due_at FROM campaign_runs WHERE run_key = '2026-11-28' ORDER BY due_at"
        ).fetchall()
    runner = vbot.application.bot_data.campaign_runner
    clock.set(clock.now().replace(day=28, hour=0, minute=59))
    await runner.tick()
    too_early = emulator.pending_messages(siti.user)
    clock.advance(timedelta(minutes=2))  # 01:01 UTC = 08:01 WIB
    await runner.tick()
    received = await siti.reply(timeout=15)

    assert [zone for zone, _ in runs] == ["WIT", "WITA", "WIB"]
    assert [due[11:16] for _, due in runs] == ["23:00", "00:00", "01:00"]
    assert too_early == []
    assert received.content.startswith(("MBG", "Program"))


async def test_a_campaign_to_everyone_waits_for_a_second_admin(
    vbot: BotHarness,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    chat, rina = admin_group
    services = vbot.application.bot_data.services
    services.campaigns._require_second_approval = True  # as REQUIRE_SECOND_APPROVAL=true
    budi = emulator.add_user("Budi", username="budi_humas")
    emulator.set_member_status(chat, budi, "administrator")

    *_, target = await compose(emulator, chat, rina, command="/siaran")
    emulator.press_button(rina, target.message, text="Semua", chat=chat)
    await _next_new(emulator, chat)  # preview header
    await _next_new(emulator, chat)  # preview
    summary = await _next_new(emulator, chat)
    emulator.press_button(rina, summary.message, text="✅ Simpan & jadwalkan", chat=chat)
    waiting = await _next_new(emulator, chat)
    emulator.press_button(rina, waiting.message, text="✅ Setujui (admin kedua)", chat=chat)
    own = await answered_with(emulator, "Persetujuan harus dari admin lain.")
    emulator.press_button(budi, waiting.message, text="✅ Setujui (admin kedua)", chat=chat)
    approved = await emulator.next_message(chat)

    assert "menunggu persetujuan admin kedua" in waiting.content
    assert "Persetujuan harus dari admin lain." in own
    assert "disetujui oleh @budi_humas" in approved.content


async def test_schedule_lists_and_unschedule_cancels(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    chat, admin = admin_group
    *_, target = await compose(emulator, chat, admin)
    emulator.press_button(admin, target.message, text="Semua", chat=chat)
    schedule = await _next_new(emulator, chat)
    emulator.press_button(admin, schedule.message, text="Tanggal & jam", chat=chat)
    ask = await _next_new(emulator, chat)
    emulator.reply_to(admin, ask.message, "2026-11-20 08:00")
    past = await _next_new(emulator, chat)
    emulator.reply_to(admin, past.message, "2026-11-30 08:00")
    await _next_new(emulator, chat)
    await _next_new(emulator, chat)
    summary = await _next_new(emulator, chat)
    emulator.press_button(admin, summary.message, text="✅ Simpan & jadwalkan", chat=chat)
    await _next_new(emulator, chat)

    emulator.send_text(admin, "/jadwal", chat=chat)
    listed = await _next_new(emulator, chat)
    emulator.send_text(admin, "/batalkan 1", chat=chat)
    cancelled = await _next_new(emulator, chat)
    emulator.send_text(admin, "/jadwal", chat=chat)
    empty = await _next_new(emulator, chat)

    assert "sudah lewat" in past.content
    assert "#1" in listed.content and "2026-11-30 01:00 UTC" in listed.content
    assert "dibatalkan" in cancelled.content
    assert "Tidak ada kampanye" in empty.content


async def _daily_at_eight(emulator: BotApiEmulator, chat: SimChat, admin: SimUser) -> None:
    *_, target = await compose(emulator, chat, admin)
    emulator.press_button(admin, target.message, text="Semua", chat=chat)
    schedule = await _next_new(emulator, chat)
    emulator.press_button(admin, schedule.message, text="Setiap hari", chat=chat)
    ask_time = await _next_new(emulator, chat)
    emulator.reply_to(admin, ask_time.message, "08:00")
    await _next_new(emulator, chat)
    await _next_new(emulator, chat)
    summary = await _next_new(emulator, chat)
    emulator.press_button(admin, summary.message, text="✅ Simpan & jadwalkan", chat=chat)
    await _next_new(emulator, chat)


async def test_a_schedule_survives_a_restart_and_a_long_outage_is_reported_missed(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    apis: FakeSocialApis,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, admin = admin_group
    clock.set(clock.now().replace(hour=2))  # 09:00 WIB: today's 08:00 has passed
    async with running_bot(verifying_settings, emulator, clock) as bot:
        siti = bot.person("Siti")
        await verified(siti, apis)
        await _daily_at_eight(emulator, chat, admin)

    # Down over 08:00 WIB on the 28th, back 30 minutes later: within the grace, sent at start.
    clock.set(clock.now().replace(day=28, hour=1, minute=30))
    async with running_bot(verifying_settings, emulator, clock) as bot:
        await bot.application.bot_data.campaign_runner.tick()
        late_but_sent = await siti.reply(timeout=15)

    # Down over the whole of the 29th's 08:00 WIB (and beyond the hour of grace).
    clock.set(clock.now().replace(day=29, hour=3, minute=0))
    emulator.drain(chat)
    async with running_bot(verifying_settings, emulator, clock) as bot:
        await bot.application.bot_data.campaign_runner.plan()
        await bot.application.bot_data.campaign_runner.tick()
        await emulator.wait_idle()
        reports = [m.content for m in emulator.drain(chat)]

    assert late_but_sent.content.startswith(("MBG", "Program"))
    assert [report.split(")")[0].split("(")[1] for report in reports if "terlewat" in report] == [
        "WIT",
        "WITA",
        "WIB",
    ]
    assert emulator.pending_messages(siti.user) == []


async def test_a_bad_link_or_hashtag_is_explained_and_asked_again(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    chat, admin = admin_group
    emulator.send_text(admin, "/konten", chat=chat)
    ask = await emulator.next_message(chat)
    emulator.reply_to(admin, ask.message, TEXT)
    ask_link = await emulator.next_message(chat)

    emulator.reply_to(admin, ask_link.message, "komdigi saja")
    bad_link = await emulator.next_message(chat)
    emulator.reply_to(admin, bad_link.message, "https://www.komdigi.go.id/berita/mbg")
    ask_tags = await emulator.next_message(chat)
    emulator.reply_to(admin, ask_tags.message, "#tagar dengan spasi!")
    bad_tags = await emulator.next_message(chat)

    assert "bukan tautan http(s)" in bad_link.content and "Tautan berita" in bad_link.content
    assert "Tagar (opsional)" in ask_tags.content
    assert "diawali #" in bad_tags.content and "Tagar (opsional)" in bad_tags.content
