"""Routes for operators: /readyz (is this instance able to work now) and /metrics (Prometheus).

/metrics is never open on the public badge host: it is served there only behind a bearer token
(METRICS_TOKEN), or on a port of its own (METRICS_PORT) that the reverse proxy does not publish.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.channels.web.headers import SecurityHeaders
from bot.observability import metrics
from bot.observability.readiness import Readiness

# Reads the stored state the gauges describe (outbox rows by state) just before a scrape.
RefreshGauges = Callable[[], Awaitable[None]]


async def health(request: Request) -> Response:
    """The process lives and its event loop answers."""
    return PlainTextResponse("ok")


def readiness_routes(readiness: Readiness) -> list[Route]:
    async def ready(request: Request) -> Response:
        report = await readiness.report()
        return JSONResponse(report.as_json(), status_code=200 if report.ready else 503)

    return [Route("/readyz", ready)]


def metrics_routes(refresh: RefreshGauges, token: str | None) -> list[Route]:
    """/metrics in the Prometheus text format; with `token`, only for `Authorization: Bearer
    <token>` (compared in constant time), anyone else gets 401 and nothing else."""
    expected = f"Bearer {token}".encode() if token is not None else None

    async def scrape(request: Request) -> Response:
        if expected is not None:
            given = request.headers.get("authorization", "").encode()
            if not hmac.compare_digest(given, expected):
                return PlainTextResponse(
                    "a bearer token is required (METRICS_TOKEN)",
                    status_code=401,
                    headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
                )
        await refresh()
        return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE)

    return [Route("/metrics", scrape)]


def operations_app(readiness: Readiness, refresh: RefreshGauges, token: str | None) -> Starlette:
    """The app on METRICS_PORT: the metrics and the health checks, nothing public."""
    return Starlette(
        routes=[
            *metrics_routes(refresh, token),
            *readiness_routes(readiness),
            Route("/healthz", health),
        ],
        middleware=[Middleware(SecurityHeaders)],
    )
