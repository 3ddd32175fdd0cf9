"""The badge end to end: issued after verification, verifiable on the web, revocable."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import httpx
import pytest

from bot.badges.baking import unbake
from bot.clock import FixedClock
from bot.enrollment.social_handles import Platform
from bot.settings import Settings
from bot.texts.formats import day
from devtools.emulator import BotApiEmulator, SimChat, SimUser
from tests.badges.openbadges_validator import (
    ValidatorUnavailable,
    avalidate_baked_png,
    validator_python,
)
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.support import enroll, verified_with_badge
from tests.support import BotHarness


async def test_a_verified_person_receives_a_baked_badge_that_verifies_on_the_web(
    vbot: BotHarness, apis: FakeSocialApis, emulator: BotApiEmulator, verifying_settings: Settings
) -> None:
    siti = vbot.person("Siti")

    messages = await verified_with_badge(siti, apis)
    photo, document, story = [m for m in messages if m.photo or m.document]
    baked = emulator.file_bytes(document.file_id or "")
    assertion_url = unbake(baked)
    assert assertion_url is not None
    async with httpx.AsyncClient() as http:
        assertion = await http.get(assertion_url)
        badge_class = await http.get(assertion.json()["badge"])
        issuer = await http.get(badge_class.json()["issuer"])
        number = assertion_url.rsplit("/", 1)[1]
        page = await http.get(f"{verifying_settings.public_base_url}/verify/{number}")

    assert messages[1].content.startswith("🎉")  # congratulations, then the badge
    assert photo.photo and re.fullmatch(r"🏅 .*GPR-2026-\d{6}", photo.content)
    assert document.document and document.document["file_name"] == f"{number}.png"
    assert story.document and story.document["file_name"] == f"{number}-story.png"
    assert assertion.status_code == 200
    document_json = assertion.json()
    assert document_json["id"] == assertion_url
    assert document_json["verification"] == {"type": "hosted"}
    assert document_json["recipient"]["type"] == "url"
    assert document_json["recipient"]["identity"].startswith("sha256$")
    assert "x @sitirahma: 2,500 followers" in document_json["evidence"]["narrative"]
    assert badge_class.json()["type"] == "BadgeClass"
    assert issuer.json()["name"] == "Humas Pemerintah"
    assert page.status_code == 200
    assert "Lencana sah" in page.text and "Siti Rahma" in page.text
    assert "198506122010011003" not in page.text  # never the NIP


async def test_badge_resend_uses_the_stored_file_ids(
    vbot: BotHarness, apis: FakeSocialApis, emulator: BotApiEmulator
) -> None:
    siti = vbot.person("Siti")
    messages = await verified_with_badge(siti, apis)
    document = next(m for m in messages if m.document)

    preview = await siti.says("/lencana")
    resent = await siti.reply()

    assert preview.photo and resent.params["document"] == document.file_id


async def test_cekbadge_and_the_deep_link_show_the_status(
    vbot: BotHarness, apis: FakeSocialApis, emulator: BotApiEmulator
) -> None:
    siti = vbot.person("Siti")
    messages = await verified_with_badge(siti, apis)
    number = re.search(r"GPR-2026-\d{6}", messages[-3].content)
    assert number
    stranger = vbot.person("Budi")

    checked = await stranger.says(f"/cekbadge {number[0]}")
    emulator.send_command(stranger.user, "start", args=f"verify_{number[0]}")
    linked = await stranger.reply()
    unknown = await stranger.says("/cekbadge GPR-2026-999999")

    assert "sah" in checked.content and "Siti Rahma" in checked.content
    assert linked.content == checked.content
    assert "tidak ditemukan" in unknown.content


async def test_an_admin_revokes_a_badge_and_everyone_sees_it(
    vbot: BotHarness,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    admin_group: tuple[SimChat, SimUser],
    verifying_settings: Settings,
) -> None:
    chat, admin = admin_group
    siti = vbot.person("Siti")
    messages = await verified_with_badge(siti, apis)
    number = re.search(r"GPR-2026-\d{6}", messages[-3].content)
    assert number

    emulator.send_text(admin, f"/cabut {number[0]} data tidak benar", chat=chat)
    confirm = await emulator.next_message(chat)
    emulator.press_button(admin, confirm.message, text="⛔ Ya, cabut", chat=chat)
    told = await siti.reply()
    async with httpx.AsyncClient() as http:
        base = verifying_settings.public_base_url
        assertion = await http.get(f"{base}/openbadges/assertions/{number[0]}")
        page = await http.get(f"{base}/verify/{number[0]}")

    assert "data tidak benar" in confirm.content
    assert "dicabut" in told.content and "data tidak benar" in told.content
    assert assertion.status_code == 410
    assert assertion.json()["revoked"] is True
    assert "data tidak benar" in assertion.json()["revocationReason"]
    assert "Lencana dicabut" in page.text and "data tidak benar" in page.text


async def test_expired_and_unknown_badges_on_the_page(
    vbot: BotHarness, apis: FakeSocialApis, clock: FixedClock, verifying_settings: Settings
) -> None:
    siti = vbot.person("Siti")
    messages = await verified_with_badge(siti, apis)
    number = re.search(r"GPR-2026-\d{6}", messages[-3].content)
    assert number
    clock.advance(timedelta(days=90 + verifying_settings.reverify_grace_days - 1))
    async with httpx.AsyncClient() as http:
        base = verifying_settings.public_base_url
        while_checked = await http.get(f"{base}/verify/{number[0]}")
        clock.advance(timedelta(days=2))  # no check passed: the badge runs out
        expired = await http.get(f"{base}/verify/{number[0]}")
        unknown = await http.get(f"{base}/verify/GPR-2026-999999")
        garbage = await http.get(f"{base}/verify/<script>")

    assert "Lencana sah" in while_checked.text
    assert "kedaluwarsa" in expired.text
    assert unknown.status_code == 404 and "Tidak ditemukan" in unknown.text
    assert garbage.status_code == 404 and "<script>" not in garbage.text


async def test_the_baked_badge_passes_the_official_open_badges_validator(
    vbot: BotHarness, apis: FakeSocialApis, emulator: BotApiEmulator
) -> None:
    try:
        validator_python()
    except ValidatorUnavailable as unavailable:
        print(f"openbadges validator unavailable: {unavailable.reason}")
        pytest.skip(f"openbadges validator unavailable: {unavailable.reason}")
    siti = vbot.person("Siti")
    messages = await verified_with_badge(siti, apis, email="siti.rahma@komdigi.go.id")
    document = next(m for m in messages if m.document)

    report = await avalidate_baked_png(
        emulator.file_bytes(document.file_id or ""),
        recipient_profile={"email": "siti.rahma@komdigi.go.id"},
    )
    wrong_person = await avalidate_baked_png(
        emulator.file_bytes(document.file_id or ""),
        recipient_profile={"email": "someone.else@komdigi.go.id"},
    )

    assert (report.valid, report.error_texts, report.blocked_urls) == (True, [], []), (
        report.summary()
    )
    assert wrong_person.valid is False


async def test_a_suspended_badge_answers_410_and_a_new_one_follows_reverification(
    vbot: BotHarness,
    apis: FakeSocialApis,
    clock: FixedClock,
    verifying_settings: Settings,
) -> None:
    siti = vbot.person("Siti")
    messages = await verified_with_badge(siti, apis)
    first = re.search(r"GPR-2026-\d{6}", messages[-3].content)
    assert first
    verification = vbot.application.bot_data.services.verification
    apis.set_followers(Platform.X, "sitirahma", 100)
    clock.advance(timedelta(days=91))
    await verification.schedule_reverification(spread=timedelta(0))
    await verification.run_due_jobs()
    clock.advance(timedelta(days=15))
    vbot.application.resources.lookup.forget(Platform.X, "sitirahma")
    await verification.run_due_jobs()
    await siti.replies_until("Status Humas Pemerintah Anda ditangguhkan")
    async with httpx.AsyncClient() as http:
        base = verifying_settings.public_base_url
        suspended = await http.get(f"{base}/openbadges/assertions/{first[0]}")

    apis.set_followers(Platform.X, "sitirahma", 3000)
    checking = await siti.says("/verifikasi")
    renewed = [checking, *[await siti.reply(timeout=15) for _ in range(5)]]
    second = re.search(r"GPR-\d{4}-\d{6}", renewed[-3].content)

    assert suspended.status_code == 410
    assert suspended.json()["revocationReason"].startswith("suspended")
    assert [m.content[:1] for m in renewed[:3]] == ["🔎", "✅", "🎉"]
    assert second and second[0] != first[0]


async def test_passing_reverification_extends_the_badge_and_it_still_validates(
    vbot: BotHarness,
    apis: FakeSocialApis,
    emulator: BotApiEmulator,
    clock: FixedClock,
    verifying_settings: Settings,
) -> None:
    siti = vbot.person("Siti")
    messages = await verified_with_badge(siti, apis, email="siti.rahma@komdigi.go.id")
    first = next(m for m in messages if m.document)
    number = unbake(emulator.file_bytes(first.file_id or "")).rsplit("/", 1)[1]  # type: ignore[union-attr]
    verification = vbot.application.bot_data.services.verification

    clock.advance(timedelta(days=91))
    await verification.schedule_reverification(spread=timedelta(0))
    vbot.application.resources.lookup.forget(Platform.X, "sitirahma")
    await verification.run_due_jobs()
    passed = await siti.reply(timeout=15)
    renewed = [await siti.reply(timeout=15) for _ in range(3)]
    document = next(m for m in renewed if m.document)
    baked = emulator.file_bytes(document.file_id or "")
    async with httpx.AsyncClient() as http:
        base = verifying_settings.public_base_url
        assertion = await http.get(f"{base}/openbadges/assertions/{number}")
        page = await http.get(f"{base}/verify/{number}")
    preview = await siti.says("/lencana")
    resent = await siti.reply()
    stored = await vbot.application.bot_data.services.badges.find(number)
    assert stored is not None
    # The artwork is drawn from the stored badge, whose expiry the hosted assertion shows.
    drawn = vbot.application.bot_data.services.badges.render_sync(stored)

    expires = datetime.fromisoformat(assertion.json()["expires"])
    assert "tetap terverifikasi" in passed.content
    assert f"diperpanjang sampai {day(expires, 'id')}" in passed.content
    assert unbake(baked) == f"{base}/openbadges/assertions/{number}"  # same badge, same URL
    assert baked != emulator.file_bytes(first.file_id or "")  # artwork shows the new date
    assert (drawn.square, stored.expires_at) == (baked, expires)
    assert assertion.status_code == 200 and expires > clock.now() + timedelta(days=80)
    assert "Lencana sah" in page.text and "kedaluwarsa" not in page.text
    assert preview.photo and resent.params["document"] == document.file_id
    try:
        validator_python()
    except ValidatorUnavailable as unavailable:
        pytest.skip(f"openbadges validator unavailable: {unavailable.reason}")
    report = await avalidate_baked_png(
        baked, recipient_profile={"email": "siti.rahma@komdigi.go.id"}
    )
    assert (report.valid, report.error_texts, report.blocked_urls) == (True, [], []), (
        report.summary()
    )


async def test_a_badge_that_could_not_be_sent_comes_with_lencana(
    vbot: BotHarness, apis: FakeSocialApis, emulator: BotApiEmulator
) -> None:
    """The core issued the badge when it decided, but Telegram failed the upload: the person
    still heard they are verified, and /lencana sends the badge instead of "coming soon"."""
    siti = vbot.person("Siti")
    apis.add_x_user("sitirahma", followers=2500)
    await enroll(siti, x="sitirahma")
    ownership = await siti.presses(siti.buttons()[0])
    while "ASN-" not in ownership.content:
        ownership = await siti.reply(timeout=15)
    code = re.search(r"ASN-\w{4}", ownership.content)
    assert code
    apis.set_bio(Platform.X, "sitirahma", code[0])
    emulator.inject_fault("server_error", method="sendPhoto", times=None)
    verified = await siti.presses("✅ Sudah")
    congratulations = await siti.reply(timeout=15)
    await emulator.wait_for_request("sendPhoto", timeout=15)  # refused: the badge stays unsent
    emulator.clear_faults()

    preview = await siti.says("/lencana")
    document, story = await siti.replies(2)

    assert congratulations.content.startswith("🎉")
    assert preview.photo and re.fullmatch(r"🏅 .*GPR-2026-\d{6}", preview.content)
    assert document.document and story.document
    assert "GPR-2026-" in document.document["file_name"]
    assert verified.content
