"""The composition root's operating half (bot.app calls it): how Telegram's updates arrive in
webhook mode, and what operators probe and scrape (/readyz, /metrics)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from starlette.routing import BaseRoute
from telegram import Bot

from bot.campaigns.runner import CampaignRunner
from bot.channels.telegram.update_processor import UpdateReceiver
from bot.channels.telegram.webhook import TelegramWebhook
from bot.channels.web.operations import metrics_routes, operations_app, readiness_routes
from bot.channels.web.server import LocalServer
from bot.channels.web.telegram_webhook import telegram_webhook_routes
from bot.clock import Clock
from bot.instances.runtime import SCHEDULER_LEASE, InstanceRuntime
from bot.observability.checks import OutboxGauges, SchedulerCheck, database_problem
from bot.observability.readiness import BotApiHealth, Readiness
from bot.settings import Settings
from handlers.telegram import ALLOWED_UPDATES
from storage.database import Database


def telegram_webhook(
    settings: Settings, bot: Bot, receiver: UpdateReceiver
) -> TelegramWebhook | None:
    """In webhook mode, what stores posted updates in the inbox (`receiver`)."""
    if not settings.webhook_mode:
        return None
    assert settings.telegram_webhook_url and settings.telegram_webhook_secret  # load_settings
    return TelegramWebhook(
        bot,
        receiver,
        url=settings.telegram_webhook_url,
        secret=settings.telegram_webhook_secret.get_secret_value(),
        max_connections=settings.telegram_webhook_max_connections,
        allowed_updates=ALLOWED_UPDATES,
    )


def telegram_webhook_route(webhook: TelegramWebhook | None) -> list[BaseRoute]:
    """The webhook's route on the web app, at the path of TELEGRAM_WEBHOOK_URL."""
    if webhook is None:
        return []
    path = urlsplit(webhook.url).path
    return [*telegram_webhook_routes(path, webhook.secret, webhook.receive)]


@dataclass(frozen=True)
class Operations:
    routes: list[BaseRoute] = field(default_factory=list)  # on the public web app
    server: LocalServer | None = None  # METRICS_PORT's own server


def operations(
    settings: Settings,
    *,
    db: Database,
    clock: Clock,
    runner: CampaignRunner,
    bot_api: BotApiHealth,
    instance: InstanceRuntime | None = None,
) -> Operations:
    """/readyz on the web app; /metrics on METRICS_PORT when set (with the health checks), or
    else on the web app only behind METRICS_TOKEN; with neither, nowhere."""

    async def delivery_problem() -> str | None:
        return None if runner.alive() else "a campaign delivery worker is not running"

    async def database() -> str | None:
        return await database_problem(db)

    checks = {"database": database, "telegram": bot_api.check}
    if instance is None or instance.identity.sends:
        checks["delivery_worker"] = delivery_problem
    outbox_gauges = OutboxGauges(db, clock)
    refreshes = [outbox_gauges.refresh]
    if instance is not None:
        lease = instance.scheduler
        scheduler = SchedulerCheck(
            db, clock, lease_name=SCHEDULER_LEASE, held_here=lambda: lease.held
        )
        checks["scheduler"] = scheduler.problem
        refreshes.append(scheduler.refresh)
    readiness = Readiness(checks)

    async def refresh_gauges() -> None:
        for refresh in refreshes:
            await refresh()

    token = settings.metrics_token.get_secret_value() if settings.metrics_token else None
    routes: list[BaseRoute] = [*readiness_routes(readiness)]
    if settings.metrics_port is not None:
        app = operations_app(readiness, refresh_gauges, token)
        return Operations(routes, LocalServer(app, settings.metrics_host, settings.metrics_port))
    if token is not None:
        routes += metrics_routes(refresh_gauges, token)
    return Operations(routes)
