"""When the next broadcast send may start: an overall rate, one chat at a time, flood pauses.

A channel allows so many messages a second overall and about one a second per chat (its
`ChannelLimits`); beyond that it answers "slow down" (Telegram: 429 with `retry_after`).
Bookings are computed synchronously (no await between the check and the booking), so
concurrent senders on one event loop cannot overbook. Times are `monotonic()` seconds and
waits go through `sleep`, both injected so that tests run the pacer in fake time.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

CHAT_SPACING = 1.0  # the usual per-chat interval; the worker passes its channel's
WINDOW = 1.0
# How much later than its neighbours a request may reach Telegram beyond what its answer
# time shows (scheduling and network noise). The rate loses at least this share.
JITTER = 0.01
# The quickest answer among this many recent ones is the baseline answer time.
ANSWER_MEMORY = 64


@dataclass
class Slot:
    """One booked send: when it may start, when it started and when its answer came back."""

    at: float
    chat: str = ""
    started_at: float | None = None
    answered_at: float | None = None
    # The send `rate` places before, until this one starts.
    after: Slot | None = field(default=None, repr=False)

    @property
    def answer_time(self) -> float | None:
        if self.answered_at is None:
            return None
        return max(0.0, self.answered_at - (self.started_at or self.at))


class Pacer:
    """A token bucket of `rate` sends/s holding at most `burst` tokens; at least
    `chat_spacing` seconds between the answer to a send to a chat and the next send to it;
    and a pause every send observes.

    Sends are pipelined: they start at the rate whatever the answer time, with up to
    rate × answer time of them in flight. No one-second window at Telegram's end holds more
    than `rate` sends as long as a request held up on its way is answered later by as much
    (so that only JITTER goes unseen): a send starts at least WINDOW + JITTER after the start
    of the send `rate` places before it, plus however much longer than the quickest recent
    answer that send's answer took (it may have reached Telegram that much late). The rate
    achieved is thus about rate / (1 + JITTER + the spread of answer times), whatever the
    answer time itself. A send whose answer is not back is not counted on: the send `rate`
    places after it waits for the answer.
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
        jitter: float = JITTER,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate is not None and rate <= 0:
            raise ValueError("rate must be positive")
        if rate is not None and not 1 <= burst <= max(1, int(rate)):
            raise ValueError("burst must be between 1 and the rate")
        self.rate = rate
        self._interval = 1.0 / rate if rate is not None else 0.0
        self._tolerance = (burst - 1) * self._interval
        self._chat_spacing = chat_spacing
        self._jitter = jitter
        self._now = monotonic
        self._sleep = sleep
        self._tat = 0.0  # theoretical arrival time of the next send (GCRA)
        # The last `rate` bookings, oldest first.
        self._recent: deque[Slot] | None = (
            deque(maxlen=max(1, int(rate))) if rate is not None else None
        )
        # Recent answer times as a monotonic queue of (sequence, answer time), rising, so the
        # quickest is its head.
        self._quickest: deque[tuple[int, float]] = deque()
        self._answers = 0
        self._chat_last: dict[str, Slot] = {}
        self._paused_until = 0.0
        self._answered = asyncio.Event()

    def set_rate(self, rate: float) -> None:
        """Changes the overall rate from now on (this worker's share of the channel's rate
        when other instances send on the channel too). The burst shrinks with it if need be."""
        if self.rate is None or rate == self.rate:
            return
        if rate <= 0:
            raise ValueError("rate must be positive")
        burst = round(self._tolerance / self._interval) + 1
        self.rate = rate
        self._interval = 1.0 / rate
        self._tolerance = (min(burst, max(1, int(rate))) - 1) * self._interval
        kept = list(self._recent or ())[-max(1, int(rate)) :]
        self._recent = deque(kept, maxlen=max(1, int(rate)))

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
        """Books a send to `chat`, or None when it cannot be booked yet: the last send to the
        chat is unanswered or was answered under `chat_spacing` ago (see `chat_free_at`), or
        the send `rate` places back is still unanswered (see `answered`)."""
        now = self._now()
        if self.chat_free_at(chat) > now:
            return None
        at = max(now, self._tat - self._tolerance, self._paused_until)
        recent = self._recent
        if recent is not None and len(recent) == recent.maxlen:
            after = recent[0]
            if after.answered_at is None:
                return None
            at = max(at, self._window_after(after))
        else:
            after = None
        slot = Slot(at, chat, after=after)
        if recent is not None:
            recent.append(slot)
        self._tat = max(self._tat, at) + self._interval
        self._chat_last[chat] = slot
        self._forget_quiet_chats(now)
        return slot

    def _window_after(self, before: Slot) -> float:
        """When a send may start, given the answered send `rate` places before it."""
        answer_time = before.answer_time
        assert answer_time is not None
        late = max(0.0, answer_time - self.quickest_answer_time)
        start = before.started_at if before.started_at is not None else before.at
        return start + WINDOW + self._jitter + late

    def due(self, slot: Slot) -> float:
        """When a booked send may start: its booking, or later when answers have since come
        back quicker (the send it follows then looks later than it did at booking)."""
        if slot.after is None:
            return slot.at
        return max(slot.at, self._window_after(slot.after))

    def started(self, slot: Slot) -> None:
        """The send's request is leaving now (it may start later than booked)."""
        slot.started_at = max(slot.at, self._now())
        slot.after = None  # what it followed is no longer needed (nor kept alive)

    def answered(self, slot: Slot, at: float | None = None, *, sent: bool = True) -> None:
        """The send's answer (or failure) came back, or (`sent=False`) it was never sent."""
        if slot.answered_at is not None:
            return
        slot.answered_at = self._now() if at is None else at
        if sent:
            self._remember_answer_time(slot)
        else:
            slot.started_at = slot.answered_at = slot.at
        self._answered.set()
        self._answered = asyncio.Event()

    @property
    def quickest_answer_time(self) -> float:
        return self._quickest[0][1] if self._quickest else 0.0

    def _remember_answer_time(self, slot: Slot) -> None:
        answer_time = slot.answer_time
        assert answer_time is not None
        quickest = self._quickest
        while quickest and quickest[-1][1] >= answer_time:
            quickest.pop()
        self._answers += 1
        quickest.append((self._answers, answer_time))
        if quickest[0][0] <= self._answers - ANSWER_MEMORY:
            quickest.popleft()

    def chat_free_at(self, chat: str) -> float:
        """When the next send to `chat` may start (infinity while its last one is out)."""
        last = self._chat_last.get(chat)
        if last is None:
            return 0.0
        if last.answered_at is None:
            return float("inf")
        return max(last.at, last.answered_at) + self._chat_spacing

    @asynccontextmanager
    async def turn(self, chat: str) -> AsyncIterator[None]:
        """Waits for a send to `chat` to be due (booked, on rate, outside any pause); the
        block is the send, and its end counts as the answer."""
        slot = await self._wait_turn(chat)
        self.started(slot)
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
                # A deadline that only ever moves later, not an event anyone could signal.
                while (delay := self.due(slot) - self._now()) > 0:
                    await self._sleep(delay)
            except BaseException:
                self.answered(slot, sent=False)
                raise
            if self._now() >= self._paused_until:
                return slot
            # A 429 arrived while this send waited: give the booking up and queue behind the
            # pause (the chat is ours until then, so drop its spacing before booking again).
            self.answered(slot, sent=False)
            self._chat_last.pop(chat, None)

    async def _wait_until_bookable(self, chat: str) -> None:
        chat_wait = self.chat_free_at(chat) - self._now()
        if 0 < chat_wait < float("inf"):
            await self._sleep(chat_wait)
        else:
            await self._answered.wait()

    def _forget_quiet_chats(self, now: float) -> None:
        # A broadcast reaches each chat about once, so the map would otherwise keep every chat.
        if len(self._chat_last) > 4 * (self.rate or 1000) + 64:
            self._chat_last = {
                c: s for c, s in self._chat_last.items() if self.chat_free_at(c) > now
            }
