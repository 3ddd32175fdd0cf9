"""What makes this process one instance among several: its heartbeat and its leases, started
before the bot's other parts and stopped after them."""

from __future__ import annotations

from collections.abc import Sequence

from bot.instances.heartbeat import InstanceHeartbeat
from bot.instances.identity import InstanceIdentity
from bot.instances.leases import Lease

SCHEDULER_LEASE = "scheduler"
POLLER_LEASE = "telegram-poller"


class InstanceRuntime:
    def __init__(
        self,
        heartbeat: InstanceHeartbeat,
        *,
        scheduler: Lease,
        leases: Sequence[Lease] = (),
        poller: Lease | None = None,
    ) -> None:
        self.heartbeat = heartbeat
        self.scheduler = scheduler
        # Held by the one instance that long-polls Telegram (None in webhook mode, or when
        # this instance handles no updates).
        self.poller = poller
        # The leases this instance competes for (a web-only one never runs the jobs, so it
        # does not take the scheduler lease).
        self.leases = tuple(leases)

    @property
    def identity(self) -> InstanceIdentity:
        return self.heartbeat.identity

    async def start(self) -> None:
        await self.heartbeat.start()
        for lease in self.leases:
            await lease.start()

    async def stop(self) -> None:
        for lease in self.leases:
            await lease.stop()
        await self.heartbeat.stop()
