"""Data rights, content on and off, linking the other channel, on WhatsApp."""

from __future__ import annotations

import json

from bot.channels.whatsapp.conversations import ConversationStates
from bot.people.service import ChannelIdentity
from storage.conversation_states import ConversationStateRepository
from tests.handlers.whatsapp.support import WhatsAppHarness, enroll_until_summary

SITI = ChannelIdentity("whatsapp", "6281234567890")


async def test_datasaya_sends_every_stored_fact_with_the_whatsapp_id(wa: WhatsAppHarness) -> None:
    siti = wa.person(SITI.user_id)
    await enroll_until_summary(siti)

    [document] = await siti.says("DATASAYA")

    assert document.kind == "document" and document.filename == "data-saya.json"
    data, mime_type, _ = wa.messages.uploads[document.media_id or ""]
    exported = json.loads(data)
    assert mime_type == "application/json"
    assert SITI.user_id in json.dumps(exported)
    assert exported["enrollment"]["full_name"] == "Dr. Siti Rahma, S.Kom., M.Si."


async def test_datasaya_of_a_stranger_says_nothing_is_stored(wa: WhatsAppHarness) -> None:
    [answer] = await wa.person(SITI.user_id).says("mydata")

    assert answer.kind == "text"


async def test_hapusdata_asks_first_and_erases_everything_on_yes(wa: WhatsAppHarness) -> None:
    siti = wa.person(SITI.user_id)
    await enroll_until_summary(siti)

    [confirm] = await siti.says("hapus data")
    [kept] = await siti.presses("Batal")
    await siti.says("HAPUSDATA")
    [erased] = await siti.presses("🗑 Ya, hapus semua")

    assert confirm.kind == "buttons"
    assert await wa.services.enrollment.draft(SITI) is None
    assert (await wa.services.privacy.export(SITI))["person"] is None
    assert kept.body != erased.body


async def test_berhenti_and_lanjut(wa: WhatsAppHarness) -> None:
    siti = wa.person(SITI.user_id)
    await enroll_until_summary(siti)

    [paused] = await siti.says("BERHENTI")
    [twice] = await siti.says("stop")
    [resumed] = await siti.says("lanjut")

    assert paused.body != twice.body
    draft = await wa.services.enrollment.draft(SITI)
    assert draft is not None and draft.enrollment.content_paused_at is None
    assert resumed.body


async def test_tautkan_shows_a_code_and_redeems_one(wa: WhatsAppHarness) -> None:
    siti = wa.person(SITI.user_id)

    [code] = await siti.says("TAUTKAN")
    [wrong] = await siti.says("tautkan 999999")
    [malformed] = await siti.says("tautkan abc")
    [linked] = await siti.says("/link 123 456")

    assert "*123456*" in code.body and "15 menit" in code.body
    assert wrong.body.startswith("Kode itu tidak cocok")
    assert malformed.body.startswith("Kode penautan terdiri dari 6 angka")
    assert linked.body.startswith("✅ WhatsApp ini sekarang tertaut")
    assert wa.links.redeemed == [(SITI, "123456")]


async def test_hapusdata_forgets_what_the_conversation_waited_for(wa: WhatsAppHarness) -> None:
    siti = wa.person(SITI.user_id)
    await enroll_until_summary(siti)
    await wa.states.put(SITI.user_id, {"await": "post_link"})

    await siti.says("HAPUSDATA")
    await siti.presses("🗑 Ya, hapus semua")

    reread = ConversationStates(wa.db, ConversationStateRepository(), wa.services.clock)
    assert await reread.get(SITI.user_id) == {}
    rows = await wa.db.reader.execute_fetchall("SELECT * FROM conversation_states")
    assert list(rows) == []
