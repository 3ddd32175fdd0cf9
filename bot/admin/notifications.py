"""How services tell the PR admins something, whatever the channel."""

from __future__ import annotations

from typing import Protocol


class AdminNotifier(Protocol):
    async def notify_admins(self, key: str, /, **values: object) -> None:
        """Sends the catalogue message `key`, formatted with `values`, to the admin group."""
        ...
