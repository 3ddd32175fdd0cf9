"""Meta Graph API: Instagram business_discovery and Facebook Page fields.

Both use the same app token in the ``access_token`` query parameter and the same error object
``{"error": {"code", "error_subcode", "message", ...}}``, which may come with HTTP 400, 401,
403 or 500; the code, not the status, says what happened.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx

from bot.clock import Clock
from bot.enrollment.social_handles import Platform
from bot.verification.accounts import (
    AccountNotVisible,
    AccountSnapshot,
    CredentialError,
    CredentialProblem,
    FailureKind,
    LookupFailure,
    NotVisibleReason,
    RateLimited,
    TemporaryFailure,
)
from bot.verification.providers._http import (
    JsonResponse,
    get_json,
    malformed,
    optional_int,
    server_failure,
    text_or_empty,
    text_or_none,
)

# Application (4), user (17), page (32), API-specific (613) and business-use-case (80001-80014)
# throttling; 80002 is Instagram's.
_RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, *range(80001, 80015)})
_DEFAULT_BACKOFF = timedelta(minutes=15)
_INSTAGRAM_NOT_VISIBLE = (110, 2207013)
_FACEBOOK_NOT_A_PAGE = frozenset({100, 803})
_USAGE_HEADERS = ("x-business-use-case-usage", "x-app-usage", "x-ad-account-usage")


def _version(version: str) -> str:
    return version if version.startswith("v") else f"v{version}"


class _GraphClient:
    platform: Platform
    uses_http = True

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        access_token: str,
        clock: Clock,
        *,
        version: str = "v23.0",
    ) -> None:
        self._http = http
        self._root = f"{base_url.rstrip('/')}/{_version(version)}"
        self._token = access_token
        self._clock = clock

    def __repr__(self) -> str:
        return f"{type(self).__name__}(root={self._root!r})"

    async def _get(self, node: str, fields: str) -> JsonResponse:
        url = f"{self._root}/{quote(node, safe='')}"
        params = {"fields": fields, "access_token": self._token}
        return await get_json(self._http, self.platform, url, params=params)

    def _error(self, handle: str, reply: JsonResponse) -> LookupFailure:
        error = reply.body.get("error") if isinstance(reply.body, dict) else None
        if not isinstance(error, dict):
            if reply.status >= 500:
                return server_failure(self.platform, reply.status)
            return malformed(self.platform, reply.status, "no error object")
        code = optional_int(error.get("code"))
        subcode = optional_int(error.get("error_subcode"))
        # Graph messages describe the request, not the token; scrub it anyway in case one echoes it.
        message = str(error.get("message", ""))[:200].replace(self._token, "***")
        detail = f"code {code}/{subcode}: {message}"
        if code in _RATE_LIMIT_CODES:
            return RateLimited(self.platform, self._retry_at(reply.headers))
        if code == 190 or code == 102:
            return CredentialError(
                self.platform, reply.status, detail, CredentialProblem.INVALID_TOKEN
            )
        if code == 10 or (code is not None and 200 <= code <= 299):
            return CredentialError(
                self.platform, reply.status, detail, CredentialProblem.PERMISSION
            )
        specific = self._account_error(handle, code, subcode)
        if specific is not None:
            return specific
        if reply.status >= 500 or code in (1, 2) or error.get("is_transient") is True:
            return TemporaryFailure(
                self.platform, detail, kind=FailureKind.SERVER_ERROR, status=reply.status
            )
        return TemporaryFailure(
            self.platform, detail, kind=FailureKind.UNEXPECTED, status=reply.status
        )

    def _account_error(
        self, handle: str, code: int | None, subcode: int | None
    ) -> LookupFailure | None:
        return None

    def _retry_at(self, headers: httpx.Headers) -> datetime:
        minutes = max((_regain_minutes(headers.get(name)) for name in _USAGE_HEADERS), default=0)
        wait = timedelta(minutes=minutes) if minutes > 0 else _DEFAULT_BACKOFF
        return self._clock.now() + wait


def _regain_minutes(raw: str | None) -> int:
    """Largest ``estimated_time_to_regain_access`` (minutes) anywhere in a usage header."""
    if not raw:
        return 0
    try:
        value = json.loads(raw)
    except ValueError:
        return 0
    found: list[int] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            minutes = optional_int(node.get("estimated_time_to_regain_access"))
            if minutes is not None:
                found.append(minutes)
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(value)
    return max(found, default=0)


class InstagramClient(_GraphClient):
    """business_discovery through our own Instagram professional account (``ig_user_id``)."""

    platform = Platform.INSTAGRAM

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        access_token: str,
        ig_user_id: str,
        clock: Clock,
        *,
        version: str = "v23.0",
    ) -> None:
        super().__init__(http, base_url, access_token, clock, version=version)
        self._ig_user_id = ig_user_id

    async def lookup(self, handle: str) -> AccountSnapshot:
        fields = (
            f"business_discovery.username({handle})"
            "{id,username,name,followers_count,follows_count,media_count,biography}"
        )
        reply = await self._get(self._ig_user_id, fields)
        if reply.status != 200:
            raise self._error(handle, reply)
        found = reply.body.get("business_discovery") if isinstance(reply.body, dict) else None
        if not isinstance(found, dict) or not isinstance(found.get("id"), str):
            raise malformed(self.platform, 200, "no business_discovery.id")
        return AccountSnapshot(
            platform=self.platform,
            handle=handle,
            account_id=found["id"],
            display_name=text_or_none(found.get("name")),
            followers=optional_int(found.get("followers_count")),
            following=optional_int(found.get("follows_count")),
            posts=optional_int(found.get("media_count")),
            bio=text_or_empty(found.get("biography")),
            created_at=None,  # business_discovery does not expose it
            protected=False,
            fetched_at=self._clock.now(),
        )

    def _account_error(
        self, handle: str, code: int | None, subcode: int | None
    ) -> LookupFailure | None:
        if (code, subcode) == _INSTAGRAM_NOT_VISIBLE:
            return AccountNotVisible(self.platform, handle, NotVisibleReason.PERSONAL_OR_MISSING)
        return None


class FacebookClient(_GraphClient):
    """Page fields by username or id; personal profiles cannot be read."""

    platform = Platform.FACEBOOK

    async def lookup(self, handle: str) -> AccountSnapshot:
        reply = await self._get(handle, "id,name,followers_count,fan_count,about")
        if reply.status != 200:
            raise self._error(handle, reply)
        page = reply.body
        if not isinstance(page, dict) or not isinstance(page.get("id"), str):
            raise malformed(self.platform, 200, "page without id")
        followers = optional_int(page.get("followers_count"))
        if followers is None:  # older Pages report only likes
            followers = optional_int(page.get("fan_count"))
        return AccountSnapshot(
            platform=self.platform,
            handle=handle,
            account_id=page["id"],
            display_name=text_or_none(page.get("name")),
            followers=followers,
            following=None,
            posts=None,
            bio=text_or_empty(page.get("about")),
            created_at=None,
            protected=False,
            fetched_at=self._clock.now(),
        )

    def _account_error(
        self, handle: str, code: int | None, subcode: int | None
    ) -> LookupFailure | None:
        if code in _FACEBOOK_NOT_A_PAGE:
            return AccountNotVisible(self.platform, handle, NotVisibleReason.NOT_A_PAGE)
        return None
