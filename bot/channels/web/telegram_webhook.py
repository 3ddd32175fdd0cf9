"""The route Telegram posts updates to in webhook mode (TELEGRAM_MODE=webhook).

Only a request carrying our secret in `X-Telegram-Bot-Api-Secret-Token` (compared in constant
time) is read; any other gets 401 and nothing is processed. An accepted update is stored in the
inbox (on whichever instance the request reached) and answered 200 once stored; the handling
happens after, by the instance holding the person's turn. While the bot is not taking updates
(starting or stopping) the answer is 503, so Telegram keeps the update and delivers it again
later instead of it being lost.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

_LOGGER = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Updates are a few kilobytes; anything far larger is not from Telegram.
MAX_BODY_BYTES = 1024 * 1024
# Store an update in the inbox; False while the bot is not taking updates.
ReceiveUpdate = Callable[[dict[str, Any]], Awaitable[bool]]


def telegram_webhook_routes(path: str, secret: str, receive: ReceiveUpdate) -> list[Route]:
    expected = secret.encode()

    async def webhook(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            _LOGGER.warning("Refused a Telegram webhook call without the right secret token")
            return PlainTextResponse("unauthorized", status_code=401)
        declared = request.headers.get("content-length", "0")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return PlainTextResponse("too large", status_code=413)
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return PlainTextResponse("too large", status_code=413)
        try:
            update = json.loads(body)
        except ValueError:
            update = None
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            _LOGGER.warning("Refused a Telegram webhook call whose body is not an update")
            return PlainTextResponse("not an update", status_code=400)
        if not await receive(update):
            return PlainTextResponse("not taking updates now", status_code=503)
        return Response(status_code=200)

    return [Route(path, webhook, methods=["POST"])]
