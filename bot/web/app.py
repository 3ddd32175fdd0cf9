"""Starlette routes for the Open Badges documents, badge images and verification pages."""

from __future__ import annotations

import asyncio
import re
from collections import OrderedDict
from datetime import date
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.badges.artwork import BadgeArtwork, render_badge
from bot.badges.service import BadgeService
from bot.web.pages import badge_page, not_found_page

# Badge numbers are short and plain; anything else is not looked up at all.
_NUMBER = re.compile(r"^[A-Za-z]{2,6}-\d{4}-\d{6}$")
_IMAGE_CACHE_SIZE = 256


class JsonLd(JSONResponse):
    media_type = "application/ld+json"


def build_web_app(badges: BadgeService) -> Starlette:
    images: OrderedDict[str, bytes] = OrderedDict()
    class_image: list[bytes] = []

    async def issuer(request: Request) -> Response:
        return JsonLd(badges.issuer_document())

    async def issuer_logo(request: Request) -> Response:
        path: Path | None = badges.config.logo_path
        if path is None:
            return PlainTextResponse("no logo", status_code=404)
        return Response(await asyncio.to_thread(path.read_bytes), media_type="image/png")

    async def badge_class(request: Request) -> Response:
        return JsonLd(badges.badge_class_document())

    async def badge_class_image(request: Request) -> Response:
        if not class_image:
            class_image.append(await asyncio.to_thread(_class_artwork, badges))
        return Response(class_image[0], media_type="image/png")

    async def assertion(request: Request) -> Response:
        number = request.path_params["number"]
        found = await badges.assertion(number) if _NUMBER.match(number) else None
        if found is None:
            # Plain text: validators read any JSON body as a badge and fail confusingly.
            return PlainTextResponse("not found", status_code=404)
        status, document = found
        return JsonLd(document, status_code=status)

    async def image(request: Request) -> Response:
        number = request.path_params["number"]
        badge = await badges.find(number) if _NUMBER.match(number) else None
        if badge is None:
            return PlainTextResponse("not found", status_code=404)
        if badge.number not in images:
            images[badge.number] = (await badges.images(badge)).square
            if len(images) > _IMAGE_CACHE_SIZE:
                images.popitem(last=False)
        return Response(images[badge.number], media_type="image/png")

    async def page(request: Request) -> Response:
        number = request.path_params["number"]
        view = await badges.view(number) if _NUMBER.match(number) else None
        issuer_name = badges.config.issuer.name
        if view is None:
            return HTMLResponse(not_found_page(number, issuer_name), status_code=404)
        return HTMLResponse(badge_page(view, issuer_name))

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[
            Route("/openbadges/issuer", issuer),
            Route("/openbadges/issuer/logo.png", issuer_logo),
            Route("/openbadges/badge-class", badge_class),
            Route("/openbadges/badge-class/image.png", badge_class_image),
            Route("/openbadges/assertions/{number}", assertion),
            Route("/badges/{number}.png", image),
            Route("/verify/{number}", page),
            Route("/healthz", health),
        ]
    )


def _class_artwork(badges: BadgeService) -> bytes:
    """The BadgeClass image: the badge design without a holder."""
    art = BadgeArtwork(
        holder_name="Humas Pemerintah",
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
