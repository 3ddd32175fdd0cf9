"""Local stand-ins for third-party HTTP APIs (served over real HTTP on 127.0.0.1) and time."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.clock import FixedClock


class SteppingSleep:
    """An async ``sleep`` that moves a FixedClock instead of waiting, and records each delay."""

    def __init__(self, clock: FixedClock) -> None:
        self.clock = clock
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        self.clock.advance(timedelta(seconds=seconds))
        await asyncio.sleep(0)  # still a suspension point, like a real sleep
