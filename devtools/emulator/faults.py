"""Injected failures: the errors and network trouble a bot must survive in production."""

from __future__ import annotations

from dataclasses import dataclass

from devtools.emulator.errors import ApiError, bad_request, forbidden

FAULT_KINDS = (
    "retry_after",
    "blocked",
    "deactivated",
    "not_started",
    "chat_not_found",
    "cant_parse",
    "server_error",
    "bad_gateway",
    "slow",
    "drop",
)


class DropConnection(Exception):
    """Raised after the response head is sent so the server closes the socket mid-response."""


@dataclass(slots=True)
class Fault:
    kind: str
    method: str | None = None  # lower-case method name; None = any method
    chat_id: int | str | None = None
    times: int | None = 1  # None = until cleared
    retry_after: int = 1
    delay: float = 0.0
    status: int = 500  # for server_error: 500, 502, 503...

    def matches(self, method: str, chat_id: int | str | None) -> bool:
        if self.method is not None and self.method != method:
            return False
        return self.chat_id is None or str(self.chat_id) == str(chat_id)

    def error(self) -> ApiError | None:
        """The error to answer with; None for 'slow' and 'drop', which the server handles."""
        match self.kind:
            case "retry_after":
                return ApiError(
                    429,
                    f"Too Many Requests: retry after {self.retry_after}",
                    {"retry_after": self.retry_after},
                )
            case "blocked":
                return forbidden("bot was blocked by the user")
            case "deactivated":
                return forbidden("user is deactivated")
            case "not_started":
                return forbidden("bot can't initiate conversation with a user")
            case "chat_not_found":
                return bad_request("chat not found")
            case "cant_parse":
                # A reply whose HTML Telegram rejects: the commonest Bad Request for a reply.
                return bad_request(
                    "can't parse entities: Can't find end tag corresponding to start tag \"b\""
                )
            case "server_error":
                return ApiError(self.status, _STATUS_TEXT.get(self.status, "Internal Server Error"))
            case "bad_gateway":
                return ApiError(502, "Bad Gateway")
        return None


_STATUS_TEXT = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


class FaultSet:
    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        if fault.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {fault.kind!r}; choose from {FAULT_KINDS}")
        if fault.method is not None:
            fault.method = fault.method.lower()
        self._faults.append(fault)
        return fault

    def clear(self) -> None:
        self._faults.clear()

    def __len__(self) -> int:
        return len(self._faults)

    def take(self, method: str, chat_id: int | str | None) -> Fault | None:
        """The first fault matching this request, consuming one of its uses."""
        if not self._faults:  # the common case: one length check per request
            return None
        for fault in self._faults:
            if fault.matches(method, chat_id):
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                return fault
        return None
