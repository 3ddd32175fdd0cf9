import logging

import pytest

from bot.settings import Settings
from devtools.emulator import BotApiEmulator
from tests.support import BotHarness


async def test_help_answers_in_indonesian_by_default(bot: BotHarness) -> None:
    siti = bot.person("Siti", language_code="id")

    answer = await siti.says("/bantuan")

    assert "Perintah yang tersedia" in answer.content
    assert "/daftar" in answer.content


async def test_help_answers_in_english_for_an_english_telegram(bot: BotHarness) -> None:
    john = bot.person("John", language_code="en-GB")

    answer = await john.says("/help")

    assert "Available commands" in answer.content
    assert "/enroll" in answer.content


async def test_start_opens_enrollment_with_the_consent_question(bot: BotHarness) -> None:
    siti = bot.person()

    answer = await siti.says("/start")

    assert "sukarela" in answer.content
    assert siti.buttons() == ["✅ Setuju", "Tidak setuju"]


async def test_unknown_text_outside_a_conversation_points_to_help(bot: BotHarness) -> None:
    siti = bot.person()

    answer = await siti.says("halo")

    assert "/bantuan" in answer.content


async def test_command_menus_are_published_in_both_languages(
    bot: BotHarness, emulator: BotApiEmulator
) -> None:
    await bot.application.post_init(bot.application)  # type: ignore[misc]

    menus = {
        (record.params["scope"]["type"], record.params.get("language_code")): [
            c["command"] for c in record.params["commands"]
        ]
        for record in emulator.requests_for("setMyCommands")
    }

    assert menus[("default", None)][:2] == ["daftar", "status"]
    assert menus[("default", "en")][:2] == ["enroll", "status"]
    assert menus[("chat", None)] == [
        "konten",
        "siaran",
        "jadwal",
        "batalkan",
        "statistik",
        "peringkat",
        "ekspor",
        "tinjau",
        "cabut",
        "audit",
        "cadangan",
        "undang",
        "unit",
        "bantuan",
    ]


async def test_chatid_in_a_group_answers_the_group_id(
    bot: BotHarness, emulator: BotApiEmulator
) -> None:
    owner = emulator.add_user("Operator")
    group = emulator.add_group("Humas Kominfo", creator=owner)

    emulator.send_text(owner, "/chatid@asn_humas_bot", chat=group)
    answer = await emulator.next_message(group)

    assert str(group.id) in answer.content


async def test_a_failure_is_apologised_for_and_logged_without_personal_data(
    bot: BotHarness, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    siti = bot.person("Sitinurbaya")
    # Through the bot's own database (not a second, blocking connection: waiting for the
    # write lock there would stall the event loop that the bot's transaction needs to commit).
    async with bot.application.resources.db.transaction() as conn:
        await conn.execute("DROP TABLE daily_counters")  # the next /start cannot count itself

    with caplog.at_level(logging.ERROR):
        answer = await siti.says("/start")

    assert "terjadi kesalahan di pihak kami" in answer.content
    assert "OperationalError" in caplog.text or "UndefinedTableError" in caplog.text
    assert "Sitinurbaya" not in caplog.text
    assert str(siti.user.id) not in caplog.text
