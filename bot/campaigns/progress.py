"""Progress reports of the runs a worker sends: counts, the recent rate and the time left,
at most every `interval` seconds per run and once more at its end."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from storage.database import Database
from storage.outbox import OutboxRepository, RunCounts

_LOGGER = logging.getLogger(__name__)

# (run id, counts, messages sent per second lately, estimated time left or None)
ProgressCallback = Callable[[int, RunCounts, float, timedelta | None], Awaitable[None]]


@dataclass
class _RunProgress:
    """What this worker sent of a run, for the rate in progress reports."""

    started_at: float
    reported_at: float
    sent: int = 0
    reported_sent: int = 0


class ProgressReports:
    def __init__(
        self,
        db: Database,
        outbox: OutboxRepository,
        on_progress: ProgressCallback | None,
        *,
        interval: float,
        monotonic: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]],
    ) -> None:
        self._db, self._outbox, self._on_progress = db, outbox, on_progress
        self._interval = interval
        self._monotonic, self._sleep = monotonic, sleep
        self._runs: dict[int, _RunProgress] = {}
        self._reporting = asyncio.Lock()  # a final report never interleaves with a periodic one

    @property
    def enabled(self) -> bool:
        return self._on_progress is not None

    def runs(self) -> list[int]:
        """The runs being sent that have not had their final report."""
        return list(self._runs)

    def tracks(self, run_id: int) -> bool:
        return run_id in self._runs

    def claimed(self, run_id: int) -> None:
        now = self._monotonic()
        self._runs.setdefault(run_id, _RunProgress(now, now))

    def sent(self, run_id: int) -> None:
        progress = self._runs.get(run_id)
        if progress is not None:
            progress.sent += 1

    async def run(self) -> None:
        """The periodic reports, until cancelled."""
        while True:
            await self._sleep(self._interval)
            for run_id in list(self._runs):
                async with self._reporting:
                    # The run may have ended (and had its final report) since the loop began.
                    progress = self._runs.get(run_id)
                    if progress is not None:
                        await self._report(run_id, progress, final=False)

    async def finished(self, run_id: int) -> None:
        """The run's last report, once."""
        async with self._reporting:
            progress = self._runs.pop(run_id, None)
            if progress is not None:
                await self._report(run_id, progress, final=True)

    async def _report(self, run_id: int, progress: _RunProgress, *, final: bool) -> None:
        if self._on_progress is None:
            return
        counts = await self._outbox.counts(self._db.reader, run_id)
        now = self._monotonic()
        if final:
            sent, since = progress.sent, progress.started_at
        else:
            sent, since = progress.sent - progress.reported_sent, progress.reported_at
        rate = sent / (now - since) if now > since else 0.0
        progress.reported_at, progress.reported_sent = now, progress.sent
        if final or counts.remaining == 0:
            eta: timedelta | None = timedelta(0)
        else:
            eta = timedelta(seconds=counts.remaining / rate) if rate > 0 else None
        try:
            await self._on_progress(run_id, counts, rate, eta)
        except Exception:
            # The report (an edited admin message, say) is not worth stopping the broadcast.
            _LOGGER.exception("Progress report for run %d failed", run_id)
