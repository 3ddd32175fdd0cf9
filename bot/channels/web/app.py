"""Starlette routes: the landing page, Open Badges documents, badge images and verification
pages. Each response says how long it may be cached: a badge's status can change at any moment
(revoked, suspended, or valid again after re-verification), so status answers are cached
briefly or revalidated, while the fixed documents and artwork are cached longer."""

from __future__ import annotations

import asyncio
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from importlib import resources
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import BaseRoute, Route

from bot.badges.artwork import BadgeArtwork, render_badge
from bot.badges.service import BadgeService, BadgeState
from bot.channels.web.headers import SecurityHeaders
from bot.channels.web.operations import health
from bot.channels.web.pages import (
    Site,
    badge_page,
    check_problem_page,
    landing_page,
    not_found_page,
)
from bot.texts import plain

# Badge numbers are short and plain; anything else is not looked up at all.
_NUMBER = re.compile(r"^[A-Za-z]{2,6}-\d{4}-\d{6}$")
_IMAGE_CACHE_SIZE = 256

# Cache-Control per kind of answer.
_FIXED = "public, max-age=86400"  # the stylesheet, logo and class artwork
_DOCUMENT = "public, max-age=3600"  # issuer profile, BadgeClass, a badge's image
_LANDING = "public, max-age=300"
_VALID = "public, max-age=60"  # a revocation shows within a minute
_NOT_VALID = "no-cache"  # revoked, suspended or expired can become valid again: always ask


class JsonLd(JSONResponse):
    media_type = "application/ld+json"


def _cache(value: str) -> dict[str, str]:
    return {"Cache-Control": value}


def _status_cache(state: BadgeState) -> dict[str, str]:
    return _cache(_VALID if state is BadgeState.VALID else _NOT_VALID)


# A campaign's link for /go/{campaign_id}: None when there is none to follow (no such
# campaign, not approved, or no link).
CampaignLinks = Callable[[int], Awaitable[str | None]]
# SQLite's integers end here; a larger id in a path is no campaign.
_MAX_ID = 2**63 - 1


def build_web_app(
    badges: BadgeService,
    *,
    campaign_links: CampaignLinks | None = None,
    channel_routes: Sequence[BaseRoute] = (),
    operations_routes: Sequence[BaseRoute] = (),
) -> Starlette:
    """The public web app; with `campaign_links`, /go/{campaign_id} too: the address a
    WhatsApp template's URL button ends in, redirected to the campaign's own link;
    `channel_routes` are a channel's own (the WhatsApp and Telegram webhooks);
    `operations_routes` the operators' (/readyz, and /metrics behind its token)."""
    images: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()
    class_image: list[bytes] = []
    stylesheet = (resources.files("bot.channels.web") / "static" / "site.css").read_bytes()
    config = badges.config
    site = Site(
        issuer=config.issuer.name,
        url=config.issuer.url,
        email=config.issuer.email,
        threshold=config.threshold,
        number_prefix=config.number_prefix,
    )

    async def landing(request: Request) -> Response:
        return HTMLResponse(landing_page(site), headers=_cache(_LANDING))

    async def style(request: Request) -> Response:
        return Response(stylesheet, media_type="text/css", headers=_cache(_FIXED))

    async def check(request: Request) -> Response:
        """The landing page's form (no JavaScript): to the badge's page, or the form again."""
        typed = request.query_params.get("number", "")
        number = "".join(typed.split()).upper()
        if not _NUMBER.match(number):
            page = check_problem_page(site, typed.strip(), found_nothing=False)
            return HTMLResponse(page, status_code=400)
        if await badges.find(number) is None:
            return HTMLResponse(check_problem_page(site, number, found_nothing=True), 404)
        return RedirectResponse(f"/verify/{number}", status_code=303)

    async def issuer(request: Request) -> Response:
        return JsonLd(badges.issuer_document(), headers=_cache(_DOCUMENT))

    async def issuer_logo(request: Request) -> Response:
        path: Path | None = config.logo_path
        if path is None:
            return PlainTextResponse("no logo", status_code=404)
        data = await asyncio.to_thread(path.read_bytes)
        return Response(data, media_type="image/png", headers=_cache(_FIXED))

    async def badge_class(request: Request) -> Response:
        return JsonLd(badges.badge_class_document(), headers=_cache(_DOCUMENT))

    async def badge_class_image(request: Request) -> Response:
        if not class_image:
            class_image.append(await asyncio.to_thread(_class_artwork, badges))
        return Response(class_image[0], media_type="image/png", headers=_cache(_FIXED))

    async def assertion(request: Request) -> Response:
        number = request.path_params["number"]
        found = await badges.assertion(number) if _NUMBER.match(number) else None
        if found is None:
            # Plain text: validators read any JSON body as a badge and fail confusingly.
            return PlainTextResponse("not found", status_code=404)
        status, document = found
        headers = _cache(_VALID if status == 200 else _NOT_VALID)
        return JsonLd(document, status_code=status, headers=headers)

    async def image(request: Request) -> Response:
        number = request.path_params["number"]
        badge = await badges.find(number) if _NUMBER.match(number) else None
        if badge is None:
            return PlainTextResponse("not found", status_code=404)
        # Keyed by what the picture shows: an extended expiry draws a new one.
        key = (badge.number, badge.holder_name, badge.expires_at.isoformat())
        if key not in images:
            images[key] = (await badges.images(badge)).square
            if len(images) > _IMAGE_CACHE_SIZE:
                images.popitem(last=False)
        return Response(images[key], media_type="image/png", headers=_cache(_DOCUMENT))

    async def page(request: Request) -> Response:
        number = request.path_params["number"]
        view = await badges.view(number) if _NUMBER.match(number) else None
        if view is None:
            return HTMLResponse(not_found_page(number, site), status_code=404)
        return HTMLResponse(badge_page(view, site), headers=_status_cache(view.state))

    campaign_routes = [] if campaign_links is None else campaign_link_routes(campaign_links)
    return Starlette(
        routes=[
            *channel_routes,
            *operations_routes,
            *campaign_routes,
            Route("/", landing),
            Route("/check", check),
            Route("/static/site.css", style),
            Route("/openbadges/issuer", issuer),
            Route("/openbadges/issuer/logo.png", issuer_logo),
            Route("/openbadges/badge-class", badge_class),
            Route("/openbadges/badge-class/image.png", badge_class_image),
            Route("/openbadges/assertions/{number}", assertion),
            Route("/badges/{number}.png", image),
            Route("/verify/{number}", page),
            Route("/healthz", health),
        ],
        middleware=[Middleware(SecurityHeaders)],
    )


def campaign_link_routes(campaign_links: CampaignLinks) -> list[Route]:
    """/go/{campaign_id}: 303 to the campaign's link, 404 when there is none to follow."""

    async def go(request: Request) -> Response:
        campaign_id: int = request.path_params["campaign_id"]
        link = await campaign_links(campaign_id) if campaign_id <= _MAX_ID else None
        if link is None:
            return PlainTextResponse("not found", status_code=404)
        # Briefly cached: a cancelled campaign's link stops being followed within minutes.
        return RedirectResponse(link, status_code=303, headers=_cache(_LANDING))

    return [Route("/go/{campaign_id:int}", go)]


def _class_artwork(badges: BadgeService) -> bytes:
    """The BadgeClass image: the badge design without a holder."""
    art = BadgeArtwork(
        holder_name=plain("id", "art_programme"),
        agency=badges.config.issuer.name,
        badge_number=f"{badges.config.number_prefix}",
        issued_on=date(2026, 1, 1),
        valid_until=date(2026, 12, 31),
        verify_url=badges.urls.badge_class,
        issuer_name=badges.config.issuer.name,
        locale=badges.config.locale,
        logo_path=badges.config.logo_path,
    )
    return render_badge(art, "square")
