"""Typed handler context: services instead of string keys, and the update's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, cast

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.badges.service import IssuedBadge
from bot.channels.telegram.admin_notifier import TelegramAdminNotifier
from bot.channels.telegram.admins import AdminDirectory
from bot.channels.telegram.texts import Translator, admin_translator
from bot.channels.web.server import WebServer
from bot.languages import Locale, choose_locale
from bot.people.service import ChannelIdentity
from bot.services import Services
from bot.units.scope import Scope
from bot.verification.outcomes import VerificationNews

CHANNEL = "telegram"


class CampaignRunnerLike(Protocol):
    """Starts due campaign runs and runs the delivery worker
    (bot/campaigns/runner.py)."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def kick(self) -> None: ...

    async def tick(self) -> None: ...

    async def plan(self) -> None: ...


class OtherChannel(Protocol):
    """A channel started and stopped with the bot (WhatsApp: its webhook's inbox)."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class PersonMessengerLike(Protocol):
    """Sends a person messages outside their own updates (handlers/telegram/verification.py)."""

    async def say(self, who: ChannelIdentity, key: str, /, **values: object) -> None: ...

    async def verification_news(self, who: ChannelIdentity, news: VerificationNews) -> None: ...

    async def after_news(self, who: ChannelIdentity, news: VerificationNews) -> None: ...

    async def send_badge(self, who: ChannelIdentity, issued: IssuedBadge) -> None: ...


@dataclass(frozen=True)
class BotData:
    """Everything handlers reach through the context, built at once by the composition root
    (PTB asks `ContextTypes.bot_data` for it with no arguments: see `bot_data_type`)."""

    services: Services
    admins: AdminDirectory
    admin_notifier: TelegramAdminNotifier
    messenger: PersonMessengerLike
    web: WebServer
    campaign_runner: CampaignRunnerLike
    whatsapp: OtherChannel | None = None


def bot_data_type(data: BotData) -> type[BotData]:
    """What `ContextTypes(bot_data=…)` calls to make the bot's data: here, the ready one."""
    return cast(type[BotData], lambda: data)


class BotContext(CallbackContext[ExtBot[None], dict, dict, BotData]):
    _locale: Locale | None = None
    _update: object = None

    @property
    def services(self) -> Services:
        return self.bot_data.services

    @property
    def admins(self) -> AdminDirectory:
        return self.bot_data.admins

    async def admin_scope(self) -> Scope:
        """The scope of the admin group this update came from, read now (handlers behind
        AdminOnly only: anywhere else there is none, and asking is a programming error)."""
        update = self._update
        chat = update.effective_chat if isinstance(update, Update) else None
        scope = await self.admins.scope_for(chat.id) if chat else None
        if scope is None:
            raise LookupError("admin_scope asked outside an admin group")
        return scope

    @property
    def messenger(self) -> PersonMessengerLike:
        return self.bot_data.messenger

    @property
    def campaign_runner(self) -> CampaignRunnerLike:
        return self.bot_data.campaign_runner

    @property
    def locale(self) -> Locale:
        if self._locale is None:
            # Error handlers and jobs get a context that was never refreshed for an update.
            self._locale = self.services.settings.default_locale
        return self._locale

    @property
    def t(self) -> Translator:
        return Translator(self.locale)

    @property
    def admin_t(self) -> Translator:
        return admin_translator(self.services.settings.default_locale)

    async def refresh_data(self) -> None:
        """Chooses the language once per update, before any handler runs."""
        await super().refresh_data()
        update = self._update
        user = update.effective_user if isinstance(update, Update) else None
        if user is None:
            return
        chosen = await self.services.people.chosen_language(identity_of(user.id))
        self._locale = choose_locale(
            chosen,
            user.language_code,
            self.services.settings.default_locale,
        )

    @classmethod
    def from_update(cls, update: object, application: Application) -> BotContext:
        context = super().from_update(update, application)
        context._update = update
        return context


def identity_of(telegram_user_id: int) -> ChannelIdentity:
    return ChannelIdentity(CHANNEL, str(telegram_user_id))
