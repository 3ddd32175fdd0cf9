"""/readyz: whether this instance can do its work now, check by check.

Ready means the database answers, Telegram answered the bot's latest Bot API call (recently:
when the bot has been quiet for a while a probe asks again), and the campaign delivery workers
are running. Each check returns None when fine or a short, non-personal sentence saying what
is wrong, which the JSON answer shows beside the check's name.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

_LOGGER = logging.getLogger(__name__)

Check = Callable[[], Awaitable[str | None]]
# A check that does not answer within this is failing (a locked database, a hung request).
CHECK_TIMEOUT_SECONDS = 5.0
# Without a Bot API call for this long, the readiness check makes one itself.
BOT_API_FRESH_SECONDS = 300.0


@dataclass(frozen=True)
class ReadinessReport:
    checks: dict[str, str]  # name -> "ok" or what is wrong

    @property
    def ready(self) -> bool:
        return all(result == "ok" for result in self.checks.values())

    def as_json(self) -> dict[str, object]:
        return {"ready": self.ready, "checks": self.checks}


class Readiness:
    def __init__(self, checks: Mapping[str, Check], timeout: float = CHECK_TIMEOUT_SECONDS):
        self._checks = dict(checks)
        self._timeout = timeout

    async def report(self) -> ReadinessReport:
        names = list(self._checks)
        results = await asyncio.gather(*(self._run(name) for name in names))
        return ReadinessReport(dict(zip(names, results, strict=True)))

    async def _run(self, name: str) -> str:
        try:
            problem = await asyncio.wait_for(self._checks[name](), self._timeout)
        except TimeoutError:
            return f"no answer within {self._timeout:g} s"
        except Exception as error:
            _LOGGER.warning("Readiness check %s failed: %s", name, type(error).__name__)
            return f"failed: {type(error).__name__}"
        return problem or "ok"


class BotApiHealth:
    """Remembers how the latest Bot API call went. A call counts as answered when Telegram
    gave any answer but a server error or a refused token (401, 404): a 400 or a 429 still
    proves Telegram is reachable and knows the bot."""

    def __init__(
        self,
        probe: Callable[[], Awaitable[object]] | None = None,
        *,
        fresh_seconds: float = BOT_API_FRESH_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._probe = probe
        self._fresh = fresh_seconds
        self._monotonic = monotonic
        self._last_at: float | None = None
        self._last_problem: str | None = None

    def set_probe(self, probe: Callable[[], Awaitable[object]]) -> None:
        self._probe = probe

    def record(self, status: int | str) -> None:
        self._last_at = self._monotonic()
        answered = isinstance(status, int) and status < 500 and status not in (401, 404)
        self._last_problem = None if answered else f"the latest Bot API call got {status}"

    async def check(self) -> str | None:
        stale = self._last_at is None or self._monotonic() - self._last_at > self._fresh
        if stale and self._probe is not None:
            try:
                await self._probe()  # goes through the measured request, so it is recorded
            except Exception as error:
                _LOGGER.info("Bot API readiness probe failed: %s", type(error).__name__)
                if self._last_problem is None or self._last_at is None:
                    return f"Telegram did not answer: {type(error).__name__}"
        if self._last_at is None:
            return "no Bot API call answered yet"
        if self._last_problem is not None:
            return self._last_problem
        if self._monotonic() - self._last_at > self._fresh:
            return f"no Bot API call answered within {self._fresh:g} s"
        return None
