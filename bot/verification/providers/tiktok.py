"""TikTok: the official APIs read only the logged-in user (OAuth); no lookup by username."""

from __future__ import annotations

from bot.enrollment.social_handles import Platform
from bot.verification.accounts import AccountSnapshot, NoApi


class TikTokClient:
    platform = Platform.TIKTOK
    uses_http = False

    async def lookup(self, handle: str) -> AccountSnapshot:
        raise NoApi(self.platform)
