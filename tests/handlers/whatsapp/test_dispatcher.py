"""Keywords instead of a command menu: both languages, slash forms, any case and spacing;
greetings and anything not understood get the short menu as a list message."""

from __future__ import annotations

import pytest

from handlers.whatsapp.dispatcher import keyword_of
from tests.handlers.whatsapp.support import WhatsAppHarness


@pytest.mark.parametrize(
    ("typed", "command"),
    [
        ("DAFTAR", "daftar"),
        ("register", "daftar"),
        ("/enroll", "daftar"),
        ("  Hapus  Data ", "hapusdata"),
        ("/DELETEDATA", "hapusdata"),
        ("data saya", "datasaya"),
        ("MyData", "datasaya"),
        ("poin", "poin"),
        ("POINTS", "poin"),
        ("Lencana", "lencana"),
        ("badge", "lencana"),
        ("bahasa", "bahasa"),
        ("Bantuan", "bantuan"),
        ("help", "bantuan"),
        ("berhenti", "berhenti"),
        ("LANJUT", "lanjut"),
        ("resume", "lanjut"),
        ("status", "status"),
        ("PROFIL", "profil"),
        ("tautkan", "tautkan"),
        ("LINK 123456", "tautkan"),
    ],
)
def test_keywords_in_both_languages_with_or_without_the_slash(typed: str, command: str) -> None:
    keyword, _ = keyword_of(typed)

    assert keyword is not None and keyword.command.indonesian == command


def test_a_keyword_that_takes_a_code_passes_it_on() -> None:
    assert keyword_of("/tautkan 123 456")[1] == "123 456"
    assert keyword_of("daftar sekarang") == (None, "")  # other keywords are the whole message


async def test_a_greeting_gets_the_short_menu(wa: WhatsAppHarness) -> None:
    [menu] = await wa.person().says("Halo")

    assert menu.kind == "list" and len(menu.rows) == 10
    assert menu.titles[:3] == ["DAFTAR", "STATUS", "PROFIL"]
    assert menu.body.startswith("Halo! Pilih yang ingin Anda lakukan")


async def test_a_menu_row_does_what_its_keyword_does(wa: WhatsAppHarness) -> None:
    siti = wa.person()
    await siti.says("menu")

    [points] = await siti.presses("POIN")

    assert points.body.startswith("🏆 Poin Anda: *0*")


async def test_text_not_understood_gets_the_menu_with_an_explanation(wa: WhatsAppHarness) -> None:
    [answer] = await wa.person().says("apa kabar?")

    assert answer.kind == "list"
    assert answer.body.startswith("Maaf, saya belum mengerti.")


async def test_help_lists_the_keywords(wa: WhatsAppHarness) -> None:
    [answer] = await wa.person().says("BANTUAN")

    assert "/daftar — " in answer.body and "/tautkan — " in answer.body
    assert "<b>" not in answer.body and answer.body.startswith("*Perintah yang tersedia*")


async def test_a_button_id_nobody_sent_is_outdated(wa: WhatsAppHarness) -> None:
    [answer] = await wa.person().presses_id("bogus:1")

    assert answer.body.startswith("Tombol ini sudah kedaluwarsa")


async def test_status_of_someone_not_enrolled(wa: WhatsAppHarness) -> None:
    [answer] = await wa.person().says("STATUS")

    assert "daftar" in answer.body.lower()
