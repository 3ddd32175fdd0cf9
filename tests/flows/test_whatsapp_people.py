"""A civil servant on WhatsApp, end to end: the real bot, the Cloud API emulator (signed
webhooks in, validated sends out) and the Telegram admin group for the admins' side."""

from __future__ import annotations

import json
import logging
import re
from datetime import timedelta

import pytest

from bot.clock import FixedClock
from bot.enrollment.social_handles import Platform
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, BotMessage, SimChat, SimUser
from devtools.emulator.whatsapp import CloudApiEmulator, SentMessage
from tests.database_access import column_names, connect_database, table_names
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.support import NIP, PNG, enroll
from tests.flows.whatsapp_support import WaPerson, WhatsAppHarness, whatsapp_bot

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _db(settings: Settings, sql: str) -> list[tuple[object, ...]]:
    with connect_database(settings) as db:
        return db.execute(sql).fetchall()


async def _enroll_until_summary(siti: WaPerson, *, instagram: str | None = None) -> None:
    """DAFTAR with good answers (one X account, or a personal Instagram), up to the summary."""
    await siti.says("DAFTAR")
    await siti.presses("✅ Setuju")
    await siti.says(NIP)
    await siti.says("Dr. Siti Rahma, S.Kom., M.Si.")
    await siti.chooses("Kementerian / Lembaga")
    await siti.says("Komdigi")
    await siti.chooses("Kementerian Komunikasi…")
    await siti.says("Biro Hubungan Masyarakat")
    await siti.says("Jawa Timur")
    await siti.presses("Lewati ⏭")  # work email
    if instagram:
        await siti.says(instagram)
    else:
        await siti.presses("Lewati ⏭")
    await siti.presses("Lewati ⏭")  # Facebook
    if instagram:
        await siti.presses("Lewati ⏭")
    else:
        await siti.says("@sitirahma")
    await siti.presses("Lewati ⏭")  # TikTok
    await siti.presses("Lewati ⏭")  # YouTube


def _badge_files(cloud: CloudApiEmulator, badge: list[SentMessage]) -> list[tuple[str, str]]:
    """The badge messages as (type, filename), after checking each names a PNG the bot
    uploaded to the media store first."""
    for message in badge:
        record = cloud.media.get(message.media_id or "")
        assert record is not None and record.data.startswith(PNG_MAGIC)
        assert record.mime_type == "image/png"
    return [(m.type, m.filename or "") for m in badge]


async def test_enrollment_on_whatsapp_from_halo_to_the_badge(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    apis: FakeSocialApis,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    apis.add_x_user("sitirahma", followers=2500)
    async with whatsapp_bot(verifying_settings, emulator, clock) as wa:
        siti = wa.person()

        menu = await siti.says("halo")
        consent = await siti.chooses("DAFTAR")
        ask_nip = await siti.presses("✅ Setuju")
        bad_nip = await siti.says("12345")
        await siti.says(NIP)
        kinds = await siti.says("Dr. Siti Rahma, S.Kom., M.Si.")
        ask_agency = await siti.chooses("Kementerian / Lembaga")
        matches = await siti.says("Komdigi")
        await siti.chooses("Kementerian Komunikasi…")
        await siti.says("Biro Hubungan Masyarakat")
        ask_email = await siti.says("Jawa Timur")
        ask_instagram = await siti.presses("Lewati ⏭")  # work email
        await siti.presses("Lewati ⏭")  # Instagram
        await siti.presses("Lewati ⏭")  # Facebook
        await siti.says("@sitirahma")  # X
        await siti.presses("Lewati ⏭")  # TikTok
        summary = await siti.presses("Lewati ⏭")  # YouTube
        submitted = await siti.presses("✅ Benar")
        checking, ownership = await siti.reply(15), await siti.reply(15)
        code = re.search(r"ASN-\w{4}", ownership.text or "")
        assert code, ownership.text
        apis.set_bio(Platform.X, "sitirahma", f"ASN Komdigi · {code[0]}")
        verified = await siti.presses("✅ Sudah")
        congratulations = await siti.reply(15)
        badge = [await siti.reply(15) for _ in range(3)]

    assert menu.interactive_type == "list" and menu.rows[0] == "DAFTAR"
    assert consent.buttons == ["✅ Setuju", "Tidak setuju"]
    assert "pesan templat" in (consent.text or "")
    assert "Langkah 1 dari 8 — NIP" in (ask_nip.text or "")
    assert (bad_nip.text or "").startswith("❌ NIP harus 18 digit; yang Anda ketik 5 digit.")
    assert "Langkah 1 dari 8 — NIP" in (bad_nip.text or "")  # the same question again
    assert kinds.interactive_type == "list" and "Pemkab / Pemkot" in kinds.rows
    assert ask_agency.buttons == ["↩️ Ganti jenis"]
    assert matches.interactive_type == "list" and "Kementerian Komunikasi…" in matches.rows
    assert "Jawa Timur" in (ask_email.text or "") and ask_email.buttons == ["Lewati ⏭"]
    assert "Instagram" in (ask_instagram.text or "")
    summary_text = summary.text or ""
    assert "Langkah 8 dari 8" in summary_text and "X (Twitter): @sitirahma" in summary_text
    assert "Kementerian Komunikasi dan Digital" in summary_text and "Email kerja: —" in summary_text
    assert "menunggu verifikasi" in (submitted.text or "")
    assert (checking.text or "").startswith("🔎")
    assert "2.500 pengikut" in (ownership.text or "") and ownership.buttons[0] == "✅ Sudah"
    assert "terverifikasi" in (verified.text or "")
    assert (congratulations.text or "").startswith("🎉")
    files = _badge_files(wa.cloud, badge)
    assert [kind for kind, _ in files] == ["image", "document", "document"]
    assert files[2][1].endswith("-story.png")
    assert _db(verifying_settings, "SELECT status FROM enrollments") == [("verified",)]
    assert _db(verifying_settings, "SELECT business_messages FROM consents") == [(1,)]
    logged = [r.getMessage() for r in caplog.records if siti.wa_id in r.getMessage()]
    assert logged == []  # the phone number is masked wherever it is logged


async def _card(emulator: BotApiEmulator, chat: SimChat) -> BotMessage:
    """The next review card in the admin group (the screenshot's silent upload comes first)."""
    while "Tinjauan #" not in (message := await emulator.next_message(chat, timeout=10)).content:
        pass
    return message


async def _admin_notice(emulator: BotApiEmulator, chat: SimChat, text: str) -> BotMessage:
    """The next message in the admin group that contains `text`."""
    while text not in (message := await emulator.next_message(chat, timeout=10)).content:
        pass
    return message


async def test_a_screenshot_sent_on_whatsapp_is_approved_in_the_telegram_admin_group(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, admin = admin_group
    async with whatsapp_bot(verifying_settings, emulator, clock) as wa:
        siti = wa.person()
        await _enroll_until_summary(siti, instagram="siti.rahma")
        await siti.presses("✅ Benar")
        review = (await siti.replies_until("tangkapan layar", timeout=15))[-1]

        ask_screenshot = await siti.presses("📷 Kirim screenshot")
        await siti.sim.sends_image(PNG, mime_type="image/png")
        ask_count = await siti.reply()
        sent = await siti.says("2.100")
        card = await _card(emulator, chat)
        emulator.press_button(admin, card.message, text="✅ Setujui", chat=chat)
        approved = await siti.reply(15)
        congratulations = await siti.reply(15)
        badge = [await siti.reply(15) for _ in range(3)]

    assert "akun pribadi" in (review.text or "")
    assert "ASN-" in (ask_screenshot.text or "")
    assert "Berapa jumlah pengikut" in (ask_count.text or "")
    assert "Terkirim ke admin" in (sent.text or "")
    assert card.photo and "2.100" in card.content and "instagram.com/siti.rahma" in card.content
    assert "Admin menyetujui" in (approved.text or "")
    assert (congratulations.text or "").startswith("🎉")
    assert [kind for kind, _ in _badge_files(wa.cloud, badge)] == ["image", "document", "document"]
    assert _db(verifying_settings, "SELECT status, decided_by FROM review_cases") == [
        ("approved", "@rina_humas")
    ]


def _tables_holding(settings: Settings, needle: str) -> list[str]:
    """Every `table.column` with a value that contains `needle` (numbers and blobs too: an id
    may be stored as a number)."""
    found: list[str] = []
    with connect_database(settings) as db:
        for table in table_names(db):
            for column in column_names(db, table):
                for (value,) in db.execute(f'SELECT "{column}" FROM "{table}"'):
                    text = value.decode(errors="replace") if isinstance(value, bytes) else value
                    if needle in str(text):
                        found.append(f"{table}.{column}")
                        break
    return found


async def _all_handled(wa: WhatsAppHarness) -> None:
    """Every message accepted so far was handled and every status webhook applied."""
    channel = wa.bot.application.bot_data.whatsapp
    assert channel is not None
    await channel.webhook.drained()
    await wa.cloud.settle()
    await channel.webhook.drained()


async def test_hapusdata_leaves_the_phone_number_in_no_table(
    verifying_settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    async with whatsapp_bot(verifying_settings, emulator, clock) as wa:
        siti = wa.person()
        await _enroll_until_summary(siti, instagram="siti.rahma")
        await siti.presses("✅ Benar")
        await siti.replies_until("tangkapan layar", timeout=15)
        await siti.presses("📷 Kirim screenshot")  # the conversation now waits for an image
        exported = await siti.says("DATASAYA")
        record = wa.cloud.media.get(exported.media_id or "")
        assert record is not None
        data = json.loads(record.data)
        await _all_handled(wa)
        before = _tables_holding(verifying_settings, siti.wa_id)

        confirm = await siti.says("HAPUSDATA")
        erased = await siti.presses("🗑 Ya, hapus semua")
        after_erasure = await siti.says("halo")  # a stranger now: the menu, nothing stored
        await _all_handled(wa)
        after = _tables_holding(verifying_settings, siti.wa_id)

    assert exported.type == "document" and exported.filename == "data-saya.json"
    assert siti.wa_id in json.dumps(data)
    assert data["enrollment"]["full_name"] == "Dr. Siti Rahma, S.Kom., M.Si."
    assert {"people.channel_user_id", "person_addresses.address"} <= set(before)
    assert "conversation_states.conversation_key" in before
    assert confirm.buttons == ["🗑 Ya, hapus semua", "Batal"]
    assert "sudah dihapus" in (erased.text or "")
    assert after_erasure.interactive_type == "list"
    assert after == []


async def test_english_twins_and_slash_forms_and_switching_to_english(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    async with whatsapp_bot(settings, emulator, clock) as wa:
        siti = wa.person()
        consent = await siti.says("REGISTER")
        await siti.presses("✅ Setuju")
        status = await siti.says("/status")
        languages = await siti.says("BAHASA")
        switched = await siti.presses("🇬🇧 English")
        asked_again = await siti.reply()  # the open question, now in English
        status_in_english = await siti.says("STATUS")
        help_in_english = await siti.says("/bantuan")
        erase = await siti.says("/Delete Data")
        kept = await siti.presses("Cancel")
        menu = await siti.says("Menu")

    assert consent.buttons == ["✅ Setuju", "Tidak setuju"]
    assert (status.text or "").startswith("📝 Pendaftaran Anda belum selesai.")
    assert languages.buttons == ["🇮🇩 Bahasa Indonesia", "🇬🇧 English"]
    assert switched.text == "Language changed to English."
    assert "Step 1 of 8 — NIP" in (asked_again.text or "")
    assert (status_in_english.text or "").startswith("📝 Your enrollment is not finished.")
    assert "/deletedata — Erase all your data" in (help_in_english.text or "")
    assert erase.buttons == ["🗑 Yes, erase all", "Cancel"]
    assert kept.text == "All right, your data was not erased."
    assert menu.rows[:2] == ["ENROLL", "STATUS"] and "DELETEDATA" in menu.rows


def _refused(cloud: CloudApiEmulator, wa_id: str) -> list[int | None]:
    """The error codes of the messages to `wa_id` that WhatsApp accepted and then failed."""
    return [m.error_code for m in cloud.sent if m.to == wa_id and m.outcome == "failed"]


async def test_news_an_admin_decides_after_the_24_hour_window_waits_for_the_next_message(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    """WhatsApp would refuse the news a day later (131047): none is sent, and the person's next
    message, whatever it is, is answered with the news (their status and badge) first."""
    chat, admin = admin_group
    async with whatsapp_bot(verifying_settings, emulator, clock) as wa:
        siti = wa.person()
        await _enroll_until_summary(siti, instagram="siti.rahma")
        await siti.presses("✅ Benar")
        await siti.replies_until("tangkapan layar", timeout=15)
        await siti.presses("📷 Kirim screenshot")
        # Sent as a file, as people do to keep a screenshot sharp.
        await siti.sim.sends_document(PNG, filename="profil.png", mime_type="image/png")
        await siti.reply()
        await siti.says("2.100")
        card = await _card(emulator, chat)
        clock.advance(timedelta(hours=25))  # the admins review the next day
        emulator.press_button(admin, card.message, text="✅ Setujui", chat=chat)
        await _admin_notice(emulator, chat, "Disetujui")
        await _all_handled(wa)
        missed = siti.sim.drain()
        await siti.sim.says("halo")
        first = await siti.replies_until("Pilih yang ingin", timeout=15)

    assert missed == [] and _refused(wa.cloud, siti.wa_id) == []
    assert "Ada kabar tentang pendaftaran Anda" in (first[0].text or "")
    assert "terverifikasi" in (first[1].text or "")
    assert [kind for kind, _ in _badge_files(wa.cloud, first[2:5])] == [
        "image",
        "document",
        "document",
    ]


async def test_a_nip_enrolled_on_telegram_is_refused_on_whatsapp_with_the_way_to_link(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, _ = admin_group
    async with whatsapp_bot(verifying_settings, emulator, clock) as wa:
        on_telegram = wa.bot.person("Siti")
        await enroll(on_telegram, x="sitirahma")
        siti = wa.person()
        await siti.says("DAFTAR")
        await siti.presses("✅ Setuju")
        refused = await siti.says(NIP)
        conflict = await _admin_notice(emulator, chat, "Konflik NIP")
        # What the refusal advises: drop the new enrollment, then link with a code.
        await siti.says("HAPUSDATA")
        await siti.presses("🗑 Ya, hapus semua")
        on_telegram.emulator.drain(on_telegram.user)
        shown = await on_telegram.says("/tautkan")
        code = re.search(r"TAUTKAN (\d{6})", shown.content)
        assert code, shown.content
        linked = await siti.says(f"TAUTKAN {code[1]}")
        status = await siti.says("STATUS")

    refusal = refused.text or ""
    assert refusal.startswith("❌ NIP ini sudah terdaftar dari akun lain")
    assert "HAPUSDATA" in refusal and "/tautkan di Telegram" in refusal
    assert "Langkah 1 dari 8 — NIP" in refusal  # the same question again
    assert "Diklaim oleh WhatsApp 62812****7890" in conflict.content
    assert siti.wa_id not in conflict.content
    assert (linked.text or "").startswith("✅ WhatsApp ini sekarang tertaut")
    assert "belum selesai" in (status.text or "")  # the Telegram draft, now hers here too
