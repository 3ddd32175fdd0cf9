"""A delivery worker in its own process, for the kill -9 test: reclaims, then sends until the
outbox is drained. Usage: python -m tests.campaigns._worker_process DB BASE_URL TOKEN RATE CONC
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.campaigns.channel import OutgoingContent
from bot.campaigns.delivery import DeliveryWorker
from bot.channels.telegram.sender import TelegramSender, broadcast_bot
from bot.clock import SystemClock
from bot.texts.markup import parse
from storage.database import Database
from storage.outbox import DeliveryRow, OutboxRepository
from storage.people import PeopleRepository


async def greeting(row: DeliveryRow) -> OutgoingContent:
    return OutgoingContent("text", parse(f"**Selamat Hari Guru**, rekan #{row.person_id}"))


async def main(database: Path, base_url: str, token: str, rate: float, concurrency: int) -> None:
    file_url = base_url.replace("/bot", "/file/bot")
    async with Database(database) as db, broadcast_bot(token, base_url, file_url) as bot:
        worker = DeliveryWorker(
            db,
            OutboxRepository(),
            TelegramSender(bot),
            greeting,
            SystemClock(),
            people=PeopleRepository(),
            rate=rate,
            concurrency=concurrency,
        )
        await worker.reclaim()
        print("ready", flush=True)
        await worker.run_until_drained()


if __name__ == "__main__":
    path, url, token_arg, rate_arg, concurrency_arg = sys.argv[1:6]
    asyncio.run(main(Path(path), url, token_arg, float(rate_arg), int(concurrency_arg)))
