"""Campaigns on two channels, end to end: an admin composes in the Telegram admin group;
Telegram people get the message on Telegram, WhatsApp people inside their 24-hour window the
normal message, those outside it the approved template; what WhatsApp reports afterwards
(status webhooks, error codes) lands on the delivery rows."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from typing import Any

import httpx

from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, BotMessage, SimChat, SimUser
from devtools.emulator.files import photo_size_dict
from tests.database_access import connect_database
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.support import PNG, compose, next_new_message, verified_with_badge
from tests.flows.whatsapp_support import (
    PRICE_IDR,
    TEMPLATE,
    TEMPLATE_WORDS,
    WaPerson,
    WhatsAppHarness,
    taps,
    verified_on_whatsapp,
    whatsapp_bot,
)
from tests.support import wait_until

CAMPAIGN_LINK = "https://www.komdigi.go.id/berita/mbg"
PHOTO_CAPTION = "Foto MBG hari ini."


def nip(number: int) -> str:
    return f"19850612 200501 2 {number:03d}"


async def compose_and_confirm(
    emulator: BotApiEmulator, chat: SimChat, admin: SimUser
) -> tuple[BotMessage, BotMessage]:
    """Composes the text campaign for everyone, to send now, and confirms it; returns the
    per-channel audience of the preview and the admin group's confirmation."""
    *_, target = await compose(emulator, chat, admin)
    emulator.press_button(admin, target.message, text="Semua", chat=chat)
    schedule = await next_new_message(emulator, chat)
    emulator.press_button(admin, schedule.message, text="Sekarang", chat=chat)
    await next_new_message(emulator, chat)  # the preview's header
    await next_new_message(emulator, chat)  # the message as recipients see it
    audience = await next_new_message(emulator, chat)
    summary = await next_new_message(emulator, chat)
    emulator.press_button(admin, summary.message, text="✅ Simpan & jadwalkan", chat=chat)
    saved = await next_new_message(emulator, chat)
    return audience, saved


def deliveries(settings: Settings) -> dict[str, dict[str, Any]]:
    """Each delivery row by the address its person was sent to."""
    with connect_database(settings) as db:
        db.row_factory = sqlite3.Row
        rows = db.execute(
            "SELECT p.channel_user_id AS address, d.* FROM deliveries d"
            " JOIN people p ON p.id = d.person_id"
        ).fetchall()
    return {row["address"]: dict(row) for row in rows}


def campaign_messages(wa: WhatsAppHarness, person: WaPerson) -> list[Any]:
    """What the bot sent the person after their enrollment: campaign messages only."""
    return [
        m
        for m in wa.cloud.sent
        if m.to == person.wa_id and (m.is_template or "#ASNBerbagi" in (m.text or ""))
    ]


def telegram_campaigns(emulator: BotApiEmulator, user: SimUser) -> list[dict[str, Any]]:
    """The campaign messages in the person's Telegram chat."""
    return [m for m in emulator.history(user) if "#ASNBerbagi" in str(m.get("text", ""))]


async def test_one_campaign_reaches_each_person_once_on_their_channel_with_or_without_template(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    apis: FakeSocialApis,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, admin = admin_group
    async with whatsapp_bot(verifying_settings, emulator, clock) as wa:
        siti = wa.bot.person("Siti")
        await verified_with_badge(siti, apis)
        budi = wa.person("6281111111111", "Budi")
        await verified_on_whatsapp(budi, apis, nip=nip(11), x_handle="budi")
        ani = wa.person("6282222222222", "Ani")
        await verified_on_whatsapp(ani, apis, nip=nip(12), x_handle="ani")
        # A day later only Budi has written again: Ani's window has closed.
        clock.advance(timedelta(hours=25))
        await budi.says("POIN")

        audience, saved = await compose_and_confirm(emulator, chat, admin)
        on_telegram = await siti.reply(timeout=15)
        inside = await budi.reply(timeout=15)
        outside = await ani.reply(timeout=15)
        async with httpx.AsyncClient() as http:
            followed = await http.get(f"http://127.0.0.1:{wa.settings.web_port}/go/1")
        await wait_until(
            lambda: (
                len(deliveries(wa.settings)) == 3
                and all(d["status"] == "sent" for d in deliveries(wa.settings).values())
            ),
            "every delivery sent",
            timeout=15,
        )
        await wa.cloud.settle()
        campaigns_to_budi = campaign_messages(wa, budi)
        campaigns_to_ani = campaign_messages(wa, ani)

    price = f"Rp{PRICE_IDR:,}".replace(",", ".")
    assert audience.content == (
        "📬 Penerima saat ini, per kanal\n"
        "Telegram: 1 orang\n"
        f"WhatsApp: 2 orang, 1 lewat template (perkiraan biaya {price})"
    )
    assert "Kampanye #1 dijadwalkan" in saved.content
    assert "#ASNBerbagi" in on_telegram.content
    assert not inside.is_template and "#ASNBerbagi" in (inside.text or "")
    assert CAMPAIGN_LINK in (inside.text or "") and "Sudah dibagikan ✅" in inside.buttons
    assert outside.is_template and outside.template_name == TEMPLATE
    [parameter] = outside.template_parameters
    assert "#ASNBerbagi" in parameter and "\n" not in parameter
    assert CAMPAIGN_LINK not in parameter  # the URL button carries it
    assert outside.template_url_suffix == "1"
    assert followed.status_code == 303 and followed.headers["location"] == CAMPAIGN_LINK
    assert [m.id for m in campaigns_to_budi] == [inside.id]
    assert [m.id for m in campaigns_to_ani] == [outside.id]
    assert len(telegram_campaigns(emulator, siti.user)) == 1


async def test_sudah_dibagikan_on_whatsapp_records_the_reshare_and_poin_shows_the_points(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    apis: FakeSocialApis,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, admin = admin_group
    async with whatsapp_bot(verifying_settings, emulator, clock) as wa:
        budi = wa.person("6281111111111", "Budi")
        await verified_on_whatsapp(budi, apis, nip=nip(11), x_handle="budi")
        await compose_and_confirm(emulator, chat, admin)
        received = await budi.reply(timeout=15)

        await taps(budi, "Sudah dibagikan ✅")
        recorded = await budi.reply()
        await taps(budi, "Lewati ⏭")
        kept = await budi.reply()
        points = await budi.says("POIN")
        again = await budi.presses("Sudah dibagikan ✅")

    assert "Sudah dibagikan ✅" in received.buttons
    assert (recorded.text or "").startswith("✅ Tercatat! +5 poin. Total 5 poin")
    assert recorded.buttons == ["Lewati ⏭"]
    assert kept.text == "Baik, bagikan Anda tetap tercatat tanpa tautan."
    assert "Poin Anda: *5*" in (points.text or "") and "1 kali berbagi" in (points.text or "")
    assert "sudah" in (again.text or "").lower()


async def test_what_whatsapp_reports_after_the_send_lands_on_the_delivery_rows(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    apis: FakeSocialApis,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, admin = admin_group
    async with whatsapp_bot(verifying_settings, emulator, clock) as wa:
        reader = wa.person("6281111111111", "Budi")
        gone = wa.person("6282222222222", "Ani")
        limited = wa.person("6283333333333", "Citra")
        lapsed = wa.person("6284444444444", "Dedi")
        for number, person in enumerate((reader, gone, limited, lapsed), start=11):
            await verified_on_whatsapp(person, apis, nip=nip(number), x_handle=f"asn{number}")
        clock.advance(timedelta(hours=25))  # every window closed; all but Citra write again
        for person in (reader, gone, lapsed):
            await person.says("POIN")
        gone.sim.delivery = "undeliverable"
        limited.sim.delivery = "marketing_limited"
        # WhatsApp counts Dedi's window closed while the bot still thinks it open.
        wa.cloud.close_window(lapsed.wa_id)

        await compose_and_confirm(emulator, chat, admin)
        read = await reader.reply(timeout=15)
        template_after_131047 = await lapsed.reply(timeout=15)
        await wa.cloud.settle()
        await wait_until(
            lambda: (
                deliveries(wa.settings)[reader.wa_id]["read_at"] is not None
                and deliveries(wa.settings)[gone.wa_id]["status"] == "failed"
                and deliveries(wa.settings)[limited.wa_id]["status"] == "failed"
                and deliveries(wa.settings)[lapsed.wa_id]["delivered_at"] is not None
            ),
            "the status webhooks applied",
            timeout=15,
        )
        rows = deliveries(wa.settings)
        to_lapsed = campaign_messages(wa, lapsed)
        to_limited = campaign_messages(wa, limited)

    assert rows[reader.wa_id]["channel_message_id"] == read.id
    assert rows[reader.wa_id]["delivered_at"] is not None
    assert rows[gone.wa_id]["error_code"] == 131026 and rows[gone.wa_id]["attempts"] == 1
    assert rows[limited.wa_id]["error_code"] == 131049
    assert [m.is_template for m in to_limited] == [True]  # not retried
    assert [m.is_template for m in to_lapsed] == [False, True]
    assert [m.error_code for m in to_lapsed] == [131047, None]
    assert template_after_131047.id == to_lapsed[1].id
    assert rows[lapsed.wa_id]["status"] == "sent"
    assert rows[lapsed.wa_id]["channel_message_id"] == template_after_131047.id


async def test_whatsapps_throughput_limit_pauses_only_the_whatsapp_deliveries(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    apis: FakeSocialApis,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, admin = admin_group
    async with whatsapp_bot(verifying_settings, emulator, clock) as wa:
        siti = wa.bot.person("Siti")
        await verified_with_badge(siti, apis)
        budi = wa.person("6281111111111", "Budi")
        await verified_on_whatsapp(budi, apis, nip=nip(11), x_handle="budi")
        wa.cloud.fail_next(130429)

        await compose_and_confirm(emulator, chat, admin)
        on_telegram = await siti.reply(timeout=15)
        await wait_until(
            lambda: deliveries(wa.settings)[budi.wa_id]["next_attempt_at"] is not None,
            "the WhatsApp delivery held back after the 130429 answer",
        )
        held = deliveries(wa.settings)[budi.wa_id]
        clock.advance(timedelta(seconds=2))  # the pause is over
        on_whatsapp = await budi.reply(timeout=15)
        await wa.cloud.settle()
        to_budi = campaign_messages(wa, budi)

    assert "#ASNBerbagi" in on_telegram.content
    assert held["status"] == "pending" and held["sent_at"] is None
    assert [r.status for r in wa.cloud.requests if r.status >= 400] == [400]
    assert "#ASNBerbagi" in (on_whatsapp.text or "")
    assert [m.id for m in to_budi] == [on_whatsapp.id]


async def test_a_refused_token_alerts_the_admins_once_and_deliveries_resume_when_it_works(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    apis: FakeSocialApis,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, admin = admin_group
    async with whatsapp_bot(verifying_settings, emulator, clock) as wa:
        budi = wa.person("6281111111111", "Budi")
        ani = wa.person("6282222222222", "Ani")
        await verified_on_whatsapp(budi, apis, nip=nip(11), x_handle="budi")
        await verified_on_whatsapp(ani, apis, nip=nip(12), x_handle="ani")
        wa.cloud.expire_token()

        await compose_and_confirm(emulator, chat, admin)
        alert = await next_new_message(emulator, chat)
        while "menolak token" not in alert.content:
            alert = await next_new_message(emulator, chat)
        await wait_until(
            lambda: all(d["attempts"] == 1 for d in deliveries(wa.settings).values()),
            "both sends refused",
        )
        held = deliveries(wa.settings)
        wa.cloud.expired_tokens.clear()  # the token works again
        clock.advance(timedelta(minutes=15))  # the retries are due
        to_budi = await budi.reply(timeout=15)
        to_ani = await ani.reply(timeout=15)
        alerts = [m for m in emulator.history(chat) if "menolak token" in str(m.get("text", ""))]

    assert "kode 190" in alert.content
    assert {d["status"] for d in held.values()} == {"pending"}
    assert "#ASNBerbagi" in (to_budi.text or "") and "#ASNBerbagi" in (to_ani.text or "")
    assert len(alerts) == 1


async def compose_and_save(
    emulator: BotApiEmulator,
    chat: SimChat,
    admin: SimUser,
    content: str | bytes,
    *,
    daily_at: str | None = None,
) -> None:
    """Composes a campaign of `content` (a text, or a photo captioned PHOTO_CAPTION) with the
    link and no hashtags or variants, for everyone, to send now (or every day at
    `daily_at`), and saves it."""
    emulator.send_text(admin, "/konten", chat=chat)
    ask = await emulator.next_message(chat)
    if isinstance(content, str):
        emulator.reply_to(admin, ask.message, content)
    else:
        sizes = emulator.state.files.add_photo(content)
        photo = {"photo": [photo_size_dict(size) for size in sizes], "caption": PHOTO_CAPTION}
        emulator.actions.user_message(admin, chat, photo, reply_to=emulator.actions.current(ask))
    ask_link, _ = await emulator.next_messages(chat, 2)
    emulator.reply_to(admin, ask_link.message, CAMPAIGN_LINK)
    _, skip_tags = await emulator.next_messages(chat, 2)
    emulator.press_button(admin, skip_tags.message, text="Lewati ⏭", chat=chat)
    await next_new_message(emulator, chat)  # the variants question; its buttons follow
    done = await next_new_message(emulator, chat)
    emulator.press_button(admin, done.message, text="✅ Selesai", chat=chat)
    target = await next_new_message(emulator, chat)
    emulator.press_button(admin, target.message, text="Semua", chat=chat)
    schedule = await next_new_message(emulator, chat)
    if daily_at is None:
        emulator.press_button(admin, schedule.message, text="Sekarang", chat=chat)
    else:
        emulator.press_button(admin, schedule.message, text="Setiap hari", chat=chat)
        ask_time = await next_new_message(emulator, chat)
        emulator.reply_to(admin, ask_time.message, daily_at)
    summary = await next_new_message(emulator, chat)
    while "Simpan & jadwalkan" not in str(summary.reply_markup):
        summary = await next_new_message(emulator, chat)
    emulator.press_button(admin, summary.message, text="✅ Simpan & jadwalkan", chat=chat)
    saved = await next_new_message(emulator, chat)
    assert "dijadwalkan" in saved.content, saved.content


async def test_a_photo_campaign_is_uploaded_to_whatsapp_once_and_sent_by_its_media_id(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    apis: FakeSocialApis,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, admin = admin_group
    async with whatsapp_bot(verifying_settings, emulator, clock) as wa:
        budi = wa.person("6281111111111", "Budi")
        ani = wa.person("6282222222222", "Ani")
        await verified_on_whatsapp(budi, apis, nip=nip(11), x_handle="budi")
        await verified_on_whatsapp(ani, apis, nip=nip(12), x_handle="ani")
        uploads_before = len(wa.cloud.media)

        await compose_and_save(emulator, chat, admin, PNG)
        to_budi = await budi.reply(timeout=15)
        to_ani = await ani.reply(timeout=15)
        uploads = len(wa.cloud.media) - uploads_before
        header = to_budi.body["interactive"]["header"]
        await wait_until(lambda: kept_media(wa.settings) == [(header["image"]["id"],)], "id kept")

    assert to_budi.interactive_type == "button" and "Sudah dibagikan ✅" in to_budi.buttons
    assert header["type"] == "image" and header["image"]["id"] in wa.cloud.media
    assert PHOTO_CAPTION in (to_budi.text or "") and CAMPAIGN_LINK in (to_budi.text or "")
    assert to_ani.body["interactive"]["header"] == header
    uploaded = wa.cloud.media.get(header["image"]["id"])
    assert uploaded is not None and uploaded.data == PNG
    assert uploads == 1


async def test_berhenti_on_whatsapp_keeps_campaigns_away(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    apis: FakeSocialApis,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, admin = admin_group
    async with whatsapp_bot(verifying_settings, emulator, clock) as wa:
        budi = wa.person("6281111111111", "Budi")
        ani = wa.person("6282222222222", "Ani")
        await verified_on_whatsapp(budi, apis, nip=nip(11), x_handle="budi")
        await verified_on_whatsapp(ani, apis, nip=nip(12), x_handle="ani")
        paused = await ani.says("BERHENTI")

        audience, _ = await compose_and_confirm(emulator, chat, admin)
        to_budi = await budi.reply(timeout=15)
        await wait_until(
            lambda: deliveries(wa.settings).get(budi.wa_id, {}).get("delivered_at") is not None,
            "Budi's delivery reported",
        )
        await wa.cloud.settle()
        to_ani = campaign_messages(wa, ani)

    assert (paused.text or "").startswith("Baik, Anda tidak akan menerima konten lagi.")
    assert audience.content.splitlines()[2].startswith("WhatsApp: 1 orang")
    assert "#ASNBerbagi" in (to_budi.text or "")
    assert to_ani == []


def kept_media(settings: Settings) -> list[tuple[str]]:
    """The WhatsApp media ids kept for campaigns."""
    with connect_database(settings) as db:
        return db.execute(
            "SELECT media_id FROM campaign_media WHERE channel = 'whatsapp'"
        ).fetchall()


def first_run_in_wib(settings: Settings) -> datetime:
    """When the first planned run for Budi's zone (Jawa Timur) is due."""
    with connect_database(settings) as db:
        [due] = db.execute("SELECT min(due_at) FROM campaign_runs WHERE zone = 'WIB'").fetchone()
    return datetime.fromisoformat(due)


async def test_a_daily_photo_campaign_uploads_its_photo_again_before_whatsapp_forgets_it(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    apis: FakeSocialApis,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, admin = admin_group
    async with whatsapp_bot(verifying_settings, emulator, clock) as wa:
        budi = wa.person("6281111111111", "Budi")
        await verified_on_whatsapp(budi, apis, nip=nip(11), x_handle="budi")
        await compose_and_save(emulator, chat, admin, PNG, daily_at="08:00")
        runner = wa.bot.application.bot_data.campaign_runner

        clock.set(first_run_in_wib(wa.settings) + timedelta(minutes=1))
        await budi.says("POIN")  # within the window
        await runner.tick()
        first = await budi.reply(timeout=15)
        # The phone shows a message before the bot hears the send was accepted: wait for the
        # bot to record it (and the media id's upload time) before time moves on.
        await wait_until(lambda: kept_media(wa.settings) != [], "the media id kept")
        # A month on: WhatsApp keeps uploads 30 days, so the first id no longer works.
        clock.set(clock.now() + timedelta(days=30))
        await budi.says("POIN")
        await runner.plan()
        await runner.tick()
        month_later = await budi.reply(timeout=15)
        later_id = month_later.body["interactive"]["header"]["image"]["id"]
        await wait_until(lambda: kept_media(wa.settings) == [(later_id,)], "the new id kept")

    assert later_id != first.body["interactive"]["header"]["image"]["id"]
    later = wa.cloud.media.get(later_id)
    assert later is not None and later.data == PNG


async def test_a_long_campaign_outside_the_window_fits_the_template(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    apis: FakeSocialApis,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, admin = admin_group
    # As long as a campaign may be (1024 characters); with the disclosure tag, over 900.
    long_text = " ".join(["Program Makan Bergizi Gratis menjangkau 20 juta siswa."] * 18)
    async with whatsapp_bot(verifying_settings, emulator, clock) as wa:
        ani = wa.person("6282222222222", "Ani")
        await verified_on_whatsapp(ani, apis, nip=nip(12), x_handle="ani")
        clock.advance(timedelta(hours=25))  # her window has closed

        await compose_and_save(emulator, chat, admin, long_text)
        outside = await ani.reply(timeout=15)

    [parameter] = outside.template_parameters
    assert outside.is_template and TEMPLATE_WORDS + len(parameter) <= 1024
    # Shortened in the body; the disclosure tag closing it stays.
    assert parameter.startswith("Program Makan Bergizi Gratis")
    assert parameter.endswith("… #ASNBerbagi")


async def test_the_pair_rate_limit_slows_only_that_person(
    verifying_settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    apis: FakeSocialApis,
    admin_group: tuple[SimChat, SimUser],
) -> None:
    chat, admin = admin_group
    async with whatsapp_bot(verifying_settings, emulator, clock) as wa:
        budi = wa.person("6281111111111", "Budi")
        ani = wa.person("6282222222222", "Ani")
        await verified_on_whatsapp(budi, apis, nip=nip(11), x_handle="budi")
        await verified_on_whatsapp(ani, apis, nip=nip(12), x_handle="ani")
        wa.cloud.fail_next(131056, recipient=budi.wa_id)

        await compose_and_confirm(emulator, chat, admin)
        to_ani = await ani.reply(timeout=15)
        await wait_until(
            lambda: deliveries(wa.settings)[budi.wa_id]["next_attempt_at"] is not None,
            "Budi's delivery held back after the 131056 answer",
        )
        held = deliveries(wa.settings)[budi.wa_id]
        clock.advance(timedelta(seconds=7))  # one message per 6 seconds to the same person
        to_budi = await budi.reply(timeout=15)

    assert "#ASNBerbagi" in (to_ani.text or "") and "#ASNBerbagi" in (to_budi.text or "")
    assert held["status"] == "pending" and held["attempts"] == 0  # not a failed attempt
    assert [r.status for r in wa.cloud.requests if r.status >= 400] == [400]
