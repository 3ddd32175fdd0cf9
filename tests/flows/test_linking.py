"""/tautkan on Telegram: a code to type on WhatsApp, a code from WhatsApp typed here, and the
choice of where content goes. The WhatsApp side is driven through the same services its
conversations use."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator

import pytest

from bot.clock import FixedClock
from bot.people.service import WHATSAPP, ChannelIdentity
from bot.settings import Settings
from devtools.emulator import BotApiEmulator
from tests.database_access import connect_database
from tests.flows.support import enroll_until_summary
from tests.support import BotHarness, running_bot

SITI_WA = ChannelIdentity(WHATSAPP, "6281234567890")


@pytest.fixture
def whatsapp_settings(settings: Settings) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        **settings.model_dump()
        | {
            "whatsapp_access_token": "EAAG-test-token",
            "whatsapp_phone_number_id": "106540352242922",
            "whatsapp_business_account_id": "102290129340398",
            "whatsapp_app_secret": "app-secret",
            "whatsapp_verify_token": "verify-token",
            "whatsapp_campaign_template": "konten_humas",
        },
    )


@pytest.fixture
async def wbot(
    whatsapp_settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    async with running_bot(whatsapp_settings, emulator, clock) as harness:
        yield harness


def _content_address(settings: Settings) -> tuple[str, str]:
    with connect_database(settings) as db:
        row = db.execute("SELECT channel, channel_user_id FROM people").fetchone()
    return str(row[0]), str(row[1])


async def test_a_code_shown_on_telegram_links_whatsapp_and_content_can_come_back(
    wbot: BotHarness, whatsapp_settings: Settings
) -> None:
    siti = wbot.person()
    await enroll_until_summary(siti)
    await siti.submits()

    shown = await siti.says("/tautkan")
    code = re.search(r"TAUTKAN (\d{6})", shown.content)
    assert code is not None
    await wbot.application.bot_data.services.links.redeem(SITI_WA, code[1])
    to_whatsapp = _content_address(whatsapp_settings)
    status = await siti.says("/tautkan")
    chosen = await siti.presses("📨 Kirim ke Telegram")

    assert "15 menit" in shown.content
    assert to_whatsapp == (WHATSAPP, SITI_WA.user_id)
    assert "sudah tertaut" in status.content and "62812****7890" in status.content
    assert "Konten dikirim ke WhatsApp" in status.content
    assert chosen.content == "Baik, konten sekarang dikirim ke Telegram."
    assert _content_address(whatsapp_settings) == ("telegram", str(siti.user.id))


async def test_a_code_shown_on_whatsapp_typed_on_telegram_joins_the_same_enrollment(
    wbot: BotHarness, whatsapp_settings: Settings
) -> None:
    services = wbot.application.bot_data.services
    await services.enrollment.consent(SITI_WA, "id", "consent")
    code = await services.links.issue(SITI_WA)
    siti = wbot.person()

    linked = await siti.says(f"/tautkan {code.code[:3]} {code.code[3:]}")
    status = await siti.says("/status")
    chosen = await siti.presses("📨 Kirim ke WhatsApp", linked)

    assert "Tertaut!" in linked.content and "Konten dikirim ke Telegram" in linked.content
    assert "belum selesai" in status.content  # the draft begun on WhatsApp
    assert chosen.content == "Baik, konten sekarang dikirim ke WhatsApp."
    assert _content_address(whatsapp_settings) == (WHATSAPP, SITI_WA.user_id)


async def test_bad_codes_are_answered_with_what_a_good_one_looks_like(wbot: BotHarness) -> None:
    siti = wbot.person()

    not_a_code = await siti.says("/tautkan abc")
    wrong = await siti.says("/tautkan 123456")
    not_enrolled = await siti.says("/tautkan")

    assert "6 angka" in not_a_code.content and "/tautkan 123456" in not_a_code.content
    assert "tidak cocok" in wrong.content
    assert "Kirim TAUTKAN" in not_enrolled.content
    assert "/daftar" in not_enrolled.content


async def test_someone_enrolled_on_telegram_cannot_take_another_enrollment(
    wbot: BotHarness,
) -> None:
    services = wbot.application.bot_data.services
    await services.enrollment.consent(SITI_WA, "en", "consent")
    code = await services.links.issue(SITI_WA)
    budi = wbot.person("Budi", language_code="en")
    await budi.says("/enroll")
    await budi.presses("✅ I agree")

    refused = await budi.says(f"/link {code.code}")

    assert "has an enrollment of its own" in refused.content


async def test_linking_is_unavailable_while_whatsapp_is_off(bot: BotHarness) -> None:
    siti = bot.person()

    answer = await siti.says("/tautkan")

    assert answer.content == "Maaf, penautan dengan WhatsApp belum tersedia."


async def test_help_lists_linking(bot: BotHarness) -> None:
    answer = await bot.person().says("/bantuan")

    assert "/tautkan — Tautkan Telegram dan WhatsApp Anda" in answer.content


async def test_consent_records_the_opt_in_to_template_messages(
    bot: BotHarness, emulator: BotApiEmulator
) -> None:
    siti = bot.person()
    consent = await siti.says("/daftar")
    await siti.presses("✅ Setuju")

    sent = await siti.says("/datasaya")
    data = json.loads(emulator.file_bytes(sent.file_id or ""))

    assert "pesan templat" in consent.content
    assert [c["business_messages"] for c in data["consents"]] == [1]
    assert [(a["channel"], a["address"]) for a in data["person_addresses"]] == [
        ("telegram", str(siti.user.id))
    ]
