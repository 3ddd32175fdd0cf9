"""What a channel reports about a campaign message after sending it (WhatsApp's status
webhooks): delivered and read times, and failures that come only after the send was accepted.

WhatsApp accepts a send with 200 and reports some failures later: 131047 (the 24-hour window
had closed: the message goes again, as the template), 131026 (undeliverable) and 131049 (a
marketing message held back for ecosystem health; not retried that day, and a delivery row is
one run's, so it simply ends failed). Reports about messages that are not campaign deliveries
(conversation replies) are ignored.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Protocol

from bot.clock import Clock
from storage.database import Database
from storage.outbox import OutboxRepository
from storage.sql import Connection

_LOGGER = logging.getLogger(__name__)

# The Cloud API's error codes that decide a delivery's fate after the send.
REENGAGEMENT_NEEDED = 131047
UNDELIVERABLE = 131026
HELD_FOR_ECOSYSTEM = 131049


class StatusLike(Protocol):
    """A status report, as bot.channels.whatsapp.ports.StatusUpdate carries it (the core
    imports no channel)."""

    @property
    def message_id(self) -> str: ...

    @property
    def recipient(self) -> str: ...

    @property
    def status(self) -> str: ...  # sent | delivered | read | failed

    @property
    def at(self) -> datetime: ...

    @property
    def error_code(self) -> int | None: ...

    @property
    def error_title(self) -> str | None: ...


class WindowCloser(Protocol):
    """Forgets an address's open 24-hour window, when WhatsApp says it had closed."""

    async def close(self, address: str) -> None: ...


class DeliveryStatuses:
    """Applies status reports to the deliveries they name (by the channel's message id).

    Reports arriving while one write runs go together in the next (group commit): a campaign
    on WhatsApp brings two or three reports per message sent. A delivery sent outside the
    window by mistake is sent again at most until it has used `max_attempts` sends, like any
    other retried delivery."""

    def __init__(
        self,
        db: Database,
        outbox: OutboxRepository,
        windows: WindowCloser,
        clock: Clock,
        *,
        max_attempts: int = 5,
    ) -> None:
        self._db, self._outbox, self._windows, self._clock = db, outbox, windows, clock
        self._max_attempts = max_attempts
        self._queue: list[tuple[StatusLike, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def apply(self, update: StatusLike) -> None:
        if update.status not in ("delivered", "read", "failed"):
            return  # "sent": the delivery was recorded sent when the send was accepted
        if update.error_code == REENGAGEMENT_NEEDED:
            # Closed before the row goes back, so its next attempt finds the window shut and
            # sends the template (and outside the write: closing may write itself).
            await self._windows.close(update.recipient)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.append((update, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_all(), name="delivery-statuses")
        await done

    async def _write_all(self) -> None:
        while self._queue:
            batch, self._queue = self._queue, []
            try:
                async with self._db.transaction() as tx:
                    for update, _ in batch:
                        await self._write(tx, update)
            except Exception as error:
                for _, done in batch:
                    if not done.done():  # the caller may have stopped waiting
                        done.set_exception(error)
                continue
            for _, done in batch:
                if not done.done():
                    done.set_result(None)

    async def _write(self, tx: Connection, update: StatusLike) -> None:
        match update.status:
            case "delivered":
                await self._outbox.mark_delivered(tx, update.message_id, update.at)
            case "read":
                await self._outbox.mark_read(tx, update.message_id, update.at)
            case _:
                await self._failed(tx, update)

    async def _failed(self, tx: Connection, update: StatusLike) -> None:
        code = update.error_code
        delivery = await self._outbox.by_channel_message(tx, update.message_id)
        if delivery is None:
            return
        error = f"{code if code is not None else 'failed'}: {update.error_title or 'no reason'}"
        retried = code == REENGAGEMENT_NEEDED and delivery.attempts < self._max_attempts
        if retried:
            await self._outbox.resend(
                tx, delivery.id, self._clock.now(), error, REENGAGEMENT_NEEDED
            )
        else:
            await self._outbox.fail_after_send(tx, delivery.id, error, code)
        _LOGGER.info(
            "Delivery %d failed after the send (%s); %s",
            delivery.id,
            error,
            "sending it again" if retried else "recorded",
        )
