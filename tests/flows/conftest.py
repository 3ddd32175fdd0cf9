"""Fixtures for flows that need the platform APIs and the admin group."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.clock import FixedClock
from bot.emulator import BotApiEmulator, BotMessage, SimChat, SimUser
from bot.settings import Settings
from tests.conftest import running_bot
from tests.fakes.social_apis import FakeSocialApis
from tests.flows.test_enrollment import NIP
from tests.support import BotHarness, Person

# The smallest valid PNG: a screenshot stand-in.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f5b6e70000000049454e44ae426082"
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


async def enroll(
    person: Person,
    *,
    instagram: str | None = None,
    x: str | None = None,
    email: str | None = None,
    tiktok: str | None = None,
    youtube: str | None = None,
) -> None:
    """Enrolls with the given handles (others skipped), up to the summary."""
    await person.says("/start")
    await person.presses("✅ Setuju")
    await person.says(
        NIP
        if person.user.first_name == "Siti"
        else f"19850612 200501 2 {person.user.id % 999 + 1:03d}"
    )
    await person.says("Siti Rahma")
    await person.presses("Kementerian / Lembaga")
    await person.says("Komdigi")
    await person.presses("Kementerian Komunikasi dan Digital")
    await person.says("Biro Humas")
    await person.says("Jawa Timur")
    if email:
        await person.says(email)
    else:
        await person.presses("Lewati ⏭")
    for handle in (instagram, None, x, tiktok, youtube):
        if handle:
            await person.says(handle)
        else:
            await person.presses("Lewati ⏭")


async def submit(person: Person, replies: int) -> list[BotMessage]:
    """Confirms the summary; returns the confirmation and the next `replies` answers (the
    checks' results), waiting for those answers rather than for the bot to look idle."""
    first = await person.presses(person.buttons()[0])
    return [first, *[await person.reply(timeout=15) for _ in range(replies)]]
