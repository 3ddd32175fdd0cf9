"""Campaign media fetched back from Telegram by its file id (`bot.campaigns.media.MediaSource`),
for the channels that cannot send a Telegram file id and upload the file itself once."""

from __future__ import annotations

from pathlib import PurePosixPath

from telegram import Bot


class TelegramFiles:
    """Downloads a file the bot has seen (the Bot API serves files up to 20 MB)."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def fetch(self, file_id: str) -> tuple[bytes, str]:
        file = await self._bot.get_file(file_id)
        data = await file.download_as_bytearray()
        # Telegram keeps the type in the path's extension ("photos/file_3.jpg").
        name = PurePosixPath(file.file_path or "").name or file.file_unique_id
        return bytes(data), name
