"""News for a person on WhatsApp outside their own messages: what a background check or an
admin's decision found, then the badge it issued (bot.verification.decisions.PersonNotifier).

Free-form messages reach a person only within 24 hours of their last message; outside it the
Cloud API refuses them (131047) and the person reads the news with STATUS or LENCANA."""

from __future__ import annotations

import logging

from bot.badges.service import BadgeService, IssuedBadge
from bot.channels.whatsapp.inbox import masked_wa_id
from bot.channels.whatsapp.ports import MAX_BUTTON_TITLE, ReplyButton, WhatsAppMessages
from bot.channels.whatsapp.texts import WhatsAppTranslator
from bot.people.service import ChannelIdentity, PersonLocales
from bot.verification.outcomes import VerificationNews
from bot.verification.rules import Policy
from handlers.whatsapp.badges import send_badge
from handlers.whatsapp.context import fit
from handlers.whatsapp.verification import news_messages

_LOGGER = logging.getLogger(__name__)


class WhatsAppNotifier:
    def __init__(
        self,
        messages: WhatsAppMessages,
        locales: PersonLocales,
        policy: Policy,
        badges: BadgeService,
    ) -> None:
        self._messages = messages
        self._locales = locales
        self._policy = policy
        self._badges = badges

    async def translator(self, who: ChannelIdentity) -> WhatsAppTranslator:
        return WhatsAppTranslator(await self._locales.locale_of(who))

    async def say(self, who: ChannelIdentity, key: str, /, **values: object) -> None:
        t = await self.translator(who)
        await self._messages.send_text(who.user_id, t(key, **values))

    async def verification_news(self, who: ChannelIdentity, news: VerificationNews) -> None:
        t = await self.translator(who)
        for text, buttons in news_messages(t, news, self._policy):
            if buttons:
                replies = [ReplyButton(id, fit(title, MAX_BUTTON_TITLE)) for id, title in buttons]
                await self._messages.send_buttons(who.user_id, text, replies)
            else:
                await self._messages.send_text(who.user_id, text)
        await self.after_news(who, news)

    async def after_news(self, who: ChannelIdentity, news: VerificationNews) -> None:
        """The congratulations come first, then the badge the core issued or extended."""
        if news.badge is not None:
            await self.send_badge(who, news.badge)

    async def send_badge(self, who: ChannelIdentity, issued: IssuedBadge) -> None:
        t = await self.translator(who)
        _LOGGER.info("Sending badge %s to %s", issued.badge.number, masked_wa_id(who.user_id))
        await send_badge(self._messages, self._badges, t, who.user_id, issued)
