"""SocialLookup against the fake APIs: configuration, cache, coalescing, retries, rate limits and
the once-per-outage credential alert."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from bot.clock import FixedClock
from bot.enrollment.social_handles import Platform
from bot.verification import (
    AccountNotFound,
    CredentialError,
    NoApi,
    NotConfigured,
    RateLimited,
    SocialLookup,
    TemporaryFailure,
)
from bot.verification.limits import RateLimit
from tests.fakes import SteppingSleep
from tests.fakes.social_apis import FakeSocialApis, Fault

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def sleep(clock: FixedClock) -> SteppingSleep:
    return SteppingSleep(clock)


@pytest.fixture
async def apis(clock: FixedClock) -> AsyncIterator[FakeSocialApis]:
    async with FakeSocialApis(clock=clock) as fake:
        yield fake


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


class AlertLog:
    """Records what the gateway reports to the admins."""

    def __init__(self) -> None:
        self.alerts: list[tuple[Platform, int]] = []

    async def __call__(self, platform: Platform, error: CredentialError) -> None:
        self.alerts.append((platform, error.status))


@pytest.fixture
def alerts() -> AlertLog:
    return AlertLog()


GatewayFactory = Callable[..., SocialLookup]


@pytest.fixture
def gateway(
    http: httpx.AsyncClient,
    apis: FakeSocialApis,
    clock: FixedClock,
    sleep: SteppingSleep,
    alerts: AlertLog,
) -> GatewayFactory:
    def build(**overrides: Any) -> SocialLookup:
        config: dict[str, Any] = {
            "clock": clock,
            "sleep": sleep,
            "on_credential_error": alerts,
            "x_bearer_token": apis.x_token,
            "x_base_url": apis.x_base_url,
            "graph_token": apis.graph_token,
            "instagram_account_id": apis.instagram_account_id,
            "graph_base_url": apis.graph_base_url,
            "graph_version": apis.graph_version,
            "youtube_api_key": apis.youtube_key,
            "youtube_base_url": apis.youtube_base_url,
        }
        config.update(overrides)
        return SocialLookup.from_config(http, **config)

    return build


async def test_every_configured_platform_is_looked_up_through_its_api(
    gateway: GatewayFactory, apis: FakeSocialApis
) -> None:
    apis.add_x_user("budi", followers=501)
    apis.add_instagram_business("budi", followers=502)
    apis.add_facebook_page("budi.page", followers=503)
    apis.add_youtube_channel("budi", subscribers=504)
    lookup = gateway()

    followers = [
        (await lookup.lookup(platform, handle)).followers
        for platform, handle in [
            (Platform.X, "@Budi"),
            (Platform.INSTAGRAM, "budi"),
            (Platform.FACEBOOK, "Budi.Page"),
            (Platform.YOUTUBE, "@budi"),
        ]
    ]

    assert followers == [501, 502, 503, 504]


@pytest.mark.parametrize(
    ("missing", "platforms"),
    [
        ({"x_bearer_token": None}, [Platform.X]),
        ({"graph_token": ""}, [Platform.INSTAGRAM, Platform.FACEBOOK]),
        ({"instagram_account_id": None}, [Platform.INSTAGRAM]),
        ({"youtube_api_key": None}, [Platform.YOUTUBE]),
    ],
)
async def test_platform_without_credentials_is_not_configured(
    gateway: GatewayFactory,
    apis: FakeSocialApis,
    missing: dict[str, Any],
    platforms: list[Platform],
) -> None:
    lookup = gateway(**missing)

    raised = []
    for platform in platforms:
        with pytest.raises(NotConfigured) as caught:
            await lookup.lookup(platform, "budi")
        raised.append(caught.value.platform)

    assert (raised, sum(apis.requests.values())) == (platforms, 0)


async def test_tiktok_lookup_is_no_api_and_makes_no_request(
    gateway: GatewayFactory, apis: FakeSocialApis
) -> None:
    lookup = gateway()

    with pytest.raises(NoApi):
        await lookup.lookup(Platform.TIKTOK, "budi")

    assert (lookup.calls[Platform.TIKTOK], sum(apis.requests.values())) == (0, 0)


async def test_cached_snapshot_is_returned_without_an_http_call(
    gateway: GatewayFactory, apis: FakeSocialApis
) -> None:
    apis.add_x_user("budi", followers=600)
    lookup = gateway()
    first = await lookup.lookup(Platform.X, "budi")
    apis.set_followers(Platform.X, "budi", 900)

    second = await lookup.lookup(Platform.X, "BUDI")

    assert (second, apis.requests[Platform.X], lookup.calls[Platform.X]) == (first, 1, 1)


async def test_fresh_lookup_skips_the_cache_and_sees_the_new_bio(
    gateway: GatewayFactory, apis: FakeSocialApis
) -> None:
    apis.add_instagram_business("budi", bio="")
    lookup = gateway()
    await lookup.lookup(Platform.INSTAGRAM, "budi")
    apis.set_bio(Platform.INSTAGRAM, "budi", "ASN-7Q4K")

    cached = await lookup.lookup(Platform.INSTAGRAM, "budi")
    fresh = await lookup.lookup(Platform.INSTAGRAM, "budi", fresh=True)

    assert (cached.bio, fresh.bio, apis.requests[Platform.INSTAGRAM]) == ("", "ASN-7Q4K", 2)


async def test_cache_entry_expires_after_its_ttl(
    gateway: GatewayFactory, apis: FakeSocialApis, clock: FixedClock
) -> None:
    apis.add_youtube_channel("budi", subscribers=700)
    lookup = gateway(cache_ttl=timedelta(minutes=5))
    await lookup.lookup(Platform.YOUTUBE, "budi")
    clock.advance(timedelta(minutes=5))

    await lookup.lookup(Platform.YOUTUBE, "budi")

    assert apis.requests[Platform.YOUTUBE] == 2


async def test_concurrent_identical_lookups_share_one_http_call(
    gateway: GatewayFactory, apis: FakeSocialApis
) -> None:
    apis.add_x_user("budi", followers=800)
    lookup = gateway()

    results = await asyncio.gather(
        *(lookup.lookup(Platform.X, "budi", fresh=True) for _ in range(5))
    )

    assert (len(set(results)), apis.requests[Platform.X], lookup.calls[Platform.X]) == (1, 1, 1)


async def test_concurrent_lookups_share_the_failure_too(
    gateway: GatewayFactory, apis: FakeSocialApis
) -> None:
    lookup = gateway()

    outcomes = await asyncio.gather(
        *(lookup.lookup(Platform.X, "tidakada") for _ in range(3)), return_exceptions=True
    )

    assert ([type(o) for o in outcomes], apis.requests[Platform.X]) == (
        [AccountNotFound] * 3,
        1,
    )


async def test_temporary_failures_are_retried_with_backoff_then_succeed(
    gateway: GatewayFactory, apis: FakeSocialApis, sleep: SteppingSleep
) -> None:
    apis.add_facebook_page("pemkot", followers=1000)
    apis.fail(Platform.FACEBOOK, Fault.SERVER_ERROR)
    apis.fail(Platform.FACEBOOK, Fault.DROP)
    lookup = gateway()

    snapshot = await lookup.lookup(Platform.FACEBOOK, "pemkot")

    assert (snapshot.followers, apis.requests[Platform.FACEBOOK], sleep.delays) == (
        1000,
        3,
        [0.5, 1.0],
    )


async def test_temporary_failure_is_raised_after_the_last_attempt(
    gateway: GatewayFactory, apis: FakeSocialApis
) -> None:
    apis.add_youtube_channel("budi")
    apis.fail(Platform.YOUTUBE, Fault.SERVER_ERROR, times=3)
    lookup = gateway()

    with pytest.raises(TemporaryFailure):
        await lookup.lookup(Platform.YOUTUBE, "budi")

    assert (apis.requests[Platform.YOUTUBE], lookup.calls[Platform.YOUTUBE]) == (3, 3)


@pytest.mark.parametrize(
    ("fault", "status"),
    [(Fault.BAD_CREDENTIALS, 401), (Fault.CREDITS_DEPLETED, 402), (Fault.NOT_ENROLLED, 403)],
)
async def test_credential_alert_fires_once_across_many_failing_lookups(
    gateway: GatewayFactory, apis: FakeSocialApis, alerts: AlertLog, fault: Fault, status: int
) -> None:
    apis.fail(Platform.X, fault, times=3)
    lookup = gateway()

    for handle in ("a", "b", "c"):
        with pytest.raises(CredentialError):
            await lookup.lookup(Platform.X, handle)

    assert alerts.alerts == [(Platform.X, status)]


async def test_credential_alert_fires_again_only_after_a_success_in_between(
    gateway: GatewayFactory, apis: FakeSocialApis, alerts: AlertLog
) -> None:
    apis.add_instagram_business("ok")
    lookup = gateway()
    apis.fail(Platform.INSTAGRAM, Fault.BAD_CREDENTIALS, times=2)
    for handle in ("a", "b"):
        with pytest.raises(CredentialError):
            await lookup.lookup(Platform.INSTAGRAM, handle)
    await lookup.lookup(Platform.INSTAGRAM, "ok")  # the operator fixed the token
    apis.fail(Platform.INSTAGRAM, Fault.BAD_CREDENTIALS)

    with pytest.raises(CredentialError):
        await lookup.lookup(Platform.INSTAGRAM, "c")

    assert alerts.alerts == [(Platform.INSTAGRAM, 400), (Platform.INSTAGRAM, 400)]


async def test_synchronous_credential_hook_is_supported(
    gateway: GatewayFactory, apis: FakeSocialApis
) -> None:
    seen: list[Platform] = []
    lookup = gateway(youtube_api_key="wrong-key", on_credential_error=lambda p, e: seen.append(p))

    with pytest.raises(CredentialError):
        await lookup.lookup(Platform.YOUTUBE, "budi")

    assert seen == [Platform.YOUTUBE]


async def test_x_429_pauses_the_platform_until_reset_then_lookups_recover(
    gateway: GatewayFactory, apis: FakeSocialApis, clock: FixedClock
) -> None:
    apis.add_x_user("budi", followers=555)
    apis.add_x_user("siti", followers=777)
    reset = NOW + timedelta(minutes=14)
    apis.fail(Platform.X, Fault.RATE_LIMITED, reset_at=reset)
    lookup = gateway()

    with pytest.raises(RateLimited) as first:
        await lookup.lookup(Platform.X, "budi")
    with pytest.raises(RateLimited) as second:  # refused locally, no request sent
        await lookup.lookup(Platform.X, "siti")
    requests_while_paused = apis.requests[Platform.X]
    clock.set(reset)
    recovered = await lookup.lookup(Platform.X, "siti")

    assert (
        first.value.retry_at,
        second.value.retry_at,
        requests_while_paused,
        recovered.followers,
    ) == (reset, reset, 1, 777)


async def test_short_rate_limit_is_waited_out_in_the_queue(
    gateway: GatewayFactory, apis: FakeSocialApis, clock: FixedClock, sleep: SteppingSleep
) -> None:
    apis.add_youtube_channel("budi", subscribers=1234)
    apis.fail(Platform.YOUTUBE, Fault.THROTTLED)  # rateLimitExceeded: 30 s
    lookup = gateway(max_wait=timedelta(minutes=1))

    snapshot = await lookup.lookup(Platform.YOUTUBE, "budi")

    assert (snapshot.followers, sleep.delays, clock.now()) == (
        1230,
        [30.0],
        NOW + timedelta(seconds=30),
    )


async def test_graph_rate_limit_pauses_instagram_and_facebook_together(
    gateway: GatewayFactory, apis: FakeSocialApis
) -> None:
    apis.add_facebook_page("pemkot")
    apis.fail(Platform.INSTAGRAM, Fault.RATE_LIMITED)
    lookup = gateway()
    with pytest.raises(RateLimited):
        await lookup.lookup(Platform.INSTAGRAM, "budi")

    with pytest.raises(RateLimited) as caught:
        await lookup.lookup(Platform.FACEBOOK, "pemkot")

    assert (caught.value.retry_at, apis.requests[Platform.FACEBOOK]) == (
        NOW + timedelta(minutes=15),
        0,
    )


async def test_local_window_refuses_beyond_quota_without_calling_the_api(
    gateway: GatewayFactory, apis: FakeSocialApis
) -> None:
    apis.add_x_user("a")
    apis.add_x_user("b")
    apis.add_x_user("c")
    lookup = gateway(x_limit=RateLimit(2, timedelta(minutes=15)))
    await lookup.lookup(Platform.X, "a")
    await lookup.lookup(Platform.X, "b")

    with pytest.raises(RateLimited) as caught:
        await lookup.lookup(Platform.X, "c")

    assert (caught.value.retry_at, apis.requests[Platform.X]) == (NOW + timedelta(minutes=15), 2)


async def test_one_caller_giving_up_does_not_cancel_the_shared_lookup(
    gateway: GatewayFactory, apis: FakeSocialApis
) -> None:
    apis.add_x_user("budi", followers=900)
    lookup = gateway()
    impatient = asyncio.create_task(lookup.lookup(Platform.X, "budi"))
    patient = asyncio.create_task(lookup.lookup(Platform.X, "budi"))
    await asyncio.sleep(0)  # both are now waiting on the same request

    impatient.cancel()
    snapshot = await patient

    assert (impatient.cancelled(), snapshot.followers, apis.requests[Platform.X]) == (
        True,
        900,
        1,
    )


async def test_aclose_cancels_lookups_still_in_flight(
    gateway: GatewayFactory, apis: FakeSocialApis
) -> None:
    apis.add_x_user("budi")
    lookup = gateway()
    caller = asyncio.create_task(lookup.lookup(Platform.X, "budi"))
    await asyncio.sleep(0)

    await lookup.aclose()

    with pytest.raises(asyncio.CancelledError):
        await caller
