"""What a platform API tells us about an account, and the ways asking can fail.

Failures are exceptions with machine-readable attributes (platform, enums, datetimes); the caller
decides what to tell the user. No message built here ever contains a token, key or request URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from bot.enrollment.social_handles import Platform

__all__ = [
    "AccountNotFound",
    "AccountNotVisible",
    "AccountSnapshot",
    "AccountSuspended",
    "CredentialError",
    "CredentialProblem",
    "FailureKind",
    "LookupFailure",
    "NoApi",
    "NotConfigured",
    "NotVisibleReason",
    "RateLimited",
    "TemporaryFailure",
]


@dataclass(frozen=True)
class AccountSnapshot:
    platform: Platform
    handle: str  # lowercase, as queried
    account_id: str  # the platform's immutable id; handles can be renamed or re-registered
    display_name: str | None
    followers: int | None  # None: hidden or not readable
    following: int | None
    posts: int | None
    bio: str  # "" when the account has none
    created_at: datetime | None  # aware UTC
    protected: bool
    fetched_at: datetime  # aware UTC


class LookupFailure(Exception):
    """Base of every lookup failure; ``platform`` says which API."""

    def __init__(self, platform: Platform, detail: str = "") -> None:
        super().__init__(f"{platform.value}: {detail}" if detail else platform.value)
        self.platform = platform
        self.detail = detail


class AccountNotFound(LookupFailure):
    def __init__(self, platform: Platform, handle: str) -> None:
        super().__init__(platform, f"not found: {handle}")
        self.handle = handle


class AccountSuspended(LookupFailure):
    def __init__(self, platform: Platform, handle: str) -> None:
        super().__init__(platform, f"suspended: {handle}")
        self.handle = handle


class NotVisibleReason(StrEnum):
    # Instagram answers the same (code 110, subcode 2207013) for personal and missing accounts.
    PERSONAL_OR_MISSING = "personal_or_missing"
    # Facebook: personal profiles (#803 unknown alias, #100 on a User node) have no readable count.
    NOT_A_PAGE = "not_a_page"


class AccountNotVisible(LookupFailure):
    """The account may exist, but no API we have can read it: send it to manual review."""

    def __init__(self, platform: Platform, handle: str, reason: NotVisibleReason) -> None:
        super().__init__(platform, f"not visible ({reason.value}): {handle}")
        self.handle = handle
        self.reason = reason


class NotConfigured(LookupFailure):
    """No credentials for this platform in the configuration."""

    def __init__(self, platform: Platform) -> None:
        super().__init__(platform, "no credentials configured")


class NoApi(LookupFailure):
    """The platform offers no lookup by username (TikTok)."""

    def __init__(self, platform: Platform) -> None:
        super().__init__(platform, "no lookup by username")


class CredentialProblem(StrEnum):
    INVALID_TOKEN = "invalid_token"  # X 401, Graph 190, YouTube keyInvalid
    CREDITS_DEPLETED = "credits_depleted"  # X 402
    NOT_ENROLLED = "not_enrolled"  # X 403 client-not-enrolled
    PERMISSION = "permission"  # Graph 10 / 200-299, YouTube 403 other than quota
    FORBIDDEN = "forbidden"  # any other 401/403


class CredentialError(LookupFailure):
    """Our token/key is wrong, expired, unpaid or lacks access: an operator has to act."""

    def __init__(
        self, platform: Platform, status: int, detail: str, problem: CredentialProblem
    ) -> None:
        super().__init__(platform, f"credential problem {problem.value} (HTTP {status}): {detail}")
        self.status = status
        self.detail = detail
        self.problem = problem


class RateLimited(LookupFailure):
    """Try again at ``retry_at`` (aware UTC); ``quota`` is True for a daily quota."""

    def __init__(self, platform: Platform, retry_at: datetime, *, quota: bool = False) -> None:
        super().__init__(platform, f"rate limited until {retry_at.isoformat()}")
        self.retry_at = retry_at
        self.quota = quota


class FailureKind(StrEnum):
    NETWORK = "network"
    TIMEOUT = "timeout"
    SERVER_ERROR = "server_error"
    MALFORMED = "malformed"  # body not JSON or not the documented shape
    UNEXPECTED = "unexpected"  # a documented-looking answer we have no mapping for


class TemporaryFailure(LookupFailure):
    def __init__(
        self, platform: Platform, detail: str, *, kind: FailureKind, status: int | None = None
    ) -> None:
        super().__init__(platform, f"{kind.value}: {detail}")
        self.detail = detail
        self.kind = kind
        self.status = status


class AccountLookup(Protocol):
    """What the checks need of the platforms (bot.verification.lookup.SocialLookup)."""

    async def lookup(
        self, platform: Platform, handle: str, *, fresh: bool = False
    ) -> AccountSnapshot: ...
