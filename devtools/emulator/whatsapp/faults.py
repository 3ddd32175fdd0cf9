"""Injected failures for the next sends: an error code, an HTTP status, a delay."""

from __future__ import annotations

from dataclasses import dataclass

from devtools.emulator.whatsapp.errors import ASYNC_CODES, CloudError


@dataclass
class Fault:
    """`code`: a Cloud API error code. Codes Meta reports later (131047, 131026, 131049,
    131053) make the send succeed and a `failed` status webhook follow; any other code answers
    the send with Meta's error body (HTTP status from the code, or `http_status`). Only
    `http_status`: a bare server error (code 131000). Neither: just the `delay`."""

    code: int | None = None
    http_status: int | None = None
    delay: float = 0.0
    times: int | None = 1  # None: until cleared
    recipient: str | None = None  # a wa_id; None: any
    details: str | None = None
    endpoint: str = "messages"  # or "media"

    @property
    def is_async(self) -> bool:
        return self.code in ASYNC_CODES

    def error(self) -> CloudError | None:
        if self.code is not None:
            return CloudError(self.code, self.details, http_status=self.http_status)
        if self.http_status is not None:
            return CloudError(131000, self.details, http_status=self.http_status)
        return None


class FaultSet:
    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        self._faults.append(fault)
        return fault

    def clear(self) -> None:
        self._faults.clear()

    def __len__(self) -> int:
        return len(self._faults)

    def take(self, endpoint: str, recipient: str | None) -> Fault | None:
        """The first fault for this request, consuming one of its uses."""
        for fault in self._faults:
            if fault.endpoint != endpoint:
                continue
            if fault.recipient is not None and fault.recipient != recipient:
                continue
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
            return fault
        return None
