"""Verification end to end: the bot, the Telegram emulator and fake platform APIs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.clock import FixedClock
from bot.enrollment.social_handles import Platform
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, BotMessage, SimChat, SimUser
from storage.campaigns import CampaignRepository, RecipientQuery, Target
from tests.database_access import connect_database
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.support import PNG, enroll
from tests.support import (
    BotHarness,
    Person,
    all_handled,
    answered_with,
    eventually,
    running_bot,
    wait_until,
)


def _db(settings: Settings, sql: str) -> list[tuple[object, ...]]:
    with connect_database(settings) as db:
        return db.execute(sql).fetchall()


async def status_of(person: Person) -> BotMessage:
    """The answer to /status (a badge still being rendered may arrive first)."""
    person.emulator.send_text(person.user, "/status")
    while "Humas Pemerintah sejak" not in (answer := await person.reply(timeout=15)).content:
        pass
    return answer


async def test_an_account_over_the_threshold_is_verified_by_a_code_in_its_bio(
    vbot: BotHarness, apis: FakeSocialApis, verifying_settings: Settings
) -> None:
    account = apis.add_x_user("sitirahma", followers=1234, following=200, bio="ASN Komdigi")
    siti = vbot.person("Siti")
    await enroll(siti, x="@sitirahma")

    _, checking, ownership = await siti.submits(2)
    code = ownership.content.split("kode ")[1].split()[0]
    missing = await siti.presses("✅ Sudah")
    apis.set_bio(Platform.X, "sitirahma", f"ASN Komdigi · {code.lower()}")
    verified = await siti.presses("✅ Sudah")
    congratulations = await siti.reply()

    assert checking.content.startswith("🔎")
    assert "1.234 pengikut" in ownership.content and code.startswith("ASN-")
    assert "belum terlihat" in missing.content
    assert "terverifikasi" in verified.content and congratulations.content.startswith("🎉")
    assert _db(verifying_settings, "SELECT status FROM enrollments") == [("verified",)]
    assert _db(
        verifying_settings, "SELECT verification_status, followers, account_id FROM social_accounts"
    ) == [("verified", 1234, account.id)]


async def test_an_account_under_the_threshold_is_told_why_and_when_to_try_again(
    vbot: BotHarness, apis: FakeSocialApis
) -> None:
    apis.add_x_user("sitirahma", followers=500)
    siti = vbot.person("Siti")
    await enroll(siti, x="sitirahma")

    messages = await siti.submits(3)  # checking, the count, the decision

    assert "500 pengikut" in messages[2].content and "lebih dari 500" in messages[2].content
    assert "belum memenuhi syarat" in messages[3].content
    assert "27 Desember 2026" in messages[3].content  # 30 days after 27 November


async def test_a_personal_instagram_goes_to_admin_review_and_is_approved(
    vbot: BotHarness,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    chat, admin = admin_group
    siti = vbot.person("Siti")
    await enroll(siti, instagram="siti.rahma")
    *_, review = await siti.submits(2)

    ask = await siti.presses("📷 Kirim tangkapan layar")
    emulator.send_photo(siti.user, PNG)
    ask_count = await siti.reply()
    ambiguous = await siti.says("1,2 M")
    sent = await siti.presses("1.200.000")
    card = await emulator.next_message(chat)
    emulator.press_button(admin, card.message, text="✅ Setujui", chat=chat)
    approved = await siti.reply()
    decision = await siti.reply()
    edited_card = await emulator.next_message(chat)

    assert "akun pribadi" in review.content
    assert "tangkapan layar" in ask.content and "ASN-" in ask.content
    assert "Berapa jumlah pengikut" in ask_count.content
    assert "bisa berarti" in ambiguous.content
    assert "Terkirim ke admin" in sent.content
    assert card.photo and "Tinjauan #1" in card.content and "1.200.000" in card.content
    assert "instagram.com/siti.rahma" in card.content
    assert "Admin menyetujui" in approved.content
    assert decision.content.startswith("🎉")
    assert "Disetujui oleh @rina_humas" in edited_card.content
    assert _db(verifying_settings, "SELECT status, decided_by FROM review_cases") == [
        ("approved", "@rina_humas")
    ]


async def test_an_admin_rejects_with_a_reason_the_applicant_reads(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    chat, _ = admin_group
    siti = vbot.person("Siti")
    await enroll(siti, instagram="siti.rahma")
    await siti.submits(2)
    await siti.presses("📷 Kirim tangkapan layar")
    emulator.send_photo(siti.user, PNG)
    await siti.reply()
    await siti.says("1.234")
    card = await emulator.next_message(chat)

    await admin_rejects(emulator, admin_group, card, "kode tidak terlihat di bio")
    rejected = await siti.reply()
    decision = await siti.reply()

    assert "kode tidak terlihat di bio" in rejected.content
    assert "belum memenuhi syarat" in decision.content


async def test_two_admins_pressing_at_once_one_decides_the_other_is_told(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    chat, rina = admin_group
    budi = emulator.add_user("Budi", username="budi_humas")
    emulator.set_member_status(chat, budi, "administrator")
    siti = vbot.person("Siti")
    await enroll(siti, instagram="siti.rahma")
    await siti.submits(2)
    await siti.presses("📷 Kirim tangkapan layar")
    emulator.send_photo(siti.user, PNG)
    await siti.reply()
    await siti.says("2.000")
    card = await emulator.next_message(chat)

    emulator.press_button(rina, card.message, text="✅ Setujui", chat=chat)
    emulator.press_button(budi, card.message, text="✅ Setujui", chat=chat)
    told = [await siti.reply(timeout=15) for _ in range(5)]  # approved, 🎉, the badge (3)
    alerts = await answered_with(emulator, "Tinjauan ini sudah diputuskan oleh @rina_humas.")
    # Once both presses are handled, a second decision would already have told Siti again.
    await all_handled(emulator, rina, chat)
    await all_handled(emulator, budi, chat)

    assert alerts == ["Tinjauan ini sudah diputuskan oleh @rina_humas."]
    assert [m.content.split()[0] for m in told[:2]] == ["✅", "🎉"]
    assert emulator.pending_messages(siti.user) == []  # nothing told twice


async def test_a_check_that_fails_now_finishes_after_a_restart(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    apis: FakeSocialApis,
) -> None:
    apis.add_x_user("sitirahma", followers=900)
    apis.fail(Platform.X, "server_error", times=1)
    async with running_bot(verifying_settings, emulator, clock) as bot:
        siti = bot.person("Siti")
        await enroll(siti, x="sitirahma")
        *_, delayed = await siti.submits(2)

    clock.advance(timedelta(minutes=5))
    async with running_bot(verifying_settings, emulator, clock) as bot:
        ran = await bot.application.bot_data.services.verification.run_due_jobs()
        later = await siti.replies_until("900 pengikut")

    assert "belum dapat dihubungi" in delayed.content
    assert ran == 1
    assert "900 pengikut" in later[0].content and "ASN-" in later[0].content


async def test_a_rate_limit_is_waited_out(
    vbot: BotHarness, apis: FakeSocialApis, clock: FixedClock
) -> None:
    apis.add_x_user("sitirahma", followers=900)
    apis.fail(Platform.X, "rate_limited", reset_at=clock.now() + timedelta(minutes=15))
    siti = vbot.person("Siti")
    await enroll(siti, x="sitirahma")
    *_, delayed = await siti.submits(2)
    services = vbot.application.bot_data.services

    too_early = await services.verification.run_due_jobs()
    clock.advance(timedelta(minutes=16))
    after_reset = await services.verification.run_due_jobs()
    later = await siti.replies_until("ASN-")

    assert "belum dapat dihubungi" in delayed.content
    assert (too_early, after_reset) == (0, 1)
    assert "ASN-" in later[0].content


async def test_bad_credentials_alert_the_admin_group_once(
    vbot: BotHarness, apis: FakeSocialApis, emulator: BotApiEmulator, verifying_settings: Settings
) -> None:
    apis.add_x_user("sitirahma", followers=900)
    apis.add_x_user("budi", followers=900)
    apis.fail(Platform.X, "bad_credentials", times=5)
    siti, budi = vbot.person("Siti"), vbot.person("Budi")
    await enroll(siti, x="sitirahma")
    await siti.submits(2)
    await enroll(budi, x="budi")
    await budi.submits(2)

    alerts = [m.content for m in emulator.drain(verifying_settings.admin_chat_id)]

    assert len([a for a in alerts if "Kredensial API X (Twitter) ditolak" in a]) == 1


async def test_verify_command_is_rate_limited_per_person(
    vbot: BotHarness, apis: FakeSocialApis
) -> None:
    apis.add_x_user("sitirahma", followers=900)
    siti = vbot.person("Siti")
    await enroll(siti, x="sitirahma")
    await siti.submits(2)

    first = await siti.says("/verifikasi")
    await siti.reply()  # the code again
    second = await siti.says("/verifikasi")

    assert first.content.startswith("🔎")
    assert "Coba lagi dalam" in second.content


async def test_tinjau_is_refused_to_non_admins_and_audited(
    vbot: BotHarness,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    chat, admin = admin_group
    member = emulator.add_user("Anggota")
    emulator.set_member_status(chat, member, "member")
    outsider_group = emulator.add_group("Grup lain", creator=member)

    emulator.send_text(member, "/tinjau", chat=chat)
    in_group = await emulator.next_message(chat)
    emulator.send_text(member, "/tinjau")
    in_private = await emulator.next_message(member)
    emulator.send_text(member, "/tinjau", chat=outsider_group)
    emulator.send_text(admin, "/tinjau", chat=chat)
    accepted = await emulator.next_message(chat)
    # The outsider group's refusal sends nothing; its audit row is the proof it was handled.
    refused = "SELECT id FROM audit_log WHERE outcome LIKE 'refused%'"
    await wait_until(lambda: len(_db(verifying_settings, refused)) == 3, "three audited refusals")

    assert "khusus untuk tim humas" in in_group.content
    assert "khusus untuk tim humas" in in_private.content
    assert emulator.pending_messages(outsider_group) == []
    assert "Tidak ada akun yang menunggu" in accepted.content
    refusals = _db(
        verifying_settings, "SELECT actor, action FROM audit_log WHERE outcome LIKE 'refused%'"
    )
    assert refusals == [(str(member.id), "/tinjau")] * 3


async def test_an_admin_demoted_mid_session_is_refused(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    chat, admin = admin_group
    # Telegram tells only administrator bots about demotions (README step 2).
    emulator.set_bot_status(chat, "administrator")
    emulator.send_text(admin, "/tinjau", chat=chat)
    before = await emulator.next_message(chat)

    emulator.set_member_status(chat, admin, "member")
    emulator.send_text(admin, "/tinjau", chat=chat)
    after = await emulator.next_message(chat)

    assert "Tidak ada akun" in before.content
    assert "khusus untuk tim humas" in after.content


async def test_reverification_below_threshold_gives_grace_then_suspends(
    vbot: BotHarness,
    apis: FakeSocialApis,
    clock: FixedClock,
    emulator: BotApiEmulator,
    verifying_settings: Settings,
) -> None:
    apis.add_x_user("sitirahma", followers=900)
    siti = vbot.person("Siti")
    await enroll(siti, x="sitirahma")
    *_, ownership = await siti.submits(2)
    code = ownership.content.split("kode ")[1].split()[0]
    apis.set_bio(Platform.X, "sitirahma", code)
    await siti.presses("✅ Sudah")
    for _ in range(4):  # 🎉, the badge (3)
        await siti.reply(timeout=15)
    verification = vbot.application.bot_data.services.verification

    apis.set_followers(Platform.X, "sitirahma", 450)
    clock.advance(timedelta(days=91))
    queued = await verification.schedule_reverification(spread=timedelta(0))
    await verification.run_due_jobs()
    grace = await siti.replies_until("450 pengikut")
    status = await status_of(siti)
    clock.advance(timedelta(days=15))
    vbot.application.resources.lookup.forget(Platform.X, "sitirahma")
    await verification.run_due_jobs()
    suspended = await siti.replies_until("Status Humas Pemerintah Anda ditangguhkan")
    await wait_until(
        lambda: any(
            "1 ASN ditangguhkan" in m.content
            for m in emulator.pending_messages(verifying_settings.admin_chat_id)
        ),
        "the admins' summary of suspensions",
    )
    summary = emulator.drain(verifying_settings.admin_chat_id)

    assert queued == 1
    # The badge issued at verification may arrive late (rendering takes a moment).
    assert any("450 pengikut" in m.content and "aktif sampai" in m.content for m in grace)
    assert status.content.startswith("✅") and "di bawah syarat" in status.content
    assert "ditangguhkan pada 12 Maret 2027" in status.content
    assert any("ditangguhkan" in m.content for m in suspended)
    assert _db(verifying_settings, "SELECT status FROM enrollments") == [("suspended",)]
    assert any("1 ASN ditangguhkan" in m.content for m in summary)


async def test_admin_commands_are_audited_and_audit_lists_them(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    chat, admin = admin_group
    emulator.send_text(admin, "/tinjau", chat=chat)
    await emulator.next_message(chat)

    emulator.send_text(admin, f"/audit {admin.id}", chat=chat)
    audit = await emulator.next_message(chat)

    assert f"untuk {admin.id}" in audit.content
    assert "/tinjau" in audit.content and "accepted" in audit.content


async def test_admin_help_in_the_admin_group_lists_admin_commands(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    chat, admin = admin_group
    member = emulator.add_user("Anggota")
    emulator.set_member_status(chat, member, "member")

    emulator.send_text(admin, "/bantuan", chat=chat)
    for_admin = await emulator.next_message(chat)
    emulator.send_text(member, "/bantuan", chat=chat)
    for_member = await emulator.next_message(chat)

    assert "Perintah admin" in for_admin.content and "/cabut" in for_admin.content
    assert "/cabut" not in for_member.content


async def test_the_bot_leaves_a_group_not_activated_within_its_grace(
    vbot: BotHarness, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    # LEAVE_OTHER_GROUPS: a new group may become a PR unit's admin group with /aktifkan, so
    # the bot waits a day for the code, says so, and leaves on the first update after that.
    owner = emulator.add_user("Pemilik")
    other = emulator.add_group("Grup keluarga", creator=owner, bot_status="left")

    emulator.set_bot_status(other, "member")
    told = await emulator.next_message(other)
    emulator.send_text(owner, "/idgrup", chat=other)
    still_there = await emulator.next_message(other)
    clock.advance(timedelta(hours=24))
    emulator.send_text(owner, "/idgrup", chat=other)
    goodbye = await emulator.next_message(other)
    left = await eventually(lambda: bool(emulator.requests_for("leaveChat")))

    assert "/aktifkan KODE" in told.content and "bot keluar" in told.content
    assert str(other.id) in still_there.content
    assert "tidak diaktifkan tepat waktu" in goodbye.content
    assert left
    assert [r.params["chat_id"] for r in emulator.requests_for("leaveChat")] == [other.id]


async def test_an_admin_group_upgraded_to_a_supergroup_is_followed(
    emulator: BotApiEmulator, clock: FixedClock, tmp_path: Path, verifying_settings: Settings
) -> None:
    admin = emulator.add_user("Rina", username="rina_humas")
    basic = emulator.add_group("Humas (grup biasa)", creator=admin, supergroup=False)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        **verifying_settings.model_dump() | {"admin_chat_id": basic.id},
    )
    async with running_bot(settings, emulator, clock):
        supergroup = emulator.migrate_group_to_supergroup(basic)
        warning = await emulator.next_message(supergroup)
        emulator.send_text(admin, "/tinjau", chat=supergroup)
        answer = await emulator.next_message(supergroup)

    assert str(supergroup.id) in warning.content and "ADMIN_CHAT_ID" in warning.content
    assert "Tidak ada akun yang menunggu" in answer.content


async def approved_by_review(
    person: Person, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    """Enrolls with a personal Instagram (no API reads it) that an admin approves."""
    chat, admin = admin_group
    await enroll(person, instagram="siti.rahma")
    await person.submits(2)  # checking, then the account goes to an admin
    await person.presses("📷 Kirim tangkapan layar")
    emulator.send_photo(person.user, PNG)
    await person.reply()
    await person.says("2.000")
    card = await emulator.next_message(chat)
    emulator.press_button(admin, card.message, text="✅ Setujui", chat=chat)
    told = [await person.reply(timeout=15) for _ in range(5)]  # approved, 🎉, the badge (3)
    assert told[1].content.startswith("🎉")


async def fresh_screenshot(
    person: Person, asked: BotMessage, emulator: BotApiEmulator, chat: SimChat, count: str
) -> BotMessage:
    """Presses the screenshot button of `asked`, sends one and the count; returns the card."""
    emulator.drain(chat)  # earlier cards and their edits
    await person.presses("📷 Kirim tangkapan layar", asked)
    emulator.send_photo(person.user, PNG)
    await person.reply()
    await person.says(count)
    return await emulator.next_message(chat)


async def admin_rejects(
    emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser], card: BotMessage, reason: str
) -> None:
    """Presses Tolak on the card, waits for the reasons to be offered, and picks `reason`."""
    chat, admin = admin_group
    emulator.press_button(admin, card.message, text="❌ Tolak", chat=chat)

    def offers_reasons() -> bool:
        current = [m for m in emulator.history(chat) if m["message_id"] == card.message_id]
        return bool(current) and reason in str(current[0].get("reply_markup"))

    assert await eventually(offers_reasons)
    emulator.press_button(admin, card.message, text=reason, chat=chat)


async def test_reverifying_an_account_no_api_reads_asks_an_admin_again_and_never_suspends(
    vbot: BotHarness,
    clock: FixedClock,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    chat, admin = admin_group
    siti = vbot.person("Siti")
    await approved_by_review(siti, emulator, admin_group)
    verification = vbot.application.bot_data.services.verification

    clock.advance(timedelta(days=91))
    queued = await verification.schedule_reverification(spread=timedelta(0))
    await verification.run_due_jobs()
    asked = await siti.reply()
    clock.advance(timedelta(days=15))  # beyond any grace period: still nothing to suspend
    await verification.schedule_reverification(spread=timedelta(0))
    await verification.run_due_jobs()
    status = await status_of(siti)
    to_admins = emulator.drain(chat)
    card = await fresh_screenshot(siti, asked, emulator, chat, "2.100")
    emulator.press_button(admin, card.message, text="✅ Setujui", chat=chat)
    approved = await siti.reply()
    passed = await siti.reply()
    badge = [await siti.reply(timeout=15) for _ in range(3)]

    assert queued == 1
    assert "tidak dapat dibaca otomatis" in asked.content and "tangkapan layar" in asked.content
    assert "di bawah syarat" not in asked.content
    assert siti.buttons(asked) == ["📷 Kirim tangkapan layar"]
    assert status.content.startswith("✅") and "ditangguhkan" not in status.content
    assert not any("ditangguhkan" in m.content for m in to_admins)
    assert card.photo and "Tinjauan #2" in card.content and "2.100" in card.content
    assert "Admin menyetujui" in approved.content
    assert "tetap terverifikasi" in passed.content and "diperpanjang sampai" in passed.content
    assert badge[0].photo and badge[1].document
    assert _db(verifying_settings, "SELECT status, grace_until FROM enrollments") == [
        ("verified", None)
    ]
    accounts = "SELECT verification_status, followers FROM social_accounts"
    assert _db(verifying_settings, accounts) == [("verified", 2100)]


async def test_an_admin_who_cannot_confirm_a_reverification_starts_the_grace_period(
    vbot: BotHarness,
    clock: FixedClock,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    chat, _ = admin_group
    siti = vbot.person("Siti")
    await approved_by_review(siti, emulator, admin_group)
    verification = vbot.application.bot_data.services.verification
    clock.advance(timedelta(days=91))
    await verification.schedule_reverification(spread=timedelta(0))
    await verification.run_due_jobs()
    asked = await siti.reply()

    card = await fresh_screenshot(siti, asked, emulator, chat, "2.100")
    await admin_rejects(emulator, admin_group, card, "tangkapan layar tidak jelas")
    rejected = await siti.reply()
    grace = await siti.reply()
    status = await status_of(siti)
    clock.advance(timedelta(days=15))
    await verification.run_due_jobs()  # the grace period ends: a fresh screenshot is asked
    asked_again = await siti.reply()
    second = await fresh_screenshot(siti, asked_again, emulator, chat, "1.900")
    await admin_rejects(emulator, admin_group, second, "tangkapan layar tidak jelas")
    await siti.reply()
    suspended = await siti.reply()

    assert "tangkapan layar tidak jelas" in rejected.content
    assert "admin belum dapat memastikan" in grace.content and "12 Maret 2027" in grace.content
    assert "— pengikut" not in grace.content
    assert siti.buttons(grace) == ["📷 Kirim tangkapan layar"]
    assert "terverifikasi" in status.content and "ditangguhkan pada 12 Maret 2027" in status.content
    assert "tidak dapat dibaca otomatis" in asked_again.content
    assert "ditangguhkan" in suspended.content
    assert _db(verifying_settings, "SELECT status FROM enrollments") == [("suspended",)]


async def test_a_rate_limited_reverification_keeps_the_person_in_verified_on_x_campaigns(
    vbot: BotHarness,
    apis: FakeSocialApis,
    clock: FixedClock,
    verifying_settings: Settings,
) -> None:
    apis.add_x_user("sitirahma", followers=900)
    siti = vbot.person("Siti")
    await enroll(siti, x="sitirahma")
    *_, ownership = await siti.submits(2)
    apis.set_bio(Platform.X, "sitirahma", ownership.content.split("kode ")[1].split()[0])
    await siti.presses("✅ Sudah")
    told = [await siti.reply(timeout=15) for _ in range(4)]  # 🎉, the badge (3)
    services, resources = vbot.application.bot_data.services, vbot.application.resources
    db = resources.db
    province = _db(verifying_settings, "SELECT province_code FROM enrollments")[0][0]

    async def audience_on_x() -> list[int]:
        query = RecipientQuery(
            run_id=0,
            province_codes=(str(province),),
            target=Target(platform="x"),
            since=clock.now(),
            max_per_day=5,
        )
        return [
            person_id
            async for batch in CampaignRepository().recipient_batches(db.reader, query)
            for person_id in batch
        ]

    before = await audience_on_x()
    clock.advance(timedelta(days=91))
    apis.fail(Platform.X, "rate_limited", reset_at=clock.now() + timedelta(minutes=15))
    await services.verification.schedule_reverification(spread=timedelta(0))
    waited = await services.verification.run_due_jobs()
    while_waiting = await audience_on_x()
    clock.advance(timedelta(minutes=16))
    resources.lookup.forget(Platform.X, "sitirahma")
    checked = await services.verification.run_due_jobs()
    passed = await siti.reply(timeout=15)

    assert told[0].content.startswith("🎉")
    assert before != [] and (waited, checked) == (1, 1)
    assert while_waiting == before
    assert _db(verifying_settings, "SELECT status FROM enrollments") == [("verified",)]
    assert "900 pengikut" in passed.content and "diperpanjang sampai" in passed.content


async def test_a_tiktok_account_approved_by_an_admin_is_reviewed_again_not_suspended(
    vbot: BotHarness,
    clock: FixedClock,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    chat, admin = admin_group
    siti = vbot.person("Siti")
    await enroll(siti, tiktok="sitirahma")
    *_, review = await siti.submits(2)
    card = await fresh_screenshot(siti, review, emulator, chat, "3.000")
    emulator.press_button(admin, card.message, text="✅ Setujui", chat=chat)
    told = [await siti.reply(timeout=15) for _ in range(5)]  # approved, 🎉, the badge (3)
    verification = vbot.application.bot_data.services.verification

    clock.advance(timedelta(days=91))
    await verification.schedule_reverification(spread=timedelta(0))
    await verification.run_due_jobs()
    asked = await siti.reply()
    clock.advance(timedelta(days=30))
    await verification.run_due_jobs()

    assert told[1].content.startswith("🎉")
    assert "TikTok" in asked.content and "tidak menyediakan pemeriksaan otomatis" in asked.content
    assert _db(verifying_settings, "SELECT status, grace_until FROM enrollments") == [
        ("verified", None)
    ]
    assert emulator.pending_messages(siti.user) == []


async def test_a_youtube_count_hidden_at_reverification_goes_to_an_admin(
    vbot: BotHarness, apis: FakeSocialApis, clock: FixedClock, verifying_settings: Settings
) -> None:
    channel = apis.add_youtube_channel("sitirahma", subscribers=1500)
    siti = vbot.person("Siti")
    await enroll(siti, youtube="@sitirahma")
    *_, ownership = await siti.submits(2)
    apis.set_bio(Platform.YOUTUBE, "sitirahma", ownership.content.split("kode ")[1].split()[0])
    await siti.presses("✅ Sudah")
    told = [await siti.reply(timeout=15) for _ in range(4)]  # 🎉, the badge (3)
    verification = vbot.application.bot_data.services.verification

    channel.hidden = True
    clock.advance(timedelta(days=91))
    await verification.schedule_reverification(spread=timedelta(0))
    await verification.run_due_jobs()
    asked = await siti.reply()

    assert told[0].content.startswith("🎉")
    assert "jumlah pelanggan disembunyikan" in asked.content and "— pengikut" not in asked.content
    assert siti.buttons(asked) == ["📷 Kirim tangkapan layar"]
    assert _db(verifying_settings, "SELECT status, grace_until FROM enrollments") == [
        ("verified", None)
    ]


async def test_a_rate_limited_verify_command_leaves_a_verified_account_verified(
    vbot: BotHarness, apis: FakeSocialApis, clock: FixedClock, verifying_settings: Settings
) -> None:
    apis.add_x_user("sitirahma", followers=900)
    siti = vbot.person("Siti")
    await enroll(siti, x="sitirahma")
    *_, ownership = await siti.submits(2)
    apis.set_bio(Platform.X, "sitirahma", ownership.content.split("kode ")[1].split()[0])
    await siti.presses("✅ Sudah")
    for _ in range(4):  # 🎉, the badge (3)
        await siti.reply(timeout=15)

    clock.advance(timedelta(hours=1))
    apis.fail(Platform.X, "rate_limited", reset_at=clock.now() + timedelta(minutes=15))
    await siti.says("/verifikasi")
    delayed = await siti.reply()

    assert "belum dapat dihubungi" in delayed.content
    assert _db(verifying_settings, "SELECT verification_status FROM social_accounts") == [
        ("verified",)
    ]
