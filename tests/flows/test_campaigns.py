"""Campaigns end to end: an admin composes in the admin group, verified people receive it."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, BotMessage, SimChat, SimUser
from tests.database_access import connect_database
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.support import (
    CAMPAIGN_TEXT,
    compose,
    next_new_message,
    verified_with_badge,
)
from tests.support import BotHarness, answered_with, eventually, running_bot, wait_until


def force_reply(message: BotMessage) -> dict[str, Any]:
    markup = message.params.get("reply_markup") or {}
    return json.loads(markup) if isinstance(markup, str) else dict(markup)


async def test_a_campaign_sent_now_reaches_verified_people_with_share_buttons(
    vbot: BotHarness,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    chat, admin = admin_group
    siti = vbot.person("Siti")
    await verified_with_badge(siti, apis)

    *_, target = await compose(emulator, chat, admin)
    emulator.press_button(admin, target.message, text="Semua", chat=chat)
    schedule = await next_new_message(emulator, chat)
    emulator.press_button(admin, schedule.message, text="Sekarang", chat=chat)
    preview_header = await next_new_message(emulator, chat)
    preview = await next_new_message(emulator, chat)
    summary = await next_new_message(emulator, chat)
    emulator.press_button(admin, summary.message, text="✅ Simpan & jadwalkan", chat=chat)
    saved = await next_new_message(emulator, chat)
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
    report = await next_new_message(emulator, chat)
    while "selesai" not in report.content:
        report = await next_new_message(emulator, chat)
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
    await verified_with_badge(siti, apis)  # Jawa Timur: WIB
    *_, target = await compose(emulator, chat, admin)
    emulator.press_button(admin, target.message, text="Semua", chat=chat)
    schedule = await next_new_message(emulator, chat)
    emulator.press_button(admin, schedule.message, text="Setiap hari", chat=chat)
    ask_time = await next_new_message(emulator, chat)
    emulator.reply_to(admin, ask_time.message, "08:00")
    await next_new_message(emulator, chat)  # preview header
    await next_new_message(emulator, chat)  # preview
    summary = await next_new_message(emulator, chat)
    emulator.press_button(admin, summary.message, text="✅ Simpan & jadwalkan", chat=chat)
    await next_new_message(emulator, chat)

    with connect_database(verifying_settings) as db:
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
    await next_new_message(emulator, chat)  # preview header
    await next_new_message(emulator, chat)  # preview
    summary = await next_new_message(emulator, chat)
    emulator.press_button(rina, summary.message, text="✅ Simpan & jadwalkan", chat=chat)
    waiting = await next_new_message(emulator, chat)
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
    schedule = await next_new_message(emulator, chat)
    emulator.press_button(admin, schedule.message, text="Tanggal & jam", chat=chat)
    ask = await next_new_message(emulator, chat)
    emulator.reply_to(admin, ask.message, "2026-11-20 08:00")
    past = await next_new_message(emulator, chat)
    emulator.reply_to(admin, past.message, "2026-11-30 08:00")
    await next_new_message(emulator, chat)
    await next_new_message(emulator, chat)
    summary = await next_new_message(emulator, chat)
    emulator.press_button(admin, summary.message, text="✅ Simpan & jadwalkan", chat=chat)
    await next_new_message(emulator, chat)

    emulator.send_text(admin, "/jadwal", chat=chat)
    listed = await next_new_message(emulator, chat)
    emulator.send_text(admin, "/batalkan 1", chat=chat)
    cancelled = await next_new_message(emulator, chat)
    emulator.send_text(admin, "/jadwal", chat=chat)
    empty = await next_new_message(emulator, chat)

    assert "sudah lewat" in past.content
    assert "#1" in listed.content and "2026-11-30 08:00 WIB" in listed.content
    assert "UTC" not in listed.content and "(WIT)" not in listed.content
    assert "dibatalkan" in cancelled.content
    assert "Tidak ada kampanye" in empty.content


async def _daily_at_eight(emulator: BotApiEmulator, chat: SimChat, admin: SimUser) -> None:
    *_, target = await compose(emulator, chat, admin)
    emulator.press_button(admin, target.message, text="Semua", chat=chat)
    schedule = await next_new_message(emulator, chat)
    emulator.press_button(admin, schedule.message, text="Setiap hari", chat=chat)
    ask_time = await next_new_message(emulator, chat)
    emulator.reply_to(admin, ask_time.message, "08:00")
    await next_new_message(emulator, chat)
    await next_new_message(emulator, chat)
    summary = await next_new_message(emulator, chat)
    emulator.press_button(admin, summary.message, text="✅ Simpan & jadwalkan", chat=chat)
    await next_new_message(emulator, chat)


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
        await verified_with_badge(siti, apis)
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
        # The tick tells the admins of each missed run itself and starts none, so once the
        # three reports are here nothing is on its way to Siti.
        await wait_until(
            lambda: sum("terlewat" in m.content for m in emulator.pending_messages(chat)) == 3,
            "three reports of missed runs",
        )
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
    emulator.reply_to(admin, ask.message, CAMPAIGN_TEXT)
    ask_link = await emulator.next_message(chat)

    await emulator.next_message(chat)  # its Skip button
    emulator.reply_to(admin, ask_link.message, "komdigi saja")
    bad_link, _ = await emulator.next_messages(chat, 2)
    emulator.reply_to(admin, bad_link.message, "https://www.komdigi.go.id/berita/mbg")
    ask_tags, _ = await emulator.next_messages(chat, 2)
    emulator.reply_to(admin, ask_tags.message, "#tagar dengan spasi!")
    bad_tags = await emulator.next_message(chat)

    assert "bukan tautan http(s)" in bad_link.content and "Tautan berita" in bad_link.content
    assert "Tagar (opsional)" in ask_tags.content
    assert "diawali #" in bad_tags.content and "Tagar (opsional)" in bad_tags.content
    assert force_reply(bad_tags)["force_reply"] is True


async def test_every_compose_question_opens_the_reply_for_the_composing_admin(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    chat, admin = admin_group
    ask, ask_link, ask_tags, ask_variant, _, target = await compose(emulator, chat, admin)
    emulator.press_button(admin, target.message, text="Provinsi", chat=chat)
    ask_province = await next_new_message(emulator, chat)

    for question in (ask, ask_link, ask_tags, ask_variant, ask_province):
        markup = force_reply(question)
        assert markup["force_reply"] is True and markup["selective"] is True
        assert markup["input_field_placeholder"]
    # Selective: a question after the admin's message quotes it; after a button press, the
    # question mentions the admin.
    assert ask.message["reply_to_message"]["from"]["id"] == admin.id
    assert ask_link.message["reply_to_message"]["text"] == CAMPAIGN_TEXT
    assert f"tg://user?id={admin.id}" in ask_province.params["text"]
    assert force_reply(ask_link)["input_field_placeholder"].startswith("https://")
    assert force_reply(ask_province)["input_field_placeholder"] == "Nama provinsi, mis. Jawa Timur"


async def test_a_plain_message_while_composing_gets_a_hint_and_the_question_stays(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    chat, admin = admin_group
    # As a group admin the bot sees every message, not only commands and replies to itself.
    emulator.set_bot_status(chat, "administrator")
    emulator.send_text(admin, "/konten", chat=chat)
    ask = await emulator.next_message(chat)

    emulator.send_text(admin, CAMPAIGN_TEXT, chat=chat)  # typed without tapping Reply
    hint = await emulator.next_message(chat)
    emulator.reply_to(admin, ask.message, CAMPAIGN_TEXT)
    ask_link = await emulator.next_message(chat)

    assert "balas (Reply) pertanyaan saya" in hint.content
    assert len(hint.content.splitlines()) == 1
    assert "Tautan berita" in ask_link.content


async def test_a_plain_message_from_an_admin_who_is_not_composing_gets_no_hint(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    chat, admin = admin_group
    emulator.set_bot_status(chat, "administrator")

    emulator.send_text(admin, "Rapat humas jam 10 ya.", chat=chat)
    emulator.send_text(admin, "/jadwal", chat=chat)
    answer = await emulator.next_message(chat)

    assert "Tidak ada kampanye" in answer.content


async def _demote(
    vbot: BotHarness, emulator: BotApiEmulator, chat: SimChat, admin: SimUser
) -> None:
    emulator.set_member_status(chat, admin, "member")
    admins = vbot.application.bot_data.admins
    assert await eventually(lambda: not admins.is_admin(admin.id))


@pytest.mark.parametrize("step", ["target", "schedule", "save"])
async def test_an_admin_demoted_while_composing_cannot_press_on(
    vbot: BotHarness,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
    step: str,
) -> None:
    chat, admin = admin_group
    # The bot is an admin of the admin group, so Telegram sends it chat_member updates.
    emulator.set_bot_status(chat, "administrator")
    siti = vbot.person("Siti")
    await verified_with_badge(siti, apis)
    *_, target = await compose(emulator, chat, admin)
    pressed, button = target, "Semua"
    if step != "target":
        emulator.press_button(admin, target.message, text="Semua", chat=chat)
        pressed, button = await next_new_message(emulator, chat), "Sekarang"
    if step == "save":
        emulator.press_button(admin, pressed.message, text="Sekarang", chat=chat)
        await next_new_message(emulator, chat)  # preview header
        await next_new_message(emulator, chat)  # preview
        pressed, button = await next_new_message(emulator, chat), "✅ Simpan & jadwalkan"

    await _demote(vbot, emulator, chat, admin)
    emulator.press_button(admin, pressed.message, text=button, chat=chat)
    answers = await answered_with(
        emulator, "Perintah ini khusus untuk tim humas (admin grup admin)."
    )
    entries = await vbot.application.bot_data.services.audit.latest(actor=str(admin.id))

    assert "Perintah ini khusus untuk tim humas (admin grup admin)." in answers
    assert entries[0].outcome.startswith("refused") and entries[0].arguments.startswith("cmp:")
    assert emulator.pending_messages(siti.user) == []
    with connect_database(verifying_settings) as db:
        assert db.execute("SELECT COUNT(*) FROM campaigns").fetchone() == (0,)


async def _schedule(
    emulator: BotApiEmulator,
    chat: SimChat,
    admin: SimUser,
    *,
    target: tuple[str, ...] = ("Semua",),
    daily: str | None = None,
) -> list[BotMessage]:
    """Composes and saves a campaign for now (or daily at `daily`); what the bot said after
    Save, up to the deferral notice if any."""
    *_, question = await compose(emulator, chat, admin)
    for button in target:
        emulator.press_button(admin, question.message, text=button, chat=chat)
        question = await next_new_message(emulator, chat)
    if daily is None:
        emulator.press_button(admin, question.message, text="Sekarang", chat=chat)
    else:
        emulator.press_button(admin, question.message, text="Setiap hari", chat=chat)
        ask_time = await next_new_message(emulator, chat)
        emulator.reply_to(admin, ask_time.message, daily)
    await next_new_message(emulator, chat)  # preview header
    await next_new_message(emulator, chat)  # preview
    summary = await next_new_message(emulator, chat)
    emulator.press_button(admin, summary.message, text="✅ Simpan & jadwalkan", chat=chat)
    return [await next_new_message(emulator, chat)]


async def _report(emulator: BotApiEmulator, chat: SimChat, *words: str) -> BotMessage:
    """The next message in the admin group that has every one of `words`."""
    while True:
        message = await next_new_message(emulator, chat)
        if all(word in message.content for word in words):
            return message


async def test_schedule_shows_a_daily_campaigns_soonest_run_in_wib(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    chat, admin = admin_group
    # 08:00 WIB now; 21:10 is in quiet hours (21:00-06:00) in every zone, so each zone's run
    # goes out at 06:00 its own time the next morning: WIT's first, at 04:00 WIB.
    [saved] = await _schedule(emulator, chat, admin, daily="21:10")
    deferred = await next_new_message(emulator, chat)
    emulator.send_text(admin, "/jadwal", chat=chat)
    listed = await _report(emulator, chat, "#1")

    assert "Kampanye #1 dijadwalkan" in saved.content
    assert "(WIT) jatuh pada jam tenang penerima; dikirim 2026-11-28 06:00 WIT" in deferred.content
    assert (
        "setiap hari pukul 21:10 di zona waktu masing-masing penerima; "
        "berikutnya 2026-11-28 04:00 WIB"
    ) in listed.content
    assert "UTC" not in listed.content


async def test_a_campaign_that_matches_no_one_is_reported(
    vbot: BotHarness,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, admin = admin_group
    siti = vbot.person("Siti")
    await verified_with_badge(siti, apis)  # in Jawa Timur: WIB

    await _schedule(emulator, chat, admin, target=("Zona waktu", "WIT"))
    report = await _report(emulator, chat, "Kampanye #1")

    assert report.content == (
        "⚠️ Kampanye #1 (WIT) tidak terkirim ke siapa pun: tidak ada ASN terverifikasi "
        "(yang masih menerima konten) yang cocok dengan sasarannya."
    )
    assert emulator.pending_messages(siti.user) == []


async def test_people_over_the_daily_cap_are_reported_and_a_run_of_only_them_too(
    verifying_settings: Settings,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    clock: FixedClock,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, admin = admin_group
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        **verifying_settings.model_dump() | {"max_pushes_per_day": 1},
    )
    async with running_bot(settings, emulator, clock) as bot:
        siti = bot.person("Siti")
        await verified_with_badge(siti, apis)
        await _schedule(emulator, chat, admin, target=("Zona waktu", "WIB"))
        first = await _report(emulator, chat, "Kampanye #1", "selesai")
        await siti.reply(timeout=15)
        await _schedule(emulator, chat, admin, target=("Zona waktu", "WIB"))
        second = await _report(emulator, chat, "Kampanye #2")

    assert "1/1 terkirim" in first.content and "dilewati" not in first.content
    assert second.content == (
        "⚠️ Kampanye #2 (WIB) tidak terkirim ke siapa pun: semua 1 penerima yang cocok sudah "
        "mendapat 1 pesan dalam 24 jam terakhir (batas MAX_PUSHES_PER_DAY)."
    )
    assert emulator.pending_messages(siti.user) == []


async def test_a_run_deferred_by_quiet_hours_is_announced_and_reported(
    vbot: BotHarness,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    clock: FixedClock,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, admin = admin_group
    siti = vbot.person("Siti")
    await verified_with_badge(siti, apis)
    clock.set(clock.now().replace(hour=15))  # 22:00 WIB: quiet hours

    saved = await _schedule(emulator, chat, admin, target=("Zona waktu", "WIB"))
    deferred = await next_new_message(emulator, chat)
    too_early = emulator.pending_messages(siti.user)
    clock.set(clock.now().replace(hour=23))  # 06:00 WIB the next day
    await vbot.application.bot_data.campaign_runner.tick()
    received = await siti.reply(timeout=15)
    report = await _report(emulator, chat, "Kampanye #1", "selesai")

    assert "Kampanye #1 dijadwalkan" in saved[0].content
    assert deferred.content == (
        "⏸ Kampanye #1 (WIB) jatuh pada jam tenang penerima; dikirim 2026-11-28 06:00 WIB."
    )
    assert too_early == []
    assert received.content.startswith(("MBG", "Program"))
    assert "1/1 terkirim" in report.content
    assert "⏸ Ditunda karena jam tenang, sampai 2026-11-28 06:00 WIB." in report.content
