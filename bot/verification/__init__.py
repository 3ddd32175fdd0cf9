"""Reading follower counts and bios through the platforms' official APIs (no scraping)."""

from bot.verification.accounts import (
    AccountNotFound,
    AccountNotVisible,
    AccountSnapshot,
    AccountSuspended,
    CredentialError,
    LookupFailure,
    NoApi,
    NotConfigured,
    RateLimited,
    TemporaryFailure,
)
from bot.verification.lookup import SocialLookup

__all__ = [
    "AccountNotFound",
    "AccountNotVisible",
    "AccountSnapshot",
    "AccountSuspended",
    "CredentialError",
    "LookupFailure",
    "NoApi",
    "NotConfigured",
    "RateLimited",
    "SocialLookup",
    "TemporaryFailure",
]
