"""Each platform client against the fake APIs over real HTTP: wire formats in, snapshots out."""

from __future__ import annotations

import traceback
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from bot.clock import FixedClock
from bot.enrollment.social_handles import Platform
from bot.verification.accounts import (
    AccountNotFound,
    AccountNotVisible,
    AccountSnapshot,
    AccountSuspended,
    CredentialError,
    CredentialProblem,
    FailureKind,
    LookupFailure,
    NoApi,
    NotVisibleReason,
    RateLimited,
    TemporaryFailure,
)
from bot.verification.providers import (
    AccountClient,
    FacebookClient,
    InstagramClient,
    TikTokClient,
    XClient,
    YouTubeClient,
)
from tests.fakes.social_apis import FakeSocialApis, Fault

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
async def apis(clock: FixedClock) -> AsyncIterator[FakeSocialApis]:
    async with FakeSocialApis(clock=clock) as fake:
        yield fake


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


def x_client(http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock) -> XClient:
    return XClient(http, apis.x_base_url, apis.x_token, clock)


def instagram_client(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock, token: str | None = None
) -> InstagramClient:
    return InstagramClient(
        http,
        apis.graph_base_url,
        token or apis.graph_token,
        apis.instagram_account_id,
        clock,
        version=apis.graph_version,
    )


def facebook_client(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> FacebookClient:
    return FacebookClient(
        http, apis.graph_base_url, apis.graph_token, clock, version=apis.graph_version
    )


def youtube_client(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock, key: str | None = None
) -> YouTubeClient:
    return YouTubeClient(http, apis.youtube_base_url, key or apis.youtube_key, clock)


# X


async def test_x_user_becomes_a_snapshot_with_id_counts_bio_and_creation_date(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    user = apis.add_x_user(
        "BudiHumas",
        name="Budi Santoso",
        followers=1234,
        following=56,
        tweets=789,
        bio="ASN Kominfo · ASN-7Q4K",
        created_at=datetime(2013, 12, 14, 4, 35, 55, tzinfo=UTC),
    )

    snapshot = await x_client(http, apis, clock).lookup("budihumas")

    assert snapshot == AccountSnapshot(
        platform=Platform.X,
        handle="budihumas",
        account_id=user.id,
        display_name="Budi Santoso",
        followers=1234,
        following=56,
        posts=789,
        bio="ASN Kominfo · ASN-7Q4K",
        created_at=datetime(2013, 12, 14, 4, 35, 55, tzinfo=UTC),
        protected=False,
        fetched_at=NOW,
    )


async def test_protected_x_account_is_visible_and_marked_protected(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    apis.add_x_user("rahasia", followers=600, protected=True)

    snapshot = await x_client(http, apis, clock).lookup("rahasia")

    assert (snapshot.protected, snapshot.followers) == (True, 600)


async def test_missing_x_user_answered_with_http_200_is_account_not_found(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    with pytest.raises(AccountNotFound) as caught:
        await x_client(http, apis, clock).lookup("tidakada")

    assert (caught.value.platform, caught.value.handle) == (Platform.X, "tidakada")


async def test_suspended_x_user_answered_with_http_200_is_account_suspended(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    apis.add_x_user("diblokir", followers=9000, suspended=True)

    with pytest.raises(AccountSuspended) as caught:
        await x_client(http, apis, clock).lookup("diblokir")

    assert caught.value.handle == "diblokir"


@pytest.mark.parametrize(
    ("fault", "status", "problem"),
    [
        (Fault.BAD_CREDENTIALS, 401, CredentialProblem.INVALID_TOKEN),
        (Fault.CREDITS_DEPLETED, 402, CredentialProblem.CREDITS_DEPLETED),
        (Fault.NOT_ENROLLED, 403, CredentialProblem.NOT_ENROLLED),
    ],
)
async def test_x_401_402_403_are_credential_errors_naming_the_problem(
    http: httpx.AsyncClient,
    apis: FakeSocialApis,
    clock: FixedClock,
    fault: Fault,
    status: int,
    problem: CredentialProblem,
) -> None:
    apis.add_x_user("budi")
    apis.fail(Platform.X, fault)

    with pytest.raises(CredentialError) as caught:
        await x_client(http, apis, clock).lookup("budi")

    assert (caught.value.platform, caught.value.status, caught.value.problem) == (
        Platform.X,
        status,
        problem,
    )


async def test_wrong_x_bearer_token_is_a_credential_error(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    client = XClient(http, apis.x_base_url, "not-the-token", clock)

    with pytest.raises(CredentialError) as caught:
        await client.lookup("budi")

    assert caught.value.status == 401


async def test_x_429_is_rate_limited_until_the_reset_header(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    reset = NOW + timedelta(minutes=12, seconds=5)
    apis.fail(Platform.X, Fault.RATE_LIMITED, reset_at=reset)

    with pytest.raises(RateLimited) as caught:
        await x_client(http, apis, clock).lookup("budi")

    assert (caught.value.retry_at, caught.value.quota) == (reset, False)


async def test_x_server_error_and_dropped_connection_are_temporary_failures(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    apis.fail(Platform.X, Fault.SERVER_ERROR)
    apis.fail(Platform.X, Fault.DROP)
    client = x_client(http, apis, clock)

    kinds = []
    for _ in range(2):
        with pytest.raises(TemporaryFailure) as caught:
            await client.lookup("budi")
        kinds.append(caught.value.kind)

    assert kinds == [FailureKind.SERVER_ERROR, FailureKind.NETWORK]


# Instagram


async def test_instagram_business_account_is_read_through_business_discovery(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    account = apis.add_instagram_business(
        "dinas.kominfo", name="Dinas Kominfo", followers=5120, follows=80, media=310, bio="Resmi"
    )

    snapshot = await instagram_client(http, apis, clock).lookup("dinas.kominfo")

    assert snapshot == AccountSnapshot(
        platform=Platform.INSTAGRAM,
        handle="dinas.kominfo",
        account_id=account.id,
        display_name="Dinas Kominfo",
        followers=5120,
        following=80,
        posts=310,
        bio="Resmi",
        created_at=None,
        protected=False,
        fetched_at=NOW,
    )


async def test_instagram_code_110_subcode_2207013_is_not_visible_personal_or_missing(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    with pytest.raises(AccountNotVisible) as caught:
        await instagram_client(http, apis, clock).lookup("akun.pribadi")

    assert (caught.value.platform, caught.value.reason) == (
        Platform.INSTAGRAM,
        NotVisibleReason.PERSONAL_OR_MISSING,
    )


async def test_graph_code_190_is_an_invalid_token_credential_error(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    apis.fail(Platform.INSTAGRAM, Fault.BAD_CREDENTIALS)

    with pytest.raises(CredentialError) as caught:
        await instagram_client(http, apis, clock).lookup("dinas.kominfo")

    assert (caught.value.status, caught.value.problem) == (400, CredentialProblem.INVALID_TOKEN)


async def test_graph_code_4_without_usage_estimate_waits_the_default_15_minutes(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    apis.fail(Platform.INSTAGRAM, Fault.RATE_LIMITED)

    with pytest.raises(RateLimited) as caught:
        await instagram_client(http, apis, clock).lookup("dinas.kominfo")

    assert caught.value.retry_at == NOW + timedelta(minutes=15)


async def test_graph_throttle_uses_estimated_time_to_regain_access(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    apis.fail(Platform.INSTAGRAM, Fault.THROTTLED, regain_minutes=7)

    with pytest.raises(RateLimited) as caught:
        await instagram_client(http, apis, clock).lookup("dinas.kominfo")

    assert caught.value.retry_at == NOW + timedelta(minutes=7)


# Facebook


async def test_facebook_page_gives_followers_and_about_as_bio(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    page = apis.add_facebook_page(
        "PemkotBandung", name="Pemkot Bandung", followers=20500, fans=19000, about="ASN-7Q4K"
    )

    snapshot = await facebook_client(http, apis, clock).lookup("pemkotbandung")

    assert (snapshot.account_id, snapshot.followers, snapshot.bio, snapshot.display_name) == (
        page.id,
        20500,
        "ASN-7Q4K",
        "Pemkot Bandung",
    )


async def test_facebook_page_without_followers_count_falls_back_to_fan_count(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    apis.add_facebook_page("halamanlama", followers=None, fans=777)

    snapshot = await facebook_client(http, apis, clock).lookup("halamanlama")

    assert (snapshot.followers, snapshot.bio) == (777, "")


@pytest.mark.parametrize("profile_exists", [False, True], ids=["803-unknown-alias", "100-user"])
async def test_facebook_personal_profile_is_not_visible_not_a_page(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock, profile_exists: bool
) -> None:
    if profile_exists:
        apis.add_facebook_profile("budi.santoso")

    with pytest.raises(AccountNotVisible) as caught:
        await facebook_client(http, apis, clock).lookup("budi.santoso")

    assert caught.value.reason == NotVisibleReason.NOT_A_PAGE


# YouTube


async def test_youtube_channel_counts_are_parsed_from_rounded_strings(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    channel = apis.add_youtube_channel(
        "KominfoTV",
        title="Kominfo TV",
        subscribers=123_456,
        videos=42,
        description="Kanal resmi ASN-7Q4K",
        published_at=datetime(2012, 8, 9, 10, 11, 12, tzinfo=UTC),
    )

    snapshot = await youtube_client(http, apis, clock).lookup("kominfotv")

    assert snapshot == AccountSnapshot(
        platform=Platform.YOUTUBE,
        handle="kominfotv",
        account_id=channel.id,
        display_name="Kominfo TV",
        followers=123_000,
        following=None,
        posts=42,
        bio="Kanal resmi ASN-7Q4K",
        created_at=datetime(2012, 8, 9, 10, 11, 12, tzinfo=UTC),
        protected=False,
        fetched_at=NOW,
    )


async def test_youtube_hidden_subscriber_count_is_none(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    apis.add_youtube_channel("diam", subscribers=5000, hidden=True)

    snapshot = await youtube_client(http, apis, clock).lookup("diam")

    assert snapshot.followers is None


async def test_youtube_answer_without_items_is_account_not_found(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    with pytest.raises(AccountNotFound) as caught:
        await youtube_client(http, apis, clock).lookup("tidakada")

    assert caught.value.platform == Platform.YOUTUBE


async def test_youtube_quota_exceeded_waits_until_midnight_pacific(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    apis.fail(Platform.YOUTUBE, Fault.RATE_LIMITED)

    with pytest.raises(RateLimited) as caught:
        await youtube_client(http, apis, clock).lookup("kominfotv")

    # 01:00 UTC on 27 Nov is 17:00 PST on the 26th; the quota resets at 00:00 PST = 08:00 UTC.
    assert (caught.value.retry_at, caught.value.quota) == (
        datetime(2026, 11, 27, 8, 0, tzinfo=UTC),
        True,
    )


async def test_youtube_rate_limit_exceeded_is_a_short_pause(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    apis.fail(Platform.YOUTUBE, Fault.THROTTLED)

    with pytest.raises(RateLimited) as caught:
        await youtube_client(http, apis, clock).lookup("kominfotv")

    assert (caught.value.retry_at, caught.value.quota) == (NOW + timedelta(seconds=30), False)


async def test_youtube_key_invalid_in_either_error_shape_is_a_credential_error(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    apis.fail(Platform.YOUTUBE, Fault.BAD_CREDENTIALS)  # legacy errors[].reason keyInvalid
    problems = []
    for client in (youtube_client(http, apis, clock), youtube_client(http, apis, clock, "bad")):
        with pytest.raises(CredentialError) as caught:
            await client.lookup("kominfotv")
        problems.append((caught.value.status, caught.value.problem))

    assert problems == [(400, CredentialProblem.INVALID_TOKEN)] * 2


async def test_youtube_503_is_a_temporary_failure(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    apis.fail(Platform.YOUTUBE, Fault.SERVER_ERROR)

    with pytest.raises(TemporaryFailure) as caught:
        await youtube_client(http, apis, clock).lookup("kominfotv")

    assert (caught.value.kind, caught.value.status) == (FailureKind.SERVER_ERROR, 503)


# TikTok


async def test_tiktok_has_no_lookup_by_username() -> None:
    with pytest.raises(NoApi) as caught:
        await TikTokClient().lookup("budi")

    assert caught.value.platform == Platform.TIKTOK


# Secrets


def _everything_printed(exc: BaseException) -> str:
    return str(exc) + repr(exc) + "".join(traceback.format_exception(exc))


async def test_no_token_or_key_appears_in_any_failure_text(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    secrets = (apis.x_token, apis.graph_token, apis.youtube_key)
    apis.fail(Platform.X, Fault.DROP)
    apis.fail(Platform.INSTAGRAM, Fault.DROP)
    apis.fail(Platform.FACEBOOK, Fault.BAD_CREDENTIALS)
    apis.fail(Platform.YOUTUBE, Fault.DROP)
    clients: list[AccountClient] = [
        x_client(http, apis, clock),
        instagram_client(http, apis, clock),
        facebook_client(http, apis, clock),
        youtube_client(http, apis, clock),
    ]
    texts = []
    for client in clients:
        with pytest.raises(LookupFailure) as caught:
            await client.lookup("budi")
        texts.append(_everything_printed(caught.value))
    texts.extend(repr(client) for client in clients)

    assert [secret for secret in secrets for text in texts if secret in text] == []


async def test_unreachable_api_failure_text_has_no_url_or_key(
    http: httpx.AsyncClient, apis: FakeSocialApis, clock: FixedClock
) -> None:
    client = youtube_client(http, apis, clock)
    await apis.stop()  # nothing listens on the port any more

    with pytest.raises(TemporaryFailure) as caught:
        await client.lookup("budi")

    printed = _everything_printed(caught.value)
    assert (caught.value.kind, apis.youtube_key in printed, "key=" in printed) == (
        FailureKind.NETWORK,
        False,
        False,
    )
