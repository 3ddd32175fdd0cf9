"""The values every channel fills into an account's verification texts."""

from __future__ import annotations

from bot.enrollment.display import PLATFORM_NAMES
from bot.enrollment.social_handles import Platform
from bot.languages import Locale
from bot.texts.formats import count
from bot.verification.outcomes import AccountOutcome
from bot.verification.rules import Policy


def shown_account(platform: Platform, handle: str) -> str:
    """A Facebook page by its name or number as typed; other accounts as `@handle`."""
    return handle if platform == Platform.FACEBOOK else f"@{handle}"


def account_values(locale: Locale, outcome: AccountOutcome, policy: Policy) -> dict[str, object]:
    """platform, handle, followers and threshold, as the verdict and re-verification texts
    show them."""
    return {
        "platform": PLATFORM_NAMES[outcome.platform],
        "handle": shown_account(outcome.platform, outcome.handle),
        "followers": count(outcome.followers, locale),
        "threshold": count(policy.threshold, locale),
    }


def code_values(outcome: AccountOutcome, policy: Policy) -> dict[str, object]:
    """The ownership code and how long it stays valid."""
    return {"code": outcome.code or "", "minutes": int(policy.code_valid.total_seconds() // 60)}
