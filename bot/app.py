"""The composition root: the one place that builds services and wires them to Telegram."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
from pydantic import SecretStr
from telegram import Bot
from telegram.ext import Application, ContextTypes, ExtBot

from bot.admin.admin_group import AdminGroupLocation
from bot.admin.audit import AuditService
from bot.admin.backups import BackupService
from bot.admin.notifications import AdminNotifier
from bot.app_operations import operations, telegram_webhook, telegram_webhook_route
from bot.app_whatsapp import whatsapp_broadcast, whatsapp_channel, whatsapp_replies
from bot.badges.openbadges import BadgeUrls, IssuerInfo
from bot.badges.service import BadgeConfig, BadgeService
from bot.campaigns.delivery import DeliveryWorker
from bot.campaigns.planner import CampaignPlanner
from bot.campaigns.rendering import CampaignContent
from bot.campaigns.reshares import ReshareService
from bot.campaigns.retention import RetentionService
from bot.campaigns.runner import BroadcastConnection, CampaignRunner
from bot.campaigns.schedule import parse_quiet_hours
from bot.campaigns.service import CampaignService
from bot.channels.messengers import ChannelMessengers
from bot.channels.telegram.admin_notifier import TelegramAdminNotifier
from bot.channels.telegram.admins import AdminDirectory
from bot.channels.telegram.application import BotApplication
from bot.channels.telegram.context import BotContext, BotData, bot_data_type
from bot.channels.telegram.json_request import AnswerObserver, JsonBodyRequest, MeasuredRequest
from bot.channels.telegram.menus import publish_command_menus
from bot.channels.telegram.persistence import SqliteConversationPersistence
from bot.channels.telegram.run_reports import AdminRunReports, ProgressTurns
from bot.channels.telegram.sender import TelegramSender, broadcast_bot
from bot.channels.telegram.texts import admin_translator
from bot.channels.telegram.turns import TelegramTurns
from bot.channels.telegram.update_processor import PerPersonUpdateProcessor
from bot.channels.telegram.webhook import QueueReceiver
from bot.channels.web.app import build_web_app
from bot.channels.web.server import WebServer
from bot.channels.whatsapp.conversations import ConversationStates
from bot.clock import Clock, SystemClock
from bot.enrollment.display import PLATFORM_NAMES
from bot.enrollment.service import EnrollmentService
from bot.enrollment.social_handles import Platform
from bot.insights.exports import Exporter
from bot.insights.statistics import StatisticsService
from bot.instances.heartbeat import InstanceHeartbeat
from bot.instances.identity import InstanceIdentity, Role
from bot.instances.leases import Lease
from bot.instances.runtime import POLLER_LEASE, SCHEDULER_LEASE, InstanceRuntime
from bot.observability.readiness import BotApiHealth
from bot.people.linking import ChannelLinks
from bot.people.privacy import PrivacyService
from bot.people.service import TELEGRAM, WHATSAPP, PeopleService, PersonLocales
from bot.people.windows import ConversationWindows
from bot.reference.agencies import load_agencies
from bot.services import Resources, Services
from bot.settings import Settings
from bot.units.service import UnitService
from bot.verification.accounts import CredentialError
from bot.verification.checks import AccountChecks
from bot.verification.decisions import Decisions, PersonNotifier
from bot.verification.lookup import RetryPolicy, SocialLookup
from bot.verification.ownership import OwnershipCodes
from bot.verification.recorder import AccountRecorder
from bot.verification.reverification import Reverification
from bot.verification.review import ReviewService
from bot.verification.rules import Policy
from bot.verification.service import VerificationService
from handlers.telegram import register_handlers
from handlers.telegram.badges import BadgeDelivery
from handlers.telegram.review import TelegramReviewDesk
from handlers.telegram.sharing import TelegramShareCallbacks
from handlers.telegram.verification import PersonMessenger
from storage.audit import AuditRepository
from storage.badges import BadgeRepository
from storage.campaign_drafts import CampaignDraftRepository
from storage.campaigns import CampaignRepository
from storage.chat_migrations import ChatMigrationRepository
from storage.conversation_states import ConversationStateRepository
from storage.counters import CounterRepository
from storage.database import Database, open_database
from storage.enrollments import EnrollmentRepository
from storage.exports import ExportRepository
from storage.link_codes import LinkCodeRepository
from storage.outbox import OutboxRepository
from storage.people import PeopleRepository
from storage.personal_data import PersonalDataRepository
from storage.reshares import ReshareRepository
from storage.statistics import StatisticsRepository
from storage.telegram_inbox import TelegramInboxRepository
from storage.units import UnitRepository
from storage.verification import VerificationRepository

_LOGGER = logging.getLogger(__name__)

BotApp = BotApplication
# How many updates are handled at once; a person's later updates wait for their turn without
# holding one of these (see PerPersonUpdateProcessor).
CONCURRENT_UPDATES = 64
CONNECTION_POOL_SIZE = 16
POOL_TIMEOUT_SECONDS = 10.0
DUE_CHECKS_INTERVAL = 30
REVERIFY_SCAN_INTERVAL = 3600
# Daily campaigns get tomorrow's runs planned ahead; due runs are started within seconds.
PLAN_INTERVAL = 3600
DUE_RUNS_INTERVAL = 15
# At least the broadcast's sends on the wire (rate × answer time), or sends wait for connections.
BROADCAST_POOL_SIZE = 64
RETENTION_INTERVAL = 24 * 3600
# How soon a unit group another instance activated is known outside its own group's updates.
ADMIN_DIRECTORY_CATCH_UP = 30


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value else None


def verification_policy(settings: Settings) -> Policy:
    return Policy(
        threshold=settings.follower_threshold,
        rule=settings.follower_rule,
        code_valid=timedelta(minutes=settings.ownership_code_minutes),
        reapply_after=timedelta(days=settings.reapply_after_days),
        reverify_every=timedelta(days=settings.reverify_days),
        grace=timedelta(days=settings.reverify_grace_days),
        recheck_cooldown=timedelta(minutes=settings.verify_cooldown_minutes),
    )


def badge_config(settings: Settings) -> BadgeConfig:
    return BadgeConfig(
        urls=BadgeUrls(settings.public_base_url),
        issuer=IssuerInfo(
            name=settings.badge_issuer_name,
            url=settings.badge_issuer_url or settings.public_base_url,
            email=settings.badge_issuer_email,
            has_logo=settings.badge_logo_path is not None,
        ),
        number_prefix=settings.badge_number_prefix,
        threshold=settings.follower_threshold,
        logo_path=settings.badge_logo_path,
        locale=settings.default_locale,
        grace=timedelta(days=settings.reverify_grace_days),
    )


def campaign_service(
    settings: Settings, storage: Storage, clock: Clock, units: UnitService
) -> CampaignService:
    planner = CampaignPlanner(
        storage.db,
        storage.campaigns,
        clock,
        quiet=parse_quiet_hours(settings.quiet_hours),
        max_per_day=settings.max_pushes_per_day,
        misfire_grace=timedelta(minutes=settings.misfire_grace_minutes),
        outbox=storage.outbox,
        units=units,
        channels=(TELEGRAM, WHATSAPP) if settings.whatsapp_enabled else (TELEGRAM,),
    )
    return CampaignService(
        storage.db,
        storage.campaign_drafts,
        storage.campaigns,
        audit=storage.audit,
        planner=planner,
        clock=clock,
        disclosure_tag=settings.disclosure_tag,
        require_second_approval=settings.require_second_approval,
        outbox=storage.outbox,
        template_price_idr=settings.whatsapp_marketing_price_idr,
        units=units,
    )


def telegram_bot(settings: Settings, on_answer: AnswerObserver | None = None) -> ExtBot[None]:
    """The Bot the application and every Telegram-side part use; built first, so the parts
    that send through it can be built before the Application. `on_answer` hears how each
    Bot API call went (for /readyz)."""
    return ExtBot(
        settings.bot_token.get_secret_value(),
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.telegram_file_base_url,
        # PTB's default pool has one connection, which would queue every concurrent reply.
        request=JsonBodyRequest(
            connection_pool_size=CONNECTION_POOL_SIZE,
            pool_timeout=POOL_TIMEOUT_SECONDS,
            on_answer=on_answer,
        ),
        get_updates_request=MeasuredRequest(connection_pool_size=1, on_answer=on_answer),
    )


def social_lookup(
    settings: Settings, http: httpx.AsyncClient, clock: Clock, alerts: CredentialAlerts
) -> SocialLookup:
    return SocialLookup.from_config(
        http,
        clock=clock,
        x_bearer_token=_secret(settings.x_api_bearer_token),
        x_base_url=settings.x_api_base_url,
        graph_token=_secret(settings.meta_graph_access_token),
        instagram_account_id=settings.instagram_business_account_id,
        graph_base_url=settings.meta_graph_base_url,
        graph_version=settings.meta_graph_api_version,
        youtube_api_key=_secret(settings.youtube_api_key),
        youtube_base_url=settings.youtube_api_base_url,
        on_credential_error=alerts.alert,
        retry=RetryPolicy(attempts=settings.lookup_attempts),
    )


@dataclass(frozen=True)
class Storage:
    """The database and one instance of each repository, shared by the services."""

    db: Database
    people: PeopleRepository = field(default_factory=PeopleRepository)
    enrollments: EnrollmentRepository = field(default_factory=EnrollmentRepository)
    counters: CounterRepository = field(default_factory=CounterRepository)
    conversation_states: ConversationStateRepository = field(
        default_factory=ConversationStateRepository
    )
    verification: VerificationRepository = field(default_factory=VerificationRepository)
    audit: AuditRepository = field(default_factory=AuditRepository)
    badges: BadgeRepository = field(default_factory=BadgeRepository)
    reshares: ReshareRepository = field(default_factory=ReshareRepository)
    statistics: StatisticsRepository = field(default_factory=StatisticsRepository)
    exports: ExportRepository = field(default_factory=ExportRepository)
    campaigns: CampaignRepository = field(default_factory=CampaignRepository)
    campaign_drafts: CampaignDraftRepository = field(default_factory=CampaignDraftRepository)
    outbox: OutboxRepository = field(default_factory=OutboxRepository)
    chat_migrations: ChatMigrationRepository = field(default_factory=ChatMigrationRepository)
    personal_data: PersonalDataRepository = field(default_factory=PersonalDataRepository)
    link_codes: LinkCodeRepository = field(default_factory=LinkCodeRepository)
    units: UnitRepository = field(default_factory=UnitRepository)
    telegram_inbox: TelegramInboxRepository = field(default_factory=TelegramInboxRepository)


def verification_service(
    *,
    storage: Storage,
    enrollment: EnrollmentService,
    badges: BadgeService,
    lookup: SocialLookup,
    person_notifier: PersonNotifier,
    admin_notifier: AdminNotifier,
    policy: Policy,
    clock: Clock,
) -> VerificationService:
    db, records = storage.db, storage.verification
    recorder = AccountRecorder(db, records, storage.enrollments, clock=clock)
    decisions = Decisions(
        db=db,
        enrollment=enrollment,
        enrollments=storage.enrollments,
        counters=storage.counters,
        badges=badges,
        policy=policy,
        clock=clock,
    )
    ownership = OwnershipCodes(
        db=db,
        records=records,
        enrollments=storage.enrollments,
        recorder=recorder,
        decisions=decisions,
        lookup=lookup,
        policy=policy,
        clock=clock,
    )
    reverification = Reverification(
        db=db,
        enrollments=storage.enrollments,
        records=records,
        counters=storage.counters,
        recorder=recorder,
        decisions=decisions,
        badges=badges,
        lookup=lookup,
        notifier=person_notifier,
        policy=policy,
        clock=clock,
    )
    checks = AccountChecks(
        db=db,
        enrollment=enrollment,
        records=records,
        recorder=recorder,
        ownership=ownership,
        reverification=reverification,
        decisions=decisions,
        lookup=lookup,
        person_notifier=person_notifier,
        admin_notifier=admin_notifier,
        policy=policy,
        clock=clock,
    )
    return VerificationService(
        db=db,
        enrollments=storage.enrollments,
        decisions=decisions,
        checks=checks,
        ownership=ownership,
        reverification=reverification,
        policy=policy,
        clock=clock,
    )


def campaign_runner(
    *,
    bot: Bot,
    broadcast_bot: Bot,
    admins: AdminDirectory,
    admin_notifier: TelegramAdminNotifier,
    storage: Storage,
    clock: Clock,
    settings: Settings,
    planner: CampaignPlanner,
    services: Services,
    instance: InstanceRuntime | None = None,
) -> CampaignRunner:
    """The runner with a worker per channel: deliveries rendered by the core, sent through
    Telegram on the broadcast's own Bot and connection pool (a broadcast never queues people's
    replies) and, while it is on, through WhatsApp on its own pool; progress reported in the
    admin group."""
    channel = TelegramSender(broadcast_bot)
    content = CampaignContent(
        planner.campaign_of_run,
        localisations=planner.localisations,
        default_locale=settings.default_locale,
        disclosure_tag=settings.disclosure_tag,
        callbacks=TelegramShareCallbacks(),
        limits=channel.limits,
    )
    reports = AdminRunReports(
        bot,
        admins,
        planner,
        notifier=admin_notifier,
        units=services.units,
        t=admin_translator(settings.default_locale),
        max_pushes_per_day=settings.max_pushes_per_day,
        turns=ProgressTurns(storage.db, clock),
    )
    instance_id = instance.identity.id if instance else None
    worker = DeliveryWorker(
        storage.db,
        storage.outbox,
        channel,
        render=content.render,
        clock=clock,
        people=storage.people,
        rate=settings.broadcast_rate_per_second,
        paid=settings.paid_broadcast,
        on_progress=reports.progress,
        finish_run=planner.finish,
        on_unreachable=services.people.unreachable,
        instance_id=instance_id,
    )
    workers: list[DeliveryWorker] = [worker]
    connections: list[BroadcastConnection] = [broadcast_bot]
    if settings.whatsapp_enabled:
        whatsapp = whatsapp_broadcast(
            settings,
            db=storage.db,
            outbox=storage.outbox,
            campaigns=storage.campaigns,
            people=storage.people,
            services=services,
            planner=planner,
            telegram_files=broadcast_bot,
            admin_notifier=admin_notifier,
            on_progress=reports.progress,
            on_unreachable=services.people.unreachable,
            clock=clock,
            instance_id=instance_id,
        )
        workers.append(whatsapp.worker)
        connections.append(whatsapp.http)
    return CampaignRunner(
        planner=planner,
        workers=workers,
        reports=reports,
        connections=connections,
        leads=_leads(instance),
    )


def _leads(instance: InstanceRuntime | None) -> Callable[[], Awaitable[bool]] | None:
    """Whether this instance may start due runs now: the scheduler lease's holder may; a
    web-only instance never competes for it."""
    if instance is None:
        return None
    if not instance.identity.sends:
        return _never
    return instance.scheduler.ensure


async def _never() -> bool:
    return False


def instance_runtime(settings: Settings, db: Database, clock: Clock, role: Role) -> InstanceRuntime:
    """This process among the instances on the database: its heartbeat (with the channels it
    sends on), the scheduler lease it competes for when it runs the scheduled jobs, and the
    poller lease when it handles updates in polling mode."""
    identity = InstanceIdentity.new(role)
    channels = (TELEGRAM, WHATSAPP) if settings.whatsapp_enabled else (TELEGRAM,)
    heartbeat = InstanceHeartbeat(db, identity, clock, channels=channels if identity.sends else ())
    scheduler = Lease(db, SCHEDULER_LEASE, identity.id, clock)
    leases = [scheduler] if identity.sends else []
    # Telegram answers 409 to a second long poll: one instance polls, the others stand by.
    polls = identity.serves and not settings.webhook_mode
    poller = Lease(db, POLLER_LEASE, identity.id, clock) if polls else None
    if poller is not None:
        leases.append(poller)
    return InstanceRuntime(heartbeat, scheduler=scheduler, leases=leases, poller=poller)


class CredentialAlerts:
    """Tells the admin group once that a platform refused our credentials."""

    def __init__(self, notifier: AdminNotifier) -> None:
        self._notifier = notifier

    async def alert(self, platform: Platform, error: CredentialError) -> None:
        await self._notifier.notify_admins(
            "admin_credential_error", platform=PLATFORM_NAMES[platform], problem=error.problem.value
        )


def build_application(
    settings: Settings, *, clock: Clock | None = None, role: Role = "all"
) -> BotApp:
    """Builds every part in dependency order: storage, the Telegram bot and the admin group's
    notifier, the services, the Telegram-side senders they report to, then the Application.
    `role` says what this instance does (see bot.instances.identity)."""
    clock = clock or SystemClock()
    storage = Storage(open_database(settings))
    db = storage.db
    instance = instance_runtime(settings, db, clock, role)
    bot_api = BotApiHealth()
    bot = telegram_bot(settings, on_answer=bot_api.record)
    bot_api.set_probe(bot.get_me)
    # Filled by the poller, or by the webhook without the shared inbox; with it, the webhook
    # and the poller's updates go to the inbox of `turns`.
    update_queue: asyncio.Queue[object] = asyncio.Queue()
    turns = (
        TelegramTurns(db, clock, states=storage.conversation_states, instance=instance.identity.id)
        if settings.shared_updates
        else None
    )
    webhook = telegram_webhook(settings, bot, turns or QueueReceiver(update_queue))
    agencies = load_agencies(settings.agencies_extra_path)
    units = UnitService(db, storage.units, agencies, clock)
    admins = AdminDirectory(
        settings.admin_chat_id,
        settings.admin_user_ids,
        clock,
        location=AdminGroupLocation(db, storage.chat_migrations, clock),
        units=units,
    )
    admin_t = admin_translator(settings.default_locale)
    admin_notifier = TelegramAdminNotifier(bot, admins, admin_t)
    http = httpx.AsyncClient(timeout=httpx.Timeout(10.0))
    lookup = social_lookup(settings, http, clock, CredentialAlerts(admin_notifier))
    people = PeopleService(db, storage.people, clock)
    enrollment = EnrollmentService(
        db,
        storage.people,
        storage.enrollments,
        counters=storage.counters,
        agencies=agencies,
        units=units,
        notifier=admin_notifier,
        clock=clock,
    )
    badges = BadgeService(
        db,
        enrollment,
        storage.badges,
        audit=storage.audit,
        counters=storage.counters,
        config=badge_config(settings),
        clock=clock,
    )
    policy = verification_policy(settings)
    locales = PersonLocales(people, settings.default_locale)
    telegram_messenger = PersonMessenger(
        bot, locales, policy, badges=BadgeDelivery(bot, badges, locales)
    )
    windows = ConversationWindows(db, storage.people, clock)
    replies = (
        whatsapp_replies(
            settings,
            locales=locales,
            policy=policy,
            badges=badges,
            windows=windows,
            states=ConversationStates(db, storage.conversation_states, clock),
        )
        if settings.whatsapp_enabled
        else None
    )
    messenger = ChannelMessengers(
        {TELEGRAM: telegram_messenger} | ({WHATSAPP: replies.notifier} if replies else {})
    )
    verification = verification_service(
        storage=storage,
        enrollment=enrollment,
        badges=badges,
        lookup=lookup,
        person_notifier=messenger,
        admin_notifier=admin_notifier,
        policy=policy,
        clock=clock,
    )
    campaigns = campaign_service(settings, storage, clock, units)
    statistics = StatisticsService(
        db, storage.statistics, clock, people=storage.people, units=units
    )
    services = Services(
        settings=settings,
        clock=clock,
        people=people,
        enrollment=enrollment,
        units=units,
        privacy=PrivacyService(
            db,
            people,
            storage.people,
            conversation_states=storage.conversation_states,
            counters=storage.counters,
            personal_data=storage.personal_data,
            link_codes=storage.link_codes,
            clock=clock,
            telegram_inbox=storage.telegram_inbox,
        ),
        verification=verification,
        badges=badges,
        reshares=ReshareService(db, enrollment, storage.reshares, clock=clock),
        campaigns=campaigns,
        retention=RetentionService(db, storage.outbox, clock, settings.retention_days),
        statistics=statistics,
        exporter=Exporter(db, repo=storage.statistics, rows=storage.exports, statistics=statistics),
        review=ReviewService(
            db,
            enrollment,
            storage.verification,
            enrollments=storage.enrollments,
            verification=verification,
            audit=storage.audit,
            policy=policy,
            clock=clock,
        ),
        audit=AuditService(db, storage.audit, clock),
        backups=BackupService(db),
        links=ChannelLinks(
            db, storage.people, storage.enrollments, storage.link_codes, people, clock=clock
        ),
        windows=windows,
    )
    broadcaster = broadcast_bot(
        settings.bot_token.get_secret_value(),
        settings.telegram_api_base_url,
        settings.telegram_file_base_url,
        connections=BROADCAST_POOL_SIZE,
    )
    whatsapp = (
        whatsapp_channel(
            settings,
            replies=replies,
            services=services,
            db=db,
            outbox=storage.outbox,
            review_desk=TelegramReviewDesk(bot, admins, admin_t, services.review),
            clock=clock,
        )
        if replies
        else None
    )
    runner = campaign_runner(
        bot=bot,
        broadcast_bot=broadcaster,
        admins=admins,
        admin_notifier=admin_notifier,
        storage=storage,
        clock=clock,
        settings=settings,
        planner=campaigns.planner,
        services=services,
        instance=instance,
    )
    instance.heartbeat.listen(runner.on_heartbeat)
    ops = operations(
        settings, db=db, clock=clock, runner=runner, bot_api=bot_api, instance=instance
    )
    web_app = build_web_app(
        badges,
        campaign_links=campaigns.link_of,
        channel_routes=[
            *(whatsapp.webhook.routes() if whatsapp else ()),
            *telegram_webhook_route(webhook),
        ],
        operations_routes=ops.routes,
    )
    bot_data = BotData(
        services=services,
        admins=admins,
        admin_notifier=admin_notifier,
        messenger=messenger,
        web=WebServer(web_app, settings.web_host, settings.web_port),
        whatsapp=whatsapp,
        campaign_runner=runner,
    )
    resources = Resources(db=db, http=http, lookup=lookup)
    application = (
        Application.builder()
        .application_class(
            BotApplication,
            kwargs={
                "resources": resources,
                "webhook": webhook,
                "metrics_server": ops.server,
                "instance": instance,
                "turns": turns,
            },
        )
        .bot(bot)
        .update_queue(update_queue)
        .context_types(ContextTypes(context=BotContext, bot_data=bot_data_type(bot_data)))
        .persistence(SqliteConversationPersistence(db, storage.conversation_states, clock))
        .concurrent_updates(PerPersonUpdateProcessor(CONCURRENT_UPDATES, turns))
        .post_init(publish_command_menus)
        .build()
    )
    # PTB's builder is typed to return its own Application; the class it built is ours.
    assert isinstance(application, BotApplication)
    if instance.identity.sends:
        schedule_jobs(application, instance.scheduler)
    # On every instance, not only the scheduler's: each keeps its own admin directory.
    assert application.job_queue is not None
    application.job_queue.run_repeating(
        _catch_up_admin_directory, interval=ADMIN_DIRECTORY_CATCH_UP, first=30, name="admins"
    )
    register_handlers(application, admins)
    if turns is not None:
        turns.bind(application)
    return application


Job = Callable[[BotContext], Coroutine[Any, Any, None]]


def schedule_jobs(application: BotApp, scheduler: Lease) -> None:
    """Background work; the schedules themselves live in the database, so a restart loses
    nothing (the jobs only look for what is due). Every instance that runs jobs schedules
    them, but only the holder of the scheduler lease does the work."""
    assert application.job_queue is not None
    jobs: list[tuple[Job, int, int, str]] = [
        (_run_due_checks, DUE_CHECKS_INTERVAL, 5, "due verification checks"),
        (_queue_reverification, REVERIFY_SCAN_INTERVAL, 60, "re-verification"),
        (_plan_campaigns, PLAN_INTERVAL, 3, "plan campaign runs"),
        (_start_due_runs, DUE_RUNS_INTERVAL, 5, "start due campaign runs"),
        (_fold_old_deliveries, RETENTION_INTERVAL, 600, "retention"),
    ]
    for job, interval, first, name in jobs:
        application.job_queue.run_repeating(
            on_lease(scheduler, job), interval=interval, first=first, name=name
        )


def on_lease(lease: Lease, job: Job) -> Job:
    """The job, done only while this instance holds `lease` (it returns at once elsewhere)."""

    async def leased(context: BotContext) -> None:
        if lease.held:
            await job(context)

    return leased


async def _catch_up_admin_directory(context: BotContext) -> None:
    # Group updates catch up before they are handled; this covers the private-chat paths
    # that ask where a unit's group is (review cards, notices).
    await context.admins.catch_up()


async def _run_due_checks(context: BotContext) -> None:
    await context.services.verification.run_due_jobs()


async def _plan_campaigns(context: BotContext) -> None:
    await context.campaign_runner.plan()


async def _start_due_runs(context: BotContext) -> None:
    await context.campaign_runner.tick()


async def _fold_old_deliveries(context: BotContext) -> None:
    await context.services.retention.fold_old()


async def _queue_reverification(context: BotContext) -> None:
    await context.services.verification.schedule_reverification()


def run_worker(application: BotApp) -> None:
    """`--role worker`: no updates and no web app, only the delivery workers and (on the
    scheduler lease's holder) the scheduled jobs, until SIGINT or SIGTERM; then the sends on
    the wire finish, the queued rows are released and the instance leaves."""
    asyncio.run(_run_until_signalled(application))


async def _run_until_signalled(application: BotApp) -> None:
    stop = _stop_on_signals()
    try:
        await application.initialize()
        await application.start()
        await stop.wait()
        await application.stop()
    finally:
        await application.shutdown()


# How often a polling instance looks whether it still holds (or now holds) the poller lease.
POLLER_CHECK_SECONDS = 1.0


def run_polling_on_lease(application: BotApp, *, timeout: int, allowed_updates: list[str]) -> None:
    """Polling mode with several instances: only the holder of the poller lease long-polls
    Telegram; the others serve everything else and take over polling when the holder stops
    or dies (its lease runs out). Until SIGINT or SIGTERM."""
    asyncio.run(_poll_on_lease(application, poll_timeout=timeout, allowed_updates=allowed_updates))


async def _poll_on_lease(
    application: BotApp, *, poll_timeout: int, allowed_updates: list[str]
) -> None:
    assert application.instance is not None and application.instance.poller is not None
    assert application.updater is not None
    poller, updater = application.instance.poller, application.updater
    stop = _stop_on_signals()
    try:
        await application.initialize()
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        while not stop.is_set():
            if poller.held and not updater.running:
                _LOGGER.info("This instance polls Telegram now")
                await updater.start_polling(timeout=poll_timeout, allowed_updates=allowed_updates)
            elif not poller.held and updater.running:
                _LOGGER.warning("Poller lease lost: this instance stops polling Telegram")
                await updater.stop()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), POLLER_CHECK_SECONDS)
        if updater.running:
            await updater.stop()
        await application.stop()
    finally:
        await application.shutdown()


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop
