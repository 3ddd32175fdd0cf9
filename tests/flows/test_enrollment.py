"""The enrollment conversation, driven through the emulator like a person on a phone."""

from __future__ import annotations

from devtools.emulator import BotApiEmulator
from tests.flows.support import NIP, enroll_until_summary
from tests.support import BotHarness, answered_with


async def test_a_civil_servant_enrolls_in_indonesian(bot: BotHarness) -> None:
    siti = bot.person("Siti", language_code="id")

    await enroll_until_summary(siti)
    summary = siti.last
    done, *verification = await siti.submits()

    assert summary is not None
    assert "NIP: 19850612 201001 1 003" not in summary.content  # stored digits, shown plain
    assert "198506122010011003" in summary.content
    assert "Kementerian Komunikasi dan Digital" in summary.content
    assert "Jawa Timur (WIB)" in summary.content
    assert "Instagram: @siti.rahma" in summary.content
    assert "X (Twitter): @sitirahma" in summary.content
    assert "menunggu verifikasi" in done.content
    assert verification[0].content == "🔎 Memeriksa akun media sosial Anda…"
    status = await siti.says("/status")
    assert "menunggu verifikasi" in status.content


async def test_a_civil_servant_enrolls_in_english(bot: BotHarness) -> None:
    john = bot.person("John", language_code="en")

    await enroll_until_summary(john, english=True)
    done, *_ = await john.submits()

    assert "waiting for verification" in done.content


async def test_each_question_says_what_was_wrong_and_asks_again(bot: BotHarness) -> None:
    siti = bot.person()
    await siti.says("/daftar")
    await siti.presses("✅ Setuju")

    short = await siti.says("1985061220100110")
    letters = await siti.says("NIP saya 1985")
    bad_date = await siti.says("19851332 201001 1 003")
    gender = await siti.says("19850612 201001 3 003")
    await siti.says(NIP)
    digits_name = await siti.says("12345")
    emoji_name = await siti.says("😀😀")
    await siti.says("Siti Rahma")

    assert short.content.startswith("❌ NIP harus 18 digit; yang Anda ketik 16 digit.")
    assert "Langkah 1 dari 8" in short.content  # the same question again
    assert "hanya berisi angka" in letters.content
    assert "tanggal lahir" in bad_date.content
    assert "jenis kelamin" in gender.content
    assert "Langkah 2 dari 8" in digits_name.content and "❌" in digits_name.content
    assert "❌" in emoji_name.content
    assert "Langkah 3 dari 8" in (siti.last.content if siti.last else "")


async def test_wrong_answers_at_later_steps_are_explained(bot: BotHarness) -> None:
    siti = bot.person()
    await siti.says("/daftar")
    await siti.presses("✅ Setuju")
    await siti.says(NIP)
    await siti.says("Siti Rahma")
    await siti.presses("Pemerintah Kabupaten / Kota")
    no_kind = await siti.says("Sleman")
    await siti.says("Kab. Sleman")
    short_unit = await siti.says("x")
    await siti.says("Dinas Kominfo")
    nowhere = await siti.says("Atlantis")
    several = await siti.says("Papua")
    await siti.presses("Papua Tengah")
    bad_email = await siti.says("siti@@kominfo")
    gmail = await siti.says("siti@gmail.com")
    wrong_site = await siti.says("https://x.com/siti")
    await siti.presses("Lewati ⏭")
    bad_fb = await siti.says("abc")
    for _ in range(4):
        await siti.presses("Lewati ⏭")
    none_at_all = siti.last

    assert "kabupaten atau kota" in no_kind.content
    assert "Unit kerja terlalu pendek" in short_unit.content
    assert "Atlantis" in nowhere.content and "Langkah 5 dari 8" in nowhere.content
    assert "Papua Tengah" in siti.buttons(several)
    assert "Satu @" not in bad_email.content and "❌" in bad_email.content
    assert "bukan alamat go.id" in gmail.content
    assert "bukan tautan Instagram" in wrong_site.content
    assert "❌" in bad_fb.content and "Facebook" in bad_fb.content
    assert none_at_all is not None and "Minimal satu akun" in none_at_all.content
    assert "(1/5)" in none_at_all.content


async def test_stickers_photos_and_other_commands_are_answered_politely(
    bot: BotHarness, emulator: BotApiEmulator
) -> None:
    siti = bot.person()
    await siti.says("/daftar")
    await siti.presses("✅ Setuju")

    emulator.send_sticker(siti.user)
    sticker = await siti.reply()
    emulator.send_voice(siti.user)
    voice = await siti.reply()
    other = await siti.says("/tidakada")
    help_ = await siti.says("/bantuan")
    nip = await siti.says(NIP)

    assert "jawaban berupa teks" in sticker.content and "Langkah 1 dari 8" in sticker.content
    assert "jawaban berupa teks" in voice.content
    assert "sedang mengisi pendaftaran" in other.content and "Langkah 1 dari 8" in other.content
    assert "Perintah yang tersedia" in help_.content
    assert "Langkah 2 dari 8" in nip.content


async def test_declining_consent_stores_nothing(bot: BotHarness) -> None:
    siti = bot.person()
    await siti.says("/start")

    declined = await siti.presses("Tidak setuju")
    mydata = await siti.says("/datasaya")

    assert "tidak ada data yang kami simpan" in declined.content
    assert "tidak menyimpan data apa pun" in mydata.content


async def test_changing_a_field_from_the_summary_returns_to_the_summary(bot: BotHarness) -> None:
    siti = bot.person()
    await enroll_until_summary(siti)

    await siti.presses("✏️ Ubah")
    await siti.presses("Provinsi")
    await siti.says("Sulsel")
    changed = siti.last
    await siti.presses("✏️ Ubah")
    await siti.presses("Media sosial")
    await siti.presses("🗑 Hapus akun ini")  # Instagram removed
    for _ in range(4):
        await siti.presses("Lewati ⏭")  # others kept
    after_social = siti.last

    assert changed is not None and "Sulawesi Selatan (WITA)" in changed.content
    assert "Langkah 8 dari 8" in changed.content
    assert after_social is not None and "Instagram" not in after_social.content
    assert "X (Twitter): @sitirahma" in after_social.content


async def test_cancel_keeps_the_draft_and_enroll_resumes_it(bot: BotHarness) -> None:
    siti = bot.person()
    await siti.says("/daftar")
    await siti.presses("✅ Setuju")
    await siti.says(NIP)

    cancelled = await siti.says("/batal")
    resumed = await siti.says("/daftar")

    assert "draf" in cancelled.content
    assert "Selamat datang kembali" in resumed.content
    assert "Langkah 2 dari 8" in resumed.content


async def test_buttons_of_a_left_conversation_are_refused(
    bot: BotHarness, emulator: BotApiEmulator
) -> None:
    siti = bot.person()
    consent = await siti.says("/daftar")
    await siti.says("/batal")

    emulator.press_button(siti.user, consent.message, text="✅ Setuju")
    answers = await answered_with(emulator, "Tombol ini sudah tidak berlaku.")
    again = await siti.says("/daftar")

    assert answers == ["Tombol ini sudah tidak berlaku."]
    assert "Apakah Anda setuju?" in again.content
