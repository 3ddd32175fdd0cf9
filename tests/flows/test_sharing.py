"""What a civil servant does with a campaign message: share buttons, Shared, the link, points.

The campaign message is sent by the bot itself here (the broadcast worker is tested on its
own); everything the person does is the real flow through the emulator.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from bot.clock import FixedClock
from bot.emulator import BotApiEmulator, BotMessage
from bot.settings import Settings
from bot.social_handles import Platform
from bot.telegram_adapter.texts import Translator
from handlers.sharing import campaign_keyboard
from storage.retention import fold_old_deliveries
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.conftest import enroll, submit
from tests.support import BotHarness, Person, answered_with

TEXT = "Program Makan Bergizi Gratis menjangkau 20 juta siswa.\n\n#MBG\n\n#ASNBerbagi"
LINK = "https://www.komdigi.go.id/berita/mbg"


async def verified(person: Person, apis: FakeSocialApis) -> None:
    apis.add_x_user("sitirahma", followers=2500)
    await enroll(person, x="sitirahma")
    *_, ownership = await submit(person, 2)  # checking, then the code to put in the bio
    code = re.search(r"ASN-\w{4}", ownership.content)
    assert code
    apis.set_bio(Platform.X, "sitirahma", code[0])
    await person.presses("✅ Sudah")
    await person.reply()  # congratulations
    for _ in range(3):
        await person.reply(timeout=15)  # the badge


def seed_delivery(settings: Settings, user_id: int) -> int:
    # The bot may be writing (the badge's file ids) at the same moment: wait for the lock.
    with sqlite3.connect(settings.database_path, timeout=30) as db:
        person_id = db.execute(
            "SELECT id FROM people WHERE channel_user_id = ?", (str(user_id),)
        ).fetchone()[0]
        db.execute(
            "INSERT INTO campaigns (id, title, kind, body, link, schedule_kind, status,"
            " created_by, created_at) VALUES (1, 'MBG', 'text', ?, ?, 'now', 'scheduled',"
            " 'admin', '2026-11-27T00:00:00+00:00')",
            (TEXT, LINK),
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
    keyboard = campaign_keyboard(Translator("id"), delivery_id, TEXT, LINK, has_media=False)
    await bot.application.bot.send_message(person.user.id, TEXT, reply_markup=keyboard)
    return await person.reply()


async def test_share_buttons_carry_the_prefilled_text_and_link(
    vbot: BotHarness, apis: FakeSocialApis, verifying_settings: Settings
) -> None:
    siti = vbot.person("Siti")
    await verified(siti, apis)
    message = await campaign_message(vbot, siti, seed_delivery(verifying_settings, siti.user.id))

    buttons = [b for row in (message.reply_markup or {})["inline_keyboard"] for b in row]
    urls = {b["text"]: b["url"] for b in buttons if "url" in b}
    x = parse_qs(urlparse(urls["Bagikan ke X"]).query)

    assert x == {"text": [TEXT], "url": [LINK]}
    assert set(urls) == {"Bagikan ke X", "Facebook", "WhatsApp", "Telegram", "LinkedIn"}
    copy = next(b for b in buttons if "copy_text" in b)
    assert copy["copy_text"]["text"] == f"{TEXT}\n{LINK}"


async def test_shared_records_points_and_a_link_of_ones_own_post_adds_more(
    vbot: BotHarness, apis: FakeSocialApis, verifying_settings: Settings
) -> None:
    siti = vbot.person("Siti")
    await verified(siti, apis)
    await campaign_message(vbot, siti, seed_delivery(verifying_settings, siti.user.id))

    recorded = await siti.presses("Sudah dibagikan ✅")
    wrong_site = await siti.says("https://www.instagram.com/p/Cabc123/")
    not_mine = await siti.says("https://x.com/orang_lain/status/1861234567890")
    linked = await siti.says("https://x.com/SitiRahma/status/1861234567890")
    points = await siti.says("/poin")

    assert "+5 poin" in recorded.content and "Total 5 poin" in recorded.content
    assert "belum terverifikasi untuk Anda" in wrong_site.content
    assert "bukan dari akun Anda" in not_mine.content
    assert "+5 poin" in linked.content and "Total 10 poin" in linked.content
    assert "Poin Anda: 10" in points.content and "1 kali berbagi" in points.content
    assert "rangkaian 1 hari" in points.content


async def test_shared_twice_is_recorded_once(
    vbot: BotHarness,
    apis: FakeSocialApis,
    verifying_settings: Settings,
    emulator: BotApiEmulator,
) -> None:
    siti = vbot.person("Siti")
    await verified(siti, apis)
    message = await campaign_message(vbot, siti, seed_delivery(verifying_settings, siti.user.id))
    asked = await siti.presses("Sudah dibagikan ✅", message)
    emulator.press_button(siti.user, asked.message, text="Lewati ⏭")
    await emulator.wait_idle()

    emulator.press_button(siti.user, message.message, text="Sudah dibagikan ✅")
    answers = await answered_with(
        emulator, "Bagikan untuk konten ini sudah tercatat. Terima kasih!"
    )
    await emulator.wait_idle()

    assert answers[-1] == "Bagikan untuk konten ini sudah tercatat. Terima kasih!"
    with sqlite3.connect(verifying_settings.database_path) as db:
        assert db.execute("SELECT count(*), sum(points) FROM reshares").fetchone() == (1, 5)


async def test_shared_on_a_message_folded_by_retention_says_it_is_too_old(
    vbot: BotHarness,
    apis: FakeSocialApis,
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
) -> None:
    siti = vbot.person("Siti")
    await verified(siti, apis)
    message = await campaign_message(vbot, siti, seed_delivery(verifying_settings, siti.user.id))
    services = vbot.application.bot_data.services
    clock.advance(timedelta(days=verifying_settings.retention_days + 1))
    cutoff = clock.now() - timedelta(days=verifying_settings.retention_days)
    folded = await fold_old_deliveries(services.db, cutoff)

    emulator.press_button(siti.user, message.message, text="Sudah dibagikan ✅")
    too_old = "Konten ini sudah terlalu lama sehingga bagikan tidak dapat dicatat lagi."
    answers = await answered_with(emulator, too_old, timeout=5)

    assert folded == 1
    assert [a for a in answers if a.startswith(too_old)]
    assert "Tombol ini bukan untuk Anda." not in answers
    with sqlite3.connect(verifying_settings.database_path) as db:
        assert db.execute("SELECT count(*) FROM reshares").fetchone() == (0,)


async def test_shared_on_someone_elses_delivery_is_refused(
    vbot: BotHarness, apis: FakeSocialApis, verifying_settings: Settings, emulator: BotApiEmulator
) -> None:
    siti = vbot.person("Siti")
    await verified(siti, apis)
    budi = vbot.person("Budi")
    await budi.says("/start")
    delivery = seed_delivery(verifying_settings, siti.user.id)
    keyboard = campaign_keyboard(Translator("id"), delivery, TEXT, LINK, has_media=False)
    await vbot.application.bot.send_message(budi.user.id, TEXT, reply_markup=keyboard)
    message = await budi.reply()

    emulator.press_button(budi.user, message.message, text="Sudah dibagikan ✅")
    answers = await answered_with(emulator, "Tombol ini bukan untuk Anda.")

    assert "Tombol ini bukan untuk Anda." in answers
