"""What a check found, in terms the conversation can explain to the person."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.enrollment.social_handles import Platform

if TYPE_CHECKING:
    from bot.badges.service import IssuedBadge


class Verdict(StrEnum):
    VERIFIED = "verified"  # above the threshold and proven the person's
    NEEDS_OWNERSHIP = "needs_ownership"  # above the threshold: put the code in the bio
    CODE_MISSING = "code_missing"  # the bio was read, the code is not in it yet
    BELOW_THRESHOLD = "below_threshold"
    NEEDS_REVIEW = "needs_review"  # no API can see it: screenshot for an admin
    IN_REVIEW = "in_review"  # an admin is looking at it
    NOT_FOUND = "not_found"
    SUSPENDED = "suspended"
    DELAYED = "delayed"  # the platform did not answer now; the check runs again later


class ReviewReason(StrEnum):
    NOT_VISIBLE = "not_visible"  # personal Instagram/Facebook
    NO_API = "no_api"  # TikTok
    NOT_CONFIGURED = "not_configured"  # no credentials for the platform
    HIDDEN_COUNT = "hidden_count"  # YouTube hides the subscriber count
    PROTECTED = "protected"  # X protected account: the public cannot see the reshares


class Decision(StrEnum):
    VERIFIED = "verified"
    REJECTED = "rejected"


@dataclass(frozen=True)
class AccountOutcome:
    platform: Platform
    handle: str
    verdict: Verdict
    followers: int | None = None
    code: str | None = None
    code_expires_at: datetime | None = None
    review_reason: ReviewReason | None = None
    retry_at: datetime | None = None


@dataclass(frozen=True)
class VerificationNews:
    """Outcomes of one round of checks, the person's decision if this round settled it, and
    the badge the core issued (or extended) for it, for the channel to deliver after the news."""

    outcomes: tuple[AccountOutcome, ...] = ()
    decision: Decision | None = None
    reapply_after: datetime | None = None
    extra: dict[str, object] = field(default_factory=dict)
    badge: IssuedBadge | None = None
