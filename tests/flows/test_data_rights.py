"""UU PDP rights: access (/datasaya), erasure (/hapusdata), opting out, language."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, SimChat, SimUser
from tests.database_access import connect_database, references, table_names
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.support import (
    campaign_message,
    compose,
    enroll_until_summary,
    next_new_message,
    seed_delivery,
    verified_with_badge,
)
from tests.support import BotHarness, eventually, wait_until


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


def _everything_in(settings: Settings) -> str:
    with connect_database(settings) as db:
        tables = table_names(db)
        return repr([db.execute(f"SELECT * FROM {table}").fetchall() for table in tables])


async def test_deletedata_leaves_nothing_that_identifies_the_person(
    bot: BotHarness, emulator: BotApiEmulator, settings: Settings
) -> None:
    siti = bot.person()
    await enroll_until_summary(siti)
    await siti.submits()
    await siti.says("/bahasa")
    await siti.presses("🇮🇩 Bahasa Indonesia")
    before = _everything_in(settings)

    await siti.says("/hapusdata")
    await siti.presses("🗑 Ya, hapus semuanya")
    await wait_until(
        lambda: str(siti.user.id) not in _everything_in(settings),
        "Siti's rows erased",
    )
    after = _everything_in(settings)
    status = await siti.says("/status")

    identifying = ["198506122010011003", "Siti Rahma", "siti.rahma", "sitirahma", "komdigi.go.id"]
    assert all(value in before for value in identifying)
    assert [value for value in [*identifying, str(siti.user.id)] if value in after] == []
    assert "belum terdaftar" in status.content
    with connect_database(settings) as db:
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

    # Erasure deleted the stored conversation, which every turn reads: the NIP is no answer
    # to a question any more, and the person is pointed to /daftar.
    assert "Ketik /daftar" in after.content


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
        with connect_database(settings) as db:
            return str(db.execute("SELECT status FROM people").fetchone()[0])

    emulator.block_bot(siti.user)
    blocked = await eventually(lambda: status() == "blocked")
    emulator.unblock_bot(siti.user)
    await siti.says("/start")

    assert (blocked, status()) == (True, "active")


def _rows_referring_to(settings: Settings, person_id: int) -> dict[str, int]:
    """Every table with a column that refers to `people` or `enrollments`, found from the
    schema itself (so a table added later is included), with the person's row count."""
    counts: dict[str, int] = {}
    with connect_database(settings) as db:
        for table in table_names(db):
            columns = [
                column
                for column, target in references(db, table)
                if target in ("people", "enrollments")
            ]
            if columns:
                where = " OR ".join(f"{column} = ?" for column in columns)
                query = f"SELECT count(*) FROM {table} WHERE {where}"
                counts[table] = db.execute(query, [person_id] * len(columns)).fetchone()[0]
    return counts


async def test_mydata_holds_every_row_that_refers_to_the_person(
    vbot: BotHarness, apis: FakeSocialApis, emulator: BotApiEmulator, verifying_settings: Settings
) -> None:
    siti = vbot.person("Siti")
    _verified, _congratulations, preview, *_ = await verified_with_badge(siti, apis)
    delivery = seed_delivery(verifying_settings, siti.user.id)
    await campaign_message(vbot, siti, delivery)
    await siti.presses("Sudah dibagikan ✅")

    sent = await siti.says("/datasaya")
    data = json.loads(emulator.file_bytes(sent.file_id or ""))
    counts = _rows_referring_to(verifying_settings, data["person"]["id"])

    single = {"enrollments": "enrollment"}
    exported = {
        table: (1 if data[single[table]] else 0) if table in single else len(data[table])
        for table in counts
        if single.get(table, table) in data
    }
    assert exported == counts
    assert {"badges", "ownership_codes", "account_checks", "deliveries", "reshares"} <= {
        table for table, count in counts.items() if count
    }
    badge = data["badges"][0]
    assert badge["number"] in preview.content and badge["status"] == "active"
    assert badge["recipient_hash"].startswith("sha256$") and badge["evidence"]
    assert badge["issued_at"] and badge["expires_at"]
    assert data["deliveries"][0]["campaign_id"] == 1
    assert data["points"] == {"total": 5, "reshares": 1}
    assert [state["name"] for state in data["conversation_states"]] == ["reshare"]


async def test_last_seen_moves_at_most_once_an_hour(
    bot: BotHarness, settings: Settings, clock: FixedClock
) -> None:
    siti = bot.person()
    await enroll_until_summary(siti)
    enrolled_at = clock.now()

    def last_seen() -> str:
        with connect_database(settings) as db:
            return str(db.execute("SELECT last_seen_at FROM people").fetchone()[0])

    clock.advance(timedelta(minutes=30))
    await siti.says("/status")
    soon = last_seen()
    clock.advance(timedelta(minutes=31))
    await siti.says("/status")

    assert soon == enrolled_at.isoformat()
    assert await eventually(lambda: last_seen() == clock.now().isoformat())


async def test_someone_unreachable_who_writes_again_gets_the_next_campaign(
    vbot: BotHarness,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    chat, admin = admin_group
    siti = vbot.person("Siti")
    await verified_with_badge(siti, apis)

    def status() -> str:
        with connect_database(verifying_settings) as db:
            return str(db.execute("SELECT status FROM people").fetchone()[0])

    emulator.inject_fault("chat_not_found", method="sendmessage", chat_id=siti.user.id)
    await _campaign_now(emulator, chat, admin)
    unreachable = await eventually(lambda: status() == "blocked", timeout=15)
    hello = await siti.says("halo")
    reachable = await eventually(lambda: status() == "active")
    await _campaign_now(emulator, chat, admin)
    received = await siti.reply(timeout=15)

    assert (unreachable, reachable) == (True, True)
    assert "/lencana" in hello.content
    assert received.content.startswith("MBG sudah menjangkau")


async def _campaign_now(emulator: BotApiEmulator, chat: SimChat, admin: SimUser) -> None:
    *_, target = await compose(emulator, chat, admin)
    emulator.press_button(admin, target.message, text="Semua", chat=chat)
    schedule = await next_new_message(emulator, chat)
    emulator.press_button(admin, schedule.message, text="Sekarang", chat=chat)
    await next_new_message(emulator, chat)  # the preview's header
    await next_new_message(emulator, chat)  # the preview
    summary = await next_new_message(emulator, chat)
    emulator.press_button(admin, summary.message, text="✅ Simpan & jadwalkan", chat=chat)
    saved = await next_new_message(emulator, chat)
    assert "dijadwalkan" in saved.content
    report = await next_new_message(emulator, chat)
    while "selesai" not in report.content:  # the run's final report
        report = await next_new_message(emulator, chat)
