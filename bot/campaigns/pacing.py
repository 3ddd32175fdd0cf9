"""When the next broadcast send may start: an overall rate, one chat at a time, flood pauses.

Telegram allows about 30 messages/s overall and about 1 message/s per chat; beyond that it
answers 429 with `retry_after` and pauses the bot. Bookings are computed synchronously (no
await between the check and the booking), so concurrent senders on one event loop cannot
overbook. Times are `time.monotonic()` seconds.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

CHAT_SPACING = 1.0
WINDOW = 1.0


@dataclass
class Slot:
    """One booked send: when it may start and when its answer came back."""

    at: float
    answered_at: float | None = None


class Pacer:
    """A token bucket of `rate` sends/s holding at most `burst` tokens; at least
    `chat_spacing` seconds between two sends to one chat; and a pause every send observes.

    No one-second window at the far end ever holds more than `rate` sends, however late a
    request travels: Telegram sees a send somewhere between its start and its answer, so a
    send starts only a full second after the answer to the send `rate` places before it. The
    achieved rate is thus about rate / (1 + answer time); the bucket spreads sends evenly.
    `rate=None` keeps the per-chat spacing and the pause but no overall limit.

    The pause belongs to this pacer only: replies to people go through the same Bot but not
    through the broadcast's pacer, so flood control on the broadcast never delays them.
    """

    def __init__(
        self,
        rate: float | None,
        *,
        burst: int = 1,
        chat_spacing: float = CHAT_SPACING,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate is not None and rate <= 0:
            raise ValueError("rate must be positive")
        if rate is not None and not 1 <= burst <= max(1, int(rate)):
            raise ValueError("burst must be between 1 and the rate")
        self.rate = rate
        self._interval = 1.0 / rate if rate is not None else 0.0
        self._tolerance = (burst - 1) * self._interval
        self._chat_spacing = chat_spacing
        self._now = monotonic
        self._tat = 0.0  # theoretical arrival time of the next send (GCRA)
        # The last `rate` bookings, oldest first.
        self._recent: deque[Slot] | None = (
            deque(maxlen=max(1, int(rate))) if rate is not None else None
        )
        self._chat_next: dict[str, float] = {}
        self._paused_until = 0.0
        self._answered = asyncio.Event()

    @property
    def paused_until(self) -> float:
        return self._paused_until

    def pause(self, seconds: float) -> None:
        """Flood control: no send starts before `seconds` from now."""
        until = self._now() + seconds
        if until > self._paused_until:
            self._paused_until = until
            self._tat = max(self._tat, until)

    def reserve(self, chat: str) -> Slot | None:
        """Books a send to `chat`, or None when it cannot be booked yet: the chat had a send
        under `chat_spacing` ago (see `chat_free_at`), or the send `rate` places back is
        still unanswered (see `answered`)."""
        now = self._now()
        if self._chat_next.get(chat, 0.0) > now:
            return None
        at = max(now, self._tat - self._tolerance, self._paused_until)
        recent = self._recent
        if recent is not None and len(recent) == recent.maxlen:
            oldest = recent[0].answered_at
            if oldest is None:
                return None
            at = max(at, oldest + WINDOW)
        slot = Slot(at)
        if recent is not None:
            recent.append(slot)
        self._tat = max(self._tat, at) + self._interval
        self._chat_next[chat] = at + self._chat_spacing
        self._forget_quiet_chats(now)
        return slot

    def answered(self, slot: Slot, at: float | None = None) -> None:
        """The send's answer (or failure) came back, or it was never sent."""
        if slot.answered_at is None:
            slot.answered_at = self._now() if at is None else at
            self._answered.set()
            self._answered = asyncio.Event()

    def chat_free_at(self, chat: str) -> float:
        return self._chat_next.get(chat, 0.0)

    @asynccontextmanager
    async def turn(self, chat: str) -> AsyncIterator[None]:
        """Waits for a send to `chat` to be due (booked, on rate, outside any pause); the
        block is the send, and its end counts as the answer."""
        slot = await self._wait_turn(chat)
        try:
            yield
        finally:
            self.answered(slot)

    async def _wait_turn(self, chat: str) -> Slot:
        while True:
            slot = self.reserve(chat)
            if slot is None:
                await self._wait_until_bookable(chat)
                continue
            try:
                delay = slot.at - self._now()
                if delay > 0:
                    await asyncio.sleep(delay)
            except BaseException:
                self.answered(slot, at=slot.at)  # never sent
                raise
            if self._now() >= self._paused_until:
                return slot
            # A 429 arrived while this send waited: give the booking up and queue behind the
            # pause (the chat is ours until then, so drop its spacing before booking again).
            self.answered(slot, at=slot.at)
            self._chat_next.pop(chat, None)

    async def _wait_until_bookable(self, chat: str) -> None:
        chat_wait = self._chat_next.get(chat, 0.0) - self._now()
        if chat_wait > 0:
            await asyncio.sleep(chat_wait)
        else:
            await self._answered.wait()

    def _forget_quiet_chats(self, now: float) -> None:
        # A broadcast reaches each chat about once, so the map would otherwise keep every chat.
        if len(self._chat_next) > 4 * (self.rate or 1000) + 64:
            self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
