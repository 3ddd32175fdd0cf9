"""What a channel's sender may raise; the delivery worker decides the row's fate by the type."""

from __future__ import annotations


class SendError(Exception):
    """Base of the errors a `DeliveryChannel` raises for one send."""


class RecipientGone(SendError):
    """The person cannot be reached: blocked the bot, deleted the account, never started the
    bot, or the chat does not exist. Not retried; the person is marked blocked."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SlowDown(SendError):
    """Flood control: no broadcast send may start for `retry_after` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"flood control: retry after {retry_after:g} s")
        self.retry_after = retry_after


class TransientSendError(SendError):
    """Network trouble or a server error: worth retrying later."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class SendRejected(SendError):
    """The platform refused this content for this chat (a bad request): retrying would only
    fail again, so the delivery fails at once with the reason."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class SlowRecipient(SendError):
    """This one person got too many messages too quickly (WhatsApp's pair rate limit): only
    their delivery waits `retry_after` seconds; the broadcast goes on at its pace."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"too many messages to this person: retry after {retry_after:g} s")
        self.retry_after = retry_after
