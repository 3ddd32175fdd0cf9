"""Campaign runs: start what is due, run one delivery worker per channel, and tell the admins
about runs that were missed or reach nobody (the workers report the others' progress)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from datetime import datetime
from typing import Any, Protocol

from bot.campaigns.delivery import DeliveryWorker
from bot.campaigns.planner import CampaignPlanner
from storage.instances import InstanceRow


class RunReports(Protocol):
    """What the admins hear of runs, in their channel (the Telegram admin group)."""

    async def missed(self, campaign_id: int, zone: str, due_at: datetime) -> None: ...

    async def reached_nobody(self, run_id: int, campaign_id: int, zone: str) -> None: ...


# A channel connection the broadcast sends through, opened and closed with the workers: the
# Telegram broadcast `Bot`, the WhatsApp client's `httpx.AsyncClient`.
BroadcastConnection = AbstractAsyncContextManager[Any]


class CampaignRunner:
    """Runs `workers` (one per channel: each claims its own channel's rows, with its own pacer,
    so flood control on one channel never slows another) and opens `connections` for them.

    With several instances, only the one for which `leads()` is true (the scheduler lease's
    holder) starts due runs on a kick: two instances filling one run at once would each report the
    other's recipients as theirs, and the loser "reached nobody"."""

    def __init__(
        self,
        *,
        planner: CampaignPlanner,
        workers: Sequence[DeliveryWorker],
        reports: RunReports,
        connections: Sequence[BroadcastConnection],
        leads: Callable[[], Awaitable[bool]] | None = None,
    ) -> None:
        if not workers:
            raise ValueError("a campaign runner needs at least one delivery worker")
        self._planner = planner
        self.workers = tuple(workers)
        self._reports = reports
        self._connections = tuple(connections)
        self._leads = leads
        self._opened: AsyncExitStack | None = None
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._tick_lock = asyncio.Lock()

    async def start(self) -> None:
        async with AsyncExitStack() as opened:
            for connection in self._connections:
                await opened.enter_async_context(connection)
            self._opened = opened.pop_all()  # a failed opening closes those opened before
        self._stop.clear()
        self._tasks = [
            asyncio.create_task(worker.run(self._stop), name=f"delivery worker {index}")
            for index, worker in enumerate(self.workers)
        ]

    async def stop(self) -> None:
        self._stop.set()
        tasks, self._tasks = self._tasks, []
        outcomes = await asyncio.gather(*tasks, return_exceptions=True)
        if self._opened is not None:
            opened, self._opened = self._opened, None
            await opened.aclose()
        for outcome in outcomes:
            if isinstance(outcome, Exception):
                raise outcome

    def alive(self) -> bool:
        """Whether every delivery worker is running (for /readyz): a worker whose task ended
        (a failed database write ends it) sends nothing until the bot restarts."""
        return bool(self._tasks) and not any(task.done() for task in self._tasks)

    async def kick(self) -> None:
        """Starts what is due now (a campaign for 'now' was just saved), on the scheduler's
        instance; elsewhere the scheduler's next tick starts it (within DUE_RUNS_INTERVAL)."""
        if self._leads is None or await self._leads():
            await self.tick()

    async def on_heartbeat(self, live: Sequence[InstanceRow], stale_before: datetime) -> None:
        """Each running worker takes back dead instances' rows and its share of the rate."""
        if not self._tasks:
            return
        for worker in self.workers:
            await worker.on_heartbeat(live, stale_before)

    async def tick(self) -> None:
        """Fills the outbox of due runs and reports missed ones, and ones that reach nobody,
        to the admins (the others are reported by the worker as they go and at their end)."""
        async with self._tick_lock:
            starts = await self._planner.start_due_runs()
        for start in starts:
            if start.outcome == "missed":
                await self._reports.missed(start.campaign_id, start.zone.name, start.due_at)
            elif start.recipients == 0:
                await self._reports.reached_nobody(start.run_id, start.campaign_id, start.zone.name)
        if any(start.outcome == "started" for start in starts):
            for worker in self.workers:
                worker.wake()

    async def plan(self) -> None:
        await self._planner.plan_all()
