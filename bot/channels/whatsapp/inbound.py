"""The webhook's JSON as plain data: the messages people sent (`Inbound`) and what became of
ours (`StatusUpdate`), in the shape Meta's WhatsApp Business Account webhook documents
(`entry[].changes[].value.messages[]` / `statuses[]`).

Meta adds message types and fields over time, so anything we do not use is ignored and an
unknown message type arrives as kind "other" (the person is told what we understand); only a
body that is not a webhook at all is refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from bot.channels.whatsapp.ports import Inbound, InboundKind, StatusKind, StatusUpdate

_STATUSES: frozenset[str] = frozenset({"sent", "delivered", "read", "failed"})


class MalformedWebhook(ValueError):
    """The body is not a WhatsApp Business Account webhook."""


@dataclass(frozen=True)
class Notification:
    """One webhook POST: it may carry several messages and statuses at once."""

    messages: list[Inbound] = field(default_factory=list)
    statuses: list[StatusUpdate] = field(default_factory=list)


def parse_notification(body: bytes) -> Notification:
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MalformedWebhook(f"not JSON: {error}") from None
    if not isinstance(payload, dict) or payload.get("object") != "whatsapp_business_account":
        raise MalformedWebhook("not a whatsapp_business_account webhook")
    notification = Notification()
    for value in _values(payload):
        names = _profile_names(value)
        for message in _dicts(value.get("messages")):
            inbound = _inbound(message, names)
            if inbound is not None:
                notification.messages.append(inbound)
        for status in _dicts(value.get("statuses")):
            update = _status(status)
            if update is not None:
                notification.statuses.append(update)
    return notification


def _values(payload: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for entry in _dicts(payload.get("entry")):
        for change in _dicts(entry.get("changes")):
            value = change.get("value")
            if change.get("field") == "messages" and isinstance(value, dict):
                yield value


def _dicts(items: object) -> Iterator[Mapping[str, Any]]:
    if isinstance(items, list):
        yield from (item for item in items if isinstance(item, dict))


def _profile_names(value: Mapping[str, Any]) -> dict[str, str]:
    names: dict[str, str] = {}
    for contact in _dicts(value.get("contacts")):
        profile = contact.get("profile")
        name = profile.get("name") if isinstance(profile, dict) else None
        if isinstance(contact.get("wa_id"), str) and isinstance(name, str):
            names[contact["wa_id"]] = name
    return names


def _moment(value: object) -> datetime:
    """Webhook timestamps are Unix seconds as strings."""
    try:
        return datetime.fromtimestamp(int(str(value)), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return datetime.now(UTC)


def _inbound(message: Mapping[str, Any], names: Mapping[str, str]) -> Inbound | None:
    message_id, sender = message.get("id"), message.get("from")
    if not isinstance(message_id, str) or not isinstance(sender, str):
        return None
    if message.get("type") == "reaction":
        return None  # an emoji on one of our messages asks for no answer
    kind: InboundKind = "other"
    text, choice, media, mime = "", None, None, None
    match message.get("type"):
        case "text":
            kind, text = "text", _str(_part(message, "text").get("body"))
        case "interactive":
            interactive = _part(message, "interactive")
            reply_type = interactive.get("type")
            if reply_type in ("button_reply", "list_reply"):
                reply = _part(interactive, str(reply_type))
                kind = "button" if reply_type == "button_reply" else "list"
                text, choice = _str(reply.get("title")), _str(reply.get("id")) or None
        case "button":  # a template's quick-reply button
            button = _part(message, "button")
            kind, text = "button", _str(button.get("text"))
            choice = _str(button.get("payload")) or None
        case "image" | "document" as media_type:
            part = _part(message, media_type)
            kind = "image" if media_type == "image" else "document"
            media, mime = _str(part.get("id")) or None, _str(part.get("mime_type")) or None
            text = _str(part.get("caption"))
    return Inbound(
        message_id=message_id,
        wa_id=sender,
        sent_at=_moment(message.get("timestamp")),
        kind=kind,
        text=text,
        choice_id=choice,
        media_id=media,
        mime_type=mime,
        profile_name=names.get(sender),
    )


def _status(status: Mapping[str, Any]) -> StatusUpdate | None:
    message_id, recipient, kind = status.get("id"), status.get("recipient_id"), status.get("status")
    if not isinstance(message_id, str) or not isinstance(recipient, str) or kind not in _STATUSES:
        return None
    code, title = None, None
    for error in _dicts(status.get("errors")):
        raw = error.get("code")
        code = raw if isinstance(raw, int) else None
        title = _str(error.get("title")) or _str(error.get("message")) or None
        break
    return StatusUpdate(
        message_id=message_id,
        recipient=recipient,
        status=cast(StatusKind, kind),
        at=_moment(status.get("timestamp")),
        error_code=code,
        error_title=title,
    )


def _part(container: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    part = container.get(name)
    return part if isinstance(part, dict) else {}


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


# --- The inbox keeps each message as JSON until it is handled ------------------------------


def inbound_to_json(message: Inbound) -> str:
    """The message as the inbox stores it; the profile name is never stored."""
    fields = asdict(message)
    fields["sent_at"] = message.sent_at.isoformat()
    fields.pop("profile_name")
    return json.dumps(fields, ensure_ascii=False)


def inbound_from_json(stored: str) -> Inbound:
    fields = json.loads(stored)
    fields["sent_at"] = datetime.fromisoformat(fields["sent_at"])
    return Inbound(**fields)
