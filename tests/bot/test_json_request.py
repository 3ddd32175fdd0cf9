"""Bot API calls with a JSON body, through the request's own connection pool."""

from __future__ import annotations

from telegram import Bot

from bot.emulator import BotApiEmulator
from bot.telegram_adapter.json_request import JsonBodyRequest
from tests.conftest import TOKEN


async def test_messages_are_sent_again_after_the_request_was_shut_down_and_reopened(
    emulator: BotApiEmulator,
) -> None:
    siti = emulator.add_user("Siti")
    bot = Bot(TOKEN, base_url=emulator.base_url, request=JsonBodyRequest(connection_pool_size=2))
    async with bot:
        await bot.send_message(siti.id, "<b>satu</b>", parse_mode="HTML")
    async with bot:
        await bot.send_message(siti.id, "dua")

    first, second = await emulator.next_messages(siti, 2)
    assert (first.content, second.content) == ("satu", "dua")
