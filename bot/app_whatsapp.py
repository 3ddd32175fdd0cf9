"""The composition root's WhatsApp half (bot.app calls it while WHATSAPP_ACCESS_TOKEN is set):
the Cloud API clients, the webhook with its conversations, the notifier, and the campaign
worker that delivers to people whose content goes to WhatsApp.

Two connection pools, as on Telegram: one for replies and notifications, one for the
broadcast (opened and closed by the campaign runner), so a campaign never queues a reply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import httpx
from telegram import Bot

from bot.admin.notifications import AdminNotifier
from bot.badges.service import BadgeService
from bot.campaigns.delivery import DeliveryWorker
from bot.campaigns.media import CampaignMedia
from bot.campaigns.outcomes import UnreachableCallback
from bot.campaigns.planner import CampaignPlanner
from bot.campaigns.progress import ProgressCallback
from bot.campaigns.rendering import CampaignContent
from bot.campaigns.statuses import DeliveryStatuses
from bot.channels.telegram.files import TelegramFiles
from bot.channels.whatsapp.client import REPLY_THROTTLE_PAUSES, CloudApiClient, cloud_api_http
from bot.channels.whatsapp.conversations import ConversationStates
from bot.channels.whatsapp.errors import WhatsAppError
from bot.channels.whatsapp.inbox import WhatsAppInbox
from bot.channels.whatsapp.sender import WhatsAppSender
from bot.channels.whatsapp.webhook import WhatsAppWebhook
from bot.clock import Clock
from bot.people.linking import LinkRefused
from bot.people.service import PersonLocales
from bot.people.windows import ConversationWindows
from bot.services import Services
from bot.settings import Settings
from bot.verification.rules import Policy
from handlers.telegram.review import TelegramReviewDesk
from handlers.whatsapp.choices import WhatsAppShareCallbacks
from handlers.whatsapp.context import WhatsAppDeps
from handlers.whatsapp.dispatcher import WhatsAppConversations
from handlers.whatsapp.notifier import WhatsAppNotifier
from storage.campaigns import CampaignRepository
from storage.database import Database
from storage.outbox import OutboxRepository
from storage.people import PeopleRepository
from storage.whatsapp_inbox import WhatsAppInboxRepository


def _secret(settings: Settings, name: str) -> str:
    value = getattr(settings, name)
    assert value is not None, f"{name} is checked by load_settings while WhatsApp is on"
    return str(value.get_secret_value() if hasattr(value, "get_secret_value") else value)


def cloud_api_client(
    settings: Settings, http: httpx.AsyncClient, *, throttle_pauses: Sequence[float] = ()
) -> CloudApiClient:
    return CloudApiClient(
        http,
        base_url=settings.whatsapp_api_base_url,
        version=settings.whatsapp_api_version,
        phone_number_id=_secret(settings, "whatsapp_phone_number_id"),
        access_token=_secret(settings, "whatsapp_access_token"),
        throttle_pauses=throttle_pauses,
    )


class WhatsAppCredentialAlert:
    """Tells the admin group once that the Cloud API refused the token (the sender calls it
    once per outage: until a send works again)."""

    def __init__(self, notifier: AdminNotifier) -> None:
        self._notifier = notifier

    async def __call__(self, error: WhatsAppError) -> None:
        await self._notifier.notify_admins("admin_whatsapp_token", code=error.code)


@dataclass
class WhatsAppReplies:
    """The connection replies and notifications go through, and the notifier built on it;
    built before the services, which report to the notifier."""

    http: httpx.AsyncClient
    client: CloudApiClient
    states: ConversationStates  # one instance: it keeps the states in memory
    notifier: WhatsAppNotifier


def whatsapp_replies(
    settings: Settings,
    *,
    locales: PersonLocales,
    policy: Policy,
    badges: BadgeService,
    windows: ConversationWindows,
    states: ConversationStates,
) -> WhatsAppReplies:
    http = cloud_api_http(settings.whatsapp_rate_per_second)
    client = cloud_api_client(settings, http, throttle_pauses=REPLY_THROTTLE_PAUSES)
    notifier = WhatsAppNotifier(client, locales, policy, badges, windows=windows, states=states)
    return WhatsAppReplies(http, client, states, notifier)


class WhatsAppChannel:
    """Started and stopped with the bot: the webhook's inbox (messages a stop left unhandled
    are handled at start) and the replies' connection."""

    def __init__(self, replies: WhatsAppReplies, webhook: WhatsAppWebhook) -> None:
        self.replies = replies
        self.webhook = webhook

    async def start(self) -> None:
        await self.webhook.start()

    async def stop(self) -> None:
        await self.webhook.stop()
        await self.replies.http.aclose()


def whatsapp_channel(
    settings: Settings,
    *,
    replies: WhatsAppReplies,
    services: Services,
    db: Database,
    outbox: OutboxRepository,
    review_desk: TelegramReviewDesk,
    clock: Clock,
) -> WhatsAppChannel:
    deps = WhatsAppDeps(
        services=services,
        messages=replies.client,
        states=replies.states,
        links=services.links,
        link_refused=LinkRefused,
        review_desk=review_desk,
    )
    webhook = WhatsAppWebhook(
        app_secret=_secret(settings, "whatsapp_app_secret"),
        verify_token=_secret(settings, "whatsapp_verify_token"),
        inbox=WhatsAppInbox(db, WhatsAppInboxRepository(), clock),
        handle=WhatsAppConversations(deps).handle,
        statuses=DeliveryStatuses(db, outbox, services.windows, clock),
        windows=services.windows,
        receipts=replies.client,
    )
    return WhatsAppChannel(replies, webhook)


@dataclass(frozen=True)
class WhatsAppBroadcast:
    worker: DeliveryWorker
    http: httpx.AsyncClient  # opened and closed by the campaign runner


def whatsapp_broadcast(
    settings: Settings,
    *,
    db: Database,
    outbox: OutboxRepository,
    campaigns: CampaignRepository,
    people: PeopleRepository,
    services: Services,
    planner: CampaignPlanner,
    telegram_files: Bot,
    admin_notifier: AdminNotifier,
    on_progress: ProgressCallback,
    on_unreachable: UnreachableCallback,
    clock: Clock,
    instance_id: str | None = None,
) -> WhatsAppBroadcast:
    """The worker for people whose content goes to WhatsApp: the normal message inside the
    24-hour window, the approved template outside it, media fetched once from Telegram (where
    admins compose) and uploaded to WhatsApp."""
    rate = settings.whatsapp_rate_per_second
    http = cloud_api_http(rate)
    sender = WhatsAppSender(
        cloud_api_client(settings, http),
        windows=services.windows,
        template=_secret(settings, "whatsapp_campaign_template"),
        template_language=settings.whatsapp_campaign_template_language,
        rate_per_second=rate,
        on_credential_error=WhatsAppCredentialAlert(admin_notifier),
    )
    media = CampaignMedia(db, campaigns, TelegramFiles(telegram_files), clock, channel=sender.name)
    content = CampaignContent(
        planner.campaign_of_run,
        localisations=planner.localisations,
        default_locale=settings.default_locale,
        disclosure_tag=settings.disclosure_tag,
        callbacks=WhatsAppShareCallbacks(),
        limits=sender.limits,
        channel=sender.name,
        media=media,
    )
    worker = DeliveryWorker(
        db,
        outbox,
        sender,
        render=content.render,
        clock=clock,
        people=people,
        rate=rate,
        on_progress=on_progress,
        on_media_uploaded=media.keep,
        finish_run=planner.finish,
        on_unreachable=on_unreachable,
        instance_id=instance_id,  # names this instance in the rows it claims
    )
    return WhatsAppBroadcast(worker, http)
