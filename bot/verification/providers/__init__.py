"""One client per platform API; each turns the platform's wire format into AccountSnapshot."""

from __future__ import annotations

from typing import Protocol

from bot.enrollment.social_handles import Platform
from bot.verification.accounts import AccountSnapshot
from bot.verification.providers.graph import FacebookClient, InstagramClient
from bot.verification.providers.tiktok import TikTokClient
from bot.verification.providers.x import XClient
from bot.verification.providers.youtube import YouTubeClient

__all__ = [
    "AccountClient",
    "FacebookClient",
    "InstagramClient",
    "TikTokClient",
    "XClient",
    "YouTubeClient",
]


class AccountClient(Protocol):
    platform: Platform
    # False for clients that never make an HTTP request (TikTok): no limiter, no counter.
    uses_http: bool

    async def lookup(self, handle: str) -> AccountSnapshot: ...
