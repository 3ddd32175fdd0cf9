"""Two instances of the bot on one database, each with its own web app, as behind a load
balancer in webhook mode. The test plays Telegram: it takes the emulator's updates and posts
each to A or B in turn, a chat's updates one after another as Telegram does (each once the
previous was answered 200), while the earlier ones are still being handled: every Bot API call
takes 100 ms, and runs of answers are sent without waiting for the bot. One update is posted
to both instances at once. The replies come in answer order, one per update, and the
enrollment reaches its summary with every answer stored."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import httpx
import pytest

from bot.app import build_application
from bot.channels.telegram.application import BotApplication
from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator
from handlers.telegram import ALLOWED_UPDATES
from storage.sql import fetch_all
from tests.support import EDIT_METHODS, TOKEN, Person, free_port

SECRET = "two-instances-webhook-secret"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# The answer whose update Telegram posts to both instances.
POSTED_TWICE = "Jawa Timur"


def instance_settings(settings: Settings) -> Settings:
    """Webhook mode on a web port of its own, with the shared inbox; the same database as every
    other instance."""
    port = free_port()
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        **settings.model_dump()
        | {
            "telegram_mode": "webhook",
            "telegram_webhook_url": f"http://127.0.0.1:{port}/telegram/webhook",
            "telegram_webhook_secret": SECRET,
            "web_port": port,
            "update_inbox": True,  # on SQLite too (PostgreSQL has it on by default)
        },
    )


@asynccontextmanager
async def instance(settings: Settings, clock: FixedClock) -> AsyncIterator[BotApplication]:
    """A running instance taking webhook posts; setWebhook is left out, so the emulator keeps
    the updates for the test to post."""
    application = build_application(settings, clock=clock)
    assert application.webhook is not None
    async with application:
        await application.start()
        application.webhook.accepting = True
        try:
            yield application
        finally:
            application.webhook.accepting = False
            await application.stop()


class Telegram:
    """Telegram's webhook delivery to two instances: each update goes to the next instance in
    turn, after the previous update was answered; the one with POSTED_TWICE to both."""

    def __init__(self, emulator: BotApiEmulator, urls: list[str]) -> None:
        self._emulator, self._urls = emulator, urls
        self.posted: list[int] = []
        self.answers: list[int] = []

    async def deliver(self) -> None:
        offset = 0
        async with httpx.AsyncClient(timeout=30) as client:
            while True:
                taken = await client.post(
                    f"{self._emulator.base_url}{TOKEN}/getUpdates",
                    json={"offset": offset, "timeout": 1, "allowed_updates": ALLOWED_UPDATES},
                )
                for update in taken.json()["result"]:
                    offset = update["update_id"] + 1
                    await self._post(client, update)

    async def _post(self, client: httpx.AsyncClient, update: dict[str, Any]) -> None:
        first = len(self.posted) % 2
        twice = update.get("message", {}).get("text") == POSTED_TWICE
        urls = [self._urls[first], self._urls[1 - first]] if twice else [self._urls[first]]
        responses = await asyncio.gather(
            *(client.post(url, json=update, headers={SECRET_HEADER: SECRET}) for url in urls)
        )
        self.answers += [response.status_code for response in responses]
        self.posted.append(update["update_id"])


async def released(application: BotApplication) -> None:
    """Waits until no one holds a turn: the next update's receiver takes it, so the
    conversation goes on at the other instance."""
    reader = application.resources.db.reader
    for _ in range(1000):
        if not await fetch_all(reader, "SELECT person_key FROM person_turns"):
            return
        await asyncio.sleep(0.01)
    raise TimeoutError("a turn was never released")


async def says_all(person: Person, *texts: str) -> list[str]:
    """Sends the answers at once and returns the bot's replies to them."""
    for text in texts:
        person.emulator.send_text(person.user, text)
    return [message.content for message in await person.replies(len(texts))]


async def test_one_persons_answers_across_two_instances_stay_in_order_and_once(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    emulator.inject_fault("slow", delay=0.1, times=None)
    settings_a, settings_b = instance_settings(settings), instance_settings(settings)
    async with AsyncExitStack() as stack:
        a = await stack.enter_async_context(instance(settings_a, clock))
        b = await stack.enter_async_context(instance(settings_b, clock))
        urls = [str(s.telegram_webhook_url) for s in (settings_a, settings_b)]
        telegram = Telegram(emulator, urls)
        delivering = asyncio.create_task(telegram.deliver())
        try:
            siti = Person(emulator, emulator.add_user("Siti", language_code="id"), patience=15)
            await siti.says("/start")
            await released(a)
            await siti.presses("✅ Setuju")
            await released(a)
            identity = await says_all(
                siti, "19850612 201001 1 003", "Dr. Siti Rahma, S.Kom., M.Si."
            )
            await siti.presses("Kementerian / Lembaga")
            await released(a)
            await siti.says("Komdigi")
            await released(a)
            await siti.presses("Kementerian Komunikasi dan Digital")
            await released(a)
            details = await says_all(
                siti,
                "Biro Hubungan Masyarakat",
                POSTED_TWICE,
                "siti.rahma@komdigi.go.id",
                "https://www.instagram.com/siti.rahma/?igsh=abc123",
            )
            await siti.presses("Lewati ⏭")
            await siti.says("@SitiRahma")
            await siti.presses("Lewati ⏭")
            summary = await siti.presses("Lewati ⏭")
            await asyncio.sleep(0.3)  # a second reply to the update posted twice would be here
        finally:
            delivering.cancel()
            with pytest.raises(asyncio.CancelledError):
                await delivering
        handled = (a.turns.handled, b.turns.handled)
        outcomes = await fetch_all(
            a.resources.db.reader, "SELECT outcome, COUNT(*) FROM telegram_inbox GROUP BY outcome"
        )

    replies = [m for m in emulator.sent(siti.user) if m.method not in EDIT_METHODS]

    assert ["Langkah 2 dari 8" in identity[0], "Langkah 3 dari 8" in identity[1]] == [True, True]
    steps = [f"Langkah {step} dari 8" in reply for step, reply in zip("5677", details, strict=True)]
    assert steps == [True] * 4
    assert "Langkah 8 dari 8" in summary.content
    for answer in ("Dr. Siti Rahma", "Biro Hubungan Masyarakat", "Jawa Timur", "siti.rahma"):
        assert answer in summary.content
    assert "X (Twitter): @sitirahma" in summary.content
    # One reply per update, the one posted twice included; every post answered 200.
    assert len(replies) == len(telegram.posted) == 15
    assert telegram.answers == [200] * 16
    assert [tuple(row) for row in outcomes] == [("handled", len(set(telegram.posted)))]
    assert sum(handled) == 15 and min(handled) > 0  # both instances took turns
