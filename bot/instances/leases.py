"""A lease this instance tries to hold: taken when free or expired, renewed well before it
expires, released at a graceful stop. `held` is true only until the expiry of the latest
successful renewal, by this instance's own clock, so a holder cut off from the database stops
before anyone else may take over."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.clock import Clock
from storage.database import Database
from storage.leases import LeaseRepository

_LOGGER = logging.getLogger(__name__)

LEASE_TTL_SECONDS = 30.0
LEASE_RENEW_SECONDS = 10.0


class Lease:
    def __init__(
        self,
        db: Database,
        name: str,
        holder: str,
        clock: Clock,
        *,
        leases: LeaseRepository | None = None,
        ttl: float = LEASE_TTL_SECONDS,
        renew_every: float = LEASE_RENEW_SECONDS,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if renew_every >= ttl:
            raise ValueError("a lease must be renewed before it expires")
        self._db, self.name, self.holder, self._clock = db, name, holder, clock
        self._leases = leases or LeaseRepository()
        self._ttl = timedelta(seconds=ttl)
        self._renew_every = renew_every
        self._sleep = sleep
        self.generation: int | None = None
        self._expires_at: datetime | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def held(self) -> bool:
        return self._expires_at is not None and self._clock.now() < self._expires_at

    async def renew(self) -> bool:
        """Takes or renews the lease; returns whether this instance holds it now."""
        was_held = self.held
        now = self._clock.now()
        expires_at = now + self._ttl
        async with self._db.single_statement() as conn:
            generation = await self._leases.acquire(conn, self.name, self.holder, now, expires_at)
        if generation is None:
            if was_held:
                _LOGGER.warning("Lease %s lost by instance %s", self.name, self.holder)
            self.generation, self._expires_at = None, None
            return False
        if not was_held or generation != self.generation:
            _LOGGER.info(
                "Lease %s taken by instance %s (generation %d)", self.name, self.holder, generation
            )
        self.generation, self._expires_at = generation, expires_at
        return True

    async def ensure(self) -> bool:
        """Whether this instance holds the lease, renewing it first if its last renewal has
        run out (a paused event loop, a clock moved on): one statement, no wait."""
        return self.held or await self.renew()

    async def start(self) -> None:
        """Tries for the lease now (so a lone instance holds it from the start), then keeps
        renewing it in the background."""
        await self._try_renew()
        self._task = asyncio.create_task(self._renew_forever(), name=f"lease {self.name}")

    async def stop(self, *, release: bool = True) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if release and self.held:
            async with self._db.single_statement() as conn:
                await self._leases.release(conn, self.name, self.holder, self._clock.now())
        self.generation, self._expires_at = None, None

    async def _renew_forever(self) -> None:
        while True:
            await self._sleep(self._renew_every)
            await self._try_renew()

    async def _try_renew(self) -> None:
        try:
            await self.renew()
        except Exception:
            # Held until the last renewal's expiry; the next try may succeed in time.
            _LOGGER.exception("Renewing lease %s failed", self.name)
