"""PR units' admin groups in real Telegram: the national group invites a unit, the unit's PR
head activates a new group with the code, review cards go to the person's unit group (or the
nearest one above it, finally the national group), other units are refused even with forged
buttons, and /unit lists, moves, deactivates and sets second approval."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.channels.telegram.context import identity_of
from bot.channels.telegram.texts import Translator
from bot.clock import FixedClock
from bot.enrollment.social_handles import Platform
from bot.reference.agencies import AgencyKind
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, BotMessage, SimChat, SimUser
from handlers.telegram.review import TelegramReviewDesk
from tests.database_access import connect_database
from tests.flows.support import PNG, enroll
from tests.support import (
    BotHarness,
    Person,
    answered_with,
    eventually,
    running_bot,
    wait_until,
)

OUT_OF_SCOPE = "⛔ Itu di luar unit humas grup ini."
_CODE = re.compile(r"Kode sekali pakai: ([A-Z0-9]{10})")


def _db(settings: Settings, sql: str) -> list[tuple[object, ...]]:
    with connect_database(settings) as db:
        return db.execute(sql).fetchall()


async def _invite(emulator: BotApiEmulator, national: SimChat, admin: SimUser, unit: str) -> str:
    emulator.send_text(admin, f"/undang {unit}", chat=national)
    answer = await emulator.next_message(national)
    code = _CODE.search(answer.content)
    assert code, answer.content
    return code[1]


async def _new_group(
    emulator: BotApiEmulator, title: str, *, supergroup: bool = True
) -> tuple[SimChat, SimUser]:
    """A PR head creates a group and adds the bot as an admin; the bot says it waits."""
    head = emulator.add_user(f"Kabid {title}")
    group = emulator.add_group(title, creator=head, bot_status="left", supergroup=supergroup)
    emulator.set_bot_status(group, "administrator")
    waiting = await emulator.next_message(group)
    assert "/aktifkan KODE" in waiting.content
    return group, head


async def _unit_group(
    emulator: BotApiEmulator,
    national: tuple[SimChat, SimUser],
    unit: str,
    *,
    supergroup: bool = True,
) -> tuple[SimChat, SimUser]:
    code = await _invite(emulator, *national, unit)
    group, head = await _new_group(emulator, f"Humas {unit}", supergroup=supergroup)
    emulator.send_text(head, f"/aktifkan {code}", chat=group)
    welcome = await emulator.next_message(group)
    assert "Grup ini sekarang grup admin" in welcome.content
    return group, head


async def _card(person: Person, emulator: BotApiEmulator, chat: SimChat) -> BotMessage:
    """The person's personal Instagram goes to review; returns the card in `chat`."""
    await enroll(person, instagram=f"{person.user.first_name.lower()}.rahma")
    await person.presses(person.buttons()[0])
    while "📷 Kirim tangkapan layar" not in person.buttons():
        await person.reply(timeout=15)
    await person.presses("📷 Kirim tangkapan layar")
    emulator.send_photo(person.user, PNG)
    await person.reply()
    await person.says("1.234")
    return await emulator.next_message(chat)


async def _seed_regency_case(bot: BotHarness, user_id: int, nip: str) -> None:
    """A civil servant of Kabupaten Sleman (DI Yogyakarta) with a case waiting for review,
    its card posted the way the bot posts every card."""
    services = bot.application.bot_data.services
    who = identity_of(user_id)
    await services.enrollment.consent(who, "id", "consent")
    await services.enrollment.answer_nip(who, nip)
    await services.enrollment.answer_full_name(who, "Bambang Sutrisno")
    await services.enrollment.choose_agency_kind(who, AgencyKind.REGIONAL)
    await services.enrollment.answer_regional_agency(who, "Kabupaten Sleman")
    await services.enrollment.choose_province(who, "yo")
    await services.enrollment.answer_social_handle(who, f"bambang.{user_id}")
    await services.review.begin(who, Platform.INSTAGRAM)
    card = await services.review.claim(who, 1234)
    data = bot.application.bot_data
    desk = TelegramReviewDesk(bot.application.bot, data.admins, Translator("id"), services.review)
    await desk.post_card(card)


async def test_a_unit_is_invited_and_its_new_group_activated_by_one_of_its_admins(
    vbot: BotHarness,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    national, admin = admin_group
    emulator.send_text(admin, "/undang kemenkeu", chat=national)
    invitation = await emulator.next_message(national)
    code = _CODE.search(invitation.content)
    assert code
    group, head = await _new_group(emulator, "Humas Kemenkeu")
    member = emulator.add_user("Anggota")
    emulator.set_member_status(group, member, "member")

    emulator.send_text(member, f"/aktifkan {code[1]}", chat=group)
    not_admin = await emulator.next_message(group)
    emulator.send_text(head, f"/aktifkan {code[1]}", chat=group)
    welcome = await emulator.next_message(group)
    other, other_head = await _new_group(emulator, "Grup lain")
    emulator.send_text(other_head, f"/aktifkan {code[1]}", chat=other)
    used = await emulator.next_message(other)
    menu = await eventually(lambda: bool(emulator.commands({"type": "chat", "chat_id": group.id})))

    assert "Kementerian Keuangan" in invitation.content and "berlaku sampai" in (
        invitation.content.lower()
    )
    assert f"/aktifkan {code[1]}" in invitation.content
    assert "Hanya admin grup ini" in not_admin.content
    assert "grup admin Kementerian Keuangan" in welcome.content
    assert "sudah dipakai" in used.content
    assert _db(
        verifying_settings,
        "SELECT u.code, g.chat_id, g.activated_by FROM unit_groups g JOIN units u"
        " ON u.id = g.unit_id",
    ) == [("kemenkeu", group.id, str(head.id))]
    names = [c["command"] for c in emulator.commands({"type": "chat", "chat_id": group.id})]
    assert menu and "tinjau" in names and "unit" in names
    assert "undang" not in names and "cadangan" not in names
    audit = _db(verifying_settings, "SELECT action, arguments, outcome FROM audit_log")
    assert ("unit.invite", "unit=kemenkeu") in [(a, b) for a, b, _ in audit]
    assert ("unit.activate", f"chat={group.id}", "refused: not an administrator of the group") in (
        audit
    )
    assert ("unit.activate", f"unit=kemenkeu chat={group.id}", "activated") in audit
    assert ("unit.activate", f"chat={other.id}", "refused: used") in audit
    assert not any(code[1] in " ".join(map(str, row)) for row in audit)  # the code is secret


async def test_undang_offers_choices_explains_no_match_and_belongs_to_the_national_group(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    national, admin = admin_group
    answers = []
    for command in ("/undang keuangan", "/undang zzzz", "/undang", "/undang Jawa"):
        emulator.send_text(admin, command, chat=national)
        answers.append((await emulator.next_message(national)).content)
    group, head = await _unit_group(emulator, admin_group, "komdigi")
    emulator.send_text(head, "/undang kemenkeu", chat=group)
    in_unit_group = await emulator.next_message(group)
    emulator.send_text(admin, "/undang Kabupaten Sleman, DI Yogyakarta", chat=national)
    regency = await emulator.next_message(national)

    choices, none, usage, provinces = answers
    assert "kemenkeu" in choices and "bpk" in choices and "Ulangi dengan" in choices
    assert 'Tidak ada instansi "zzzz"' in none and "/undang kemenkeu" in none
    assert "/undang Kabupaten Sleman, DI Yogyakarta" in usage
    assert "pemprov-jb" in provinces and "pemprov-ji" in provinces
    assert "hanya untuk grup admin nasional" in in_unit_group.content
    assert "Pemerintah Kabupaten Sleman" in regency.content
    assert "yo-kabupaten-sleman" in regency.content


async def test_wrong_codes_are_limited_per_group_and_the_command_explains_where_it_belongs(
    vbot: BotHarness,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    national, admin = admin_group
    code = await _invite(emulator, national, admin, "kemenkeu")
    group, head = await _new_group(emulator, "Humas Kemenkeu")

    answers = []
    for attempt in ["ABCDEFGHJK"] * 5 + [code]:
        emulator.send_text(head, f"/aktifkan {attempt}", chat=group)
        answers.append((await emulator.next_message(group)).content)
    emulator.send_text(head, f"/aktifkan {code}")
    in_private = await emulator.next_message(head)
    emulator.send_text(admin, f"/aktifkan {code}", chat=national)
    in_national = await emulator.next_message(national)

    assert all("tidak dikenal" in answer for answer in answers[:5])
    assert "Terlalu banyak kode yang salah" in answers[5]
    assert "bukan di chat pribadi" in in_private.content
    assert "Ini grup admin nasional" in in_national.content
    assert _db(verifying_settings, "SELECT count(*) FROM unit_groups") == [(0,)]


async def test_a_review_card_goes_to_the_persons_unit_group_and_other_units_are_refused(
    vbot: BotHarness,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    national, admin = admin_group
    komdigi, komdigi_head = await _unit_group(emulator, admin_group, "komdigi")
    kemenkeu, kemenkeu_head = await _unit_group(emulator, admin_group, "kemenkeu")
    siti = vbot.person("Siti")  # enrolls at Komdigi

    card = await _card(siti, emulator, komdigi)
    welcome = emulator.sent(kemenkeu)[-1]
    emulator.press_forged(kemenkeu_head, welcome.message, "rev:ok:1")
    refused = await answered_with(emulator, OUT_OF_SCOPE)
    emulator.send_text(kemenkeu_head, "/tinjau", chat=kemenkeu)
    kemenkeu_list = await emulator.next_message(kemenkeu)
    emulator.send_text(kemenkeu_head, "/tinjau 1", chat=kemenkeu)
    kemenkeu_case = await emulator.next_message(kemenkeu)
    emulator.send_text(admin, "/tinjau", chat=national)
    national_list = await emulator.next_message(national)
    emulator.press_button(komdigi_head, card.message, text="✅ Setujui", chat=komdigi)
    await wait_until(
        lambda: _db(verifying_settings, "SELECT status FROM review_cases") == [("approved",)],
        "the Komdigi group's approval",
    )
    noted = await eventually(
        lambda: "Disetujui" in emulator.actions.current(card.message)["caption"]
    )

    assert "Tinjauan #1" in card.content
    assert emulator.sent(national)[-1].content == national_list.content  # no card there
    assert any(OUT_OF_SCOPE in answer for answer in refused)
    assert "Tidak ada akun yang menunggu" in kemenkeu_list.content
    assert OUT_OF_SCOPE in kemenkeu_case.content
    assert "#1 ·" in national_list.content
    assert noted
    units = dict(_db(verifying_settings, "SELECT code, id FROM units"))
    audit = _db(verifying_settings, "SELECT action, arguments, outcome, unit_id FROM audit_log")
    assert ("button rev:ok:1", "case=1", "refused: outside the unit", units["kemenkeu"]) in audit
    assert ("/tinjau", "case=1", "refused: outside the unit", units["kemenkeu"]) in audit
    assert ("review.approved", "case=1", "done", units["komdigi"]) in audit


async def test_a_card_goes_to_the_nearest_group_above_then_to_the_national_group(
    vbot: BotHarness,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
    clock: FixedClock,
) -> None:
    national, admin = admin_group
    province, province_head = await _unit_group(emulator, admin_group, "pemprov-yo")

    await _seed_regency_case(vbot, 800_001, "19850612 200501 1 001")
    province_card = await emulator.next_message(province)
    emulator.send_text(admin, "/unit nonaktif pemprov-yo", chat=national)
    confirm = await emulator.next_message(national)
    emulator.press_button(admin, confirm.message, text="🛑 Nonaktifkan", chat=national)
    told = await emulator.next_message(province)
    await _seed_regency_case(vbot, 800_002, "19850612 200501 1 002")
    national_card = await next_card(emulator, national)
    # The former unit group has the usual day to be activated again, then the bot leaves.
    clock.advance(timedelta(hours=24))
    emulator.send_text(province_head, "/tinjau", chat=province)
    goodbye = await emulator.next_message(province)
    left = await eventually(lambda: bool(emulator.requests_for("leaveChat")))

    assert "Tinjauan #1" in province_card.content and "Bambang Sutrisno" in province_card.content
    assert "Nonaktifkan grup admin" in confirm.content
    assert "bukan lagi grup admin" in told.content
    assert "Tinjauan #2" in national_card.content
    assert "tidak diaktifkan tepat waktu" in goodbye.content and left
    assert _db(verifying_settings, "SELECT card_chat_id FROM review_cases ORDER BY id") == [
        (province.id,),
        (None,),
    ]
    assert _db(verifying_settings, "SELECT count(*) FROM unit_groups") == [(0,)]
    assert ("unit.deactivate", f"unit=pemprov-yo chat={province.id}", "done") in _db(
        verifying_settings, "SELECT action, arguments, outcome FROM audit_log"
    )


async def next_card(emulator: BotApiEmulator, chat: SimChat) -> BotMessage:
    """The next review card in `chat` (other messages skipped)."""
    while True:
        message = await emulator.next_message(chat, timeout=10)
        if "Tinjauan #" in message.content:
            return message


async def test_unit_lists_moves_and_sets_second_approval_and_a_unit_sees_its_own_line(
    vbot: BotHarness,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    national, admin = admin_group
    komdigi, komdigi_head = await _unit_group(emulator, admin_group, "komdigi")
    await _unit_group(emulator, admin_group, "kemenkeu")
    new_home, _ = await _new_group(emulator, "Humas Komdigi Baru")

    answers = []
    for command in (
        "/unit",
        "/unit persetujuan komdigi ya",
        "/unit pindah komdigi -12abc",
        "/unit pindah komdigi -999999",
        f"/unit pindah komdigi {new_home.id}",
        "/unit pindah nasional -1001",
        "/unit lompat",
    ):
        emulator.send_text(admin, command, chat=national)
        answers.append((await emulator.next_message(national)).content)
    moved_in = await emulator.next_message(new_home)
    emulator.send_text(komdigi_head, "/unit", chat=komdigi)
    refused_in_old_home = f"SELECT 1 FROM audit_log WHERE arguments = 'chat={komdigi.id}'"
    await wait_until(lambda: bool(_db(verifying_settings, refused_in_old_home)), "a refusal")
    emulator.set_member_status(new_home, komdigi_head, "administrator")
    emulator.send_text(komdigi_head, "/unit", chat=new_home)
    own_line = await emulator.next_message(new_home)

    listing, approval, bad_chat, unreachable, moved, root, usage = answers
    assert "Grup admin unit** (2)" in listing or "Grup admin unit (2)" in listing
    assert "Kementerian Komunikasi dan Digital" in listing and "kemenkeu" in listing
    assert f"grup {komdigi.id}" in listing and "persetujuan kedua: bawaan" in listing
    assert "Persetujuan kedua untuk konten Kementerian Komunikasi dan Digital: wajib" in approval
    assert '"-12abc" tidak sah' in bad_chat
    assert "Bot tidak ada di grup -999999" in unreachable
    assert f"sekarang grup {new_home.id}" in moved
    assert "Program nasional dilayani grup ADMIN_CHAT_ID" in root
    assert "/unit pindah KODE_UNIT ID_GRUP" in usage
    assert "Grup ini sekarang grup admin Kementerian Komunikasi dan Digital" in moved_in.content
    assert emulator.pending_messages(komdigi) == []  # no admin group any more: silence
    assert "komdigi" in own_line.content and "kemenkeu" not in own_line.content
    assert _db(
        verifying_settings,
        "SELECT u.code, g.chat_id, g.second_approval FROM unit_groups g"
        " JOIN units u ON u.id = g.unit_id ORDER BY u.code",
    ) == [("kemenkeu", _db_chat(verifying_settings, "kemenkeu"), None), ("komdigi", new_home.id, 1)]


def _db_chat(settings: Settings, code: str) -> int:
    rows = _db(
        settings,
        "SELECT g.chat_id FROM unit_groups g JOIN units u ON u.id = g.unit_id"
        f" WHERE u.code = '{code}'",
    )
    return int(str(rows[0][0]))


async def test_a_unit_group_upgraded_to_a_supergroup_is_followed_and_told(
    vbot: BotHarness,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    komdigi, head = await _unit_group(emulator, admin_group, "komdigi", supergroup=False)
    card = await _card(vbot.person("Siti"), emulator, komdigi)

    supergroup = emulator.migrate_group_to_supergroup(komdigi)
    told = await emulator.next_message(supergroup)
    emulator.send_text(head, "/tinjau", chat=supergroup)
    listing = await emulator.next_message(supergroup)
    emulator.send_text(head, "/bantuan", chat=supergroup)
    help_text = await emulator.next_message(supergroup)

    assert "Tinjauan #1" in card.content
    assert "supergrup" in told.content and str(supergroup.id) in told.content
    assert "ADMIN_CHAT_ID" not in told.content
    assert "#1 ·" in listing.content
    assert "/tinjau" in help_text.content and "/undang" not in help_text.content
    assert _db(verifying_settings, "SELECT chat_id FROM unit_groups") == [(supergroup.id,)]
    assert _db(verifying_settings, "SELECT card_chat_id FROM review_cases") == [(supergroup.id,)]


async def test_a_press_in_another_group_never_decides_a_card_held_by_a_unit_group(
    vbot: BotHarness,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    # The national group may decide any case, but only on the case's card: a press there
    # naming the card's message id (ids are per chat) must not decide the unit's case.
    national, admin = admin_group
    komdigi, _ = await _unit_group(emulator, admin_group, "komdigi")
    card = await _card(vbot.person("Siti"), emulator, komdigi)

    # Message ids count per chat: the bot writes in the national group until one of its
    # messages there has the card's id, and the press is on that one.
    same_id = None
    while same_id is None:
        sent = await vbot.application.bot.send_message(national.id, "·")
        assert sent.message_id <= card.message_id
        same_id = sent if sent.message_id == card.message_id else None
    emulator.press_forged(admin, same_id.message_id, "rev:ok:1", chat=national)
    answers = await answered_with(emulator, "Kartu ini sudah kedaluwarsa")

    assert any("tinjauan #1 ada di kartu yang lebih baru" in answer for answer in answers)
    assert _db(verifying_settings, "SELECT status FROM review_cases") == [("pending",)]


async def test_a_group_waiting_for_its_code_keeps_its_deadline_over_a_restart(
    emulator: BotApiEmulator, clock: FixedClock, verifying_settings: Settings
) -> None:
    async with running_bot(verifying_settings, emulator, clock):
        group, owner = await _new_group(emulator, "Grup baru")
    clock.advance(timedelta(hours=25))
    async with running_bot(verifying_settings, emulator, clock):
        emulator.send_text(owner, "/idgrup", chat=group)
        goodbye = await emulator.next_message(group)
        left = await eventually(lambda: bool(emulator.requests_for("leaveChat")))

    assert "tidak diaktifkan tepat waktu" in goodbye.content
    assert left
