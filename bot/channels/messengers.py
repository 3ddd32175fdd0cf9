"""Each person's messages through the channel of the identity they are addressed by: news of a
background check or an admin's decision reaches a WhatsApp person on WhatsApp, a Telegram
person on Telegram (the core names them by their content channel's identity)."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from bot.badges.service import IssuedBadge
from bot.channels.telegram.context import PersonMessengerLike
from bot.people.service import ChannelIdentity
from bot.verification.outcomes import VerificationNews

_LOGGER = logging.getLogger(__name__)


class ChannelMessengers:
    def __init__(self, by_channel: Mapping[str, PersonMessengerLike]) -> None:
        self._by_channel = dict(by_channel)

    def _of(self, who: ChannelIdentity) -> PersonMessengerLike | None:
        messenger = self._by_channel.get(who.channel)
        if messenger is None:
            # A person whose content channel was switched off (WhatsApp unconfigured later).
            _LOGGER.warning("No %s channel is configured; a message was not sent", who.channel)
        return messenger

    async def say(self, who: ChannelIdentity, key: str, /, **values: object) -> None:
        if messenger := self._of(who):
            await messenger.say(who, key, **values)

    async def verification_news(self, who: ChannelIdentity, news: VerificationNews) -> None:
        if messenger := self._of(who):
            await messenger.verification_news(who, news)

    async def after_news(self, who: ChannelIdentity, news: VerificationNews) -> None:
        if messenger := self._of(who):
            await messenger.after_news(who, news)

    async def send_badge(self, who: ChannelIdentity, issued: IssuedBadge) -> None:
        if messenger := self._of(who):
            await messenger.send_badge(who, issued)
