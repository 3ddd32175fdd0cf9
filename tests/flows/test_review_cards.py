"""Review cards and untrusted admin input: a card decides only its own case, an erased
person's card closes politely, /tinjau pages, and malformed numbers or button data are
answered rather than failing."""

from __future__ import annotations

from bot.channels.telegram.context import identity_of
from bot.enrollment.social_handles import Platform
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, BotMessage, SimChat, SimUser
from tests.database_access import connect_database
from tests.flows.support import PNG, enroll
from tests.support import BotHarness, Person, answered_with, eventually

GONE = "Tinjauan #1 sudah tidak ada: pemiliknya menghapus datanya. Kartu ini ditutup."
REPLACED = (
    "Kartu ini sudah kedaluwarsa: tinjauan #2 ada di kartu yang lebih baru (/tinjau 2). "
    "Kartu ini ditutup."
)
OUTDATED = "Tombol ini sudah kedaluwarsa. Gunakan tombol pada pesan yang terbaru."


def _db(settings: Settings, sql: str) -> list[tuple[object, ...]]:
    with connect_database(settings) as db:
        return db.execute(sql).fetchall()


async def _card(person: Person, emulator: BotApiEmulator, chat: SimChat) -> BotMessage:
    """The person's personal Instagram goes to review; returns the card in the admin group."""
    await enroll(person, instagram=f"{person.user.first_name.lower()}.rahma")
    await person.presses(person.buttons()[0])
    while "📷 Kirim tangkapan layar" not in person.buttons():
        await person.reply(timeout=15)
    await person.presses("📷 Kirim tangkapan layar")
    emulator.send_photo(person.user, PNG)
    await person.reply()
    await person.says("1.234")
    return await emulator.next_message(chat)


async def _erase(person: Person) -> None:
    await person.says("/hapusdata")
    erased = await person.presses("🗑 Ya, hapus semuanya")
    assert "sudah dihapus" in erased.content


def _buttons(emulator: BotApiEmulator, card: BotMessage) -> list[str]:
    rows = (emulator.actions.current(card.message).get("reply_markup") or {}).get(
        "inline_keyboard", []
    )
    return [button["text"] for row in rows for button in row]


async def test_an_erased_persons_old_card_never_approves_the_next_case(
    vbot: BotHarness,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    chat, admin = admin_group
    siti, budi = vbot.person("Siti"), vbot.person("Budi")
    old_card = await _card(siti, emulator, chat)
    await _erase(siti)
    new_card = await _card(budi, emulator, chat)

    emulator.press_button(admin, old_card.message, text="✅ Setujui", chat=chat)
    answers = await answered_with(emulator, GONE)
    closed = await eventually(lambda: _buttons(emulator, old_card) == [])

    assert "Tinjauan #1" in old_card.content and "Tinjauan #2" in new_card.content
    assert GONE in answers and closed
    assert _db(verifying_settings, "SELECT id, status FROM review_cases") == [(2, "pending")]
    assert emulator.pending_messages(budi.user) == []  # Budi was told nothing


async def test_a_press_naming_another_case_on_a_card_decides_nothing(
    vbot: BotHarness,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    # Cards from before case numbers were kept unique carry a number that may now belong to
    # someone else: the press is checked against the card message it came from.
    chat, admin = admin_group
    siti, budi = vbot.person("Siti"), vbot.person("Budi")
    siti_card = await _card(siti, emulator, chat)
    await _card(budi, emulator, chat)

    emulator.press_forged(admin, siti_card.message, "rev:ok:2")
    answers = await answered_with(emulator, REPLACED)

    assert REPLACED in answers
    assert _db(verifying_settings, "SELECT id, status FROM review_cases ORDER BY id") == [
        (1, "pending"),
        (2, "pending"),
    ]


async def test_an_erased_persons_card_closes_on_reject(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    chat, admin = admin_group
    siti = vbot.person("Siti")
    card = await _card(siti, emulator, chat)
    await _erase(siti)

    emulator.press_button(admin, card.message, text="❌ Tolak", chat=chat)
    answers = await answered_with(emulator, GONE)
    closed = await eventually(lambda: _buttons(emulator, card) == [])

    assert GONE in answers and closed


async def test_malformed_review_button_data_is_outdated_and_audited(
    vbot: BotHarness,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    chat, admin = admin_group
    card = await _card(vbot.person("Siti"), emulator, chat)

    before = len(emulator.callback_answers)
    for data in ("rev:ok:₆", "rev:ok:99999999999999999999", "rev:why:1:x", "rev:ok"):
        emulator.press_forged(admin, card.message, data)
    answered = await eventually(lambda: len(emulator.callback_answers) == before + 4)
    audited = await eventually(
        lambda: len(_db(verifying_settings, "SELECT 1 FROM audit_log WHERE action = 'button'")) == 4
    )
    answers = [a.get("text") for a in emulator.callback_answers[before:]]

    assert answered and audited
    assert answers == [OUTDATED] * 4
    assert _db(verifying_settings, "SELECT status FROM review_cases") == [("pending",)]


async def test_tinjau_pages_thirty_long_named_cases(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    chat, admin = admin_group
    services = vbot.application.bot_data.services
    long_name = "Siti Rahmawati Kusumaningtyas Wulandari Purnamasari Dewi Anggraeni Lestari"
    for n in range(30):
        who = identity_of(900_000 + n)
        await services.enrollment.consent(who, "id", "consent")
        await services.enrollment.answer_nip(who, f"19850612 200501 2 {n + 1:03d}")
        await services.enrollment.answer_full_name(who, long_name)
        await services.enrollment.answer_social_handle(who, f"siti.rahma.{n}")
        await services.review.begin(who, Platform.INSTAGRAM)
        await services.review.attach_screenshot(who, f"file-{n}")
        await services.review.claim(who, 1234)

    emulator.send_text(admin, "/tinjau", chat=chat)
    first = await emulator.next_message(chat)
    emulator.press_button(admin, first.message, text="Berikutnya ▶️", chat=chat)
    second = await emulator.next_message(chat)

    assert len(first.content) <= 4096
    assert first.content.count(long_name[:30]) == 10 and "#1 ·" in first.content
    assert "Halaman 1 dari 3 (30 menunggu)" in first.content
    assert "#11 ·" in second.content and "Halaman 2 dari 3" in second.content
    assert [b["text"] for row in second.reply_markup["inline_keyboard"] for b in row] == [
        "◀️ Sebelumnya",
        "Berikutnya ▶️",
    ]


async def test_admin_numbers_take_ascii_digits_only(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    chat, admin = admin_group

    answers = []
    for command in ("/tinjau ₆", "/batalkan ₆", f"/batalkan {2**63}", "/statistik ₃₀"):
        emulator.send_text(admin, command, chat=chat)
        answers.append((await emulator.next_message(chat)).content)

    assert "“₆” bukan nomor tinjauan" in answers[0] and "/tinjau 12" in answers[0]
    assert answers[1].startswith("Format: /batalkan ID")
    assert answers[2].startswith("Format: /batalkan ID")
    assert answers[3].startswith("Format: /statistik 7")


async def test_echoed_input_is_a_short_excerpt(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    chat, admin = admin_group
    stranger = emulator.add_user("Tamu")
    long = "x" * 4000

    emulator.send_text(stranger, f"/cekbadge {long}")
    checked = await emulator.next_message(stranger)
    emulator.send_text(stranger, f"/start verify_{long}")
    deep_link = await emulator.next_message(stranger)
    emulator.send_text(admin, f"/tinjau {long}", chat=chat)
    review = await emulator.next_message(chat)

    for answer in (checked, deep_link, review):
        assert "x" * 39 + "…" in answer.content and len(answer.content) < 400
