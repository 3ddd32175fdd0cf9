"""Webhooks to the bot, shaped and signed as Meta sends them, retried as Meta retries them.

Shape (checked against the spec's webhook examples and Meta's payload examples):
`{"object": "whatsapp_business_account", "entry": [{"id": <WABA id>, "changes": [{"field":
"messages", "value": {"messaging_product": "whatsapp", "metadata": {...}, "contacts": [...],
"messages": [...]}}]}]}`, or `"statuses": [...]` in place of contacts and messages.
Bodies are serialized with non-ASCII escaped (`\\ud83d\\udc4d`), as Meta's are, and signed with
`X-Hub-Signature-256: sha256=<HMAC-SHA256 of the raw body with the app secret>`.

Status objects follow per-message pricing (Cloud API since July 2025): `pricing` carries
`billable`, `pricing_model: "PMP"`, `category` and `type` ("regular", or
"free_customer_service" for a free-form reply inside the window); the `conversation` object is
no longer sent for these. A failed status carries `errors[]` and no pricing.

A delivery answered with anything but 200 (or not answered) is retried later, as Meta does
for up to 7 days; here the delays are short (`retry_delays`) so a test sees the retry.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass(frozen=True)
class Business:
    """Who the webhooks come from: the business's number and account."""

    phone_number_id: str
    display_phone_number: str
    business_account_id: str
    app_secret: str


def envelope(business: Business, value: dict[str, Any]) -> dict[str, Any]:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {
            "display_phone_number": business.display_phone_number,
            "phone_number_id": business.phone_number_id,
        },
        **value,
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": business.business_account_id,
                "changes": [{"value": value, "field": "messages"}],
            }
        ],
    }


def inbound(business: Business, wa_id: str, name: str, message: dict[str, Any]) -> dict[str, Any]:
    return envelope(
        business,
        {
            "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
            "messages": [{"from": wa_id, **message}],
        },
    )


def status(
    business: Business,
    message_id: str,
    recipient: str,
    kind: str,
    *,
    at: float,
    template: bool,
    category: str = "marketing",
    error: dict[str, Any] | None = None,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": message_id,
        "status": kind,
        "timestamp": str(int(at)),
        "recipient_id": recipient,
    }
    if error is not None:
        entry["errors"] = [error]
    else:
        entry["pricing"] = {
            "billable": template,
            "pricing_model": "PMP",
            "category": category.lower() if template else "service",
            "type": "regular" if template else "free_customer_service",
        }
    return envelope(business, {"statuses": [entry]})


def signature(secret: str, raw: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


@dataclass
class WebhookDelivery:
    """One webhook and every attempt to deliver it."""

    payload: dict[str, Any]
    raw: bytes
    attempts: list[int] = field(default_factory=list)  # HTTP statuses; 0: no answer

    @property
    def delivered(self) -> bool:
        return 200 in self.attempts

    @property
    def kind(self) -> str:
        value = self.payload["entry"][0]["changes"][0]["value"]
        return "statuses" if "statuses" in value else "messages"


class WebhookSender:
    def __init__(
        self,
        business: Business,
        *,
        url: str | None = None,
        retry_delays: Sequence[float] = (0.25, 0.5, 1.0, 2.0, 4.0),
        record: bool = True,
        timeout: float = 10.0,
    ) -> None:
        self.business = business
        self.url = url
        self.retry_delays = tuple(retry_delays)
        self.record = record
        self.deliveries: list[WebhookDelivery] = []
        self._http = httpx.AsyncClient(timeout=timeout)
        self._background: set[asyncio.Task[None]] = set()
        self._ordered: asyncio.Queue[tuple[float, WebhookDelivery]] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None
        self._in_order_pending = 0
        self._closed = False

    def prepare(self, payload: dict[str, Any]) -> WebhookDelivery:
        delivery = WebhookDelivery(payload, json.dumps(payload, separators=(",", ":")).encode())
        if self.record:
            self.deliveries.append(delivery)
        return delivery

    async def send_now(self, payload: dict[str, Any], *, repeat: int = 1) -> WebhookDelivery:
        """Delivers at once (the first attempt awaited; retries follow in the background).
        `repeat` > 1 posts the same body again, as Meta sometimes does."""
        delivery = self.prepare(payload)
        for _ in range(repeat):
            await self._attempt(delivery, retry=True)
        return delivery

    def send_in_order(self, payload: dict[str, Any], *, delay: float = 0.0) -> WebhookDelivery:
        """Queues a webhook behind the earlier ones (statuses: sent before delivered), posted
        no sooner than `delay` seconds from now."""
        delivery = self.prepare(payload)
        if self._closed:
            return delivery
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._drain_in_order(), name="wa-webhooks")
        self._in_order_pending += 1
        self._ordered.put_nowait((time.monotonic() + delay, delivery))
        return delivery

    async def _drain_in_order(self) -> None:
        while True:
            not_before, delivery = await self._ordered.get()
            try:
                wait = not_before - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                await self._attempt(delivery, retry=True)
            finally:
                self._in_order_pending -= 1

    async def _attempt(self, delivery: WebhookDelivery, *, retry: bool, round_: int = 0) -> None:
        if self.url is None or self._closed:
            return
        headers = {
            "Content-Type": "application/json",
            "X-Hub-Signature-256": signature(self.business.app_secret, delivery.raw),
            "User-Agent": "facebookexternalua",
        }
        try:
            answer = await self._http.post(self.url, content=delivery.raw, headers=headers)
            code = answer.status_code
        except httpx.HTTPError:
            code = 0
        delivery.attempts.append(code)
        if code != 200 and retry and round_ < len(self.retry_delays):
            task = asyncio.create_task(self._retry(delivery, round_))
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    async def _retry(self, delivery: WebhookDelivery, round_: int) -> None:
        await asyncio.sleep(self.retry_delays[round_])
        await self._attempt(delivery, retry=True, round_=round_ + 1)

    async def settle(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Waits until every queued webhook had its attempt and no retry is pending."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self._in_order_pending and not self._background:
                return
            await asyncio.sleep(0.01)
        raise TimeoutError("webhooks still pending")

    async def close(self) -> None:
        self._closed = True
        for task in [*self._background, *([self._worker] if self._worker else [])]:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._http.aclose()
