"""What the Cloud API client raises: the Graph API's error (its code decides what the caller
does) or no answer at all. Neither ever carries the access token."""

from __future__ import annotations

# Codes the bot acts on (Meta's "Error codes" page for the Cloud API).
RE_ENGAGEMENT_REQUIRED = 131047  # more than 24 hours since the person last wrote
UNDELIVERABLE = 131026  # not on WhatsApp, old app, terms not accepted, or blocked us
THROUGHPUT_REACHED = 130429  # the phone number's messages per second
PAIR_RATE_LIMIT = 131056  # too many messages to the same person in a short time
MARKETING_NOT_DELIVERED = 131049  # held back "to maintain healthy ecosystem engagement"
ACCESS_TOKEN_EXPIRED = 190  # OAuthException: the token expired or was revoked
AUTH_FAILED = 0  # AuthException: the token could not be validated
PERMISSION_DENIED = 10
API_PERMISSIONS = range(200, 300)
NO_ERROR_BODY = -1  # an error answer without Graph's error object (a proxy, a gateway)


class WhatsAppError(Exception):
    """The Cloud API refused a request (Graph's `{"error": {...}}`)."""

    def __init__(
        self,
        code: int,
        message: str,
        *,
        http_status: int,
        subcode: int | None = None,
        details: str | None = None,
    ) -> None:
        text = f"WhatsApp error {code}: {message}"
        if details:
            text += f" ({details})"
        super().__init__(text)
        self.code = code
        self.message = message
        self.http_status = http_status
        self.subcode = subcode
        self.details = details

    @property
    def is_credential_problem(self) -> bool:
        """The token (or its permissions) is at fault: only the operator can fix it."""
        return (
            self.http_status == 401
            or self.code in (ACCESS_TOKEN_EXPIRED, AUTH_FAILED, PERMISSION_DENIED)
            or self.code in API_PERMISSIONS
        )


class WhatsAppUnavailable(Exception):
    """No usable answer: the network failed, the request timed out, or the server answered
    5xx without an error object. Worth retrying later."""
