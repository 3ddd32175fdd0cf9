"""When the next broadcast send may start: an overall rate, one chat at a time, flood pauses.

Telegram allows about 30 messages/s overall and about 1 message/s per chat; beyond that it
answers 429 with `retry_after` and pauses the bot. Reservations are computed synchronously
(no await between the check and the booking), so concurrent senders on one event loop cannot
overbook. Times are `time.monotonic()` seconds.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable

# Sends leave the pacer on schedule but reach Telegram after a variable network delay; keeping
# `rate` sends at least this far beyond one second apart stops a delayed send and a prompt one
# from landing in the same one-second window at the far end.
JITTER_MARGIN = 0.02
CHAT_SPACING = 1.0


class Pacer:
    """A token bucket of `rate` sends/s holding at most `burst` tokens, capped so that no
    one-second window (plus a jitter margin) ever holds more than `rate` sends; at least
    `chat_spacing` seconds between two sends to one chat; and a pause every send observes.
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
        jitter_margin: float = JITTER_MARGIN,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate is not None and rate <= 0:
            raise ValueError("rate must be positive")
        if rate is not None and not 1 <= burst <= max(1, int(rate)):
            raise ValueError("burst must be between 1 and the rate")
        self.rate = rate
        self._interval = 1.0 / rate if rate is not None else 0.0
        self._tolerance = (burst - 1) * self._interval
        self._window = 1.0 + jitter_margin
        self._chat_spacing = chat_spacing
        self._now = monotonic
        self._tat = 0.0  # theoretical arrival time of the next send (GCRA)
        # The last `rate` send times: the next may start only a window after the oldest.
        self._recent: deque[float] | None = (
            deque(maxlen=max(1, int(rate))) if rate is not None else None
        )
        self._chat_next: dict[str, float] = {}
        self._paused_until = 0.0

    @property
    def paused_until(self) -> float:
        return self._paused_until

    def pause(self, seconds: float) -> None:
        """Flood control: no send starts before `seconds` from now."""
        until = self._now() + seconds
        if until > self._paused_until:
            self._paused_until = until
            self._tat = max(self._tat, until)

    def reserve(self, chat: str) -> float | None:
        """Books a send to `chat` and returns its start time, or None if the chat is not free
        yet (its last booked send is under `chat_spacing` ago); then call `chat_free_at`."""
        now = self._now()
        if self._chat_next.get(chat, 0.0) > now:
            return None
        at = max(now, self._tat - self._tolerance, self._paused_until)
        recent = self._recent
        if recent is not None:
            if len(recent) == recent.maxlen:
                at = max(at, recent[0] + self._window)
            recent.append(at)
        self._tat = max(self._tat, at) + self._interval
        self._chat_next[chat] = at + self._chat_spacing
        self._forget_quiet_chats(now)
        return at

    def chat_free_at(self, chat: str) -> float:
        return self._chat_next.get(chat, 0.0)

    async def wait_turn(self, chat: str) -> None:
        """Returns when a send to `chat` may start now: booked, on rate, outside any pause."""
        while True:
            at = self.reserve(chat)
            if at is None:
                await asyncio.sleep(max(0.0, self.chat_free_at(chat) - self._now()))
                continue
            delay = at - self._now()
            if delay > 0:
                await asyncio.sleep(delay)
            if self._now() >= self._paused_until:
                return
            # A 429 arrived while this send waited: give the booking up and queue behind the
            # pause (the chat is ours until then, so drop its spacing before booking again).
            self._chat_next.pop(chat, None)

    def _forget_quiet_chats(self, now: float) -> None:
        # A broadcast reaches each chat about once, so the map would otherwise keep every chat.
        if len(self._chat_next) > 4 * (self.rate or 1000) + 64:
            self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
