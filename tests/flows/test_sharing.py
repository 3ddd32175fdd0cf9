"""What a civil servant does with a campaign message: share buttons, Shared, the link, points.

The campaign message is sent by the bot itself here (the broadcast worker is tested on its
own); everything the person does is the real flow through the emulator.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from bot.channels.telegram.texts import Translator
from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator
from handlers.telegram.sharing import campaign_keyboard
from tests.database_access import connect_database
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.support import (
    SHARED_LINK,
    SHARED_TEXT,
    campaign_message,
    seed_delivery,
    verified_with_badge,
)
from tests.support import BotHarness, answered_with


async def test_share_buttons_carry_the_prefilled_text_and_link(
    vbot: BotHarness, apis: FakeSocialApis, verifying_settings: Settings
) -> None:
    siti = vbot.person("Siti")
    await verified_with_badge(siti, apis)
    message = await campaign_message(vbot, siti, seed_delivery(verifying_settings, siti.user.id))

    buttons = [b for row in (message.reply_markup or {})["inline_keyboard"] for b in row]
    urls = {b["text"]: b["url"] for b in buttons if "url" in b}
    x = parse_qs(urlparse(urls["Bagikan ke X"]).query)

    assert x == {"text": [SHARED_TEXT], "url": [SHARED_LINK]}
    assert set(urls) == {"Bagikan ke X", "Facebook", "WhatsApp", "Telegram", "LinkedIn"}
    copy = next(b for b in buttons if "copy_text" in b)
    assert copy["copy_text"]["text"] == f"{SHARED_TEXT}\n{SHARED_LINK}"


async def test_shared_records_points_and_a_link_of_ones_own_post_adds_more(
    vbot: BotHarness, apis: FakeSocialApis, verifying_settings: Settings
) -> None:
    siti = vbot.person("Siti")
    await verified_with_badge(siti, apis)
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
    await verified_with_badge(siti, apis)
    message = await campaign_message(vbot, siti, seed_delivery(verifying_settings, siti.user.id))
    asked = await siti.presses("Sudah dibagikan ✅", message)
    skipped = emulator.press_button(siti.user, asked.message, text="Lewati ⏭")
    await emulator.wait_for_callback_answer(skipped)

    emulator.press_button(siti.user, message.message, text="Sudah dibagikan ✅")
    # The answer is given after the bot found the share already recorded: the effect itself.
    answers = await answered_with(
        emulator, "Bagikan untuk konten ini sudah tercatat. Terima kasih!"
    )

    assert answers[-1] == "Bagikan untuk konten ini sudah tercatat. Terima kasih!"
    with connect_database(verifying_settings) as db:
        assert db.execute("SELECT count(*), sum(points) FROM reshares").fetchone() == (1, 5)


async def test_shared_on_a_message_folded_by_retention_says_it_is_too_old(
    vbot: BotHarness,
    apis: FakeSocialApis,
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
) -> None:
    siti = vbot.person("Siti")
    await verified_with_badge(siti, apis)
    message = await campaign_message(vbot, siti, seed_delivery(verifying_settings, siti.user.id))
    clock.advance(timedelta(days=verifying_settings.retention_days + 1))
    folded = await vbot.application.bot_data.services.retention.fold_old()

    emulator.press_button(siti.user, message.message, text="Sudah dibagikan ✅")
    too_old = "Konten ini sudah terlalu lama sehingga bagikan tidak dapat dicatat lagi."
    answers = await answered_with(emulator, too_old, timeout=5)

    assert folded == 1
    assert [a for a in answers if a.startswith(too_old)]
    assert "Tombol ini bukan untuk Anda." not in answers
    with connect_database(verifying_settings) as db:
        assert db.execute("SELECT count(*) FROM reshares").fetchone() == (0,)


async def test_shared_on_someone_elses_delivery_is_refused(
    vbot: BotHarness, apis: FakeSocialApis, verifying_settings: Settings, emulator: BotApiEmulator
) -> None:
    siti = vbot.person("Siti")
    await verified_with_badge(siti, apis)
    budi = vbot.person("Budi")
    await budi.says("/start")
    delivery = seed_delivery(verifying_settings, siti.user.id)
    keyboard = campaign_keyboard(
        Translator("id"), delivery, SHARED_TEXT, SHARED_LINK, has_media=False
    )
    await vbot.application.bot.send_message(budi.user.id, SHARED_TEXT, reply_markup=keyboard)
    message = await budi.reply()

    emulator.press_button(budi.user, message.message, text="Sudah dibagikan ✅")
    answers = await answered_with(emulator, "Tombol ini bukan untuk Anda.")

    assert "Tombol ini bukan untuk Anda." in answers
