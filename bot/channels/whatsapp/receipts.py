"""Read receipts (the blue ticks) for people's messages, behind the replies.

Marking a message read marks the earlier messages of the chat read with it, so only each
person's latest handled message is marked, and one receipt per person is in flight at a time.
A few workers send them: under load the ticks come a moment later and the replies, which share
the CPU and the number's throughput with them, come first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Protocol

from bot.channels.whatsapp.inbox import masked_wa_id

_LOGGER = logging.getLogger(__name__)

RECEIPT_WORKERS = 4


class ReadReceipts(Protocol):
    async def mark_read(self, message_id: str) -> None: ...


class ReceiptSender:
    def __init__(self, receipts: ReadReceipts, *, workers: int = RECEIPT_WORKERS) -> None:
        self._receipts = receipts
        self._workers_wanted = workers
        self._latest: dict[str, str] = {}  # wa_id → the latest handled message not yet marked
        self._queue: asyncio.Queue[str] = asyncio.Queue()  # wa_ids with a receipt to send
        self._queued: set[str] = set()
        self._in_flight: set[str] = set()
        self._workers: list[asyncio.Task[None]] = []

    def note(self, wa_id: str, message_id: str) -> None:
        """The person's message was handled: mark it (and so the earlier ones) read."""
        if not self._workers:  # started with the first receipt, inside the running loop
            self._workers = [
                asyncio.create_task(self._work(), name=f"whatsapp read receipts {n}")
                for n in range(self._workers_wanted)
            ]
        self._latest[wa_id] = message_id
        self._enqueue(wa_id)

    def _enqueue(self, wa_id: str) -> None:
        # A person already queued or in flight is sent their latest id when their turn comes.
        if wa_id not in self._queued and wa_id not in self._in_flight:
            self._queued.add(wa_id)
            self._queue.put_nowait(wa_id)

    async def _work(self) -> None:
        while True:
            wa_id = await self._queue.get()
            self._queued.discard(wa_id)
            message_id = self._latest.pop(wa_id, None)
            self._in_flight.add(wa_id)
            try:
                if message_id is not None:
                    await self._receipts.mark_read(message_id)
            except Exception:
                _LOGGER.warning("A WhatsApp read receipt failed for %s", masked_wa_id(wa_id))
            finally:
                self._in_flight.discard(wa_id)
                if wa_id in self._latest:  # a newer message was handled meanwhile
                    self._enqueue(wa_id)
                self._queue.task_done()

    async def drained(self) -> None:
        """Waits until every noted receipt was sent (or failed)."""
        await self._queue.join()

    async def stop(self) -> None:
        """Sends what is noted (a receipt is a courtesy: a stop may not wait long for it)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.drained(), timeout=5)
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []
