"""X API v2: GET /2/users/by/username/{u} with an app-only Bearer token.

Not-found and suspended users come back as HTTP 200 with an ``errors`` array and no ``data``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx

from bot.clock import Clock
from bot.enrollment.social_handles import Platform
from bot.verification.accounts import (
    AccountNotFound,
    AccountSnapshot,
    AccountSuspended,
    CredentialError,
    CredentialProblem,
    FailureKind,
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

_FIELDS = "public_metrics,description,created_at,protected"
# X's user-lookup window; used when a 429 arrives without x-rate-limit-reset.
_DEFAULT_BACKOFF = timedelta(minutes=15)
_CREDENTIAL_STATUS = {
    401: CredentialProblem.INVALID_TOKEN,
    402: CredentialProblem.CREDITS_DEPLETED,
    403: CredentialProblem.FORBIDDEN,
}


class XClient:
    platform = Platform.X
    uses_http = True

    def __init__(
        self, http: httpx.AsyncClient, base_url: str, bearer_token: str, clock: Clock
    ) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {bearer_token}"}
        self._clock = clock

    def __repr__(self) -> str:
        return f"XClient(base_url={self._base!r})"

    async def lookup(self, handle: str) -> AccountSnapshot:
        url = f"{self._base}/2/users/by/username/{quote(handle, safe='')}"
        reply = await get_json(
            self._http, self.platform, url, params={"user.fields": _FIELDS}, headers=self._headers
        )
        body = reply.body
        if reply.status == 200:
            if isinstance(body, dict) and isinstance(body.get("data"), dict):
                return self._snapshot(handle, body["data"])
            if isinstance(body, dict) and isinstance(body.get("errors"), list):
                raise self._user_error(handle, body["errors"])
            raise malformed(self.platform, 200, "neither data nor errors")
        if reply.status == 429:
            raise RateLimited(self.platform, self._reset_time(reply.headers))
        if reply.status in _CREDENTIAL_STATUS:
            raise self._credential_error(reply.status, body)
        if reply.status == 400:
            # Invalid username syntax: no account can have it.
            raise AccountNotFound(self.platform, handle)
        if reply.status >= 500:
            raise server_failure(self.platform, reply.status)
        raise TemporaryFailure(
            self.platform, f"HTTP {reply.status}", kind=FailureKind.UNEXPECTED, status=reply.status
        )

    def _snapshot(self, handle: str, data: dict[str, Any]) -> AccountSnapshot:
        account_id = data.get("id")
        if not isinstance(account_id, str):
            raise malformed(self.platform, 200, "user without id")
        metrics = data.get("public_metrics")
        metrics = metrics if isinstance(metrics, dict) else {}
        return AccountSnapshot(
            platform=self.platform,
            handle=handle,
            account_id=account_id,
            display_name=text_or_none(data.get("name")),
            followers=optional_int(metrics.get("followers_count")),
            following=optional_int(metrics.get("following_count")),
            posts=optional_int(metrics.get("tweet_count")),
            bio=text_or_empty(data.get("description")),
            created_at=parse_timestamp(data.get("created_at")),
            protected=data.get("protected") is True,
            fetched_at=self._clock.now(),
        )

    def _user_error(self, handle: str, errors: list[Any]) -> Exception:
        for error in errors:
            if not isinstance(error, dict):
                continue
            title = str(error.get("title", ""))
            detail = str(error.get("detail", ""))
            if title == "Forbidden" or "suspended" in detail.lower():
                return AccountSuspended(self.platform, handle)
            if title == "Not Found Error" or str(error.get("type", "")).endswith(
                "/resource-not-found"
            ):
                return AccountNotFound(self.platform, handle)
        return malformed(self.platform, 200, "unrecognised errors array")

    def _reset_time(self, headers: httpx.Headers) -> datetime:
        reset = headers.get("x-rate-limit-reset", "")
        if reset.isdigit():
            return datetime.fromtimestamp(int(reset), UTC)
        return self._clock.now() + _DEFAULT_BACKOFF

    def _credential_error(self, status: int, body: Any) -> CredentialError:
        problem = _CREDENTIAL_STATUS[status]
        title = detail = ""
        if isinstance(body, dict):
            title = str(body.get("title", ""))
            detail = str(body.get("detail", ""))
            if body.get("reason") == "client-not-enrolled":
                problem = CredentialProblem.NOT_ENROLLED
        # X's 401/402/403 bodies describe the app, never echo the token.
        return CredentialError(self.platform, status, f"{title}: {detail}".strip(": "), problem)
