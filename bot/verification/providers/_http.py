"""One GET with every transport failure turned into TemporaryFailure, and no URL in any error.

Graph and YouTube carry the secret in the query string, and httpx exceptions keep the request
(with its URL) attached; errors raised here are chained ``from None`` and name only the
exception type, so neither ``str()``, ``repr()`` nor a logged traceback can show the secret.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from bot.enrollment.social_handles import Platform
from bot.verification.accounts import FailureKind, TemporaryFailure


@dataclass(frozen=True)
class JsonResponse:
    status: int
    headers: httpx.Headers
    body: Any  # parsed JSON, or None when the body was not JSON


async def get_json(
    http: httpx.AsyncClient,
    platform: Platform,
    url: str,
    *,
    params: dict[str, str],
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    try:
        response = await http.get(url, params=params, headers=headers)
    except httpx.TimeoutException as exc:
        raise TemporaryFailure(platform, type(exc).__name__, kind=FailureKind.TIMEOUT) from None
    except httpx.HTTPError as exc:  # transport errors, e.g. a dropped connection
        raise TemporaryFailure(platform, type(exc).__name__, kind=FailureKind.NETWORK) from None
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        body = None
    return JsonResponse(response.status_code, response.headers, body)


def server_failure(platform: Platform, status: int) -> TemporaryFailure:
    return TemporaryFailure(
        platform, f"HTTP {status}", kind=FailureKind.SERVER_ERROR, status=status
    )


def malformed(platform: Platform, status: int, what: str) -> TemporaryFailure:
    return TemporaryFailure(platform, what, kind=FailureKind.MALFORMED, status=status)


def optional_int(value: object) -> int | None:
    """Counts arrive as ints (X, Graph) or strings (YouTube); anything else means unknown."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def parse_timestamp(value: object) -> datetime | None:
    """ISO 8601 as the APIs write it (``2013-12-14T04:35:55.000Z``), as aware UTC."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def text_or_empty(value: object) -> str:
    return value if isinstance(value, str) else ""


def text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None
