"""CloudApiEmulator: the in-process test API around the emulated WhatsApp Cloud API."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any

import httpx

from devtools.emulator.serving import EmulatorServer
from devtools.emulator.whatsapp import webhooks
from devtools.emulator.whatsapp.errors import CloudError, invalid_parameter
from devtools.emulator.whatsapp.faults import Fault, FaultSet
from devtools.emulator.whatsapp.limits import SendLimits
from devtools.emulator.whatsapp.media import MediaRecord, MediaStore, upload_problem
from devtools.emulator.whatsapp.messages import SentMessage
from devtools.emulator.whatsapp.people import SimPerson, new_wamid
from devtools.emulator.whatsapp.server import RecordedRequest, build_app
from devtools.emulator.whatsapp.spec import is_read_receipt, message_schema
from devtools.emulator.whatsapp.templates import ApprovedTemplate, TemplateRegistry

_MEDIA_TYPES = ("image", "document", "video", "audio", "sticker")
# How long the Cloud API keeps an uploaded file (and its id works in sends).
MEDIA_LIFETIME = 30 * 24 * 60 * 60.0


def _media_ids(body: dict[str, Any]) -> list[str]:
    """Every media id a send names: its own media, an interactive message's header, or a
    template's header parameter."""
    kind = body.get("type")
    found = [body.get(kind)] if kind in _MEDIA_TYPES else []
    header = (body.get("interactive") or {}).get("header") or {}
    found.append(header.get(header.get("type")) if header.get("type") in _MEDIA_TYPES else None)
    for component in (body.get("template") or {}).get("components") or []:
        for parameter in component.get("parameters") or []:
            if parameter.get("type") in _MEDIA_TYPES:
                found.append(parameter.get(parameter["type"]))
    return [str(media["id"]) for media in found if isinstance(media, dict) and "id" in media]


class CloudApiEmulator:
    def __init__(
        self,
        *,
        access_token: str = "EMULATOR-ACCESS-TOKEN",
        app_secret: str = "emulator-app-secret",
        phone_number_id: str = "106540352242922",
        display_phone_number: str = "15550783881",
        business_account_id: str = "419561257915477",
        version: str = "v23.0",
        webhook_url: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        rate_per_second: float | None = 80,
        pair_interval: float | None = 6.0,
        pair_burst: int = 45,
        latency: float = 0.0,
        status_webhooks: bool = True,
        status_delay: float = 0.05,
        record_history: bool = True,
        webhook_retry_delays: Sequence[float] = (0.25, 0.5, 1.0, 2.0, 4.0),
        clock: Callable[[], float] = time.time,
    ) -> None:
        """`rate_per_second` / `pair_interval` None: that limit is off. `latency`: every
        answer waits this long (seconds). `webhook_url`: where the bot's webhook is (settable
        later, as `emulator.webhooks.url`); without it webhooks are only recorded.
        `status_delay`: a message's statuses are posted that long after its send was answered,
        so (as on the real API) a status does not overtake the answer carrying the wamid."""
        self.access_token = access_token
        self.expired_tokens: set[str] = set()
        self.version = version
        self.business = webhooks.Business(
            phone_number_id, display_phone_number, business_account_id, app_secret
        )
        self.limits = SendLimits(
            rate_per_second, pair_interval=pair_interval, pair_burst=pair_burst
        )
        self.latency = latency
        self.status_webhooks = status_webhooks
        self.status_delay = status_delay
        self.record_history = record_history
        self.now = clock
        self.webhooks = webhooks.WebhookSender(
            self.business, url=webhook_url, retry_delays=webhook_retry_delays, record=record_history
        )
        self.templates = TemplateRegistry()
        self.faults = FaultSet()
        self.media = MediaStore()
        self.people: dict[str, SimPerson] = {}
        self.sent: list[SentMessage] = []  # every accepted send, delivered or failed later
        self.requests: list[RecordedRequest] = []
        self.inbound_ids: dict[str, str] = {}  # wamid of a person's message -> their wa_id
        self.send_count = 0
        self.read_receipt_count = 0  # read receipts, with or without the typing indicator
        self.host = host
        self._requested_port = port
        self._server: EmulatorServer | None = None
        message_schema()  # prepare the spec now, not on the first request

    # Lifecycle
    async def start(self) -> None:
        self._server = EmulatorServer(build_app(self), self.host, self._requested_port)
        await self._server.start()

    async def stop(self) -> None:
        if self._server is not None:
            await self._server.stop()
            self._server = None
        await self.webhooks.close()  # after the server: no send can queue a status any more

    async def wait_closed(self) -> None:
        if self._server is not None:
            await self._server.wait_closed()

    async def __aenter__(self) -> CloudApiEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("emulator is not started")
        return self._server.port

    @property
    def base_url(self) -> str:
        """WHATSAPP_API_BASE_URL for the bot (it appends /{version}/...)."""
        return f"http://{self.host}:{self.port}"

    @property
    def phone_number_id(self) -> str:
        return self.business.phone_number_id

    @property
    def app_secret(self) -> str:
        return self.business.app_secret

    @property
    def webhook_url(self) -> str | None:
        return self.webhooks.url

    @webhook_url.setter
    def webhook_url(self, url: str | None) -> None:
        """The bot's webhook, when it is known only after the emulator started."""
        self.webhooks.url = url

    def settings(self) -> dict[str, str]:
        """The bot's WHATSAPP_* settings for this emulator."""
        return {
            "WHATSAPP_ACCESS_TOKEN": self.access_token,
            "WHATSAPP_PHONE_NUMBER_ID": self.phone_number_id,
            "WHATSAPP_BUSINESS_ACCOUNT_ID": self.business.business_account_id,
            "WHATSAPP_APP_SECRET": self.app_secret,
            "WHATSAPP_API_BASE_URL": self.base_url,
            "WHATSAPP_API_VERSION": self.version,
        }

    # People and their windows
    def person(self, wa_id: str, name: str = "") -> SimPerson:
        """The simulated WhatsApp user with this id, created on first use."""
        if wa_id not in self.people:
            self.people[wa_id] = SimPerson(self, wa_id, name or f"User {wa_id[-4:]}")
        return self.people[wa_id]

    def close_window(self, wa_id: str) -> None:
        """As if the person last wrote more than 24 hours ago (or never)."""
        self.person(wa_id).last_inbound_at = None

    def set_last_inbound(self, wa_id: str, at: datetime | float) -> None:
        self.person(wa_id).last_inbound_at = at.timestamp() if isinstance(at, datetime) else at

    async def next_message(self, wa_id: str, timeout: float = 5.0) -> SentMessage:  # noqa: ASYNC109
        """The next message delivered to this person."""
        return await self.person(wa_id).reply(timeout)

    # Templates, media, faults, tokens
    def approve_template(
        self,
        name: str,
        language: str,
        *,
        body_parameters: int = 0,
        url_button: bool = False,
        header_image: bool = False,
        category: str = "MARKETING",
        body_length: int = 0,
    ) -> ApprovedTemplate:
        """`body_length`: the characters of the body's own words (without its placeholders);
        with the parameters they must fit WhatsApp's 1024 (132005 otherwise)."""
        return self.templates.approve(
            ApprovedTemplate(
                name, language, body_parameters, url_button, header_image, category, body_length
            )
        )

    def store_media(self, data: bytes, mime_type: str, filename: str | None = None) -> MediaRecord:
        return self.media.add(data, mime_type, filename, self.now())

    def fail_next(
        self,
        code: int | None = None,
        *,
        times: int | None = 1,
        recipient: str | None = None,
        http_status: int | None = None,
        delay: float = 0.0,
        details: str | None = None,
        endpoint: str = "messages",
    ) -> Fault:
        """The next `times` sends (to `recipient`, or to anyone) fail with `code` (see Fault)."""
        return self.faults.add(Fault(code, http_status, delay, times, recipient, details, endpoint))

    def expire_token(self) -> None:
        """From now on the current access token answers 401 code 190 "Session has expired"."""
        self.expired_tokens.add(self.access_token)

    async def verify_webhook(self, verify_token: str) -> bool:
        """Meta's subscription handshake against the bot's webhook: True when it echoes the
        challenge (200, plain text)."""
        if self.webhooks.url is None:
            raise RuntimeError("no webhook_url to verify")
        challenge = str(secrets.randbelow(10**9))
        params = {"hub.mode": "subscribe", "hub.verify_token": verify_token}
        async with httpx.AsyncClient() as http:
            answer = await http.get(
                self.webhooks.url, params={**params, "hub.challenge": challenge}
            )
        return answer.status_code == 200 and answer.text == challenge

    async def settle(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Waits for every queued status webhook (and pending retry) to be attempted."""
        await self.webhooks.settle(timeout)

    # The Graph API's logic (the server calls these)
    async def handle_send(self, body: Any) -> dict[str, Any]:
        problems = message_schema().problems(body)
        if problems:
            raise invalid_parameter(problems[0])
        if is_read_receipt(body):
            return self._mark_read(body["message_id"], typing="typing_indicator" in body)
        recipient = "".join(ch for ch in body["to"] if ch.isdigit())
        if not recipient:
            raise invalid_parameter(f"Param to: {body['to']!r} is not a phone number")
        fault = self.faults.take("messages", recipient)
        if fault is not None and fault.delay:
            await asyncio.sleep(fault.delay)
        error = fault.error() if fault is not None else None
        if error is not None and not (fault and fault.is_async):
            raise error
        approved = self.templates.check(body["template"]) if body["type"] == "template" else None
        if not self.limits.throughput_ok(time.monotonic()):
            raise CloudError(130429)
        if not self.limits.pair_ok(recipient, time.monotonic()):
            raise CloudError(131056)
        message = SentMessage(new_wamid(), recipient, body, self.now())
        self.send_count += 1
        if self.record_history:
            self.sent.append(message)
        self._dispatch(message, approved, error)
        accepted: dict[str, Any] = {"id": message.id}
        if approved is not None:
            accepted["message_status"] = "accepted"
        return {
            "messaging_product": "whatsapp",
            "contacts": [{"input": body["to"], "wa_id": recipient}],
            "messages": [accepted],
        }

    async def handle_upload(self, data: bytes, mime_type: str, filename: str | None) -> Any:
        fault = self.faults.take("media", None)
        if fault is not None:
            if fault.delay:
                await asyncio.sleep(fault.delay)
            error = fault.error()
            if error is not None:
                raise error
        if not data:
            raise invalid_parameter("Param file: the file is empty")
        problem = upload_problem(mime_type, len(data))
        if problem is not None:
            raise invalid_parameter(problem)
        return {"id": self.store_media(data, mime_type, filename).id}

    def _mark_read(self, message_id: str, *, typing: bool) -> dict[str, Any]:
        wa_id = self.inbound_ids.get(message_id)
        if wa_id is None:
            raise invalid_parameter(f"Param message_id: no message {message_id!r} was received")
        person = self.people[wa_id]
        person.marked_read.add(message_id)
        if typing:
            person.show_typing(message_id)
        self.read_receipt_count += 1
        return {"success": True}

    def _dispatch(
        self, message: SentMessage, approved: ApprovedTemplate | None, fault: CloudError | None
    ) -> None:
        """What happens on the way to the phone: delivered, or a `failed` status later."""
        person = self.person(message.to)
        failure = fault or self._failure(message, person, approved)
        template = approved is not None
        category = approved.category if approved else "service"
        if failure is not None:
            message.outcome, message.error_code = "failed", failure.code
            self._status(message, "failed", template, category, failure.status_error())
            return
        person.deliver(message)
        kinds = ("sent", "delivered", "read") if person.reads else ("sent", "delivered")
        for kind in kinds:
            self._status(message, kind, template, category)

    def _failure(
        self, message: SentMessage, person: SimPerson, approved: ApprovedTemplate | None
    ) -> CloudError | None:
        if any(not self._media_usable(media_id) for media_id in _media_ids(message.body)):
            return CloudError(131053)
        if person.delivery == "undeliverable":
            return CloudError(131026)
        if approved is None and not person.window_open:
            return CloudError(131047)
        if approved and approved.category == "MARKETING" and person.delivery == "marketing_limited":
            return CloudError(131049)
        return None

    def _media_usable(self, media_id: str) -> bool:
        """Uploaded media is kept 30 days; an id past that is as unknown as a made-up one."""
        record = self.media.get(media_id)
        return record is not None and self.now() - record.uploaded_at < MEDIA_LIFETIME

    def _status(
        self,
        message: SentMessage,
        kind: str,
        template: bool,
        category: str,
        error: dict[str, Any] | None = None,
    ) -> None:
        message.statuses.append(kind)
        if not self.status_webhooks:
            return
        payload = webhooks.status(
            self.business,
            message.id,
            message.to,
            kind,
            at=self.now(),
            template=template,
            category=category,
            error=error,
        )
        self.webhooks.send_in_order(payload, delay=self.status_delay)
