"""Nothing a person entered is lost: restarts, duplicate NIPs, and the admins' view."""

from __future__ import annotations

from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator
from tests.database_access import connect_database
from tests.flows.support import NIP, enroll_until_summary
from tests.support import eventually, running_bot


async def test_a_restart_mid_conversation_continues_without_asking_again(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    async with running_bot(settings, emulator, clock) as bot:
        siti = bot.person()
        await siti.says("/daftar")
        await siti.presses("✅ Setuju")
        await siti.says(NIP)
        await siti.says("Siti Rahma")

    async with running_bot(settings, emulator, clock):
        # The same person keeps typing in the same chat, with no command in between.
        await siti.presses("Kementerian / Lembaga")
        answer = await siti.says("keuangan")

    assert "Kementerian Keuangan" in siti.buttons(answer)


async def test_each_answer_is_stored_before_the_next_question_is_asked(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    async with running_bot(settings, emulator, clock) as bot:
        siti = bot.person()
        await siti.says("/daftar")
        await siti.presses("✅ Setuju")
        await siti.says(NIP)

        def stored() -> tuple[object, object]:
            with connect_database(settings) as db:
                nip = db.execute("SELECT nip FROM enrollments").fetchone()
                state = db.execute("SELECT state FROM conversation_states").fetchone()
            return nip, state

        # The state is written right after the reply goes out (the last handler group).
        await eventually(lambda: stored()[1] == ("3",))

    assert stored() == (("198506122010011003",), ("3",))


async def test_a_nip_enrolled_by_another_account_is_refused_and_admins_are_told(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    async with running_bot(settings, emulator, clock) as bot:
        siti = bot.person("Siti")
        await enroll_until_summary(siti)
        await siti.submits()
        impostor = bot.person("Budi")
        await impostor.says("/daftar")
        await impostor.presses("✅ Setuju")

        refused = await impostor.says(NIP)
        alert = await emulator.next_message(settings.admin_chat_id)

    assert "sudah terdaftar dari akun Telegram lain" in refused.content
    assert "Langkah 1 dari 8" in refused.content
    assert "Siti" not in refused.content
    assert "Konflik NIP" in alert.content
    assert "1985************03" in alert.content
    assert str(impostor.user.id) in alert.content


async def test_profile_edits_of_a_submitted_enrollment_send_changed_handles_back(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    async with running_bot(settings, emulator, clock) as bot:
        siti = bot.person()
        await enroll_until_summary(siti)
        await siti.submits()
        async with bot.application.resources.db.transaction() as conn:
            await conn.execute("UPDATE social_accounts SET verification_status = 'verified'")

        profile = await siti.says("/profil")
        await siti.presses("✏️ Ubah")
        await siti.presses("Media sosial")
        await siti.says("@siti.rahma.baru")  # Instagram changes
        for _ in range(4):
            await siti.presses("Lewati ⏭")
        saved = await siti.presses("✅ Selesai")

        with connect_database(settings) as db:
            statuses = dict(db.execute("SELECT platform, verification_status FROM social_accounts"))

    assert "Profil Anda" in profile.content
    assert "Perubahan tersimpan" in saved.content
    assert statuses == {"instagram": "unverified", "x": "verified"}
