"""UU PDP rights: access (/datasaya), erasure (/hapusdata), opting out, language."""

from __future__ import annotations

import json
import sqlite3

from bot.emulator import BotApiEmulator
from bot.settings import Settings
from tests.flows.test_enrollment import enroll_until_summary
from tests.support import BotHarness, eventually


async def test_mydata_sends_every_stored_fact_as_json(
    bot: BotHarness, emulator: BotApiEmulator
) -> None:
    siti = bot.person()
    await enroll_until_summary(siti)
    await siti.submits()

    sent = await siti.says("/datasaya")
    data = json.loads(emulator.file_bytes(sent.file_id or ""))

    assert sent.document and sent.document["file_name"] == "data-saya.json"
    assert data["enrollment"]["nip"] == "198506122010011003"
    assert data["enrollment"]["full_name"] == "Dr. Siti Rahma, S.Kom., M.Si."
    assert data["enrollment"]["work_email"] == "siti.rahma@komdigi.go.id"
    assert data["enrollment"]["province_code"]
    assert [a["handle"] for a in data["social_accounts"]] == ["siti.rahma", "sitirahma"]
    assert data["consents"][0]["text_version"]
    assert data["person"]["channel_user_id"] == str(siti.user.id)


def _everything_in(path: object) -> str:
    with sqlite3.connect(str(path)) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return repr([db.execute(f"SELECT * FROM {table}").fetchall() for table in tables])


async def test_deletedata_leaves_nothing_that_identifies_the_person(
    bot: BotHarness, emulator: BotApiEmulator, settings: Settings
) -> None:
    siti = bot.person()
    await enroll_until_summary(siti)
    await siti.submits()
    await siti.says("/bahasa")
    await siti.presses("🇮🇩 Bahasa Indonesia")
    before = _everything_in(settings.database_path)

    await siti.says("/hapusdata")
    await siti.presses("🗑 Ya, hapus semuanya")
    await emulator.wait_idle()
    after = _everything_in(settings.database_path)
    status = await siti.says("/status")

    identifying = ["198506122010011003", "Siti Rahma", "siti.rahma", "sitirahma", "komdigi.go.id"]
    assert all(value in before for value in identifying)
    assert [value for value in [*identifying, str(siti.user.id)] if value in after] == []
    assert "belum terdaftar" in status.content
    with sqlite3.connect(settings.database_path) as db:
        counters = dict(db.execute("SELECT name, SUM(value) FROM daily_counters GROUP BY name"))
    assert counters == {"enrollment_started": 1, "consented": 1, "submitted": 1, "erased": 1}


async def test_deletedata_can_be_called_off(bot: BotHarness) -> None:
    siti = bot.person()
    await enroll_until_summary(siti)

    await siti.says("/hapusdata")
    kept = await siti.presses("Batal")
    resumed = await siti.says("/daftar")

    assert "tidak dihapus" in kept.content
    assert "Langkah 8 dari 8" in resumed.content


async def test_deletedata_mid_conversation_ends_it(bot: BotHarness) -> None:
    siti = bot.person()
    await siti.says("/daftar")
    await siti.presses("✅ Setuju")

    await siti.says("/hapusdata")
    await siti.presses("🗑 Ya, hapus semuanya")
    after = await siti.says("19850612 201001 1 003")

    assert "belum terdaftar" in after.content


async def test_stop_and_resume_content(bot: BotHarness) -> None:
    siti = bot.person()
    await enroll_until_summary(siti)
    await siti.submits()

    stopped = await siti.says("/berhenti")
    again = await siti.says("/stop")
    status = await siti.says("/status")
    resumed = await siti.says("/lanjut")

    assert "tidak akan menerima konten" in stopped.content
    assert "memang sedang dihentikan" in again.content
    assert "sedang dihentikan" in status.content
    assert "menerima konten lagi" in resumed.content


async def test_language_can_be_switched_to_english_and_back(bot: BotHarness) -> None:
    siti = bot.person(language_code="id")

    await siti.says("/bahasa")
    switched = await siti.presses("🇬🇧 English")
    help_ = await siti.says("/bantuan")
    await siti.says("/language")
    back = await siti.presses("🇮🇩 Bahasa Indonesia")

    assert switched.content == "Language changed to English."
    assert "Available commands" in help_.content
    assert back.content == "Bahasa diganti ke Bahasa Indonesia."


async def test_blocking_and_coming_back_are_tracked(
    bot: BotHarness, emulator: BotApiEmulator, settings: Settings
) -> None:
    siti = bot.person()
    await enroll_until_summary(siti)
    await siti.submits()

    def status() -> str:
        with sqlite3.connect(settings.database_path) as db:
            return str(db.execute("SELECT status FROM people").fetchone()[0])

    emulator.block_bot(siti.user)
    blocked = await eventually(lambda: status() == "blocked")
    emulator.unblock_bot(siti.user)
    await siti.says("/start")

    assert (blocked, status()) == (True, "active")
