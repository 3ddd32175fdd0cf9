"""Enrollment on WhatsApp against the real services: consent with reply buttons, typed
answers, lists for the kind of agency and the matches, skip buttons, the summary."""

from __future__ import annotations

from bot.people.service import ChannelIdentity
from tests.fakes.social_apis import FakeSocialApis
from tests.handlers.whatsapp.support import NIP, WhatsAppHarness, enroll_until_summary

SITI = ChannelIdentity("whatsapp", "6281234567890")


async def test_a_newcomer_enrolls_and_the_accounts_are_checked(
    wa: WhatsAppHarness, apis: FakeSocialApis
) -> None:
    apis.add_x_user("sitirahma", followers=2500)
    siti = wa.person(SITI.user_id)

    consent = await siti.says("daftar")
    await siti.presses("✅ Setuju")
    await siti.says(NIP)
    kinds = await siti.says("Dr. Siti Rahma, S.Kom., M.Si.")
    await siti.presses("Kementerian / Lembaga")
    matches = await siti.says("Komdigi")
    await siti.presses("Kementerian Komunikasi…")
    await siti.says("Biro Hubungan Masyarakat")
    email = await siti.says("Jawa Timur")
    for _ in range(3):  # work email, Instagram, Facebook
        await siti.presses("Lewati ⏭")
    await siti.says("@sitirahma")
    await siti.presses("Lewati ⏭")
    summary = await siti.presses("Lewati ⏭")
    submitted = await siti.presses("✅ Benar")

    assert consent[0].kind == "buttons" and consent[0].body.startswith("*Humas Pemerintah")
    assert kinds[0].kind == "list" and len(kinds[0].rows) == 3
    [agency] = [row for row in matches[0].rows if row.id.startswith("agency:")]
    assert agency.description == "Kementerian Komunikasi dan Digital"
    assert "Jawa Timur" in email[0].body and email[0].titles == ["Lewati ⏭"]
    assert "Dr. Siti Rahma" in summary[0].body and "@sitirahma" in summary[0].body
    assert [s.kind for s in submitted] == ["text", "text", "buttons"]
    assert "ASN-" in submitted[-1].body and submitted[-1].titles == ["✅ Sudah", "🔄 Kode baru"]
    draft = await wa.services.enrollment.draft(SITI)
    assert draft is not None and draft.submitted


async def test_a_wrong_nip_is_explained_and_asked_again(wa: WhatsAppHarness) -> None:
    siti = wa.person(SITI.user_id)
    await siti.says("DAFTAR")
    await siti.presses("✅ Setuju")

    [answer] = await siti.says("12345")

    assert answer.body.startswith("❌ NIP harus 18 digit; yang Anda ketik 5 digit.")
    assert "Contoh" in answer.body and "Langkah 1 dari 8" in answer.body


async def test_declining_the_consent_stores_nothing(wa: WhatsAppHarness) -> None:
    siti = wa.person(SITI.user_id)
    await siti.says("DAFTAR")

    [answer] = await siti.presses("Tidak setuju")

    assert "tidak ada data yang kami simpan" in answer.body
    assert await wa.services.enrollment.draft(SITI) is None


async def test_typing_where_a_list_is_expected_asks_for_the_list_again(
    wa: WhatsAppHarness,
) -> None:
    siti = wa.person(SITI.user_id)
    await siti.says("DAFTAR")
    await siti.presses("✅ Setuju")
    await siti.says(NIP)
    await siti.says("Siti Rahma")

    [typed] = await siti.says("Kementerian")
    [sticker] = await siti.sends_sticker()

    assert typed.kind == "list" and typed.body.startswith("Silakan pilih salah satu tombol")
    assert sticker.kind == "list" and sticker.body.startswith("Maaf, di langkah ini")


async def test_several_provinces_are_offered_as_a_list(wa: WhatsAppHarness) -> None:
    siti = wa.person(SITI.user_id)
    await siti.says("DAFTAR")
    await siti.presses("✅ Setuju")
    await siti.says(NIP)
    await siti.says("Siti Rahma")
    await siti.presses("Pemkab / Pemkot")
    await siti.says("Kabupaten Sleman")
    await siti.says("Dinas Kominfo")

    [offered] = await siti.says("Papua")
    [chosen] = await siti.presses("Papua Barat")

    assert offered.kind == "list" and "Papua Barat" in offered.titles
    assert chosen.body.startswith("Provinsi: *Papua Barat*")


async def test_a_field_is_changed_from_the_summary(
    wa: WhatsAppHarness, apis: FakeSocialApis
) -> None:
    siti = wa.person(SITI.user_id)
    await enroll_until_summary(siti)

    [fields] = await siti.presses("✏️ Ubah")
    await siti.presses("Nama")
    [summary] = await siti.says("Siti Rahmawati")

    assert fields.kind == "list" and "Media sosial" in fields.titles
    assert "Siti Rahmawati" in summary.body and summary.titles == ["✅ Benar", "✏️ Ubah"]


async def test_a_draft_resumes_at_the_open_question(wa: WhatsAppHarness) -> None:
    siti = wa.person(SITI.user_id)
    await siti.says("DAFTAR")
    await siti.presses("✅ Setuju")
    await siti.says(NIP)

    [again] = await siti.says("/Daftar")

    assert again.body.startswith("Selamat datang kembali!") and "Nama lengkap" in again.body


async def test_enrollment_in_english_after_choosing_the_language(wa: WhatsAppHarness) -> None:
    siti = wa.person(SITI.user_id)
    await siti.says("LANGUAGE")
    [confirmed] = await siti.presses("🇬🇧 English")

    [consent] = await siti.says("register")
    await siti.presses("✅ I agree")
    [asked] = await siti.says(NIP)

    assert confirmed.body == "Language changed to English."
    assert consent.titles == ["✅ I agree", "I do not agree"]
    assert "Full name" in asked.body


async def test_profil_done_without_changes_says_nothing_changed(
    wa: WhatsAppHarness, apis: FakeSocialApis
) -> None:
    apis.add_x_user("sitirahma", followers=2500)
    siti = wa.person(SITI.user_id)
    await enroll_until_summary(siti)
    await siti.presses("✅ Benar")

    [profile] = await siti.says("PROFIL")
    [unchanged] = await siti.presses("✅ Selesai")
    await siti.says("profil")
    await siti.presses("✏️ Ubah")
    await siti.presses("Unit kerja")
    await siti.says("Direktorat Jenderal IKP")
    [saved] = await siti.presses("✅ Selesai")

    assert profile.titles == ["✏️ Ubah", "✅ Selesai"]
    assert unchanged.body == "Tidak ada yang diubah; profil Anda tetap seperti sebelumnya."
    assert saved.body == "Perubahan tersimpan."
