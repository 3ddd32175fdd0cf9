"""Sends the outbox: paced, crash-safe delivery of campaign messages through any channel.

The worker claims only as many rows as it has send slots, sends them through a
channel-agnostic `DeliveryChannel` behind a `Pacer`, and records each outcome before the slot
is freed, so after a crash at most `concurrency` rows can have reached a person without being
recorded (those are the only possible duplicates, after `reclaim`).

Several instances may each run a worker for a channel: claims are disjoint, each row names
the instance that claimed it (only a dead instance's rows are taken back), each worker sends
at its share of the channel's rate, and a channel's "slow down" pauses all of them.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from bot.campaigns.channel import DeliveryChannel, MediaUpload, OutgoingContent
from bot.campaigns.delivery_errors import (
    RecipientGone,
    SendRejected,
    SlowDown,
    SlowRecipient,
    TransientSendError,
)
from bot.campaigns.outcomes import (
    Final,
    Outcome,
    OutcomeWriter,
    Retry,
    Sent,
    Uncancellable,
    UnreachableCallback,
)
from bot.campaigns.pacing import Pacer
from bot.campaigns.progress import ProgressCallback, ProgressReports
from bot.clock import Clock
from bot.observability import metrics
from storage.channel_pauses import ChannelPauseRepository
from storage.database import Database
from storage.instances import InstanceRow
from storage.outbox import (
    DeliveryRow,
    ErrorMark,
    OutboxRepository,
    RetryMark,
    SentMark,
)
from storage.people import PeopleRepository

_LOGGER = logging.getLogger(__name__)

MAX_CONCURRENCY = 100
# How long an instance may miss heartbeats before its rows in flight are taken back (the
# heartbeat's INSTANCE_STALE_SECONDS; standalone workers, in tests and benchmarks, use this).
STALE_AFTER = timedelta(seconds=20)

Render = Callable[[DeliveryRow], Awaitable[OutgoingContent]]
# (MediaUpload.key, file id): lets the campaign code keep the id for later runs
MediaCallback = Callable[[str, str], Awaitable[None]]
# Closes a drained run (and whatever else closes with it); True if this call closed it.
FinishRun = Callable[[int], Awaitable[bool]]
Sleep = Callable[[float], Awaitable[None]]


class DeliveryWorker:
    """Delivers the pending outbox rows of `channel`'s people (each channel has its own worker,
    pacer and flood pauses) through `channel` at `rate` messages/s overall and at most
    one message per chat every `channel.limits.per_chat_interval` seconds, with `concurrency`
    sends in flight.

    `instance_id` names this process in the rows it claims (None for a standalone worker,
    whose rows any other worker may take back). With other instances sending on the channel
    (`on_heartbeat` hears of them), `rate` is split evenly between them.

    `rate=None` lifts the overall limit (local benchmarks only). `paid=True` allows up to the
    channel's paid rate and marks every send `allow_paid_broadcast`. Time comes from `clock`
    (stored times), `monotonic` (pacing and rates) and `sleep`, so tests can run it in fake
    time.

    A run ends when nothing of it is pending or in flight and `finish_run(run_id)` returns
    True (without `finish_run`: once the run's status is `sending`, i.e. fully enqueued);
    `on_progress` then gets its last call, with `eta` zero. Before that it is called at most
    every `progress_interval` seconds per run being sent.
    """

    def __init__(
        self,
        db: Database,
        outbox: OutboxRepository,
        channel: DeliveryChannel,
        render: Render,
        clock: Clock,
        *,
        people: PeopleRepository,
        rate: float | None,
        paid: bool = False,
        max_attempts: int = 5,
        concurrency: int | None = None,
        burst: int = 1,
        retry_base: float = 5.0,
        retry_cap: float = 600.0,
        progress_interval: float = 10.0,
        on_progress: ProgressCallback | None = None,
        on_media_uploaded: MediaCallback | None = None,
        finish_run: FinishRun | None = None,
        on_unreachable: UnreachableCallback | None = None,
        idle_poll: float = 1.0,
        instance_id: str | None = None,
        stale_after: timedelta = STALE_AFTER,
        pauses: ChannelPauseRepository | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        limits = channel.limits
        if rate is not None:
            paid_max = limits.paid_messages_per_second
            ceiling = paid_max if paid else limits.messages_per_second
            if rate > paid_max:
                raise ValueError(f"rate {rate}/s is above paid broadcast's {paid_max:g}/s")
            if rate > ceiling:
                raise ValueError(f"rate {rate}/s needs paid=True (the free limit is {ceiling:g})")
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self._db, self._outbox, self._channel, self._render = db, outbox, channel, render
        self._people = people
        self._clock = clock
        self._sleep = sleep
        self._monotonic = monotonic
        self.instance_id = instance_id
        self._stale_after = stale_after
        self._pauses = pauses or ChannelPauseRepository()
        self.rate = rate
        self.sharing_with = 1  # live workers of the channel, this one included
        self.pacer = Pacer(
            rate,
            burst=burst,
            chat_spacing=limits.per_chat_interval,
            monotonic=monotonic,
            sleep=sleep,
        )
        self.paid = paid
        self.max_attempts = max_attempts
        self.concurrency = concurrency or _default_concurrency(rate)
        # Claim when half the slots are free: one transaction per half batch, not per send.
        self._claim_at = max(1, self.concurrency // 2)
        self._retry_base, self._retry_cap = retry_base, retry_cap
        self._progress = ProgressReports(
            db,
            outbox,
            on_progress,
            interval=progress_interval,
            monotonic=monotonic,
            sleep=sleep,
        )
        self._on_media_uploaded = on_media_uploaded
        self._finish_run = finish_run
        self._on_unreachable = on_unreachable
        self._idle_poll = idle_poll
        self._file_ids: dict[str, str] = {}
        self._upload_locks: dict[str, asyncio.Lock] = {}
        self._wake = asyncio.Event()
        self._in_flight_by_run: Counter[int] = Counter()
        self._on_the_wire: set[int] = set()  # delivery ids whose request may have been sent

    def wake(self) -> None:
        """New rows were enqueued: claim now instead of at the next idle poll."""
        self._wake.set()

    @property
    def channel_name(self) -> str:
        return self._channel.name

    async def reclaim(self, live_since: datetime | None = None) -> int:
        """Takes back rows left `sending` by dead instances (or by standalone workers): their
        heartbeat is older than `live_since` (by default the stale limit ago). A live
        instance's rows in flight are left alone."""
        since = live_since if live_since is not None else self._clock.now() - self._stale_after
        async with self._db.single_statement() as conn:
            reclaimed = await self._outbox.reclaim_orphans(conn, since)
        if reclaimed:
            _LOGGER.warning("Reclaimed %d deliveries left in flight by a crash", reclaimed)
        return reclaimed

    async def on_heartbeat(self, live: Sequence[InstanceRow], stale_before: datetime) -> None:
        """At every heartbeat: take back a dead instance's rows, and send at this worker's
        share of the rate among the live instances that send on the channel."""
        await self.reclaim(stale_before)
        self.share_rate(sum(1 for instance in live if self.channel_name in instance.channels))

    def share_rate(self, workers: int) -> None:
        """Paces at `rate / workers`, so that all the channel's workers together keep to it."""
        workers = max(1, workers)
        if workers != self.sharing_with:
            _LOGGER.info("%s broadcast: %d workers share the rate", self.channel_name, workers)
        self.sharing_with = workers
        if self.rate is not None:
            self.pacer.set_rate(self.rate / workers)

    async def run_until_drained(self, run_id: int | None = None) -> None:
        """Sends until nothing (of the run) is pending or in flight, waiting out retries."""
        await self._work(run_id, stop=None)

    async def run(self, stop: asyncio.Event) -> None:
        """The long-running worker: reclaims, then sends whatever becomes due until `stop` is
        set. On stop, sends already on the wire finish; queued ones go back to pending."""
        await self.reclaim()
        await self._work(None, stop)

    async def _work(self, run_id: int | None, stop: asyncio.Event | None) -> None:
        guard = Uncancellable()
        writer = OutcomeWriter(self._db, self._outbox, self._people, guard, self._on_unreachable)
        background = [asyncio.create_task(writer.run(), name="delivery-outcomes")]
        if self._progress.enabled:
            background.append(asyncio.create_task(self._progress.run(), name="delivery-progress"))
        tasks: dict[asyncio.Task[None], DeliveryRow] = {}
        try:
            while stop is None or not stop.is_set():
                for task in background:
                    if task.done():
                        task.result()  # a failed database write ends the worker
                free = self.concurrency - len(tasks)
                claimed: list[DeliveryRow] = []
                if free >= self._claim_at or not tasks:
                    claimed = await guard.run(self._claim(free, run_id))
                    for row in claimed:
                        self._in_flight_by_run[row.run_id] += 1
                        self._progress.claimed(row.run_id)
                        tasks[asyncio.create_task(self._deliver(row, writer))] = row
                if tasks:
                    await self._wait_for_slot(tasks, background, stop)
                    continue
                await self._finish_runs()
                unfinished = await self._outbox.has_unfinished(self._db.reader, run_id)
                if not unfinished and stop is None:
                    return
                await self._idle(run_id, stop)
        finally:
            await self._shut_down(tasks, background, graceful=stop is not None and stop.is_set())
            await guard.settle()

    async def _claim(self, limit: int, run_id: int | None) -> list[DeliveryRow]:
        await self._observe_shared_pause()
        # Serial, as the outcome writes are: the status triggers of migration 0017 move the
        # run's counters (pending, sending, sent...) in the order each statement meets them, so
        # a claim and another worker's outcome batch, side by side, could deadlock. The claim
        # itself skips rows another claim has locked (PostgreSQL), serial or not.
        async with self._db.transaction() as tx:
            return await self._outbox.claim(
                tx,
                self._clock.now(),
                limit,
                run_id,
                channel=self._channel.name,
                claimed_by=self.instance_id,
            )

    async def _observe_shared_pause(self) -> None:
        """Another instance's worker may have been told to slow down: pause here too."""
        until = await self._pauses.paused_until(self._db.reader, self._channel.name)
        if until is None:
            return
        left = (until - self._clock.now()).total_seconds()
        if left > 0 and self._monotonic() + left > self.pacer.paused_until:
            self.pacer.pause(left)

    async def _share_pause(self, seconds: float) -> None:
        until = self._clock.now() + timedelta(seconds=seconds)
        try:
            async with self._db.single_statement() as conn:
                await self._pauses.pause(conn, self._channel.name, until)
        except Exception:
            # This worker pauses anyway; the others see the next 429 themselves.
            _LOGGER.exception("Sharing the %s flood pause failed", self._channel.name)

    async def _wait_for_slot(
        self,
        tasks: dict[asyncio.Task[None], DeliveryRow],
        background: list[asyncio.Task[None]],
        stop: asyncio.Event | None,
    ) -> None:
        waiters: set[asyncio.Future[Any]] = {*tasks, *background}
        stopper = asyncio.ensure_future(stop.wait()) if stop is not None else None
        if stopper is not None:
            waiters.add(stopper)
        try:
            done, _ = await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            if stopper is not None:
                stopper.cancel()
        runs_emptied = set()
        for task in done:
            row = tasks.pop(task, None) if isinstance(task, asyncio.Task) else None
            if row is None:
                continue
            task.result()
            self._in_flight_by_run[row.run_id] -= 1
            if self._in_flight_by_run[row.run_id] <= 0:
                del self._in_flight_by_run[row.run_id]
                runs_emptied.add(row.run_id)
        if runs_emptied:
            await self._finish_runs(runs_emptied)

    async def _idle(self, run_id: int | None, stop: asyncio.Event | None) -> None:
        """Nothing to send now: sleep until the next retry is due, new work or `stop`."""
        timeout = self._idle_poll
        due = await self._outbox.next_retry_at(self._db.reader, run_id)
        if due is not None:
            timeout = min(timeout, max(0.0, (due - self._clock.now()).total_seconds()))
        waiters = [
            asyncio.ensure_future(self._wake.wait()),
            asyncio.ensure_future(self._sleep(timeout)),
        ]
        if stop is not None:
            waiters.append(asyncio.ensure_future(stop.wait()))
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
        self._wake.clear()

    async def _shut_down(
        self,
        tasks: dict[asyncio.Task[None], DeliveryRow],
        background: list[asyncio.Task[None]],
        *,
        graceful: bool,
    ) -> None:
        if graceful and tasks:
            # Let sends finish (their outcomes are written); queued ones are cancelled below
            # while still waiting for their turn and released afterwards.
            queued = [task for task, row in tasks.items() if row.id not in self._on_the_wire]
            for task in queued:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            released = [tasks[task] for task in queued if task.cancelled()]
            if released:
                await self._release(released)
        else:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)

    async def _release(self, rows: list[DeliveryRow]) -> None:
        now = self._clock.now()
        marks = [RetryMark(row.id, row.attempts, now, None) for row in rows]
        async with self._db.transaction() as tx:
            await self._outbox.schedule_retry(tx, marks)

    # One delivery
    async def _deliver(self, row: DeliveryRow, writer: OutcomeWriter) -> None:
        try:
            outcome = await self._attempt(row)
            await writer.record(outcome)
        finally:
            self._on_the_wire.discard(row.id)
        metrics.delivery_outcome(self._channel.name, _outcome_name(outcome))
        if isinstance(outcome, Sent):
            self._progress.sent(row.run_id)

    async def _attempt(self, row: DeliveryRow) -> Outcome:
        skipped = self._skip_reason(row)
        if skipped is not None:
            return Final("skipped", ErrorMark(row.id, row.attempts, skipped))
        assert row.channel_user_id is not None
        try:
            content = await self._render(row)
        except Exception as error:
            _LOGGER.exception("Rendering delivery %d failed", row.id)
            return self._retry_or_fail(row, f"render: {type(error).__name__}: {error}")
        if self.paid:
            content = replace(content, allow_paid_broadcast=True)
        upload = content.media if isinstance(content.media, MediaUpload) else None
        if upload is None:
            return await self._send(row, row.channel_user_id, content)
        if upload.key in self._file_ids:
            return await self._send(row, row.channel_user_id, self._by_file_id(content, upload))
        # The first send uploads; the others wait for its file id rather than upload again.
        async with self._upload_locks.setdefault(upload.key, asyncio.Lock()):
            if upload.key in self._file_ids:
                content = self._by_file_id(content, upload)
            return await self._send(row, row.channel_user_id, content, upload)

    def _skip_reason(self, row: DeliveryRow) -> str | None:
        if row.person_id is None or row.channel_user_id is None:
            return "recipient erased"
        if row.channel != self._channel.name:
            return f"no sender for channel {row.channel}"
        if row.person_status == "blocked":
            return "recipient blocked"
        return None

    def _by_file_id(self, content: OutgoingContent, upload: MediaUpload) -> OutgoingContent:
        return replace(content, media=self._file_ids[upload.key])

    async def _send(
        self,
        row: DeliveryRow,
        chat: str,
        content: OutgoingContent,
        upload: MediaUpload | None = None,
    ) -> Outcome:
        try:
            async with self.pacer.turn(chat):
                # From here the request may reach the person: a graceful stop lets it finish.
                self._on_the_wire.add(row.id)
                sent = await self._channel.send(chat, content)
        except SlowDown as error:
            metrics.flood_wait(self._channel.name, "broadcast")
            self.pacer.pause(error.retry_after)
            await self._share_pause(error.retry_after)
            _LOGGER.warning(
                "Flood control: %s broadcast paused for %g s",
                self._channel.name,
                error.retry_after,
            )
            resume = self._clock.now() + timedelta(seconds=error.retry_after)
            return Retry(RetryMark(row.id, row.attempts, resume, None))
        except SlowRecipient as error:
            metrics.flood_wait(self._channel.name, "recipient")
            # Only this person waits; not a failed attempt, and the pacer keeps its pace.
            resume = self._clock.now() + timedelta(seconds=error.retry_after)
            return Retry(RetryMark(row.id, row.attempts, resume, str(error)))
        except RecipientGone as error:
            return Final(
                "blocked", ErrorMark(row.id, row.attempts + 1, error.reason), row.person_id
            )
        except SendRejected as error:
            return Final("failed", ErrorMark(row.id, row.attempts + 1, error.detail))
        except TransientSendError as error:
            return self._retry_or_fail(row, error.detail)
        except Exception as error:
            # A bug in a sender must not stop the whole broadcast: the row is retried and
            # then failed with the reason like any other trouble, and the traceback logged.
            _LOGGER.exception("Unexpected error sending delivery %d", row.id)
            return self._retry_or_fail(row, f"{type(error).__name__}: {error}")
        if upload is not None and sent.media_file_id and upload.key not in self._file_ids:
            self._file_ids[upload.key] = sent.media_file_id
            if self._on_media_uploaded is not None:
                try:
                    await self._on_media_uploaded(upload.key, sent.media_file_id)
                except Exception:
                    # Keeping the id is an optimisation for later runs; the send succeeded.
                    _LOGGER.exception("Keeping the file id of %s failed", upload.key)
        return Sent(
            SentMark(row.id, sent.message_id, self._clock.now(), external_id=sent.external_id)
        )

    def _retry_or_fail(self, row: DeliveryRow, reason: str) -> Outcome:
        attempts = row.attempts + 1
        if attempts >= self.max_attempts:
            return Final("failed", ErrorMark(row.id, attempts, reason))
        delay = min(self._retry_cap, self._retry_base * 2 ** (attempts - 1))
        # A little spread, so that rows that failed together do not all come back together.
        delay *= random.uniform(1.0, 1.25)
        due = self._clock.now() + timedelta(seconds=delay)
        return Retry(RetryMark(row.id, attempts, due, reason))

    # The end of runs
    async def _finish_runs(self, runs: Iterable[int] | None = None) -> None:
        """Reports the end of drained runs, once each, closing them through `finish_run`."""
        for run_id in list(runs if runs is not None else self._progress.runs()):
            if not self._progress.tracks(run_id) or self._in_flight_by_run.get(run_id):
                continue
            if await self._run_finished(run_id):
                await self._progress.finished(run_id)

    async def _run_finished(self, run_id: int) -> bool:
        if self._finish_run is not None:
            return await self._finish_run(run_id)
        # Whoever enqueues sets the run `sending` once every recipient is in the outbox; before
        # that an empty outbox only means the worker caught up with the enqueuing.
        reader = self._db.reader
        if await self._outbox.run_status(reader, run_id) != "sending":
            return False
        return not await self._outbox.has_unfinished(reader, run_id)


def _outcome_name(outcome: Outcome) -> str:
    if isinstance(outcome, Sent):
        return "sent"
    if isinstance(outcome, Retry):
        return "retry"
    return outcome.status


def _default_concurrency(rate: float | None) -> int:
    """Enough sends in flight to keep the rate with answers of up to a second, within
    MAX_CONCURRENCY: the worker claims again when half its slots are free, so at least
    `rate` sends are always claimed (on the wire or waiting for their turn)."""
    if rate is None:
        return MAX_CONCURRENCY
    return max(4, min(MAX_CONCURRENCY, math.ceil(rate * 2)))
