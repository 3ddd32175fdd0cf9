"""The WhatsApp Cloud API over httpx: `WhatsAppMessages` as the Graph API's JSON.

A thin client rather than pywa: the bot needs eight endpoints, its own webhook, durable inbox
and error handling, an overridable base URL (for the local emulator) and its own connection
pool; pywa fixes the base URL and brings a framework (handlers, filters, a server) around them.

The access token travels only in the Authorization header: it is never part of a URL, a log
line or an exception's text.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from bot.channels.whatsapp.errors import (
    NO_ERROR_BODY,
    THROUGHPUT_REACHED,
    WhatsAppError,
    WhatsAppUnavailable,
)
from bot.channels.whatsapp.ports import ListSection, MediaHeader, ReplyButton, TemplateMessage

# Like the Telegram sender's: a send is answered within a second normally, and a read timeout
# after the request went out may mean it was delivered (a retry then duplicates it), so the
# read timeout is not cut short.
SEND_TIMEOUT = httpx.Timeout(connect=5.0, read=15.0, write=10.0, pool=10.0)
# Uploads (once per campaign file, up to 100 MB for documents) need time to write the body.
UPLOAD_TIMEOUT = httpx.Timeout(connect=5.0, read=60.0, write=120.0, pool=10.0)
ANSWER_LATENCY = 0.25  # seconds the Cloud API takes to answer a send, as planned for
# Replies share the number's throughput with a campaign paced at it: a reply refused for
# throughput (130429) is tried again after these pauses rather than lost.
REPLY_THROTTLE_PAUSES = (0.5, 1.0, 2.0)


def cloud_api_http(rate_per_second: float, *, latency: float = ANSWER_LATENCY) -> httpx.AsyncClient:
    """An httpx client with its own pool, sized for `rate_per_second` sends that each take
    `latency` seconds (twice that, for answers slower than usual), so that broadcast sends in
    flight never wait for a connection."""
    connections = pool_size(rate_per_second, latency)
    limits = httpx.Limits(
        max_connections=connections, max_keepalive_connections=connections, keepalive_expiry=30
    )
    return httpx.AsyncClient(limits=limits, timeout=SEND_TIMEOUT)


def pool_size(rate_per_second: float, latency: float = ANSWER_LATENCY) -> int:
    return max(8, math.ceil(rate_per_second * latency * 2))


class CloudApiClient:
    """Sends through one business phone number (`phone_number_id`)."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str,
        version: str,
        phone_number_id: str,
        access_token: str,
        throttle_pauses: Sequence[float] = (),
    ) -> None:
        """`throttle_pauses`: how long to wait before each new try of a send refused for
        throughput (130429); none for the broadcast, whose worker paces itself."""
        self._http = http
        self._throttle_pauses = tuple(throttle_pauses)
        self._api = f"{base_url.rstrip('/')}/{version}"
        self._messages_url = f"{self._api}/{phone_number_id}/messages"
        self._media_url = f"{self._api}/{phone_number_id}/media"
        self._auth = {"Authorization": f"Bearer {access_token}"}

    def __repr__(self) -> str:  # the token stays out of reprs (and so of tracebacks' locals)
        return f"CloudApiClient({self._messages_url!r})"

    # Messages
    async def send_text(self, to: str, body: str, *, preview_url: bool = False) -> str:
        return await self._send(to, "text", {"body": body, "preview_url": preview_url})

    async def send_buttons(
        self,
        to: str,
        body: str,
        buttons: Sequence[ReplyButton],
        *,
        footer: str | None = None,
        header: MediaHeader | None = None,
    ) -> str:
        interactive: dict[str, Any] = {
            **_header(header),
            "type": "button",
            "body": {"text": body},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": button.id, "title": button.title}}
                    for button in buttons
                ]
            },
        }
        if footer:
            interactive["footer"] = {"text": footer}
        return await self._send(to, "interactive", interactive)

    async def send_list(
        self, to: str, body: str, *, button: str, sections: Sequence[ListSection]
    ) -> str:
        return await self._send(
            to,
            "interactive",
            {
                "type": "list",
                "body": {"text": body},
                "action": {
                    "button": button,
                    "sections": [_section(section) for section in sections],
                },
            },
        )

    async def send_url_button(
        self, to: str, body: str, *, label: str, url: str, header: MediaHeader | None = None
    ) -> str:
        return await self._send(
            to,
            "interactive",
            {
                **_header(header),
                "type": "cta_url",
                "body": {"text": body},
                "action": {
                    "name": "cta_url",
                    "parameters": {"display_text": label, "url": url},
                },
            },
        )

    async def send_image(self, to: str, media_id: str, *, caption: str | None = None) -> str:
        return await self._send(to, "image", _media(media_id, caption))

    async def send_document(
        self, to: str, media_id: str, *, filename: str, caption: str | None = None
    ) -> str:
        return await self._send(to, "document", {**_media(media_id, caption), "filename": filename})

    async def send_video(self, to: str, media_id: str, *, caption: str | None = None) -> str:
        return await self._send(to, "video", _media(media_id, caption))

    async def send_template(self, to: str, template: TemplateMessage) -> str:
        return await self._send(to, "template", _template(template))

    async def mark_read_typing(self, message_id: str) -> None:
        await self._post_json(
            self._messages_url,
            {
                "messaging_product": "whatsapp",
                "status": "read",
                "message_id": message_id,
                "typing_indicator": {"type": "text"},
            },
        )

    # Media
    async def upload_media(self, data: bytes, *, mime_type: str, filename: str) -> str:
        answer = await self._request(
            "POST",
            self._media_url,
            data={"messaging_product": "whatsapp", "type": mime_type},
            files={"file": (filename, data, mime_type)},
            timeout=UPLOAD_TIMEOUT,
        )
        return _string(answer, "id")

    async def download_media(self, media_id: str) -> tuple[bytes, str]:
        info = await self._request("GET", f"{self._api}/{media_id}")
        url, mime_type = _string(info, "url"), _string(info, "mime_type")
        response = await self._exchange("GET", url, timeout=UPLOAD_TIMEOUT)
        if response.is_error:
            _raise_for(response)
        return response.content, mime_type

    # The wire
    async def _send(self, to: str, kind: str, body: Mapping[str, Any]) -> str:
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": kind,
            kind: body,
        }
        for pause in self._throttle_pauses:
            try:
                answer = await self._post_json(self._messages_url, payload)
                break
            except WhatsAppError as error:
                if error.code != THROUGHPUT_REACHED:
                    raise
                await asyncio.sleep(pause)
        else:
            answer = await self._post_json(self._messages_url, payload)
        messages = answer.get("messages")
        if not isinstance(messages, list) or not messages or not isinstance(messages[0], dict):
            raise WhatsAppUnavailable("the send's answer names no message")
        return _string(messages[0], "id")

    async def _post_json(self, url: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        return await self._request("POST", url, json=payload)

    async def _request(self, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
        response = await self._exchange(method, url, **kwargs)
        if response.is_error:
            _raise_for(response)
        try:
            answer = response.json()
        except ValueError:
            raise WhatsAppUnavailable(f"HTTP {response.status_code} without JSON") from None
        if not isinstance(answer, dict):
            raise WhatsAppUnavailable(f"HTTP {response.status_code} with an unexpected answer")
        return answer

    async def _exchange(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            return await self._http.request(method, url, headers=self._auth, **kwargs)
        except httpx.TransportError as error:
            # httpx's texts name the URL at most, never the headers.
            raise WhatsAppUnavailable(f"{type(error).__name__}: {error}") from error


def _raise_for(response: httpx.Response) -> None:
    """Raises Graph's error object as WhatsAppError (WhatsAppUnavailable for a 5xx without
    one: a gateway or proxy answered, not the Cloud API)."""
    status = response.status_code
    error = _error_object(response)
    if error is None:
        if status >= 500:
            raise WhatsAppUnavailable(f"HTTP {status}")
        raise WhatsAppError(NO_ERROR_BODY, f"HTTP {status}", http_status=status)
    data = error.get("error_data")
    details = data.get("details") if isinstance(data, dict) else None
    subcode = error.get("error_subcode")
    code = error.get("code")
    raise WhatsAppError(
        code if isinstance(code, int) else NO_ERROR_BODY,
        str(error.get("message") or error.get("error_user_msg") or f"HTTP {status}"),
        http_status=status,
        subcode=subcode if isinstance(subcode, int) else None,
        details=details if isinstance(details, str) else None,
    )


def _error_object(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else None


def _string(answer: Mapping[str, Any], key: str) -> str:
    value = answer.get(key)
    if not isinstance(value, str) or not value:
        raise WhatsAppUnavailable(f"the answer has no {key}")
    return value


def _media(media_id: str, caption: str | None) -> dict[str, str]:
    return {"id": media_id, "caption": caption} if caption else {"id": media_id}


def _header(header: MediaHeader | None) -> dict[str, Any]:
    if header is None:
        return {}
    media: dict[str, str] = {"id": header.media_id}
    if header.kind == "document" and header.filename:
        media["filename"] = header.filename
    return {"header": {"type": header.kind, header.kind: media}}


def _section(section: ListSection) -> dict[str, Any]:
    rows = [
        {
            "id": row.id,
            "title": row.title,
            **({"description": row.description} if row.description else {}),
        }
        for row in section.rows
    ]
    return {"title": section.title, "rows": rows} if section.title else {"rows": rows}


def _template(template: TemplateMessage) -> dict[str, Any]:
    components: list[dict[str, Any]] = []
    if template.header_image:
        components.append(
            {
                "type": "header",
                "parameters": [{"type": "image", "image": {"id": template.header_image}}],
            }
        )
    if template.body:
        components.append(
            {
                "type": "body",
                "parameters": [{"type": "text", "text": text} for text in template.body],
            }
        )
    if template.url_suffix is not None:
        # The template's URL button is its first button; the suffix fills its {{1}}.
        components.append(
            {
                "type": "button",
                "sub_type": "url",
                "index": "0",
                "parameters": [{"type": "text", "text": template.url_suffix}],
            }
        )
    body: dict[str, Any] = {
        "name": template.name,
        "language": {"policy": "deterministic", "code": template.language},
    }
    if components:
        body["components"] = components
    return body
