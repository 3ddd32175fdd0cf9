"""The admin group in real Telegram: upgrades to a supergroup, demotions, anonymous admins,
errors and the audit log, driven through the emulator."""

from __future__ import annotations

import pytest

from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, SimChat, SimUser
from tests.database_access import connect_database
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.support import NIP, PNG, enroll
from tests.support import BotHarness, Person, eventually, running_bot

GROUP_ANONYMOUS_BOT_ID = 1087968824


def _db(settings: Settings, sql: str) -> list[tuple[object, ...]]:
    with connect_database(settings) as db:
        return db.execute(sql).fetchall()


def _admin_chat(emulator: BotApiEmulator, settings: Settings) -> SimChat:
    return emulator.state.chats[settings.admin_chat_id]


async def _claim_nip(person: Person) -> None:
    await person.says("/start")
    await person.presses("✅ Setuju")
    await person.says(NIP)


async def test_alerts_follow_the_admin_group_to_its_supergroup(
    emulator: BotApiEmulator, clock: FixedClock, settings: Settings
) -> None:
    admin = emulator.add_user("Rina")
    basic = emulator.add_group("Humas (grup biasa)", creator=admin, supergroup=False)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        **settings.model_dump() | {"admin_chat_id": basic.id},
    )
    async with running_bot(settings, emulator, clock) as bot:
        supergroup = emulator.migrate_group_to_supergroup(basic)
        told = await emulator.next_message(supergroup)
        await _claim_nip(bot.person("Siti"))
        await _claim_nip(bot.person("Budi"))
        alert = await emulator.next_message(supergroup)
        admin_menu = await eventually(
            lambda: any(
                command["command"] == "audit"
                for command in emulator.commands({"type": "chat", "chat_id": supergroup.id})
            )
        )

    assert "ADMIN_CHAT_ID" in told.content and str(supergroup.id) in told.content
    assert "Konflik NIP" in alert.content
    assert emulator.sent(basic) == []
    assert admin_menu
    assert _db(settings, "SELECT old_chat_id, new_chat_id FROM chat_migrations") == [
        (basic.id, supergroup.id)
    ]


async def test_an_alert_to_a_group_upgraded_unseen_follows_it_and_tells_the_admins_once(
    emulator: BotApiEmulator, clock: FixedClock, settings: Settings
) -> None:
    admin = emulator.add_user("Rina")
    basic = emulator.add_group("Humas (grup biasa)", creator=admin, supergroup=False)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        **settings.model_dump() | {"admin_chat_id": basic.id},
    )
    supergroup = emulator.migrate_group_to_supergroup(basic)
    emulator.state.updates.clear()  # the bot was away: it never saw the upgrade message
    async with running_bot(settings, emulator, clock) as bot:
        await _claim_nip(bot.person("Siti"))
        await _claim_nip(bot.person("Budi"))
        told, alert = await emulator.next_messages(supergroup, 2)
        await _claim_nip(bot.person("Andi"))
        second_alert = await emulator.next_message(supergroup)

    assert "ADMIN_CHAT_ID" in told.content
    assert "Konflik NIP" in alert.content and "Konflik NIP" in second_alert.content
    assert bot.application.bot_data.admins.chat_id == supergroup.id


async def test_a_restart_after_an_upgrade_uses_the_new_id(
    emulator: BotApiEmulator, clock: FixedClock, settings: Settings
) -> None:
    admin = emulator.add_user("Rina")
    basic = emulator.add_group("Humas (grup biasa)", creator=admin, supergroup=False)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        **settings.model_dump() | {"admin_chat_id": basic.id},
    )
    async with running_bot(settings, emulator, clock):
        supergroup = emulator.migrate_group_to_supergroup(basic)
        await emulator.next_message(supergroup)
    async with running_bot(settings, emulator, clock) as bot:
        emulator.send_text(admin, "/tinjau", chat=supergroup)
        answer = await emulator.next_message(supergroup)
        await bot.application.bot_data.admin_notifier.notify_admins(
            "admin_credential_error", platform="X (Twitter)", problem="invalid_token"
        )
        alert = await emulator.next_message(supergroup)

    assert bot.application.bot_data.admins.chat_id == supergroup.id
    assert "Tidak ada akun yang menunggu" in answer.content
    assert "Kredensial API X (Twitter)" in alert.content
    assert emulator.sent(basic) == []


@pytest.mark.parametrize("command", ["/cadangan", "/ekspor enrollments", "/siaran"])
async def test_a_demoted_admin_is_refused_before_the_cache_expires(
    bot: BotHarness, emulator: BotApiEmulator, settings: Settings, command: str
) -> None:
    chat = _admin_chat(emulator, settings)
    admin = emulator.add_user("Rina")
    emulator.set_member_status(chat, admin, "administrator")
    emulator.send_text(admin, "/tinjau", chat=chat)
    await emulator.next_message(chat)  # the admin list is now cached with Rina in it

    # The bot is a plain member here, so Telegram sends it no chat_member update.
    emulator.set_member_status(chat, admin, "member")
    emulator.send_text(admin, command, chat=chat)
    refused = await emulator.next_message(chat)

    name = command.split()[0]
    assert "khusus untuk tim humas" in refused.content
    assert emulator.sent_files(chat) == []
    assert [r.params["user_id"] for r in emulator.requests_for("getChatMember")] == [admin.id]
    audited = f"SELECT actor, action, outcome FROM audit_log WHERE action = '{name}' ORDER BY id"
    assert _db(settings, audited) == [
        (str(admin.id), name, "accepted"),
        (str(admin.id), name, "refused: no longer an admin"),
    ]


async def test_an_admin_is_refused_politely_when_telegram_cannot_confirm(
    bot: BotHarness, emulator: BotApiEmulator, settings: Settings
) -> None:
    chat = _admin_chat(emulator, settings)
    admin = emulator.add_user("Rina")
    emulator.set_member_status(chat, admin, "administrator")
    emulator.inject_fault("server_error", method="getChatMember", times=None)

    emulator.send_text(admin, "/cadangan", chat=chat)
    refused = await emulator.next_message(chat)
    emulator.clear_faults()
    emulator.send_text(admin, "/cadangan", chat=chat)
    acted = await emulator.next_message(chat)

    assert "belum bisa dipastikan" in refused.content and "coba lagi" in refused.content
    # Confirmed now, so /cadangan itself answers (no passphrase is set in this test).
    assert "BACKUP_PASSPHRASE" in acted.content


async def test_a_demotion_counts_at_once_when_the_bot_administers_the_group(
    bot: BotHarness, emulator: BotApiEmulator, settings: Settings
) -> None:
    chat = _admin_chat(emulator, settings)
    emulator.set_bot_status(chat, "administrator")
    admin = emulator.add_user("Rina")
    emulator.set_member_status(chat, admin, "administrator")
    emulator.send_text(admin, "/tinjau", chat=chat)
    await emulator.next_message(chat)

    emulator.set_member_status(chat, admin, "member")
    admins = bot.application.bot_data.admins
    applied = await eventually(lambda: not admins.is_admin(admin.id))
    emulator.send_text(admin, "/jadwal", chat=chat)
    refused = await emulator.next_message(chat)

    assert applied
    assert "khusus untuk tim humas" in refused.content


async def test_an_anonymous_admin_is_accepted_and_audited(
    bot: BotHarness, emulator: BotApiEmulator, settings: Settings
) -> None:
    chat = _admin_chat(emulator, settings)
    admin = emulator.add_user("Rina")
    emulator.set_member_status(chat, admin, "administrator")

    emulator.send_text(admin, "/tinjau", chat=chat, as_group=True)
    answer = await emulator.next_message(chat)
    emulator.send_text(admin, "/cadangan", chat=chat, as_group=True)
    backup = await emulator.next_message(chat)
    emulator.send_text(admin, "/bantuan", chat=chat, as_group=True)
    help_text = await emulator.next_message(chat)

    assert "Tidak ada akun yang menunggu" in answer.content
    # Accepted, but a backup goes only to a person's private chat: never into the group.
    assert backup.document is None and "Tetap anonim" in backup.content
    assert "/tinjau" in help_text.content  # the admin commands, not only everyone's
    assert _db(settings, "SELECT actor, actor_name, action, outcome FROM audit_log") == [
        (str(GROUP_ANONYMOUS_BOT_ID), "anonymous admin", "/tinjau", "accepted"),
        (str(GROUP_ANONYMOUS_BOT_ID), "anonymous admin", "/cadangan", "accepted"),
        (str(GROUP_ANONYMOUS_BOT_ID), "anonymous admin", "/bantuan", "accepted"),
    ]


async def test_an_audit_longer_than_one_message_still_answers(
    bot: BotHarness, emulator: BotApiEmulator, settings: Settings
) -> None:
    chat = _admin_chat(emulator, settings)
    admin = emulator.add_user("Rina")
    emulator.set_member_status(chat, admin, "administrator")
    audit = bot.application.bot_data.services.audit
    for number in range(60):
        await audit.record(str(admin.id), "/siaran", f"{number:02d} " + "x" * 190, "accepted")

    emulator.send_text(admin, "/audit", chat=chat)
    page, file = await emulator.next_messages(chat, 2)
    lines = emulator.file_bytes(file.file_id or "").decode().splitlines()

    assert len(page.content) <= 4096 and "berkas terlampir" in page.content
    assert file.document and file.document["file_name"] == "audit.txt"
    # The /audit command itself was audited first, then the 60 entries, newest first.
    assert len(lines) == 1 + 61
    assert lines[1].endswith("/audit  → accepted") and " 59 xxx" in lines[2]


async def test_an_unexpected_error_in_the_admin_group_is_apologised_for(
    bot: BotHarness, emulator: BotApiEmulator, settings: Settings
) -> None:
    chat = _admin_chat(emulator, settings)
    admin = emulator.add_user("Rina")
    emulator.set_member_status(chat, admin, "administrator")
    db = bot.application.resources.db
    # The database refuses the write (as on a full disk, say): writing the audit entry fails.
    async with db.single_statement() as conn:
        await conn.execute("ALTER TABLE audit_log RENAME TO audit_log_away")
    try:
        emulator.send_text(admin, "/tinjau", chat=chat)
        answers = [m.content for m in await emulator.next_messages(chat, 2)]
    finally:
        async with db.single_statement() as conn:
            await conn.execute("ALTER TABLE audit_log_away RENAME TO audit_log")

    assert any("kesalahan di pihak bot" in text for text in answers)
    assert not any("audit_log" in text for text in answers)


async def test_a_reply_refused_as_bad_request_is_followed_by_an_apology(
    bot: BotHarness, emulator: BotApiEmulator, settings: Settings
) -> None:
    chat = _admin_chat(emulator, settings)
    admin = emulator.add_user("Rina")
    emulator.set_member_status(chat, admin, "administrator")
    siti = bot.person("Siti")
    emulator.inject_fault("cant_parse", method="sendMessage", chat_id=siti.user.id)
    emulator.inject_fault("cant_parse", method="sendMessage", chat_id=chat.id)

    apology = await siti.says("/bantuan")
    emulator.send_text(admin, "/tinjau", chat=chat)
    admin_apology = await emulator.next_message(chat)

    assert "Maaf, terjadi kesalahan di pihak kami" in apology.content
    assert "kesalahan di pihak bot" in admin_apology.content


async def test_a_review_decision_is_audited_under_the_admins_user_id(
    vbot: BotHarness,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    chat, admin = admin_group
    siti = vbot.person("Siti")
    await enroll(siti, instagram="siti.rahma")
    await siti.submits(2)  # checking, then the Instagram result
    while "📷 Kirim tangkapan layar" not in siti.buttons():  # the check may still be running
        await siti.reply()
    await siti.presses("📷 Kirim tangkapan layar")
    emulator.send_photo(siti.user, PNG)
    await siti.reply()
    await siti.says("1,2 M")
    await siti.presses("1.200.000")
    card = await emulator.next_message(chat)
    emulator.press_button(admin, card.message, text="✅ Setujui", chat=chat)
    await emulator.next_message(chat)  # the card, edited with the decision

    emulator.send_text(admin, f"/audit {admin.id}", chat=chat)
    audit = await emulator.next_message(chat)

    assert "review.approved" in audit.content and "case=1" in audit.content
    assert f"@rina_humas ({admin.id})" in audit.content
    assert ("review.approved", str(admin.id), "@rina_humas") in _db(
        verifying_settings, "SELECT action, actor, actor_name FROM audit_log"
    )
