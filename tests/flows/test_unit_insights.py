"""Statistics, leaderboard, export, audit and revocation in a PR unit's admin group: each
covers the unit's own people and the units under it, and refuses (audited) what lies outside.

Three civil servants enroll through the bot: Siti at Komdigi (a ministry, under the national
root), Budi at the DIY provincial government and Wati at Sleman regency (under DIY). DIY has
its own admin group; the national group is ADMIN_CHAT_ID."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from bot.channels.telegram.texts import Translator
from bot.clock import FixedClock
from bot.enrollment.social_handles import Platform
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, BotMessage, SimChat, SimUser
from handlers.telegram import callback_data as callbacks
from tests.database_access import connect_database
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.support import campaign_message, seed_delivery, verified_with_badge
from tests.support import BotHarness, Person, answered_with

OUT_OF_SCOPE = "di luar unit humas grup ini"
PROVINCE = "Pemerintah Daerah Daerah Istimewa Yogyakarta"
BY_PROVINCE = (("press", "Pemerintah Provinsi"), ("say", "Pemprov DIY"), ("press", PROVINCE))


async def verified_in(
    person: Person,
    apis: FakeSocialApis,
    agency: tuple[tuple[str, str], ...],
    province: str,
    handle: str,
) -> None:
    """Enrolls at the agency (each step a button to press or a text to type), verified
    through an X account over the threshold, up to the badge."""
    apis.add_x_user(handle, followers=2500)
    await person.says("/start")
    await person.presses("✅ Setuju")
    await person.says(f"19850612 200501 2 {person.user.id % 999 + 1:03d}")
    await person.says(f"{person.user.first_name} Pratama")
    for step, value in agency:
        await (person.presses(value) if step == "press" else person.says(value))
    await person.says("Biro Humas")
    await person.says(province)
    await person.presses("Lewati ⏭")  # work e-mail
    for answer in (None, None, handle, None, None):
        await (person.says(answer) if answer else person.presses("Lewati ⏭"))
    ownership = await person.presses(person.buttons()[0])
    while "ASN-" not in ownership.content:
        ownership = await person.reply(timeout=15)
    code = re.search(r"ASN-\w{4}", ownership.content)
    assert code
    apis.set_bio(Platform.X, handle, code[0])
    await person.presses("✅ Sudah")
    await person.reply(timeout=15)  # congratulations
    await person.replies(3)  # the badge


def rows_of(emulator: BotApiEmulator, export: BotMessage) -> list[list[str]]:
    text = emulator.file_bytes(export.file_id or "").decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def badge_of(settings: Settings, user: SimUser) -> str:
    with connect_database(settings) as db:
        row = db.execute(
            "SELECT b.number FROM badges AS b JOIN people AS p ON p.id = b.person_id"
            " WHERE p.channel_user_id = ?",
            (str(user.id),),
        ).fetchone()
    return str(row[0])


def refusals(settings: Settings) -> list[tuple[str, str, int | None]]:
    with connect_database(settings) as db:
        return list(
            db.execute(
                "SELECT action, arguments, unit_id FROM audit_log"
                " WHERE outcome = 'refused: outside the unit' ORDER BY id"
            )
        )


async def ask(
    emulator: BotApiEmulator, chat: SimChat, admin: SimUser, text: str, answers: int = 1
) -> list[BotMessage]:
    emulator.send_text(admin, text, chat=chat)
    return [await emulator.next_message(chat, timeout=20) for _ in range(answers)]


async def test_a_unit_group_sees_its_subtree_and_is_refused_the_rest(
    vbot: BotHarness,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
    clock: FixedClock,
) -> None:
    national, rina = admin_group
    siti, budi, wati = vbot.person("Siti"), vbot.person("Budi"), vbot.person("Wati")
    await verified_with_badge(siti, apis)
    await verified_in(budi, apis, BY_PROVINCE, "DIY", "budi_p")
    await verified_in(
        wati,
        apis,
        (("press", "Pemerintah Kabupaten / Kota"), ("say", "Kabupaten Sleman")),
        "DIY",
        "wati_p",
    )
    # Siti reshares a campaign: she leads the national leaderboard, not DIY's.
    await campaign_message(vbot, siti, seed_delivery(verifying_settings, siti.user.id))
    await siti.presses("Sudah dibagikan ✅")
    clock.advance(timedelta(minutes=5))
    services = vbot.application.bot_data.services
    province = await services.units.by_code("pemprov-yo")
    assert province is not None
    dewi = emulator.add_user("Dewi", username="humas_diy")
    diy = emulator.add_group("Humas DIY", admins=[dewi])
    invitation = await services.units.invite(services.units.find("pemprov-yo")[0], actor="1")
    await services.units.activate(
        invitation.code, diy.id, str(dewi.id), national_chat_id=verifying_settings.admin_chat_id
    )
    vbot.application.bot_data.admins.group_added(province.id, diy.id)

    stats, ranking = await ask(emulator, diy, dewi, "/statistik", answers=2)
    refused_stats = (await ask(emulator, diy, dewi, "/statistik komdigi"))[0]
    narrowed, narrowed_ranking = await ask(
        emulator, national, rina, "/statistik 30 pemprov-yo", answers=2
    )
    _, national_ranking = await ask(emulator, national, rina, "/statistik", answers=2)
    unit_board = (await ask(emulator, diy, dewi, "/peringkat"))[0]
    national_board = (await ask(emulator, national, rina, "/peringkat"))[0]
    unit_export = (await ask(emulator, diy, dewi, "/ekspor enrollments csv", answers=2))[1]
    one_unit = (await ask(emulator, national, rina, "/ekspor enrollments csv pemprov-yo", 2))[1]
    everyone = (await ask(emulator, national, rina, "/ekspor enrollments", answers=2))[1]
    campaigns = (await ask(emulator, diy, dewi, "/ekspor campaigns"))[0]
    units = (await ask(emulator, diy, dewi, "/ekspor units", answers=2))[1]
    unit_audit = (await ask(emulator, diy, dewi, "/audit"))[0]
    national_audit = (await ask(emulator, national, rina, "/audit"))[0]

    assert stats.photo and stats.caption
    assert f"Unit: {PROVINCE}" in stats.caption
    assert "Sekarang: 2 terverifikasi" in stats.caption
    assert "Komunikasi" not in stats.caption + ranking.content
    assert f"• {PROVINCE} (langsung): 1 · 1 · 0 · —" in ranking.content
    assert "1. Pemerintah Kabupaten Sleman: 1 · 1 · 0 · —" in ranking.content
    assert OUT_OF_SCOPE in refused_stats.content and "Komunikasi" not in refused_stats.content
    assert narrowed.caption and f"Unit: {PROVINCE}" in narrowed.caption
    assert narrowed_ranking.content == ranking.content
    assert national_ranking.content.splitlines()[1:] == [
        f"1. {PROVINCE}: 2 · 2 · 0 · —",
        "2. Kementerian Komunikasi dan Digital: 1 · 1 · 1 · 100,0%",
    ]
    assert "Siti" not in unit_board.content and "1. Siti" in national_board.content
    assert [row[2] for row in rows_of(emulator, unit_export)[1:]] == [
        "Budi Pratama",
        "Wati Pratama",
    ]
    assert rows_of(emulator, one_unit)[1:] == rows_of(emulator, unit_export)[1:]
    assert len(rows_of(emulator, everyone)) == 4
    assert "hanya dari grup admin nasional" in campaigns.content
    assert [row[0] for row in rows_of(emulator, units)[1:]] == [
        "pemprov-yo",
        "yo-kabupaten-sleman",
    ]
    assert "/statistik komdigi" in unit_audit.content
    assert "pemprov-yo" not in unit_audit.content  # the national group's commands
    assert "/statistik komdigi" in national_audit.content
    assert refusals(verifying_settings) == [("/statistik", "unit=komdigi", province.id)]


async def test_a_badge_outside_the_unit_is_not_revoked_by_command_or_by_button(
    vbot: BotHarness,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    siti, budi = vbot.person("Siti"), vbot.person("Budi")
    await verified_with_badge(siti, apis)
    await verified_in(budi, apis, BY_PROVINCE, "DIY", "budi_p")
    services = vbot.application.bot_data.services
    province = await services.units.by_code("pemprov-yo")
    assert province is not None
    dewi = emulator.add_user("Dewi", username="humas_diy")
    diy = emulator.add_group("Humas DIY", admins=[dewi])
    invitation = await services.units.invite(services.units.find("pemprov-yo")[0], actor="1")
    await services.units.activate(
        invitation.code, diy.id, str(dewi.id), national_chat_id=verifying_settings.admin_chat_id
    )
    vbot.application.bot_data.admins.group_added(province.id, diy.id)
    outside, inside = (
        badge_of(verifying_settings, siti.user),
        badge_of(verifying_settings, budi.user),
    )

    refused = (await ask(emulator, diy, dewi, f"/cabut {outside} data tidak benar"))[0]
    confirm = (await ask(emulator, diy, dewi, f"/cabut {inside} data tidak benar"))[0]
    # A forged press: the confirmation's message, carrying the other unit's badge number.
    emulator.press_forged(dewi, confirm, callbacks.REVOKE_BADGE.encode(outside))
    alerts = await answered_with(emulator, Translator("id").label("out_of_scope"))
    emulator.press_button(dewi, confirm, text="⛔ Ya, cabut")
    told = await budi.reply()

    assert OUT_OF_SCOPE in refused.content and "Siti" not in refused.content
    assert "Budi Pratama" in confirm.content
    assert Translator("id").label("out_of_scope") in alerts
    assert "dicabut" in told.content
    with connect_database(verifying_settings) as db:
        statuses = dict(db.execute("SELECT number, status FROM badges").fetchall())
        revocation = db.execute(
            "SELECT unit_id FROM audit_log WHERE action = 'badge.revoke'"
        ).fetchall()
    assert statuses == {outside: "active", inside: "revoked"}
    assert revocation == [(province.id,)]
    assert [(action, arguments) for action, arguments, _ in refusals(verifying_settings)] == [
        ("/cabut", f"badge={outside}"),
        (f"button {callbacks.REVOKE_BADGE.encode(outside)}", f"badge={outside}"),
    ]
