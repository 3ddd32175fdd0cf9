"""SocialLookup: the one door to the platform APIs (cache, pacing, retries, coalescing, alerts)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

import httpx

from bot.clock import Clock
from bot.enrollment.social_handles import Platform
from bot.observability import metrics
from bot.verification.accounts import (
    AccountSnapshot,
    CredentialError,
    NotConfigured,
    RateLimited,
    TemporaryFailure,
)
from bot.verification.limits import (
    GRAPH_LIMIT,
    X_LIMIT,
    YOUTUBE_LIMIT,
    RateLimit,
    RateLimiter,
    Sleep,
    TtlCache,
)
from bot.verification.providers import (
    AccountClient,
    FacebookClient,
    InstagramClient,
    TikTokClient,
    XClient,
    YouTubeClient,
)

__all__ = ["CredentialHook", "RetryPolicy", "SocialLookup"]

logger = logging.getLogger(__name__)

CredentialHook = Callable[[Platform, CredentialError], Awaitable[None] | None]
_Key = tuple[Platform, str]


@dataclass(frozen=True)
class RetryPolicy:
    """``attempts`` tries in all; waits first_delay, first_delay*factor, ... between them."""

    attempts: int = 3
    first_delay: float = 0.5
    factor: float = 2.0

    def delay(self, failed_attempts: int) -> float:
        return self.first_delay * self.factor ** (failed_attempts - 1)


def normalize_handle(handle: str) -> str:
    return handle.strip().removeprefix("@").lower()


class SocialLookup:
    def __init__(
        self,
        clients: Mapping[Platform, AccountClient],
        *,
        clock: Clock,
        limiters: Mapping[Platform, RateLimiter] | None = None,
        cache: TtlCache[_Key, AccountSnapshot] | None = None,
        sleep: Sleep = asyncio.sleep,
        retry: RetryPolicy = RetryPolicy(),
        on_credential_error: CredentialHook | None = None,
    ) -> None:
        self._clients = dict(clients)
        self._clock = clock
        self._limiters = dict(limiters or {})
        # "is None", not "or": an empty cache is falsy (it has __len__).
        self.cache: TtlCache[_Key, AccountSnapshot] = (
            cache
            if cache is not None
            else TtlCache(clock, ttl=timedelta(minutes=10), max_size=10_000)
        )
        self._sleep = sleep
        self._retry = retry
        self._on_credential_error = on_credential_error
        # HTTP requests made per platform (attempts, not lookups): the benchmark reads these.
        self.calls: dict[Platform, int] = dict.fromkeys(Platform, 0)
        self._alerted: set[Platform] = set()
        self._inflight: dict[_Key, asyncio.Task[AccountSnapshot]] = {}

    @classmethod
    def from_config(
        cls,
        http: httpx.AsyncClient,
        *,
        clock: Clock,
        x_bearer_token: str | None = None,
        x_base_url: str = "https://api.x.com",
        graph_token: str | None = None,
        instagram_account_id: str | None = None,
        graph_base_url: str = "https://graph.facebook.com",
        graph_version: str = "v23.0",
        youtube_api_key: str | None = None,
        youtube_base_url: str = "https://www.googleapis.com",
        on_credential_error: CredentialHook | None = None,
        sleep: Sleep = asyncio.sleep,
        max_wait: timedelta = timedelta(seconds=10),
        x_limit: RateLimit = X_LIMIT,
        graph_limit: RateLimit = GRAPH_LIMIT,
        youtube_limit: RateLimit = YOUTUBE_LIMIT,
        cache_ttl: timedelta = timedelta(minutes=10),
        cache_size: int = 10_000,
        retry: RetryPolicy = RetryPolicy(),
    ) -> SocialLookup:
        """Clients for the platforms that have credentials; empty strings count as missing."""
        clients: dict[Platform, AccountClient] = {Platform.TIKTOK: TikTokClient()}
        limiters: dict[Platform, RateLimiter] = {}

        def limiter(limit: RateLimit) -> RateLimiter:
            return RateLimiter(limit, clock, sleep=sleep, max_wait=max_wait)

        if x_bearer_token:
            clients[Platform.X] = XClient(http, x_base_url, x_bearer_token, clock)
            limiters[Platform.X] = limiter(x_limit)
        if graph_token:
            # Instagram and Facebook calls spend the same token's Graph budget.
            graph = limiter(graph_limit)
            clients[Platform.FACEBOOK] = FacebookClient(
                http, graph_base_url, graph_token, clock, version=graph_version
            )
            limiters[Platform.FACEBOOK] = graph
            if instagram_account_id:
                clients[Platform.INSTAGRAM] = InstagramClient(
                    http,
                    graph_base_url,
                    graph_token,
                    instagram_account_id,
                    clock,
                    version=graph_version,
                )
                limiters[Platform.INSTAGRAM] = graph
        if youtube_api_key:
            clients[Platform.YOUTUBE] = YouTubeClient(
                http, youtube_base_url, youtube_api_key, clock
            )
            limiters[Platform.YOUTUBE] = limiter(youtube_limit)
        return cls(
            clients,
            clock=clock,
            limiters=limiters,
            cache=TtlCache(clock, ttl=cache_ttl, max_size=cache_size),
            sleep=sleep,
            retry=retry,
            on_credential_error=on_credential_error,
        )

    @property
    def configured(self) -> frozenset[Platform]:
        return frozenset(self._clients)

    def limiter(self, platform: Platform) -> RateLimiter | None:
        return self._limiters.get(platform)

    async def lookup(
        self, platform: Platform, handle: str, *, fresh: bool = False
    ) -> AccountSnapshot:
        """The account as the platform's API sees it now (or within the cache TTL).

        ``fresh`` skips the cache (e.g. re-reading a bio after the user added the code), but a
        lookup already in flight for the same handle is still shared.
        """
        client = self._clients.get(platform)
        if client is None:
            raise NotConfigured(platform)
        handle = normalize_handle(handle)
        if not client.uses_http:
            return await client.lookup(handle)
        key = (platform, handle)
        if not fresh:
            cached = self.cache.get(key)
            if cached is not None:
                return cached
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.create_task(self._fetch(client, handle), name=f"lookup {platform}")
            self._inflight[key] = task
            task.add_done_callback(functools.partial(self._forget, key))
        # shield: one caller giving up must not cancel the lookup the others are waiting for.
        return await asyncio.shield(task)

    def forget(self, platform: Platform, handle: str) -> None:
        self.cache.discard((platform, normalize_handle(handle)))

    async def aclose(self) -> None:
        """Cancel lookups nobody waits for any more (at shutdown)."""
        tasks = list(self._inflight.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task

    def _forget(self, key: _Key, task: asyncio.Task[AccountSnapshot]) -> None:
        if self._inflight.get(key) is task:
            del self._inflight[key]
        if not task.cancelled():
            task.exception()  # marks it retrieved even if every waiter was cancelled

    async def _fetch(self, client: AccountClient, handle: str) -> AccountSnapshot:
        platform = client.platform
        limiter = self._limiters.get(platform)
        attempt = 0
        while True:
            attempt += 1
            if limiter is not None:
                await limiter.acquire(platform)
            self.calls[platform] += 1
            try:
                snapshot = await _counted(client, handle)
            except TemporaryFailure:
                if attempt >= self._retry.attempts:
                    raise
                await self._sleep(self._retry.delay(attempt))
                continue
            except RateLimited as exc:
                if limiter is None:
                    raise
                limiter.pause_until(exc.retry_at)
                # A short pause is waited out in the queue; a long one goes back to the caller.
                if attempt >= self._retry.attempts or limiter.next_slot() > (
                    self._clock.now() + limiter.max_wait
                ):
                    raise
                continue
            except CredentialError as exc:
                await self._alert(platform, exc)
                raise
            self._alerted.discard(platform)
            self.cache.put((platform, handle), snapshot)
            return snapshot

    async def _alert(self, platform: Platform, error: CredentialError) -> None:
        # Once per platform until a success: the admins need one alert, not one per user.
        if platform in self._alerted or self._on_credential_error is None:
            self._alerted.add(platform)
            return
        self._alerted.add(platform)
        try:
            result = self._on_credential_error(platform, error)
            if inspect.isawaitable(result):
                await result
        except Exception:
            logger.exception("credential alert hook failed for %s", platform.value)


async def _counted(client: AccountClient, handle: str) -> AccountSnapshot:
    """One call to the platform's API, counted by provider and outcome for /metrics."""
    try:
        snapshot = await client.lookup(handle)
    except Exception as error:
        metrics.lookup_finished(client.platform.value, error)
        raise
    metrics.lookup_finished(client.platform.value, None)
    return snapshot
