"""Webhook delivery as the Bot API does it, once the bot called setWebhook.

Each update is POSTed as JSON to the webhook URL with the `X-Telegram-Bot-Api-Secret-Token`
header (when a secret was set). A 2xx answer confirms it; any other answer, or no answer, is
recorded as the webhook's last error (getWebhookInfo's `last_error_message`, in Telegram's
words: "Wrong response from the webhook: 401 Unauthorized") and the update is posted again
after a growing pause. One chat's updates go one at a time and in order, an update waiting
for a retry holding back the later ones of its chat, as Telegram's webhook delivery does;
different chats' updates go at once, up to the webhook's `max_connections`.
"""

from __future__ import annotations

import asyncio
import contextlib
import http
import ipaddress
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from devtools.emulator.errors import bad_request
from devtools.emulator.state import EmulatorState, WebhookConfig

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_WEBHOOK_PORTS = (80, 88, 443, 8443)
DEFAULT_MAX_CONNECTIONS = 40
# How long Telegram waits for the webhook to answer one update.
POST_TIMEOUT_SECONDS = 10.0


@dataclass
class _Pending:
    attempts: int = 0
    retry_at: float = 0.0


@dataclass
class WebhookStats:
    posted: int = 0
    failed: int = 0
    in_flight_peak: int = 0
    # update_id -> how many times it was posted (redeliveries show here).
    attempts: dict[int, int] = field(default_factory=dict)


def validate_webhook(params: dict[str, Any]) -> WebhookConfig:
    """The webhook setWebhook asks for, or the error the Bot API answers. Loopback addresses
    are accepted over HTTP and on any port, as a local Bot API server (`--local`) accepts them;
    any other address needs HTTPS on one of Telegram's webhook ports."""
    url = str(params["url"])
    parts = urlsplit(url)
    if not _is_loopback(parts.hostname or ""):
        if parts.scheme != "https":
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if (parts.port or 443) not in _WEBHOOK_PORTS:
            raise bad_request(
                "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
            )
    elif parts.scheme not in ("http", "https"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.get("secret_token")
    if secret is not None and not _SECRET.match(str(secret)):
        raise bad_request("secret token contains unallowed characters")
    # The schema check has already refused a number outside 1-100.
    return WebhookConfig(url, secret, int(params.get("max_connections", DEFAULT_MAX_CONNECTIONS)))


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _queue_key(update: dict[str, Any]) -> object:
    """Which chat (or user) an update belongs to: its updates are delivered in order."""
    for value in update.values():
        if isinstance(value, dict):
            chat = value.get("chat") or (value.get("message") or {}).get("chat")
            if isinstance(chat, dict) and "id" in chat:
                return chat["id"]
            sender = value.get("from")
            if isinstance(sender, dict) and "id" in sender:
                return sender["id"]
    return update.get("update_id")


class WebhookDelivery:
    """The loop that posts the update queue to the webhook while one is set."""

    def __init__(
        self, state: EmulatorState, *, retry_delay: float = 1.0, max_retry_delay: float = 60.0
    ) -> None:
        self.state = state
        self.retry_delay = retry_delay
        self.max_retry_delay = max_retry_delay
        self.stats = WebhookStats()
        self._pending: dict[int, _Pending] = {}
        self._in_flight: dict[int, object] = {}  # update_id -> its queue key
        self._tasks: set[asyncio.Task[None]] = set()
        self._client: httpx.AsyncClient | None = None
        self._loop_task: asyncio.Task[None] | None = None
        self._closed = False

    def start(self) -> None:
        self._closed = False
        self._client = httpx.AsyncClient(timeout=POST_TIMEOUT_SECONDS)
        self._loop_task = asyncio.create_task(self._run(), name="emulator webhook delivery")

    async def stop(self) -> None:
        # The flag too, not only the cancel: Python 3.11's wait_for swallows a cancel that
        # lands as its wait ends (an update queued at the same moment), and the loop would
        # go on waiting.
        self._closed = True
        tasks = [t for t in (self._loop_task, *self._tasks) if t is not None]
        for task in tasks:
            task.cancel()
        self.state.updates_changed.notify()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._loop_task = None
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _run(self) -> None:
        while not self._closed:
            wait = self._launch_due()
            await self.state.updates_changed.wait(wait)

    def _launch_due(self) -> float:
        """Posts every update whose turn it is; returns how long until a retry is due."""
        config = self.state.webhook
        if config is None:
            return 1.0
        now = time.monotonic()
        next_retry = 1.0
        busy = set(self._in_flight.values())
        for update_id, kind, payload in list(self.state.updates):
            update = {"update_id": update_id, kind: payload}
            key = _queue_key(update)
            if update_id in self._in_flight or key in busy:
                busy.add(key)
                continue
            busy.add(key)  # later updates of this chat wait for this one
            pending = self._pending.setdefault(update_id, _Pending())
            if pending.retry_at > now:
                next_retry = min(next_retry, pending.retry_at - now)
                continue
            if len(self._in_flight) >= config.max_connections:
                break
            self._in_flight[update_id] = key
            task = asyncio.create_task(self._post(config, update))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        self.stats.in_flight_peak = max(self.stats.in_flight_peak, len(self._in_flight))
        return next_retry

    async def _post(self, config: WebhookConfig, update: dict[str, Any]) -> None:
        assert self._client is not None
        update_id = int(update["update_id"])
        headers = {"Content-Type": "application/json"}
        if config.secret is not None:
            headers[SECRET_HEADER] = config.secret
        self.stats.attempts[update_id] = self.stats.attempts.get(update_id, 0) + 1
        problem: str | None = None
        try:
            response = await self._client.post(
                config.url, content=json.dumps(update).encode(), headers=headers
            )
            if not 200 <= response.status_code < 300:
                problem = f"Wrong response from the webhook: {_status_line(response.status_code)}"
        except httpx.ConnectError:
            problem = "Connection refused"
        except httpx.TimeoutException:
            problem = "Read timeout expired"
        except httpx.HTTPError as error:
            problem = f"Connection error: {type(error).__name__}"
        finally:
            self._in_flight.pop(update_id, None)
        if problem is None:
            self.stats.posted += 1
            self._confirm(update_id)
        else:
            self.stats.failed += 1
            self._failed(config, update_id, problem)
        self.state.updates_changed.notify()

    def _confirm(self, update_id: int) -> None:
        self._pending.pop(update_id, None)
        with contextlib.suppress(ValueError):
            entry = next(e for e in self.state.updates if e[0] == update_id)
            self.state.updates.remove(entry)
        self.state.last_delivered_update_id = max(self.state.last_delivered_update_id, update_id)

    def _failed(self, config: WebhookConfig, update_id: int, problem: str) -> None:
        config.last_error_date = int(time.time())
        config.last_error_message = problem
        pending = self._pending.setdefault(update_id, _Pending())
        pending.attempts += 1
        delay = min(self.max_retry_delay, self.retry_delay * 2 ** (pending.attempts - 1))
        pending.retry_at = time.monotonic() + delay


def _status_line(code: int) -> str:
    try:
        return f"{code} {http.HTTPStatus(code).phrase}"
    except ValueError:
        return str(code)


def webhook_info(state: EmulatorState) -> dict[str, Any]:
    config = state.webhook
    info: dict[str, Any] = {
        "url": config.url if config else "",
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates),
    }
    if config is None:
        return info
    info["max_connections"] = config.max_connections
    if state.allowed_updates is not None:
        info["allowed_updates"] = sorted(state.allowed_updates)
    if config.last_error_date is not None:
        info["last_error_date"] = config.last_error_date
        info["last_error_message"] = config.last_error_message
    return info
