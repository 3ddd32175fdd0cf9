"""Fixtures for flows that need the platform APIs and the admin group. Every flow runs on
SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, SimChat, SimUser
from tests.fakes.social_apis import FakeSocialApis
from tests.support import BotHarness, running_bot


@pytest.fixture(params=["sqlite", "postgresql"])
def database_backend(request: pytest.FixtureRequest) -> str:
    backend: str = request.param
    return backend


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
async def vbot(
    verifying_settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    async with running_bot(verifying_settings, emulator, clock) as harness:
        yield harness


@pytest.fixture
def admin_group(emulator: BotApiEmulator, verifying_settings: Settings) -> tuple[SimChat, SimUser]:
    chat = next(
        c for c in emulator.state.chats.values() if c.id == verifying_settings.admin_chat_id
    )
    admin = emulator.add_user("Rina", username="rina_humas")
    emulator.set_member_status(chat, admin, "administrator")
    return chat, admin
