"""The fuzzed input fields, each with the state it needs (a person in the right step, a review
card in the admin group), built through the bot like a real person would."""

from __future__ import annotations

from devtools.emulator import BotApiEmulator, BotMessage, SimChat, SimUser
from tests.flows.support import PNG, enroll
from tests.fuzz.harness import Field, mutated_callback_data, untrusted_text
from tests.support import BotHarness, Person

# Admin commands and their real arguments, so mutations start near valid input.
ADMIN_COMMANDS = ("tinjau", "batalkan", "statistik", "peringkat", "ekspor", "cabut", "audit")
PRIVATE_COMMANDS = ("start", "cekbadge")


def _command_field(
    emulator: BotApiEmulator, name: str, user: SimUser, chat: SimChat | SimUser
) -> Field:
    async def send(value: str) -> None:
        emulator.send_text(user, f"/{name} {value}"[:4096], chat=chat)

    return Field(f"/{name}", untrusted_text(4000), send, chat, user)


async def _card(
    harness: BotHarness, emulator: BotApiEmulator, admin_chat: SimChat, name: str
) -> BotMessage:
    """A pending review card: a person with a personal Instagram sends a screenshot."""
    person = harness.person(name)
    await enroll(person, instagram=f"{name.lower()}.rahma")
    await _to_screenshot(person)
    emulator.send_photo(person.user, PNG)
    await person.reply()
    await person.says("1.234")
    return await emulator.next_message(admin_chat)


async def _to_screenshot(person: Person) -> None:
    """Confirms the summary, waits for the manual-review offer and takes it."""
    await person.presses(person.buttons()[0])
    while "📷 Kirim tangkapan layar" not in person.buttons():
        await person.reply(timeout=15)
    await person.presses("📷 Kirim tangkapan layar")


def _press_field(
    emulator: BotApiEmulator,
    name: str,
    presser: SimUser,
    message: BotMessage,
    bases: list[str],
    answered_in: SimChat | SimUser,
) -> Field:
    async def send(value: str) -> str:
        return emulator.press_forged(presser, message.message, value)

    return Field(name, mutated_callback_data(bases), send, answered_in, presser)


async def build_fields(
    harness: BotHarness, emulator: BotApiEmulator, admin_chat: SimChat, admin: SimUser
) -> list[Field]:
    fields = [_command_field(emulator, name, admin, admin_chat) for name in ADMIN_COMMANDS]
    stranger = emulator.add_user("Tamu")
    for name in PRIVATE_COMMANDS:
        fields.append(_command_field(emulator, name, stranger, stranger))

    # Typed searches in the enrollment conversation.
    agency_person = harness.person("Agus")
    await agency_person.says("/start")
    await agency_person.presses("✅ Setuju")
    await agency_person.says("19850612 200501 1 007")
    await agency_person.says("Agus Salim")
    await agency_person.presses("Kementerian / Lembaga")

    async def search_agency(value: str) -> None:
        emulator.send_text(agency_person.user, value)

    fields.append(
        Field(
            "agency search",
            untrusted_text(),
            search_agency,
            agency_person.user,
            agency_person.user,
        )
    )

    province_person = harness.person("Putri")
    await enroll(province_person, instagram="putri.rahma")
    summary = province_person.last
    assert summary is not None

    async def back_to_province() -> None:
        # One matching province is stored at once and the summary comes back; return to the
        # question through its Change button, as a person would.
        user = province_person.user
        last = emulator.sent(user)[-1]
        if "✏️ Ubah" not in _buttons(last):
            return
        emulator.press_button(user, last.message, text="✏️ Ubah")
        while "Provinsi" not in _buttons(choice := await emulator.next_message(user)):
            pass
        emulator.press_button(user, choice.message, text="Provinsi")
        while "Langkah 5" not in (await emulator.next_message(user)).content:
            pass

    await province_person.presses("✏️ Ubah", summary)
    await province_person.presses("Provinsi")

    async def search_province(value: str) -> None:
        emulator.send_text(province_person.user, value)

    fields.append(
        Field(
            "province search",
            untrusted_text(),
            search_province,
            province_person.user,
            province_person.user,
            reset=back_to_province,
        )
    )

    # Buttons: review cards (admin), the manual-review start, the count choice, the summary.
    card = await _card(harness, emulator, admin_chat, "Rina")
    case = card.content.split("#")[1].split()[0]
    review_bases = [
        f"rev:ok:{case}",
        f"rev:no:{case}",
        f"rev:why:{case}:count",
        f"rev:type:{case}",
        f"rev:back:{case}",
        "rev:page:1",
    ]
    fields.append(_press_field(emulator, "review buttons", admin, card, review_bases, admin_chat))

    helped = harness.person("Bayu")
    await helped.says("/bantuan")
    assert helped.last is not None
    manual = [f"ver:manual:{p}" for p in ("instagram", "facebook", "x", "tiktok", "youtube")]
    fields.append(
        _press_field(emulator, "manual review start", helped.user, helped.last, manual, helped.user)
    )

    counting = harness.person("Citra")
    await enroll(counting, instagram="citra.rahma")
    await _to_screenshot(counting)
    emulator.send_photo(counting.user, PNG)
    await counting.reply()
    ambiguous = await counting.says("1,2 M")
    counts = [b["callback_data"] for row in ambiguous.reply_markup["inline_keyboard"] for b in row]
    fields.append(
        _press_field(
            emulator, "follower count choice", counting.user, ambiguous, counts, counting.user
        )
    )

    summarised = harness.person("Dewi")
    await enroll(summarised, instagram="dewi.rahma")
    assert summarised.last is not None
    summary_bases = ["enr:sum:ok", "enr:sum:change", "enr:sum:back", "enr:edit:province"]
    fields.append(
        _press_field(
            emulator,
            "summary buttons",
            summarised.user,
            summarised.last,
            summary_bases,
            summarised.user,
        )
    )
    # The other families: language, leaderboard privacy, erasure, Instagram file, and the
    # admin families pressed by someone who is not an admin.
    other = harness.person("Eko")
    await other.says("/bantuan")
    assert other.last is not None
    other_bases = [
        "lang:en",
        "lb:hide",
        "privacy:erase:no",
        "privacy:erase:yes",
        "share:file:1",
        "badge:keep",
        "cmp:approve:1",
        "rev:ok:1",
    ]
    fields.append(
        _press_field(emulator, "other buttons", other.user, other.last, other_bases, other.user)
    )
    return fields


def _buttons(message: BotMessage) -> list[str]:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]
