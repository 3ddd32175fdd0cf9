"""Steps that many flow tests share: enrolling, getting verified with a badge, composing a
campaign, and a campaign message to press share buttons on. Test modules import these from
here, never from each other (tests/test_layout.py checks it)."""

from __future__ import annotations

import re

from bot.channels.telegram.texts import Translator
from bot.enrollment.social_handles import Platform
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, BotMessage, SimChat, SimUser
from handlers.telegram.sharing import campaign_keyboard
from tests.database_access import connect_database
from tests.fakes.social_apis import FakeSocialApis
from tests.support import BotHarness, Person

NIP = "19850612 201001 1 003"

# The smallest valid PNG: a screenshot stand-in.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f5b6e70000000049454e44ae426082"
)

# The text an admin composes with compose().
CAMPAIGN_TEXT = "Program Makan Bergizi Gratis menjangkau 20 juta siswa."
# The campaign seed_delivery() stores and campaign_message() sends.
SHARED_TEXT = "Program Makan Bergizi Gratis menjangkau 20 juta siswa.\n\n#MBG\n\n#ASNBerbagi"
SHARED_LINK = "https://www.komdigi.go.id/berita/mbg"


async def enroll_until_summary(person: Person, *, english: bool = False, nip: str = NIP) -> None:
    """Answers every question with good answers, up to the summary."""
    await person.says("/start")
    await person.presses("✅ I agree" if english else "✅ Setuju")
    await person.says(nip)
    await person.says("Dr. Siti Rahma, S.Kom., M.Si.")
    await person.presses("Ministry / agency" if english else "Kementerian / Lembaga")
    await person.says("Komdigi")
    await person.presses("Kementerian Komunikasi dan Digital")
    await person.says("Biro Hubungan Masyarakat")
    await person.says("Jawa Timur")
    await person.says("siti.rahma@komdigi.go.id")
    await person.says("https://www.instagram.com/siti.rahma/?igsh=abc123")
    await person.presses("Skip ⏭" if english else "Lewati ⏭")
    await person.says("@SitiRahma")
    await person.presses("Skip ⏭" if english else "Lewati ⏭")
    await person.presses("Skip ⏭" if english else "Lewati ⏭")


async def enroll(
    person: Person,
    *,
    instagram: str | None = None,
    x: str | None = None,
    email: str | None = None,
    tiktok: str | None = None,
    youtube: str | None = None,
) -> None:
    """Enrolls with the given handles (others skipped), up to the summary."""
    await person.says("/start")
    await person.presses("✅ Setuju")
    await person.says(
        NIP
        if person.user.first_name == "Siti"
        else f"19850612 200501 2 {person.user.id % 999 + 1:03d}"
    )
    await person.says("Siti Rahma")
    await person.presses("Kementerian / Lembaga")
    await person.says("Komdigi")
    await person.presses("Kementerian Komunikasi dan Digital")
    await person.says("Biro Humas")
    await person.says("Jawa Timur")
    if email:
        await person.says(email)
    else:
        await person.presses("Lewati ⏭")
    for handle in (instagram, None, x, tiktok, youtube):
        if handle:
            await person.says(handle)
        else:
            await person.presses("Lewati ⏭")


async def verified_with_badge(
    person: Person, apis: FakeSocialApis, email: str | None = None
) -> list[BotMessage]:
    """Enrolls with an X account over the threshold, proves ownership, and returns the
    answers from there on: verified, congratulations, and the badge (preview, square file,
    story file). Each answer is awaited itself (the lookup takes a while on a busy machine)."""
    apis.add_x_user("sitirahma", followers=2500)
    await enroll(person, x="sitirahma", email=email)
    ownership = await person.presses(person.buttons()[0])
    while "ASN-" not in ownership.content:  # the check's results follow the confirmation
        ownership = await person.reply(timeout=15)
    code = re.search(r"ASN-\w{4}", ownership.content)
    assert code
    apis.set_bio(Platform.X, "sitirahma", code[0])
    verified = await person.presses("✅ Sudah")
    congratulations = await person.reply(timeout=15)
    badge = await person.replies(3)
    return [verified, congratulations, *badge]


async def compose(
    emulator: BotApiEmulator, chat: SimChat, admin: SimUser, command: str = "/konten"
) -> list[BotMessage]:
    """Composes a text campaign with a link, hashtags and one variant, up to the target
    question. Questions with Skip/Done have their buttons in a second message."""
    emulator.send_text(admin, command, chat=chat)
    ask = await emulator.next_message(chat)
    emulator.reply_to(admin, ask.message, CAMPAIGN_TEXT)
    ask_link, _ = await emulator.next_messages(chat, 2)
    emulator.reply_to(admin, ask_link.message, "https://www.komdigi.go.id/berita/mbg")
    ask_tags, _ = await emulator.next_messages(chat, 2)
    emulator.reply_to(admin, ask_tags.message, "#MBG, gizi")
    ask_variant, _ = await emulator.next_messages(chat, 2)
    emulator.reply_to(
        admin, ask_variant.message, "MBG sudah menjangkau 20 juta siswa di Indonesia."
    )
    ask_second, done = await emulator.next_messages(chat, 2)
    emulator.press_button(admin, done.message, text="✅ Selesai", chat=chat)
    target = await next_new_message(emulator, chat)
    return [ask, ask_link, ask_tags, ask_variant, ask_second, target]


async def next_new_message(emulator: BotApiEmulator, chat: SimChat) -> BotMessage:
    """The bot's next message in `chat` that is not an edit of an earlier one."""
    while True:
        message = await emulator.next_message(chat, timeout=10)
        if not message.method.startswith("edit"):
            return message


def seed_delivery(settings: Settings, user_id: int) -> int:
    """Stores a sent campaign delivery of SHARED_TEXT to the person; returns its id."""
    # The bot may be writing (the badge's file ids) at the same moment: wait for the lock.
    with connect_database(settings) as db:
        person_id = db.execute(
            "SELECT id FROM people WHERE channel_user_id = ?", (str(user_id),)
        ).fetchone()[0]
        db.execute(
            "INSERT INTO campaigns (id, title, kind, body, link, schedule_kind, status,"
            " created_by, created_at) VALUES (1, 'MBG', 'text', ?, ?, 'now', 'scheduled',"
            " 'admin', '2026-11-27T00:00:00+00:00')",
            (SHARED_TEXT, SHARED_LINK),
        )
        db.execute(
            "INSERT INTO campaign_runs (id, campaign_id, run_key, zone, due_at, status)"
            " VALUES (1, 1, 'once', 'ALL', '2026-11-27T00:00:00+00:00', 'sending')"
        )
        db.execute(
            "INSERT INTO deliveries (id, run_id, person_id, status) VALUES (1, 1, ?, 'sent')",
            (person_id,),
        )
    return 1


async def campaign_message(bot: BotHarness, person: Person, delivery_id: int) -> BotMessage:
    """Sends the person the campaign message of `delivery_id` with its share buttons."""
    keyboard = campaign_keyboard(
        Translator("id"), delivery_id, SHARED_TEXT, SHARED_LINK, has_media=False
    )
    await bot.application.bot.send_message(person.user.id, SHARED_TEXT, reply_markup=keyboard)
    return await person.reply()
