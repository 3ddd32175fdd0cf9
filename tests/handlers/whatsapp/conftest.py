"""The real services on a real database (the Application built as in production, against the
Bot API emulator for the admin group), with the WhatsApp conversations on a recording port."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import build_application
from bot.channels.whatsapp.conversations import ConversationStates
from bot.clock import FixedClock
from bot.settings import Settings
from handlers.whatsapp.context import WhatsAppDeps
from handlers.whatsapp.dispatcher import WhatsAppConversations
from storage.conversation_states import ConversationStateRepository
from tests.fakes.social_apis import FakeSocialApis
from tests.handlers.whatsapp.support import (
    LinkRefused,
    RecordingLinks,
    RecordingMessages,
    RecordingReviewDesk,
    WhatsAppHarness,
)


@pytest.fixture
async def apis(clock: FixedClock) -> AsyncIterator[FakeSocialApis]:
    async with FakeSocialApis(clock=clock) as fake:
        yield fake


@pytest.fixture
def verifying_settings(settings: Settings, apis: FakeSocialApis) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        **settings.model_dump()
        | {
            "x_api_bearer_token": apis.x_token,
            "x_api_base_url": apis.x_base_url,
            "meta_graph_access_token": apis.graph_token,
            "instagram_business_account_id": apis.instagram_account_id,
            "meta_graph_base_url": apis.graph_base_url,
            "youtube_api_key": apis.youtube_key,
            "youtube_api_base_url": apis.youtube_base_url,
            "lookup_attempts": 1,
        },
    )


@pytest.fixture
async def wa(verifying_settings: Settings, clock: FixedClock) -> AsyncIterator[WhatsAppHarness]:
    application = build_application(verifying_settings, clock=clock)
    async with application:
        services = application.bot_data.services
        states = ConversationStates(application.resources.db, ConversationStateRepository(), clock)
        messages, links, desk = (
            RecordingMessages(),
            RecordingLinks(clock.now()),
            RecordingReviewDesk(),
        )
        deps = WhatsAppDeps(
            services=services,
            messages=messages,
            states=states,
            links=links,
            link_refused=LinkRefused,
            review_desk=desk,
        )
        yield WhatsAppHarness(
            services,
            messages,
            links,
            desk,
            WhatsAppConversations(deps),
            states,
            application.resources.db,
        )
