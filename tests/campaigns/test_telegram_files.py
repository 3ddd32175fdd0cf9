"""Campaign media fetched back from Telegram by file id, through the Bot API emulator."""

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from bot.channels.telegram.files import TelegramFiles
from bot.channels.telegram.sender import broadcast_bot
from devtools.emulator import BotApiEmulator
from tests.support import TOKEN

# A 1×1 PNG: the emulator reads its size from the header.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
async def bot(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    async with broadcast_bot(TOKEN, emulator.base_url, emulator.file_base_url) as telegram_bot:
        yield telegram_bot


async def test_a_file_the_bot_sent_is_fetched_with_a_name_that_tells_its_type(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    admin = emulator.add_user("Rina")
    sent = await bot.send_document(admin.id, PNG, filename="poster.png")
    assert sent.document is not None

    data, name = await TelegramFiles(bot).fetch(sent.document.file_id)

    assert data == PNG
    assert name.endswith(".png")


async def test_a_photo_is_fetched_with_the_jpg_name_telegram_gives_photos(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    admin = emulator.add_user("Rina")
    sent = await bot.send_photo(admin.id, PNG)

    data, name = await TelegramFiles(bot).fetch(sent.photo[-1].file_id)

    assert (data, name.rsplit(".", 1)[-1]) == (PNG, "jpg")
