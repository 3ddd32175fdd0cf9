"""YouTube Data API v3: channels.list by ``forHandle`` with an API key.

Counts are strings rounded to three significant figures; a missing handle is HTTP 200 with no
``items``. Each call costs one quota unit of the project's daily quota, which resets at midnight
Pacific time.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from bot.clock import Clock
from bot.enrollment.social_handles import Platform
from bot.verification.accounts import (
    AccountNotFound,
    AccountSnapshot,
    CredentialError,
    CredentialProblem,
    FailureKind,
    LookupFailure,
    RateLimited,
    TemporaryFailure,
)
from bot.verification.providers._http import (
    get_json,
    malformed,
    optional_int,
    parse_timestamp,
    server_failure,
    text_or_empty,
    text_or_none,
)

_PACIFIC = ZoneInfo("America/Los_Angeles")
_SHORT_BACKOFF = timedelta(seconds=30)
_KEY_REASONS = frozenset({"keyInvalid", "keyExpired", "API_KEY_INVALID", "API_KEY_EXPIRED"})
_SHORT_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
_QUOTA_REASONS = frozenset({"quotaExceeded", "dailyLimitExceeded"})


def next_pacific_midnight(now: datetime) -> datetime:
    """When the daily quota resets; zoneinfo handles the PST/PDT switch."""
    local = now.astimezone(_PACIFIC)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=_PACIFIC)
    return midnight.astimezone(now.tzinfo)


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class YouTubeClient:
    platform = Platform.YOUTUBE
    uses_http = True

    def __init__(self, http: httpx.AsyncClient, base_url: str, api_key: str, clock: Clock) -> None:
        self._http = http
        self._url = f"{base_url.rstrip('/')}/youtube/v3/channels"
        self._key = api_key
        self._clock = clock

    def __repr__(self) -> str:
        return f"YouTubeClient(url={self._url!r})"

    async def lookup(self, handle: str) -> AccountSnapshot:
        params = {"part": "snippet,statistics", "forHandle": f"@{handle}", "key": self._key}
        reply = await get_json(self._http, self.platform, self._url, params=params)
        if reply.status != 200:
            raise self._error(handle, reply.status, reply.body)
        body = reply.body
        if not isinstance(body, dict):
            raise malformed(self.platform, 200, "body is not an object")
        items = body.get("items") or []
        if not isinstance(items, list):
            raise malformed(self.platform, 200, "items is not a list")
        if not items:
            raise AccountNotFound(self.platform, handle)
        return self._snapshot(handle, items[0])

    def _snapshot(self, handle: str, item: Any) -> AccountSnapshot:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise malformed(self.platform, 200, "channel without id")
        snippet = _object(item.get("snippet"))
        stats = _object(item.get("statistics"))
        hidden = stats.get("hiddenSubscriberCount") is True
        return AccountSnapshot(
            platform=self.platform,
            handle=handle,
            account_id=item["id"],
            display_name=text_or_none(snippet.get("title")),
            followers=None if hidden else optional_int(stats.get("subscriberCount")),
            following=None,
            posts=optional_int(stats.get("videoCount")),
            bio=text_or_empty(snippet.get("description")),
            created_at=parse_timestamp(snippet.get("publishedAt")),
            protected=False,
            fetched_at=self._clock.now(),
        )

    def _error(self, handle: str, status: int, body: Any) -> LookupFailure:
        error = body.get("error") if isinstance(body, dict) else None
        reasons: list[str] = []
        message = ""
        if isinstance(error, dict):
            # Google's messages do not echo the key; scrub it anyway in case one ever does.
            message = str(error.get("message", ""))[:200].replace(self._key, "***")
            # Legacy errors[].reason (keyInvalid) and newer google.rpc details (API_KEY_INVALID).
            for entry in [*(error.get("errors") or []), *(error.get("details") or [])]:
                if isinstance(entry, dict) and isinstance(entry.get("reason"), str):
                    reasons.append(entry["reason"])
        detail = f"{','.join(reasons) or 'no reason'}: {message}"
        now = self._clock.now()
        if _QUOTA_REASONS.intersection(reasons):
            return RateLimited(self.platform, next_pacific_midnight(now), quota=True)
        if _SHORT_LIMIT_REASONS.intersection(reasons) or status == 429:
            return RateLimited(self.platform, now + _SHORT_BACKOFF)
        if _KEY_REASONS.intersection(reasons) or message.startswith("API key not valid"):
            return CredentialError(self.platform, status, detail, CredentialProblem.INVALID_TOKEN)
        if status in (401, 403):
            return CredentialError(self.platform, status, detail, CredentialProblem.PERMISSION)
        if status >= 500:
            return server_failure(self.platform, status)
        if status == 400:
            # e.g. a handle YouTube rejects as syntactically impossible: no channel has it.
            return AccountNotFound(self.platform, handle)
        if error is None:
            return malformed(self.platform, status, "no error object")
        return TemporaryFailure(self.platform, detail, kind=FailureKind.UNEXPECTED, status=status)
