"""Helpers of the WhatsApp emulator's tests: a stand-in for the bot's webhook, request bodies."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"
TOKEN = "TEST-ACCESS-TOKEN"
PHONE_NUMBER_ID = "106540352242922"


@dataclass
class Received:
    raw: bytes
    signature: str | None

    @property
    def payload(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.raw)
        return parsed

    @property
    def value(self) -> dict[str, Any]:
        value: dict[str, Any] = self.payload["entry"][0]["changes"][0]["value"]
        return value

    @property
    def signed_correctly(self) -> bool:
        digest = hmac.new(SECRET.encode(), self.raw, hashlib.sha256).hexdigest()
        return self.signature == f"sha256={digest}"


@dataclass
class WebhookReceiver:
    """Stands in for the bot's /whatsapp/webhook: records each POST, answers `answers` first
    (then 200), and does the verification handshake with VERIFY_TOKEN."""

    url: str = ""
    received: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    arrived: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def post(self, request: Request) -> Response:
        raw = await request.body()
        async with self.arrived:
            self.received.append(Received(raw, request.headers.get("x-hub-signature-256")))
            self.arrived.notify_all()
        return Response(status_code=self.answers.pop(0) if self.answers else 200)

    async def get(self, request: Request) -> Response:
        query = request.query_params
        if query.get("hub.mode") == "subscribe" and query.get("hub.verify_token") == VERIFY_TOKEN:
            return PlainTextResponse(query.get("hub.challenge", ""))
        return Response(status_code=403)

    async def wait_for(self, count: int, timeout: float = 5.0) -> list[Received]:  # noqa: ASYNC109
        async with asyncio.timeout(timeout), self.arrived:
            await self.arrived.wait_for(lambda: len(self.received) >= count)
        return self.received

    def statuses(self) -> list[dict[str, Any]]:
        return [s for r in self.received for s in r.value.get("statuses", [])]


def text_to(wa_id: str, body: str = "Halo") -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": wa_id,
        "type": "text",
        "text": {"body": body},
    }


def template_to(
    wa_id: str, name: str, language: str, *params: str, url: str | None = None
) -> dict[str, Any]:
    components: list[dict[str, Any]] = [
        {"type": "body", "parameters": [{"type": "text", "text": p} for p in params]}
    ]
    if url is not None:
        components.append(
            {
                "type": "button",
                "sub_type": "url",
                "index": "0",
                "parameters": [{"type": "text", "text": url}],
            }
        )
    return {
        "messaging_product": "whatsapp",
        "to": wa_id,
        "type": "template",
        "template": {"name": name, "language": {"code": language}, "components": components},
    }
