"""Read receipts (the blue ticks) with "typing…", only for the answers that take a moment.

An answer that comes at once is its own acknowledgement: a separate receipt would double the
Cloud API calls per message for nothing the person sees. When a person's message is still being
handled `SLOW_ANSWER_AFTER` seconds after it started, the message is marked read with the typing
indicator (as Meta advises), once; WhatsApp dismisses the indicator at our next message to them
or after 25 s. Marking a message read marks the earlier ones of the chat too.

A few workers send the receipts, off the handlers' path, one per person in flight at a time.
A receipt whose turn comes after its message's answer was sent is dropped: "typing…" after the
answer would be wrong, and the answer already told the person the message was read.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from typing import Protocol

from bot.channels.whatsapp.inbox import masked_wa_id

_LOGGER = logging.getLogger(__name__)

RECEIPT_WORKERS = 4
# How long handling a message may run before the person is shown it was read and an answer is
# on its way; most answers come well within it and need no receipt.
SLOW_ANSWER_AFTER = 1.0
# A receipt is a courtesy: a stop waits this long at most for the ones on their way.
STOP_WAIT = 1.0


class ReadReceipts(Protocol):
    async def mark_read_typing(self, message_id: str) -> None:
        """Marks the message (and the earlier ones) read and shows "typing…" to its sender."""
        ...


class ReceiptSender:
    def __init__(
        self,
        receipts: ReadReceipts,
        *,
        workers: int = RECEIPT_WORKERS,
        slow_after: float = SLOW_ANSWER_AFTER,
    ) -> None:
        self._receipts = receipts
        self._workers_wanted = workers
        self._slow_after = slow_after
        self._handling: dict[str, str] = {}  # wa_id → the message being handled now
        self._timers: dict[str, asyncio.TimerHandle] = {}  # wa_id → its slow-answer timer
        self._due: dict[str, str] = {}  # wa_id → the slow message whose receipt is not sent yet
        self._queue: asyncio.Queue[str] = asyncio.Queue()  # wa_ids with a receipt to send
        self._queued: set[str] = set()
        self._in_flight: set[str] = set()
        self._workers: list[asyncio.Task[None]] = []

    @contextlib.contextmanager
    def handling(self, wa_id: str, message_id: str) -> Iterator[None]:
        """Around the handling of one person's message (a person's messages come one at a
        time): a receipt with "typing…" if it is still running after `slow_after`."""
        loop = asyncio.get_running_loop()
        self._handling[wa_id] = message_id
        self._timers[wa_id] = loop.call_later(self._slow_after, self._slow, wa_id, message_id)
        try:
            yield
        finally:
            self._timers.pop(wa_id).cancel()
            del self._handling[wa_id]
            if self._due.get(wa_id) == message_id:  # answered before the receipt's turn
                del self._due[wa_id]

    def _slow(self, wa_id: str, message_id: str) -> None:
        if self._handling.get(wa_id) != message_id:
            return
        if not self._workers:  # started with the first slow answer, inside the running loop
            self._workers = [
                asyncio.create_task(self._work(), name=f"whatsapp read receipts {n}")
                for n in range(self._workers_wanted)
            ]
        self._due[wa_id] = message_id
        self._enqueue(wa_id)

    def _enqueue(self, wa_id: str) -> None:
        # A person already queued or in flight is sent their due receipt when their turn comes.
        if wa_id not in self._queued and wa_id not in self._in_flight:
            self._queued.add(wa_id)
            self._queue.put_nowait(wa_id)

    async def _work(self) -> None:
        while True:
            wa_id = await self._queue.get()
            self._queued.discard(wa_id)
            message_id = self._due.pop(wa_id, None)
            self._in_flight.add(wa_id)
            try:
                if message_id is not None:
                    await self._receipts.mark_read_typing(message_id)
            except Exception:
                _LOGGER.warning("A WhatsApp read receipt failed for %s", masked_wa_id(wa_id))
            finally:
                self._in_flight.discard(wa_id)
                if wa_id in self._due:  # the next message was slow too meanwhile
                    self._enqueue(wa_id)
                self._queue.task_done()

    async def drained(self) -> None:
        """Waits until every due receipt was sent (or failed)."""
        await self._queue.join()

    async def stop(self) -> None:
        """Call after the handlers stopped: sends what is due, briefly, then ends the workers."""
        for timer in self._timers.values():
            timer.cancel()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.drained(), timeout=STOP_WAIT)
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []
