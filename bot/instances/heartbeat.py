"""The instance's heartbeat: registered at start, a beat every few seconds, removed at a
graceful stop. At each beat the listeners hear who is alive (the delivery workers take back a
dead instance's rows and split their channel's rate by the live workers)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.instances.identity import InstanceIdentity
from storage.database import Database
from storage.instances import InstanceRepository, InstanceRow

_LOGGER = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5.0
# Four missed beats: a busy event loop or a slow database must not look like a crash.
INSTANCE_STALE_SECONDS = 20.0
# Rows of instances gone this long are deleted (a crashed one never removes its own).
PRUNE_AFTER = timedelta(days=1)

# (the live instances, the time before which a heartbeat is stale)
BeatListener = Callable[[Sequence[InstanceRow], datetime], Awaitable[None]]


class InstanceHeartbeat:
    def __init__(
        self,
        db: Database,
        identity: InstanceIdentity,
        clock: Clock,
        *,
        channels: Sequence[str] = (),
        instances: InstanceRepository | None = None,
        interval: float = HEARTBEAT_SECONDS,
        stale_after: float = INSTANCE_STALE_SECONDS,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._db, self.identity, self._clock = db, identity, clock
        self._channels = tuple(channels)
        self._instances = instances or InstanceRepository()
        self._interval = interval
        self.stale_after = timedelta(seconds=stale_after)
        self._sleep = sleep
        self._listeners: list[BeatListener] = []
        self._task: asyncio.Task[None] | None = None
        self.live: tuple[InstanceRow, ...] = ()

    def listen(self, listener: BeatListener) -> None:
        self._listeners.append(listener)

    def stale_before(self) -> datetime:
        return self._clock.now() - self.stale_after

    async def start(self) -> None:
        await self._register()
        _LOGGER.info("Instance %s started", self.identity)
        self._task = asyncio.create_task(self._beat_forever(), name="instance heartbeat")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        async with self._db.single_statement() as conn:
            await self._instances.remove(conn, self.identity.id)

    def alive(self) -> bool:
        return self._task is not None and not self._task.done()

    async def beat(self) -> None:
        """One heartbeat, then the listeners (each on its own: one failing skips no other)."""
        now = self._clock.now()
        async with self._db.single_statement() as conn:
            found = await self._instances.heartbeat(conn, self.identity.id, now)
        if not found:
            _LOGGER.warning("Instance %s was taken for dead; registering again", self.identity)
            await self._register()
        stale_before = now - self.stale_after
        self.live = tuple(await self._instances.live(self._db.reader, stale_before))
        for listener in self._listeners:
            try:
                await listener(self.live, stale_before)
            except Exception:
                _LOGGER.exception("A heartbeat listener failed")

    async def _register(self) -> None:
        now = self._clock.now()
        async with self._db.single_statement() as conn:
            await self._instances.register(
                conn,
                self.identity.id,
                role=self.identity.role,
                label=self.identity.label,
                channels=self._channels,
                now=now,
            )
        async with self._db.single_statement() as conn:
            await self._instances.prune_stale(conn, now - PRUNE_AFTER)

    async def _beat_forever(self) -> None:
        while True:
            try:
                await self.beat()
            except Exception:
                # A database hiccup: the next beat tries again (four misses make us stale).
                _LOGGER.exception("Heartbeat of instance %s failed", self.identity.id)
            await self._sleep(self._interval)
