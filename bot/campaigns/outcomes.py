"""Recording what became of each send: sent, retried later, or ended (failed, blocked,
skipped), written in group commits that outlive a cancelled worker."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from storage.database import Database
from storage.outbox import ErrorMark, OutboxRepository, RetryMark, SentMark
from storage.people import PeopleRepository

_T = TypeVar("_T")

# Told the ids of people just marked unreachable (PeopleService keeps reachability cached).
UnreachableCallback = Callable[[list[int]], None]


@dataclass(frozen=True)
class Sent:
    mark: SentMark


@dataclass(frozen=True)
class Final:
    status: Literal["failed", "blocked", "skipped"]
    mark: ErrorMark
    person_id: int | None = None  # set for `blocked`: the person is blocked too


@dataclass(frozen=True)
class Retry:
    mark: RetryMark


Outcome = Sent | Final | Retry


class Uncancellable:
    """Runs database steps to the end even when the worker is cancelled, and lets the worker
    wait for them on its way out: a cancelled `Database.transaction()` could otherwise leave
    the shared writer connection inside a half-begun transaction. Rows claimed by a cancelled
    worker stay `sending` until `reclaim`, exactly as after a crash."""

    def __init__(self) -> None:
        self._running: set[asyncio.Task[Any]] = set()

    async def run(self, step: Coroutine[Any, Any, _T]) -> _T:
        task = asyncio.ensure_future(step)
        self._running.add(task)
        task.add_done_callback(self._running.discard)
        return await asyncio.shield(task)

    async def settle(self) -> None:
        await asyncio.gather(*self._running, return_exceptions=True)


class OutcomeWriter:
    """Group commit: outcomes that arrive while one write runs go together in the next."""

    def __init__(
        self,
        db: Database,
        outbox: OutboxRepository,
        people: PeopleRepository,
        guard: Uncancellable,
        on_unreachable: UnreachableCallback | None = None,
    ) -> None:
        self._db, self._outbox, self._guard = db, outbox, guard
        self._people = people  # marks unreachable people blocked, in the outcomes' transaction
        self._on_unreachable = on_unreachable
        self._queue: list[tuple[Outcome, asyncio.Future[None]]] = []
        self._ready = asyncio.Event()

    async def record(self, outcome: Outcome) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.append((outcome, done))
        self._ready.set()
        await done

    async def run(self) -> None:
        while True:
            await self._ready.wait()
            self._ready.clear()
            batch, self._queue = self._queue, []
            try:
                await self._guard.run(self._write([outcome for outcome, _ in batch]))
            except Exception as error:
                for _, done in batch:
                    if not done.done():  # a stopping worker may have cancelled the wait
                        done.set_exception(error)
                raise
            for _, done in batch:
                if not done.done():
                    done.set_result(None)

    async def _write(self, outcomes: list[Outcome]) -> None:
        sent = [o.mark for o in outcomes if isinstance(o, Sent)]
        retries = [o.mark for o in outcomes if isinstance(o, Retry)]
        finals = [o for o in outcomes if isinstance(o, Final)]
        async with self._db.transaction() as tx:
            if sent:
                await self._outbox.mark_sent(tx, sent)
            if retries:
                await self._outbox.schedule_retry(tx, retries)
            for status in ("failed", "blocked", "skipped"):
                marks = [o.mark for o in finals if o.status == status]
                if marks:
                    await self._outbox.mark_final(tx, status, marks)
            gone = [o.person_id for o in finals if o.person_id is not None]
            if gone:
                await self._people.block(tx, gone)
        if gone and self._on_unreachable is not None:
            self._on_unreachable(gone)
