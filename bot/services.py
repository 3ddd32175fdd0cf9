"""What the composition root builds once: the services handlers may use, and the resources
(database, HTTP client) only the root and the services themselves hold."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from bot.admin.audit import AuditService
from bot.admin.backups import BackupService
from bot.badges.service import BadgeService
from bot.campaigns.reshares import ReshareService
from bot.campaigns.retention import RetentionService
from bot.campaigns.service import CampaignService
from bot.clock import Clock
from bot.enrollment.service import EnrollmentService
from bot.insights.exports import Exporter
from bot.insights.statistics import StatisticsService
from bot.people.linking import ChannelLinks
from bot.people.privacy import PrivacyService
from bot.people.service import PeopleService
from bot.people.windows import ConversationWindows
from bot.settings import Settings
from bot.units.service import UnitService
from bot.verification.lookup import SocialLookup
from bot.verification.review import ReviewService
from bot.verification.service import VerificationService
from storage.database import Database


@dataclass(frozen=True)
class Services:
    """The typed container of everything a handler may use: services, never the database or
    the HTTP client."""

    settings: Settings
    clock: Clock
    people: PeopleService
    enrollment: EnrollmentService
    units: UnitService
    privacy: PrivacyService
    verification: VerificationService
    badges: BadgeService
    reshares: ReshareService
    campaigns: CampaignService
    retention: RetentionService
    statistics: StatisticsService
    exporter: Exporter
    review: ReviewService
    audit: AuditService
    backups: BackupService
    links: ChannelLinks
    windows: ConversationWindows


@dataclass(frozen=True)
class Resources:
    """Connections the services share; opened before the bot starts, closed after it stops."""

    db: Database
    http: httpx.AsyncClient
    lookup: SocialLookup

    async def open(self) -> None:
        await self.db.open()

    async def close(self) -> None:
        await self.lookup.aclose()
        await self.http.aclose()
        await self.db.close()
