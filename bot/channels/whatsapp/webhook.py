"""The WhatsApp webhook on the bot's web app: Meta's verification handshake (GET) and the
notifications (POST), which are checked, stored and acknowledged at once, then handled.

POST order: the signature first (HMAC-SHA256 of the raw body with the app secret, compared in
constant time; missing or wrong → 401 and nothing is read), then the body. A body that is not
a webhook still gets 200 (Meta would send it again forever) and is logged. Messages go to the
durable inbox keyed by their wamid, so a repeated webhook is handled once; each person's
messages are handled in order; whatever was not handled when the bot stopped is handled after
the next start. A message whose answer takes a moment is marked read with "typing…"
(receipts.py). Statuses go to the deliveries (`StatusSink`).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.channels.whatsapp.inbound import MalformedWebhook, parse_notification
from bot.channels.whatsapp.inbox import WhatsAppInbox, masked_wa_id
from bot.channels.whatsapp.ports import Inbound, StatusUpdate
from bot.channels.whatsapp.queues import PersonQueues
from bot.channels.whatsapp.receipts import SLOW_ANSWER_AFTER, ReadReceipts, ReceiptSender
from bot.people.service import ChannelIdentity

_LOGGER = logging.getLogger(__name__)

WEBHOOK_PATH = "/whatsapp/webhook"
SIGNATURE_HEADER = "X-Hub-Signature-256"
CHANNEL = "whatsapp"


class StatusSink(Protocol):
    """Where the statuses of sent messages go (bot.campaigns.statuses.DeliveryStatuses)."""

    async def apply(self, update: StatusUpdate) -> None: ...


class InboundWindows(Protocol):
    """The 24-hour windows (bot.people.windows.ConversationWindows): every message opens one."""

    async def note_inbound(self, who: ChannelIdentity, at: datetime) -> None: ...


InboundHandler = Callable[[Inbound], Awaitable[None]]


def signature_of(body: bytes, app_secret: str) -> str:
    """The header value Meta sends with a body: `sha256=<hex digest>`."""
    digest = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class WhatsAppWebhook:
    """Receives notifications and hands each message to `handle`, one person at a time."""

    def __init__(
        self,
        *,
        app_secret: str,
        verify_token: str,
        inbox: WhatsAppInbox,
        handle: InboundHandler,
        statuses: StatusSink,
        windows: InboundWindows,
        receipts: ReadReceipts,
        slow_answer_after: float = SLOW_ANSWER_AFTER,
    ) -> None:
        """`slow_answer_after`: seconds of handling before the person sees "typing…"."""
        self._app_secret = app_secret
        self._verify_token = verify_token
        self._inbox = inbox
        self._handle = handle
        self._statuses = statuses
        self._windows = windows
        self._read = ReceiptSender(receipts, slow_after=slow_answer_after)
        self._queues = PersonQueues(self._process)
        self._status_tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Handles what was stored but not handled before the last stop; drops old ids."""
        await self._inbox.prune()
        for message in await self._inbox.waiting():
            self._queues.put(message)

    async def stop(self) -> None:
        await self._queues.stop()
        tasks = list(self._status_tasks)
        await asyncio.gather(*tasks, return_exceptions=True)
        await self._read.stop()

    async def drained(self) -> None:
        """Waits until every accepted message and status was handled (for tests and
        shutdown)."""
        await self._queues.drained()
        while self._status_tasks:
            await asyncio.gather(*list(self._status_tasks), return_exceptions=True)
        await self._read.drained()

    def routes(self) -> list[Route]:
        return [
            Route(WEBHOOK_PATH, self.verify, methods=["GET"]),
            Route(WEBHOOK_PATH, self.receive, methods=["POST"]),
        ]

    async def verify(self, request: Request) -> Response:
        """Meta's subscription handshake: the challenge back when the token is ours."""
        params = request.query_params
        token = params.get("hub.verify_token", "")
        if params.get("hub.mode") == "subscribe" and hmac.compare_digest(
            token.encode(), self._verify_token.encode()
        ):
            return PlainTextResponse(params.get("hub.challenge", ""))
        return PlainTextResponse("forbidden", status_code=403)

    async def receive(self, request: Request) -> Response:
        body = await request.body()
        given = request.headers.get(SIGNATURE_HEADER, "")
        if not hmac.compare_digest(given.encode(), signature_of(body, self._app_secret).encode()):
            _LOGGER.warning("A WhatsApp webhook with a missing or wrong signature was refused")
            return PlainTextResponse("bad signature", status_code=401)
        try:
            notification = parse_notification(body)
        except MalformedWebhook as error:
            _LOGGER.warning("A signed WhatsApp webhook could not be read: %s", error)
            return PlainTextResponse("ok")
        for message in await self._inbox.accept(notification.messages):
            self._queues.put(message)
        if notification.statuses:
            task = asyncio.create_task(self._apply_statuses(notification.statuses))
            self._status_tasks.add(task)
            task.add_done_callback(self._status_tasks.discard)
        return PlainTextResponse("ok")

    async def _apply_statuses(self, updates: list[StatusUpdate]) -> None:
        for update in updates:
            try:
                await self._statuses.apply(update)
            except Exception:
                _LOGGER.exception(
                    "A WhatsApp status for %s could not be applied", masked_wa_id(update.recipient)
                )

    async def _process(self, message: Inbound) -> None:
        who = ChannelIdentity(CHANNEL, message.wa_id)
        try:
            with self._read.handling(message.wa_id, message.message_id):
                await self._windows.note_inbound(who, message.sent_at)
                await self._handle(message)
        except Exception:
            # Failed for good (the handler answers its own errors): not handled again, or one
            # broken message would come back at every start. A stop (cancellation) leaves the
            # message waiting for the next start.
            _LOGGER.exception("A WhatsApp message from %s failed", masked_wa_id(message.wa_id))
        # The sender and the text are cleared from the inbox now.
        await self._inbox.handled(message.message_id)
        await self._inbox.prune_when_due()
