"""What the WhatsApp conversations need beyond `Services`, as protocols the composition root
fills: linking two channels (bot.people.linking) and the admins' review desk (their Telegram
group)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.people.service import ChannelIdentity
from bot.verification.review import ReviewCard


class IssuedLinkCode(Protocol):
    """bot.people.linking.LinkCode: six digits, valid for a while."""

    @property
    def code(self) -> str: ...

    @property
    def expires_at(self) -> datetime: ...


class ChannelLinking(Protocol):
    """bot.people.linking.ChannelLinks: `redeem` raises the exception the root passes as
    `WhatsAppDeps.link_refused`, whose `reason` is one of the LinkProblem values."""

    async def issue(self, who: ChannelIdentity) -> IssuedLinkCode: ...

    async def redeem(self, who: ChannelIdentity, code: str) -> int: ...


class ReviewDesk(Protocol):
    """The admins' side of manual review, in their Telegram group."""

    async def keep_screenshot(self, data: bytes, mime_type: str) -> str:
        """Stores a screenshot where the review card can show it; returns the file id the
        case keeps (`ReviewService.attach_screenshot`)."""
        ...

    async def post_card(self, card: ReviewCard) -> None:
        """Posts the case for the admins to decide."""
        ...
