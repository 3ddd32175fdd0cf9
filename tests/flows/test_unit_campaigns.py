"""Campaigns per PR unit, end to end: a unit group localises a national campaign and its people
get the unit's text while everyone else gets the national one; a unit group cannot reach,
list, cancel, approve or localise what belongs to another unit, also not by a forged button."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.channels.telegram.application import BotApplication
from bot.clock import FixedClock
from bot.enrollment.social_handles import Platform
from devtools.emulator import BotApiEmulator, SimChat, SimUser
from handlers.telegram import callback_data as callbacks
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.support import CAMPAIGN_TEXT, compose, next_new_message, verified_with_badge
from tests.support import BotHarness, Person, answered_with, wait_until

LOCAL_TEXT = "Insan Komdigi, MBG sudah menjangkau 20 juta siswa!"
NATIONAL_VARIANT = "MBG sudah menjangkau 20 juta siswa di Indonesia."
OUT_OF_SCOPE = "Itu di luar unit humas grup ini"


def alerts(emulator: BotApiEmulator) -> list[str]:
    """The out-of-scope alerts presses were answered with."""
    answers = [answer.get("text", "") for answer in emulator.callback_answers]
    return [text for text in answers if OUT_OF_SCOPE in text]


async def unit_group(
    bot: BotHarness, emulator: BotApiEmulator, agency: str, admin_name: str
) -> tuple[SimChat, SimUser]:
    """The agency's unit with its own admin group (activated as /aktifkan does) and one
    administrator in it."""
    application: BotApplication = bot.application
    services, admins = application.bot_data.services, application.bot_data.admins
    admin = emulator.add_user(admin_name, username=f"{admin_name.lower()}_humas")
    chat = emulator.add_group(f"Humas {agency}", admins=[admin])
    invitation = await services.units.invite(services.units.find(agency)[0], actor="1")
    group = await services.units.activate(
        invitation.code, chat.id, str(admin.id), national_chat_id=admins.chat_id
    )
    admins.group_added(group.unit.id, chat.id)
    return chat, admin


async def verified_at_kemenkeu(person: Person, apis: FakeSocialApis) -> None:
    """Enrolls at the Ministry of Finance with an X account over the threshold and proves it."""
    apis.add_x_user("budisantoso", followers=1800)
    await person.says("/start")
    await person.presses("✅ Setuju")
    await person.says("19900101 201501 1 002")
    await person.says("Budi Santoso")
    await person.presses("Kementerian / Lembaga")
    await person.says("Kemenkeu")
    await person.presses("Kementerian Keuangan")
    await person.says("Biro Komunikasi")
    await person.says("Jawa Timur")
    await person.presses("Lewati ⏭")  # work e-mail
    for handle in (None, None, "budisantoso", None, None):
        if handle:
            await person.says(handle)
        else:
            await person.presses("Lewati ⏭")
    ownership = await person.presses(person.buttons()[0])
    while "ASN-" not in ownership.content:
        ownership = await person.reply(timeout=15)
    code = re.search(r"ASN-\w{4}", ownership.content)
    assert code
    apis.set_bio(Platform.X, "budisantoso", code[0])
    await person.presses("✅ Sudah")
    await person.replies(4, timeout=20)  # congratulations, the badge's three


async def national_campaign_for_tomorrow(
    emulator: BotApiEmulator, chat: SimChat, admin: SimUser
) -> None:
    """Composes and saves a campaign to everyone for 2026-11-28 08:00 WIB."""
    *_, target = await compose(emulator, chat, admin)
    emulator.press_button(admin, target.message, text="Semua", chat=chat)
    schedule = await next_new_message(emulator, chat)
    emulator.press_button(admin, schedule.message, text="Tanggal & jam", chat=chat)
    ask_time = await next_new_message(emulator, chat)
    emulator.reply_to(admin, ask_time.message, "2026-11-28 08:00")
    await next_new_message(emulator, chat)  # preview header
    await next_new_message(emulator, chat)  # preview
    summary = await next_new_message(emulator, chat)
    emulator.press_button(admin, summary.message, text="✅ Simpan & jadwalkan", chat=chat)
    saved = await next_new_message(emulator, chat)
    assert "Kampanye #1 dijadwalkan" in saved.content


async def test_a_localised_national_campaign_reaches_the_units_people_with_its_text(
    vbot: BotHarness,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    clock: FixedClock,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    national, rina = admin_group
    siti, budi = vbot.person("Siti"), vbot.person("Budi")
    await verified_with_badge(siti, apis)  # Komdigi
    await verified_at_kemenkeu(budi, apis)
    komdigi, dewi = await unit_group(vbot, emulator, "komdigi", "Dewi")
    await national_campaign_for_tomorrow(emulator, national, rina)

    emulator.send_text(dewi, "/konten lokal 1", chat=komdigi)
    intro = await next_new_message(emulator, komdigi)
    ask_variant, _ = await emulator.next_messages(komdigi, 2)
    emulator.reply_to(dewi, ask_variant.message, LOCAL_TEXT)
    _, done = await emulator.next_messages(komdigi, 2)
    emulator.press_button(dewi, done.message, text="✅ Selesai", chat=komdigi)
    await next_new_message(emulator, komdigi)  # preview header
    preview = await next_new_message(emulator, komdigi)
    summary = await next_new_message(emulator, komdigi)
    emulator.press_button(dewi, summary.message, text="✅ Simpan & jadwalkan", chat=komdigi)
    saved = await next_new_message(emulator, komdigi)

    clock.set(datetime.fromisoformat("2026-11-28T01:01:00+00:00"))  # 08:01 WIB
    await vbot.application.bot_data.campaign_runner.tick()
    to_siti = await siti.reply(timeout=15)
    to_budi = await budi.reply(timeout=15)
    clock.advance(timedelta(minutes=5))
    await vbot.application.bot_data.campaign_runner.tick()

    assert "kampanye #1" in intro.content and "Kementerian Komunikasi dan Digital" in intro.content
    assert preview.content.startswith(LOCAL_TEXT)
    assert "disimpan (1 variasi)" in saved.content
    assert to_siti.content.startswith(LOCAL_TEXT)
    assert to_budi.content.startswith(NATIONAL_VARIANT)
    assert emulator.pending_messages(siti.user) == []  # once, not again
    assert emulator.pending_messages(budi.user) == []


async def test_a_unit_group_cannot_touch_another_units_campaign(
    vbot: BotHarness,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    services = vbot.application.bot_data.services
    services.campaigns._require_second_approval = True  # as REQUIRE_SECOND_APPROVAL=true
    komdigi, dewi = await unit_group(vbot, emulator, "komdigi", "Dewi")
    finance, agus = await unit_group(vbot, emulator, "kemenkeu", "Agus")
    eka = emulator.add_user("Eka", username="eka_humas")
    emulator.set_member_status(komdigi, eka, "administrator")

    *_, target = await compose(emulator, komdigi, dewi, command="/siaran")
    emulator.press_button(dewi, target.message, text="Semua", chat=komdigi)
    await next_new_message(emulator, komdigi)  # preview header
    await next_new_message(emulator, komdigi)  # preview
    summary = await next_new_message(emulator, komdigi)
    emulator.press_button(dewi, summary.message, text="✅ Simpan & jadwalkan", chat=komdigi)
    waiting = await next_new_message(emulator, komdigi)

    emulator.send_text(agus, "/jadwal", chat=finance)
    schedule = await next_new_message(emulator, finance)
    # A forged press of the approval button, in the other unit's group.
    emulator.press_forged(agus, schedule.message, callbacks.APPROVE_CAMPAIGN.encode(1))
    refused_press = await answered_with(emulator, OUT_OF_SCOPE, timeout=10)
    emulator.send_text(agus, "/batalkan 1", chat=finance)
    refused_cancel = await next_new_message(emulator, finance)
    emulator.send_text(agus, "/konten lokal 1", chat=finance)
    refused_localise = await next_new_message(emulator, finance)
    *_, finance_target = await compose(emulator, finance, agus)
    emulator.press_button(agus, finance_target.message, text="Instansi", chat=finance)
    ask_agency = await next_new_message(emulator, finance)
    emulator.reply_to(agus, ask_agency.message, "Komdigi")
    agencies = await next_new_message(emulator, finance)
    emulator.press_button(
        agus, agencies.message, text="Kementerian Komunikasi dan Digital", chat=finance
    )
    # The second alert of its kind (audited before it is answered).
    await wait_until(lambda: len(alerts(emulator)) == 2, "the refused agency filter", 10)
    # A forged "add this unit" press naming the other unit, in the same step.
    komdigi_unit = await services.units.by_code("komdigi")
    assert komdigi_unit is not None
    emulator.press_forged(
        agus, agencies.message, callbacks.TARGET_UNIT.encode(komdigi_unit.id), chat=finance
    )
    await wait_until(lambda: len(alerts(emulator)) == 3, "the refused forged unit", 10)

    campaign = await services.campaigns.get(1)
    draft = await services.campaigns.draft(str(agus.id))
    # Another admin of the owning group approves; its run reports go to that group.
    emulator.press_button(eka, waiting.message, text="✅ Setujui (admin kedua)", chat=komdigi)
    report = await next_new_message(emulator, komdigi)  # the approval edits `waiting`
    audit = await services.audit.latest(20)
    refusals = [e for e in audit if e.outcome == "refused: outside the unit"]
    assert "menunggu persetujuan" in waiting.content
    assert schedule.content == "Tidak ada kampanye terjadwal."
    assert any(OUT_OF_SCOPE in text for text in refused_press)
    assert OUT_OF_SCOPE in refused_cancel.content
    assert OUT_OF_SCOPE in refused_localise.content
    assert draft is not None and draft.target == {} and draft.target_units == ()
    assert campaign is not None and campaign.status == "awaiting_approval"
    assert "Kampanye #1" in report.content and "tidak terkirim ke siapa pun" in report.content
    elsewhere = emulator.sent(finance) + emulator.sent(admin_group[0])
    assert [m.content for m in elsewhere if "Kampanye #1 (" in m.content] == []
    assert len(refusals) == 5
    assert CAMPAIGN_TEXT not in schedule.content


async def test_the_national_group_sends_to_chosen_units_and_they_see_it_to_localise(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    national, rina = admin_group
    komdigi, dewi = await unit_group(vbot, emulator, "komdigi", "Dewi")
    await unit_group(vbot, emulator, "kemenkeu", "Agus")

    *_, target = await compose(emulator, national, rina)
    emulator.press_button(rina, target.message, text="Unit humas", chat=national)
    ask_unit = await next_new_message(emulator, national)
    emulator.reply_to(rina, ask_unit.message, "kemenkeu")
    found = await next_new_message(emulator, national)
    emulator.press_button(rina, found.message, text="Kementerian Keuangan", chat=national)
    ask_more = await next_new_message(emulator, national)
    await next_new_message(emulator, national)  # its Done button
    emulator.reply_to(rina, ask_more.message, "Komdigi")
    found = await next_new_message(emulator, national)
    emulator.press_button(
        rina, found.message, text="Kementerian Komunikasi dan Digital", chat=national
    )
    chosen = await next_new_message(emulator, national)
    done = await next_new_message(emulator, national)
    emulator.press_button(rina, done.message, text="✅ Selesai memilih unit", chat=national)
    schedule = await next_new_message(emulator, national)
    emulator.press_button(rina, schedule.message, text="Tanggal & jam", chat=national)
    ask_time = await next_new_message(emulator, national)
    emulator.reply_to(rina, ask_time.message, "2026-11-28 08:00")
    await next_new_message(emulator, national)  # preview header
    await next_new_message(emulator, national)  # preview
    summary = await next_new_message(emulator, national)
    emulator.press_button(rina, summary.message, text="✅ Simpan & jadwalkan", chat=national)
    saved = await next_new_message(emulator, national)
    emulator.send_text(rina, "/jadwal kemenkeu", chat=national)
    narrowed = await next_new_message(emulator, national)
    emulator.send_text(dewi, "/jadwal", chat=komdigi)
    in_unit = await next_new_message(emulator, komdigi)
    *_, unit_target = await compose(emulator, komdigi, dewi)
    emulator.press_button(dewi, unit_target.message, text="Unit humas", chat=komdigi)
    ask_unit = await next_new_message(emulator, komdigi)
    emulator.reply_to(dewi, ask_unit.message, "kemenkeu")
    refused = await next_new_message(emulator, komdigi)

    campaign = await vbot.application.bot_data.services.campaigns.get(1)
    assert "Kementerian Keuangan, Kementerian Komunikasi dan Digital" in chosen.content
    assert (
        "Unit penerima: Kementerian Keuangan, Kementerian Komunikasi dan Digital" in summary.content
    )
    assert "Kampanye #1 dijadwalkan" in saved.content
    assert campaign is not None and campaign.unit_id is None
    assert len(campaign.target_unit_ids) == 2
    assert narrowed.content == "Tidak ada kampanye terjadwal."  # none owned by Kemenkeu
    assert in_unit.content.startswith("Tidak ada kampanye terjadwal.")
    assert "/konten lokal NOMOR" in in_unit.content and "#1 · Program Makan" in in_unit.content
    assert OUT_OF_SCOPE in refused.content
