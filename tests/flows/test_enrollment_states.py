"""The conversation where it used to lose track: edits, a language switch mid-way, a profile
left unchanged, and what a verified person is told."""

from __future__ import annotations

import re

from bot.settings import Settings
from devtools.emulator import BotApiEmulator, SimChat, SimUser
from tests.database_access import connect_database
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.support import NIP, PNG, enroll, enroll_until_summary, verified_with_badge
from tests.support import BotHarness


def _enrollment(settings: Settings) -> tuple[str | None, str | None]:
    with connect_database(settings) as db:
        row = db.execute("SELECT full_name, work_unit FROM enrollments").fetchone()
    return row[0], row[1]


async def test_an_edited_answer_changes_nothing_and_points_to_the_profile(
    bot: BotHarness, emulator: BotApiEmulator, settings: Settings
) -> None:
    siti = bot.person()
    await siti.says("/daftar")
    await siti.presses("✅ Setuju")
    await siti.says(NIP)
    name = emulator.send_text(siti.user, "Siti Rahma")
    await siti.reply()
    await siti.presses("Kementerian / Lembaga")
    await siti.says("Komdigi")
    asked_unit = await siti.presses("Kementerian Komunikasi dan Digital")

    edited = emulator.edit_text(siti.user, name, "Budi Santoso")
    told = await siti.reply()
    stored = _enrollment(settings)
    after = await siti.says("Biro Humas")

    assert edited["message_id"] == name["message_id"] and "edit_date" in edited
    assert "Langkah 4 dari 8" in asked_unit.content
    assert "tidak mengubah jawaban" in told.content and "/profil" in told.content
    assert "Langkah 4 dari 8" in told.content  # the same question again
    assert stored == ("Siti Rahma", None)
    assert "Langkah 5 dari 8" in after.content
    assert _enrollment(settings) == ("Siti Rahma", "Biro Humas")


async def test_an_edit_outside_a_conversation_is_no_command(
    bot: BotHarness, emulator: BotApiEmulator, settings: Settings
) -> None:
    siti = bot.person()
    await enroll_until_summary(siti)
    await siti.submits()
    hello = emulator.send_text(siti.user, "halo")
    await siti.reply()

    emulator.edit_text(siti.user, hello, "/hapusdata")
    told = await siti.reply()

    assert "tidak mengubah apa pun" in told.content and "/profil" in told.content
    assert siti.buttons(told) == []  # no erase confirmation
    assert _enrollment(settings)[0] == "Dr. Siti Rahma, S.Kom., M.Si."


async def test_switching_language_mid_enrollment_asks_the_same_question_in_it(
    bot: BotHarness,
) -> None:
    siti = bot.person()
    await siti.says("/daftar")
    await siti.presses("✅ Setuju")
    await siti.says(NIP)

    await siti.says("/bahasa")
    switched = await siti.presses("🇬🇧 English")
    again = await siti.reply()
    answered = await siti.says("Siti Rahma")

    assert switched.content == "Language changed to English."
    assert "Step 2 of 8" in again.content
    assert "Step 3 of 8" in answered.content


async def test_profile_done_without_a_change_says_nothing_changed(bot: BotHarness) -> None:
    siti = bot.person()
    await enroll_until_summary(siti)
    await siti.submits()

    await siti.says("/profil")
    unchanged = await siti.presses("✅ Selesai")
    await siti.says("/profil")
    await siti.presses("✏️ Ubah")
    await siti.presses("Unit kerja")
    await siti.says("Direktorat Informasi Publik")
    changed = await siti.presses("✅ Selesai")

    assert unchanged.content == "Tidak ada yang diubah; profil Anda tetap seperti sebelumnya."
    assert changed.content == "Perubahan tersimpan."


async def test_a_verified_person_gets_both_badges_and_answers_that_fit(
    vbot: BotHarness, apis: FakeSocialApis
) -> None:
    siti = vbot.person("Siti")
    *_, preview, square, story = await verified_with_badge(siti, apis)

    await siti.says("/lencana")
    again = [siti.last, await siti.reply(), await siti.reply()]
    status = await siti.says("/status")
    hello = await siti.says("halo")

    assert [m.method for m in again if m] == ["sendPhoto", "sendDocument", "sendDocument"]
    assert [m.params.get("document") for m in again[1:] if m] == [square.file_id, story.file_id]
    number = re.search(r"GPR-\d{4}-\d{6}", preview.content)
    assert number and number[0] in status.content and "/lencana" in status.content
    assert "/lencana" in hello.content and "/daftar" not in hello.content


async def test_lencana_and_halo_before_verification_say_what_is_missing(
    bot: BotHarness,
) -> None:
    siti = bot.person()
    stranger_badge = await siti.says("/lencana")
    await siti.says("/daftar")
    await siti.presses("✅ Setuju")
    await siti.says("/batal")
    draft_badge = await siti.says("/lencana")
    draft_hello = await siti.says("halo")

    assert "belum terdaftar" in stranger_badge.content
    assert "belum selesai" in draft_badge.content
    assert "/daftar" in draft_hello.content and "melanjutkan" in draft_hello.content


async def test_a_protected_x_account_is_explained_and_reviewed_with_a_flag(
    vbot: BotHarness,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, _ = admin_group
    siti = vbot.person("Siti")
    apis.add_x_user("sitirahma", followers=2500, protected=True)
    await enroll(siti, x="sitirahma")
    told = await siti.presses("✅ Benar")
    while "@sitirahma" not in told.content:  # the check's results follow the confirmation
        told = await siti.reply(timeout=15)

    await siti.presses("📷 Kirim tangkapan layar")
    emulator.send_photo(siti.user, PNG)
    await siti.reply()
    sent = await siti.says("2.500")
    card = await emulator.next_message(chat)

    assert "terkunci" in told.content and "/verifikasi" in told.content
    assert "ASN-" not in told.content  # not verified like a public account
    assert "2.500" in told.content
    assert "Terkirim ke admin" in sent.content
    assert "Tanda: akun terkunci (protected)" in card.content


async def test_a_badge_kept_without_its_story_id_uploads_the_story_once(
    vbot: BotHarness, apis: FakeSocialApis, verifying_settings: Settings
) -> None:
    siti = vbot.person("Siti")
    await verified_with_badge(siti, apis)
    async with vbot.application.resources.db.transaction() as conn:
        # Issued before ids were kept.
        await conn.execute("UPDATE badges SET story_file_id = NULL")

    await siti.says("/lencana")
    *_, uploaded = [await siti.reply(), await siti.reply()]
    await siti.says("/lencana")
    *_, resent = [await siti.reply(), await siti.reply()]

    assert uploaded.document and uploaded.document["file_name"].endswith("-story.png")
    assert resent.params["document"] == uploaded.file_id
