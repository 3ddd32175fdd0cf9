"""The composition root: the one place that builds services and wires them to Telegram."""

from __future__ import annotations

from telegram import BotCommand, BotCommandScopeDefault
from telegram.ext import Application, ContextTypes

from bot import commands
from bot.agencies import load_agencies
from bot.clock import Clock, SystemClock
from bot.enrollment import EnrollmentService
from bot.notifications import AdminNotifier
from bot.people import PeopleService
from bot.privacy import PrivacyService
from bot.services import Services
from bot.settings import Settings
from bot.telegram_adapter.admin_notifier import TelegramAdminNotifier
from bot.telegram_adapter.application import BotApplication
from bot.telegram_adapter.context import BotContext, BotData
from bot.telegram_adapter.json_request import JsonBodyRequest
from bot.telegram_adapter.persistence import SqliteConversationPersistence
from bot.telegram_adapter.update_processor import PerPersonUpdateProcessor
from bot.texts import render
from handlers import register_handlers
from storage.conversation_states import ConversationStateRepository
from storage.counters import CounterRepository
from storage.database import Database
from storage.enrollments import EnrollmentRepository
from storage.people import PeopleRepository

BotApp = Application
# How many people's updates are handled at once; the rest wait their turn in PTB's queue.
CONCURRENT_UPDATES = 64
CONNECTION_POOL_SIZE = 16
POOL_TIMEOUT_SECONDS = 10.0


def build_services(settings: Settings, clock: Clock, notifier: AdminNotifier) -> Services:
    db = Database(settings.database_path)
    people, enrollments = PeopleRepository(), EnrollmentRepository()
    counters, conversation_states = CounterRepository(), ConversationStateRepository()
    people_service = PeopleService(db, people, clock)
    return Services(
        settings=settings,
        clock=clock,
        db=db,
        people=people_service,
        enrollment=EnrollmentService(
            db,
            people,
            enrollments,
            counters,
            load_agencies(settings.agencies_extra_path),
            notifier,
            clock,
        ),
        privacy=PrivacyService(
            db, people_service, people, enrollments, conversation_states, counters, clock
        ),
        conversation_states=conversation_states,
    )


def build_application(settings: Settings, *, clock: Clock | None = None) -> BotApp:
    notifier = _LateNotifier()
    services = build_services(settings, clock or SystemClock(), notifier)
    application = (
        Application.builder()
        .application_class(BotApplication)
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_file_base_url)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .persistence(
            SqliteConversationPersistence(services.db, services.conversation_states, services.clock)
        )
        .concurrent_updates(PerPersonUpdateProcessor(CONCURRENT_UPDATES))
        # PTB's default pool has one connection, which would queue every concurrent reply.
        .request(
            JsonBodyRequest(
                connection_pool_size=CONNECTION_POOL_SIZE, pool_timeout=POOL_TIMEOUT_SECONDS
            )
        )
        .post_init(publish_command_menus)
        .build()
    )
    application.bot_data.services = services
    notifier.target = TelegramAdminNotifier(
        application.bot, settings.admin_chat_id, settings.default_locale
    )
    register_handlers(application)
    return application


class _LateNotifier:
    """Services are built before the Application that owns the bot they notify through."""

    target: AdminNotifier | None = None

    async def notify_admins(self, key: str, /, **values: object) -> None:
        assert self.target is not None
        await self.target.notify_admins(key, **values)


async def publish_command_menus(application: BotApp) -> None:
    """Sets the command menu in Indonesian (everyone) and English (English-language apps)."""
    for locale, language_code in (("id", None), ("en", "en")):
        menu = [
            BotCommand(name, render(locale, key))  # type: ignore[arg-type]
            for name, key in commands.menu(locale)  # type: ignore[arg-type]
        ]
        await application.bot.set_my_commands(
            menu, scope=BotCommandScopeDefault(), language_code=language_code
        )
