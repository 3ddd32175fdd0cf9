"""Security headers on every response of the web app.

HSTS is deliberately not here: it belongs to the HTTPS reverse proxy, which knows whether the
site is served over TLS (sent over plain HTTP the header is ignored, and a wrong one locks
visitors out for its whole max-age).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No script at all and styles from our own origin only; images from our origin (the badge PNG).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
# A response that did not choose its own caching is not cached at all.
DEFAULT_CACHE_CONTROL = "no-store"


class SecurityHeaders:
    """ASGI middleware: adds the headers above; a route's own Cache-Control wins."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if "cache-control" not in headers:
                    headers["Cache-Control"] = DEFAULT_CACHE_CONTROL
            await send(message)

        await self._app(scope, receive, send_with_headers)
