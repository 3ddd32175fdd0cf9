"""The baseline for part B of bench/whatsapp.py: a bare WhatsApp echo on the bot's web stack.

Starlette served by uvicorn (the bot's own embedding, bot.channels.web.server), the webhook's
signature checked, 200 at once, and each text message echoed through httpx (a pool sized as the
bot's, `cloud_api_http`) to the Cloud API, with as many messages handled at once as the bot
handles (`CONCURRENT_MESSAGES`). No database, no conversation, no read receipt.

Run as `python bench/whatsapp_echo.py PORT BASE_URL VERSION PHONE_NUMBER_ID` with the access
token and the app secret in WHATSAPP_ACCESS_TOKEN and WHATSAPP_APP_SECRET; stops on SIGINT or
SIGTERM.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import signal
import sys
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.channels.web.server import LocalServer
from bot.channels.whatsapp.client import cloud_api_http
from bot.channels.whatsapp.queues import CONCURRENT_MESSAGES


class Echo:
    def __init__(self, http: httpx.AsyncClient, messages_url: str, token: str, secret: str) -> None:
        self._http, self._url, self._secret = http, messages_url, secret.encode()
        self._auth = {"Authorization": f"Bearer {token}"}
        self._places = asyncio.Semaphore(CONCURRENT_MESSAGES)
        self._tasks: set[asyncio.Task[None]] = set()

    async def receive(self, request: Request) -> Response:
        body = await request.body()
        expected = "sha256=" + hmac.new(self._secret, body, hashlib.sha256).hexdigest()
        given = request.headers.get("X-Hub-Signature-256", "")
        if not hmac.compare_digest(given.encode(), expected.encode()):
            return PlainTextResponse("bad signature", status_code=401)
        for entry in json.loads(body).get("entry", []):
            for change in entry.get("changes", []):
                for message in change.get("value", {}).get("messages", []):
                    if message.get("type") == "text":
                        task = asyncio.create_task(self._echo(message))
                        self._tasks.add(task)
                        task.add_done_callback(self._tasks.discard)
        return PlainTextResponse("ok")

    async def _echo(self, message: dict[str, Any]) -> None:
        reply = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": message["from"],
            "type": "text",
            "text": {"body": message["text"]["body"]},
        }
        async with self._places:
            try:
                answer = await self._http.post(self._url, json=reply, headers=self._auth)
                answer.raise_for_status()
            except httpx.HTTPError as error:
                # Lost, as the bot's reply would be; the benchmark counts it.
                print(f"echo failed: {type(error).__name__}: {error}", file=sys.stderr)


async def serve(port: int, base_url: str, version: str, phone_number_id: str) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with cloud_api_http(80) as http:
        echo = Echo(
            http,
            f"{base_url.rstrip('/')}/{version}/{phone_number_id}/messages",
            os.environ["WHATSAPP_ACCESS_TOKEN"],
            os.environ["WHATSAPP_APP_SECRET"],
        )
        app = Starlette(routes=[Route("/whatsapp/webhook", echo.receive, methods=["POST"])])
        server = LocalServer(app, port=port)
        await server.start()
        try:
            await stop.wait()
        finally:
            await server.stop()


if __name__ == "__main__":
    port, base_url, version, phone_number_id = sys.argv[1:5]
    asyncio.run(serve(int(port), base_url, version, phone_number_id))
