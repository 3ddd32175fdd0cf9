"""/go/{campaign_id}: the address a WhatsApp template's URL button ends in, served over HTTP
and redirected (303) to the link of an approved campaign, 404 otherwise."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from bot.channels.web.app import campaign_link_routes
from bot.channels.web.server import WebServer
from storage.campaigns import CampaignRepository, CampaignStatus, NewCampaign
from storage.database import Database
from tests.campaigns.outbox_support import NOW
from tests.campaigns.service_support import campaign_service

LINK = "https://kemenpan.go.id/berita/hari-guru?utm_source=whatsapp"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "links.sqlite3") as database:
        yield database


@pytest.fixture
async def http(db: Database) -> AsyncIterator[httpx.AsyncClient]:
    server = WebServer(Starlette(routes=campaign_link_routes(campaign_service(db).link_of)))
    await server.start()
    try:
        base = f"http://127.0.0.1:{server.port}"
        async with httpx.AsyncClient(base_url=base, follow_redirects=False) as client:
            yield client
    finally:
        await server.stop()


async def campaign(db: Database, status: CampaignStatus, link: str | None = LINK) -> int:
    new = NewCampaign("Hari Guru", "text", "Selamat Hari Guru", "admin", "now", link=link)
    async with db.transaction() as tx:
        return await CampaignRepository().create(tx, new, NOW, status=status)


async def test_an_approved_campaign_redirects_to_its_link(
    db: Database, http: httpx.AsyncClient
) -> None:
    campaign_id = await campaign(db, "scheduled")

    answer = await http.get(f"/go/{campaign_id}")

    assert (answer.status_code, answer.headers["location"]) == (303, LINK)
    assert answer.headers["cache-control"] == "public, max-age=300"


@pytest.mark.parametrize("path", ["/go/999", "/go/abc", "/go/99999999999999999999999", "/go/-1"])
async def test_an_unknown_campaign_is_not_found(http: httpx.AsyncClient, path: str) -> None:
    answer = await http.get(path)

    assert answer.status_code == 404


async def test_a_campaign_waiting_for_approval_or_without_a_link_is_not_found(
    db: Database, http: httpx.AsyncClient
) -> None:
    waiting = await campaign(db, "awaiting_approval")
    linkless = await campaign(db, "scheduled", link=None)

    answers = [await http.get(f"/go/{campaign_id}") for campaign_id in (waiting, linkless)]

    assert [answer.status_code for answer in answers] == [404, 404]
