"""Each person's WhatsApp messages handled one after another, many people at once.

A person's messages wait in their own queue; a worker exists only while the queue has work.
A bounded number of messages is handled at the same time, and a message takes one of those
places only when it is its person's turn, so one person sending a flood delays nobody else.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

from bot.channels.whatsapp.inbox import masked_wa_id
from bot.channels.whatsapp.ports import Inbound

_LOGGER = logging.getLogger(__name__)

CONCURRENT_MESSAGES = 64


class PersonQueues:
    def __init__(
        self,
        handle: Callable[[Inbound], Awaitable[None]],
        *,
        concurrency: int = CONCURRENT_MESSAGES,
    ) -> None:
        self._handle = handle
        self._places = asyncio.Semaphore(concurrency)
        self._waiting: dict[str, deque[Inbound]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._idle = asyncio.Event()
        self._idle.set()

    def put(self, message: Inbound) -> None:
        queue = self._waiting.setdefault(message.wa_id, deque())
        queue.append(message)
        if message.wa_id not in self._workers:
            self._idle.clear()
            self._workers[message.wa_id] = asyncio.create_task(
                self._work(message.wa_id), name=f"whatsapp {masked_wa_id(message.wa_id)}"
            )

    async def _work(self, wa_id: str) -> None:
        queue = self._waiting[wa_id]
        try:
            while queue:
                message = queue[0]
                async with self._places:
                    try:
                        await self._handle(message)
                    except Exception:
                        # The message is not retried: a message that fails every time would
                        # otherwise block its person's queue for good.
                        _LOGGER.exception(
                            "A WhatsApp message from %s could not be handled", masked_wa_id(wa_id)
                        )
                queue.popleft()
        finally:
            self._waiting.pop(wa_id, None)
            self._workers.pop(wa_id, None)
            if not self._workers:
                self._idle.set()

    async def drained(self) -> None:
        """Waits until every queued message was handled."""
        await self._idle.wait()

    async def stop(self) -> None:
        """Stops handling; messages not handled stay in the inbox for the next start."""
        workers = list(self._workers.values())
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
