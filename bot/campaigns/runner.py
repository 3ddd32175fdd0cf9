"""Campaign runs: start what is due, run the delivery worker, and tell the admins about runs
that were missed or reach nobody (the worker reports the others' progress itself)."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from typing import Protocol

from bot.campaigns.delivery import DeliveryWorker
from bot.campaigns.planner import CampaignPlanner


class RunReports(Protocol):
    """What the admins hear of runs, in their channel (the Telegram admin group)."""

    async def missed(self, campaign_id: int, zone: str, due_at: datetime) -> None: ...

    async def reached_nobody(self, run_id: int, campaign_id: int, zone: str) -> None: ...


class BroadcastConnection(Protocol):
    """The channel connection the broadcast sends through, opened and closed with the worker."""

    async def initialize(self) -> None: ...

    async def shutdown(self) -> None: ...


class CampaignRunner:
    def __init__(
        self,
        *,
        planner: CampaignPlanner,
        worker: DeliveryWorker,
        reports: RunReports,
        broadcast_bot: BroadcastConnection,
    ) -> None:
        self._planner = planner
        self.worker = worker
        self._reports = reports
        self._broadcast_bot = broadcast_bot  # opened and closed with the worker
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._tick_lock = asyncio.Lock()

    async def start(self) -> None:
        await self._broadcast_bot.initialize()
        self._stop.clear()
        self._task = asyncio.create_task(self.worker.run(self._stop), name="delivery worker")

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._broadcast_bot.shutdown()

    async def kick(self) -> None:
        """Starts what is due now (a campaign for 'now' was just saved)."""
        await self.tick()

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
            self.worker.wake()

    async def plan(self) -> None:
        await self._planner.plan_all()
