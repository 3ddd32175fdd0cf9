"""The public web app as a visitor meets it: landing page, the check box, the badge page, and
the headers that keep it safe and correctly cached."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.admin.audit import Actor
from bot.channels.web.headers import CONTENT_SECURITY_POLICY
from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.support import verified_with_badge
from tests.support import BotHarness, running_bot

CONTACT = "humas@komdigi.go.id"


@pytest.fixture
def web_settings(verifying_settings: Settings) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        **verifying_settings.model_dump() | {"badge_issuer_email": CONTACT},
    )


@pytest.fixture
async def wbot(
    web_settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    async with running_bot(web_settings, emulator, clock) as harness:
        yield harness


@pytest.fixture
async def http(web_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=web_settings.public_base_url) as client:
        yield client


async def badge_number(harness: BotHarness, apis: FakeSocialApis) -> str:
    messages = await verified_with_badge(harness.person("Siti"), apis)
    found = re.search(r"GPR-2026-\d{6}", messages[-3].content)
    assert found
    return found[0]


def assert_no_inline_code(page: str) -> None:
    assert "<script" not in page and "<style" not in page and " style=" not in page
    assert re.search(r"\son[a-z]+=", page) is None  # no inline event handlers either


async def test_the_issuer_url_serves_a_bilingual_landing_page_with_a_check_box_and_contact(
    wbot: BotHarness, http: httpx.AsyncClient, web_settings: Settings
) -> None:
    landing = await http.get("/")
    issuer = (await http.get("/openbadges/issuer")).json()
    stylesheet = await http.get("/static/site.css")

    assert landing.status_code == 200
    assert issuer["url"] == web_settings.public_base_url  # the issuer link no longer 404s
    assert "Apa ini?" in landing.text and "What is this?" in landing.text
    assert "lebih dari 500 pengikut" in landing.text and "more than 500 followers" in landing.text
    assert "<form method='get' action='/check'>" in landing.text
    assert "name='number'" in landing.text
    assert f"mailto:{CONTACT}" in landing.text
    assert "href='/static/site.css'" in landing.text
    assert_no_inline_code(landing.text)
    assert stylesheet.status_code == 200
    assert stylesheet.headers["content-type"].startswith("text/css")
    # At phone width the card keeps a margin from the screen edges.
    assert "body{margin:0;padding:1rem;" in stylesheet.text


async def test_every_response_carries_the_security_headers(
    wbot: BotHarness, http: httpx.AsyncClient
) -> None:
    paths = ["/", "/static/site.css", "/openbadges/issuer", "/verify/GPR-2026-999999", "/nope"]
    responses = [await http.get(path) for path in paths]

    for response in responses:
        headers = response.headers
        assert headers["x-content-type-options"] == "nosniff", response.url
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
        assert "cache-control" in headers
    assert "script-src" not in CONTENT_SECURITY_POLICY  # default-src 'none' forbids scripts
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "strict-transport-security" not in responses[0].headers  # the proxy's job


async def test_the_check_box_leads_to_the_badge_page_or_says_what_was_wrong(
    wbot: BotHarness, apis: FakeSocialApis, http: httpx.AsyncClient
) -> None:
    number = await badge_number(wbot, apis)

    typed = await http.get("/check", params={"number": f"  {number.lower()} "})
    unknown = await http.get("/check", params={"number": "GPR-2026-999999"})
    malformed = await http.get("/check", params={"number": "12345"})
    empty = await http.get("/check", params={"number": ""})

    assert typed.status_code == 303
    assert typed.headers["location"] == f"/verify/{number}"
    assert unknown.status_code == 404
    assert "GPR-2026-999999 tidak ditemukan" in unknown.text
    assert "No badge GPR-2026-999999 was found" in unknown.text
    assert malformed.status_code == 400
    assert "enam angka" in malformed.text and "GPR-2026-000123" in malformed.text
    assert "value='12345'" in malformed.text  # the form again, with what was typed
    assert empty.status_code == 400 and "Ketik nomor lencana" in empty.text
    for page in (unknown, malformed, empty):
        assert "<form method='get' action='/check'>" in page.text
        assert page.headers["cache-control"] == "no-store"
        assert_no_inline_code(page.text)


async def test_the_badge_page_says_what_was_verified_when_and_by_whom_and_shows_the_badge(
    wbot: BotHarness, apis: FakeSocialApis, http: httpx.AsyncClient
) -> None:
    number = await badge_number(wbot, apis)

    page = await http.get(f"/verify/{number}")
    image = await http.get(f"/badges/{number}.png")

    assert page.status_code == 200
    assert "lebih dari 500 pengikut di X" in page.text
    assert "more than 500 followers on X" in page.text
    # Checked at the fixed test clock, 27 Nov 2026 01:00 UTC = 08.00 WIB.
    assert "Terakhir diperiksa · Last checked</dt><dd>27 November 2026, 08.00 WIB" in page.text
    assert "Status per · Status as of" in page.text
    assert f"<img class='badge-image' src='/badges/{number}.png'" in page.text
    assert f"mailto:{CONTACT}" in page.text
    assert "1.234" not in page.text and "2.500" not in page.text  # no follower counts shown
    assert_no_inline_code(page.text)
    assert page.headers["cache-control"] == "public, max-age=60"
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert image.headers["cache-control"] == "public, max-age=3600"


async def test_a_revoked_badge_is_not_cached_for_long(
    wbot: BotHarness, apis: FakeSocialApis, http: httpx.AsyncClient
) -> None:
    number = await badge_number(wbot, apis)
    valid = await http.get(f"/openbadges/assertions/{number}")
    await wbot.application.bot_data.services.badges.revoke(
        number, "akun dibeli", Actor("42", "Rina")
    )

    revoked = await http.get(f"/openbadges/assertions/{number}")
    page = await http.get(f"/verify/{number}")
    missing = await http.get("/openbadges/assertions/GPR-2026-999999")

    assert valid.headers["cache-control"] == "public, max-age=60"
    assert revoked.status_code == 410
    assert revoked.headers["cache-control"] == "no-cache"
    assert "Lencana dicabut" in page.text and page.headers["cache-control"] == "no-cache"
    assert missing.status_code == 404 and missing.headers["cache-control"] == "no-store"
