"""The typed container of everything a handler may use; built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from bot.audit import AuditService
from bot.badges.service import BadgeService
from bot.campaigns.reshares import ReshareService
from bot.campaigns.service import CampaignService
from bot.clock import Clock
from bot.enrollment import EnrollmentService
from bot.exports import Exporter
from bot.people import PeopleService
from bot.privacy import PrivacyService
from bot.settings import Settings
from bot.statistics import StatisticsService
from bot.verification.lookup import SocialLookup
from bot.verification.review import ReviewService
from bot.verification.service import VerificationService
from storage.conversation_states import ConversationStateRepository
from storage.database import Database


@dataclass
class Services:
    settings: Settings
    clock: Clock
    db: Database
    people: PeopleService
    enrollment: EnrollmentService
    privacy: PrivacyService
    verification: VerificationService
    badges: BadgeService
    reshares: ReshareService
    campaigns: CampaignService
    statistics: StatisticsService
    exporter: Exporter
    review: ReviewService
    audit: AuditService
    lookup: SocialLookup
    http: httpx.AsyncClient
    conversation_states: ConversationStateRepository

    async def open(self) -> None:
        await self.db.open()

    async def close(self) -> None:
        await self.lookup.aclose()
        await self.http.aclose()
        await self.db.close()
