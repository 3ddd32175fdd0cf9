"""Webhook bodies as Meta sends them (WhatsApp Business Account, field "messages")."""

from __future__ import annotations

import json
from typing import Any

PHONE_NUMBER_ID = "106540352242922"
WABA_ID = "102290129340398"


def notification(
    *, messages: list[dict[str, Any]] | None = None, statuses: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_NUMBER_ID},
    }
    if messages is not None:
        senders = dict.fromkeys(m["from"] for m in messages)
        value["contacts"] = [{"profile": {"name": "Siti"}, "wa_id": s} for s in senders]
        value["messages"] = messages
    if statuses is not None:
        value["statuses"] = statuses
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": WABA_ID, "changes": [{"value": value, "field": "messages"}]}],
    }


def text(wa_id: str, body: str, message_id: str, timestamp: int = 1795000000) -> dict[str, Any]:
    return {
        "from": wa_id,
        "id": message_id,
        "timestamp": str(timestamp),
        "type": "text",
        "text": {"body": body},
    }


def button_reply(wa_id: str, button_id: str, title: str, message_id: str) -> dict[str, Any]:
    return {
        "from": wa_id,
        "id": message_id,
        "timestamp": "1795000000",
        "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"id": button_id, "title": title}},
    }


def list_reply(wa_id: str, row_id: str, title: str, message_id: str) -> dict[str, Any]:
    return {
        "from": wa_id,
        "id": message_id,
        "timestamp": "1795000000",
        "type": "interactive",
        "interactive": {
            "type": "list_reply",
            "list_reply": {"id": row_id, "title": title, "description": ""},
        },
    }


def image(wa_id: str, media_id: str, message_id: str) -> dict[str, Any]:
    return {
        "from": wa_id,
        "id": message_id,
        "timestamp": "1795000000",
        "type": "image",
        "image": {"id": media_id, "mime_type": "image/jpeg", "sha256": "abc="},
    }


def status(
    message_id: str, recipient: str, kind: str, *, error_code: int | None = None
) -> dict[str, Any]:
    update: dict[str, Any] = {
        "id": message_id,
        "status": kind,
        "timestamp": "1795000100",
        "recipient_id": recipient,
    }
    if error_code is not None:
        update["errors"] = [
            {
                "code": error_code,
                "title": "Re-engagement message",
                "message": "Re-engagement message",
                "error_data": {"details": "Message failed to send because more than 24 hours"},
            }
        ]
    return update


def encoded(body: dict[str, Any]) -> bytes:
    return json.dumps(body).encode()
