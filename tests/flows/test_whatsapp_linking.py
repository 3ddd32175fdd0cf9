"""One person on two channels, through both emulators: enrolled on Telegram, linked from
WhatsApp with the code /tautkan showed, content on the channel they choose and never on both,
and WhatsApp showing the same enrollment and badge."""

from __future__ import annotations

import re

from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, SimChat, SimUser
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.support import compose, next_new_message, verified_with_badge
from tests.flows.whatsapp_support import verified_on_whatsapp, whatsapp_bot
from tests.support import Person


async def send_campaign_now(emulator: BotApiEmulator, chat: SimChat, admin: SimUser) -> str:
    """An admin composes the text campaign for everyone and has it sent now; returns the
    preview's audience per channel once the admin group heard that the run is done."""
    *_, target = await compose(emulator, chat, admin)
    emulator.press_button(admin, target.message, text="Semua", chat=chat)
    schedule = await next_new_message(emulator, chat)
    emulator.press_button(admin, schedule.message, text="Sekarang", chat=chat)
    summary = await next_new_message(emulator, chat)
    audience = ""
    while "Simpan & jadwalkan" not in str(summary.reply_markup):
        audience = summary.content if "per kanal" in summary.content else audience
        summary = await next_new_message(emulator, chat)
    emulator.press_button(admin, summary.message, text="✅ Simpan & jadwalkan", chat=chat)
    report = await next_new_message(emulator, chat)
    while "selesai" not in report.content:
        report = await next_new_message(emulator, chat)
    return audience


def campaigns_on_telegram(emulator: BotApiEmulator, person: Person) -> int:
    return sum("#ASNBerbagi" in str(m.get("text", "")) for m in emulator.history(person.user))


async def test_linked_from_whatsapp_one_enrollment_and_content_only_where_chosen(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    apis: FakeSocialApis,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, admin = admin_group
    async with whatsapp_bot(verifying_settings, emulator, clock) as wa:
        siti = wa.bot.person("Siti")
        *_, badge_preview, _, _ = await verified_with_badge(siti, apis)
        number = re.search(r"GPR-\d{4}-\d{6}", badge_preview.content)
        assert number is not None, badge_preview.content
        shown = await siti.says("/tautkan")
        code = re.search(r"TAUTKAN (\d{6})", shown.content)
        assert code is not None, shown.content
        on_whatsapp = wa.person("6281234567890", "Siti")

        wrong = await on_whatsapp.says(
            "TAUTKAN 000000" if code[1] != "000000" else "TAUTKAN 111111"
        )
        linked = await on_whatsapp.says(f"TAUTKAN {code[1]}")
        status = await on_whatsapp.says("STATUS")

        first_audience = await send_campaign_now(emulator, chat, admin)
        first = await on_whatsapp.reply(timeout=15)
        telegram_after_first = campaigns_on_telegram(emulator, siti)

        choice = await siti.says("/tautkan")
        chosen = await siti.presses("📨 Kirim ke Telegram")
        second_audience = await send_campaign_now(emulator, chat, admin)
        second = await siti.replies_until("#ASNBerbagi")
        await wa.cloud.settle()
        whatsapp_campaigns = [
            m
            for m in wa.cloud.sent
            if m.to == on_whatsapp.wa_id and "#ASNBerbagi" in (m.text or "")
        ]

    assert wrong.text == "Kode itu tidak cocok. Periksa kembali 6 angka dari Telegram."
    assert (linked.text or "").startswith("✅ WhatsApp ini sekarang tertaut")
    assert "terverifikasi" in (status.text or "").lower() and number[0] in (status.text or "")
    assert "#ASNBerbagi" in (first.text or "") and "Sudah dibagikan ✅" in first.buttons
    assert telegram_after_first == 0
    # The linked person is counted once, on their content channel.
    assert first_audience.splitlines()[1:] == [
        "Telegram: 0 orang",
        "WhatsApp: 1 orang, 0 lewat template (perkiraan biaya Rp0)",
    ]
    assert second_audience.splitlines()[1] == "Telegram: 1 orang"
    assert second_audience.splitlines()[2].startswith("WhatsApp: 0 orang")
    assert "62812****7890" in choice.content and "Konten dikirim ke WhatsApp" in choice.content
    assert chosen.content == "Baik, konten sekarang dikirim ke Telegram."
    assert "#ASNBerbagi" in second[-1].content
    assert [m.id for m in whatsapp_campaigns] == [first.id]
    assert campaigns_on_telegram(emulator, siti) == 1


async def test_enrolled_on_whatsapp_linked_from_telegram_gets_content_on_telegram(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    apis: FakeSocialApis,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, admin = admin_group
    async with whatsapp_bot(verifying_settings, emulator, clock) as wa:
        budi = wa.person("6281111111111", "Budi")
        *_, badge, _, _ = await verified_on_whatsapp(
            budi, apis, nip="19850612 200501 2 011", x_handle="budi"
        )
        number = re.search(r"GPR-\d{4}-\d{6}", badge.text or "")
        assert number is not None, badge.text
        shown = await budi.says("TAUTKAN")
        code = re.search(r"\d{6}", shown.text or "")
        assert code is not None, shown.text
        on_telegram = wa.bot.person("Budi")

        refused = await on_telegram.says("/tautkan 12345")
        linked = await on_telegram.says(f"/tautkan {code[0]}")
        status = await on_telegram.says("/status")
        await send_campaign_now(emulator, chat, admin)
        received = await on_telegram.replies_until("#ASNBerbagi")
        await wa.cloud.settle()
        on_whatsapp = [
            m for m in wa.cloud.sent if m.to == budi.wa_id and "#ASNBerbagi" in (m.text or "")
        ]

    assert "/tautkan" in (shown.text or "")
    assert "6 angka" in refused.content
    assert "Tertaut!" in linked.content and "📨 Kirim ke WhatsApp" in on_telegram.buttons(linked)
    assert number[0] in status.content
    assert "#ASNBerbagi" in received[-1].content
    assert on_whatsapp == []
