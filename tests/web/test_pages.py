"""The verification web pages: Indonesian first, English beside it, every word from the
catalogues and escaped for HTML."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest

from bot.badges.service import BadgeState, BadgeView
from bot.channels.web.pages import Site, badge_page, check_problem_page, landing_page
from bot.languages import LOCALES, Locale
from bot.texts import english, indonesian, plain

SITE = Site(
    issuer="Kementerian Komunikasi dan Digital",
    url="https://humas.example.go.id",
    email="humas@example.go.id",
    threshold=1500,
    number_prefix="GPR",
)
AT = datetime(2026, 11, 27, 1, tzinfo=UTC)
VIEW = BadgeView(
    number="GPR-2026-000123",
    holder_name="Budi Santoso",
    agency="Kementerian Keuangan",
    issued_at=AT,
    expires_at=AT,
    state=BadgeState.REVOKED,
    reason="Akun tidak lagi memenuhi syarat",
    as_of=AT,
    platforms=("instagram", "x"),
    checked_at=AT,
)


def _words(locale: Locale, key: str, **values: object) -> str:
    return html.escape(plain(locale, key, **values), quote=True)


@pytest.mark.parametrize("locale", LOCALES)
def test_landing_page_shows_the_catalogue_words(locale: Locale) -> None:
    page = landing_page(SITE)

    threshold = "1.500" if locale == "id" else "1,500"
    for key in ("web_check_a_badge", "web_what_is_this", "web_badge_number", "web_check"):
        assert _words(locale, key) in page
    assert _words(locale, "web_about_badge", threshold=threshold) in page


@pytest.mark.parametrize("locale", LOCALES)
def test_badge_page_shows_the_catalogue_words(locale: Locale) -> None:
    page = badge_page(VIEW, SITE)

    where = plain(locale, "web_and").join(["Instagram ", " X"])
    threshold = "1.500" if locale == "id" else "1,500"
    for key in ("web_state_revoked", "web_reason", "web_holder", "web_last_checked"):
        assert _words(locale, key) in page
    assert _words(locale, "web_rule", threshold=threshold, where=where) in page


@pytest.mark.parametrize("locale", LOCALES)
def test_problem_page_shows_the_catalogue_words(locale: Locale) -> None:
    page = check_problem_page(SITE, "GPR-2026-999999", found_nothing=True)

    assert _words(locale, "web_problem_not_found", number="GPR-2026-999999") in page
    assert _words(locale, "web_not_found") in page


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_words_are_escaped_for_html(
    locale: Locale, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = {"id": indonesian.MESSAGES, "en": english.MESSAGES}[locale]
    monkeypatch.setitem(catalogue, "web_what_is_this", "<b>Q&A</b> 'x'")

    page = landing_page(SITE)

    assert "&lt;b&gt;Q&amp;A&lt;/b&gt; &#x27;x&#x27;" in page
    assert "<b>Q&A</b>" not in page
