"""The Cloud API's errors: Graph API error bodies answered at once, and the codes that arrive
later in a `failed` status webhook.

Codes, titles and HTTP statuses as in Meta's "WhatsApp error codes" reference (checked): an
answer is `{"error": {"message": "(#<code>) <title>", "type": "OAuthException", "code",
"error_data": {"messaging_product": "whatsapp", "details"}, "fbtrace_id"}}`; 130429 and 131056
answer the send with HTTP 400; an expired or invalid token is HTTP 401 with code 190.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

# code -> (title, HTTP status when answered synchronously)
TITLES: dict[int, tuple[str, int]] = {
    100: ("Invalid parameter", 400),
    190: ("Access token has expired", 401),
    130429: ("Rate limit hit", 400),
    131000: ("Something went wrong", 500),
    131026: ("Message undeliverable", 400),
    131047: ("Re-engagement message", 400),
    131049: (
        "This message was not delivered to maintain healthy ecosystem engagement.",
        400,
    ),
    131053: ("Media upload error", 400),
    131056: ("(Business Account, Consumer Account) pair rate limit hit", 400),
    132000: ("Number of parameters does not match the expected number of params", 400),
    132001: ("Template does not exist", 404),
    132005: ("Template Hydrated Text Too Long", 400),
    132018: ("There was an issue with the parameters in your template.", 400),
}

DETAILS: dict[int, str] = {
    130429: "Cloud API message throughput has been reached.",
    131026: "Message Undeliverable.",
    131047: "Message failed to send because more than 24 hours have passed since the "
    "customer last replied to this number.",
    131049: "In order to maintain a healthy ecosystem engagement, the message failed to be "
    "delivered.",
    131053: "Unable to retrieve the media: the media id is unknown or expired.",
    131056: "Message failed to send because there were too many messages sent from this "
    "phone number to the same phone number in a short period of time.",
    132005: "Translated text is too long.",
    132018: "Param text cannot have new-line/tab characters or more than 4 consecutive spaces",
}

# Reported in a `failed` status webhook after the send was accepted (200 + wamid), never as
# the answer to the send: Meta learns them on the way to the phone.
ASYNC_CODES = frozenset({131026, 131047, 131049, 131053})


def fbtrace_id() -> str:
    return secrets.token_urlsafe(16)[:23]


@dataclass
class CloudError(Exception):
    code: int
    details: str | None = None
    http_status: int | None = None
    subcode: int | None = None
    message: str | None = None  # Graph's own wording when it is not "(#code) title"

    def __str__(self) -> str:
        return f"{self.message or f'(#{self.code}) {self.title}'} ({self.details or ''})"

    @property
    def title(self) -> str:
        return TITLES.get(self.code, ("Unknown error", 400))[0]

    @property
    def status(self) -> int:
        return self.http_status or TITLES.get(self.code, ("", 400))[1]

    def payload(self) -> dict[str, Any]:
        error: dict[str, Any] = {
            "message": self.message or f"(#{self.code}) {self.title}",
            "type": "OAuthException",
            "code": self.code,
        }
        details = self.details or DETAILS.get(self.code)
        if details is not None:
            error["error_data"] = {"messaging_product": "whatsapp", "details": details}
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        error["fbtrace_id"] = fbtrace_id()
        return {"error": error}

    def status_error(self) -> dict[str, Any]:
        """The `errors[]` entry of a failed status webhook."""
        return {
            "code": self.code,
            "title": self.title,
            "message": self.title,
            "error_data": {"details": self.details or DETAILS.get(self.code, self.title)},
            "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
        }


def invalid_parameter(details: str) -> CloudError:
    return CloudError(100, details)


def expired_token() -> CloudError:
    return CloudError(
        190,
        message="Error validating access token: Session has expired.",
        subcode=463,
    )


def invalid_token() -> CloudError:
    return CloudError(190, message="Invalid OAuth access token - Cannot parse access token")


def unknown_object(object_id: str, verb: str = "get") -> CloudError:
    return CloudError(
        100,
        message=f"Unsupported {verb} request. Object with ID '{object_id}' does not exist, "
        "cannot be loaded due to missing permissions, or does not support this operation.",
        subcode=33,
    )
