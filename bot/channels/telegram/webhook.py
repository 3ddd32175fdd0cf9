"""Webhook mode (TELEGRAM_MODE=webhook): Telegram posts each update to the web app, which stores
it in the inbox, the same inbox the poller fills, so the same handlers run in the same
per-person order on whichever instance holds the person's turn (turns.py). In polling mode
PTB's poller deletes any webhook before its first getUpdates.

`run_webhook` is webhook mode's `run_polling`: it starts the application, takes updates, calls
setWebhook, and on SIGINT or SIGTERM stops taking updates (Telegram keeps further ones and
delivers them again after the restart), handles those already being handled, and shuts down.
The webhook stays set while the bot restarts, so no update is lost.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from telegram import Bot, Update
from telegram.error import TelegramError

from bot.channels.telegram.update_processor import UpdateReceiver

if TYPE_CHECKING:
    from bot.channels.telegram.application import BotApplication

_LOGGER = logging.getLogger(__name__)


class QueueReceiver:
    """Without the shared inbox (one instance): a posted update goes on PTB's update queue,
    the one the poller fills."""

    def __init__(self, queue: asyncio.Queue[object]) -> None:
        self._queue = queue

    async def receive(self, update: object, payload: str | None = None) -> None:
        await self._queue.put(update)


class WebhookRefused(Exception):
    """Telegram did not accept the webhook (a wrong URL or secret); says Telegram's reason."""


class TelegramWebhook:
    def __init__(
        self,
        bot: Bot,
        receiver: UpdateReceiver,
        *,
        url: str,
        secret: str,
        max_connections: int,
        allowed_updates: Sequence[str],
    ) -> None:
        self._bot, self._receiver = bot, receiver
        self.url, self.secret = url, secret
        self.max_connections = max_connections
        self.allowed_updates = list(allowed_updates)
        self.accepting = False

    async def receive(self, data: dict[str, Any]) -> bool:
        """Stores the update in the inbox; False while not taking updates (the caller answers
        503). Returns once it is stored, so Telegram's copy is let go only then."""
        if not self.accepting:
            return False
        try:
            update = Update.de_json(data, self._bot)
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            # Posting it again would fail again and hold back the chat's later updates.
            _LOGGER.error(
                "Update %s could not be read and is skipped: %r", data.get("update_id"), error
            )
            return True
        await self._receiver.receive(update, json.dumps(data))
        return True

    async def register(self) -> None:
        """setWebhook, keeping the updates Telegram holds (they are delivered now)."""
        try:
            await self._bot.set_webhook(
                self.url,
                secret_token=self.secret,
                max_connections=self.max_connections,
                allowed_updates=self.allowed_updates,
                drop_pending_updates=False,
            )
        except TelegramError as error:
            raise WebhookRefused(error.message) from error
        _LOGGER.info("Telegram webhook set; updates arrive by POST to the web app")


async def serve_webhook(
    application: BotApplication, webhook: TelegramWebhook, stop: asyncio.Event
) -> None:
    """Runs the application in webhook mode until `stop` is set."""
    async with application:
        if application.post_init:
            await application.post_init(application)
        await application.start()
        webhook.accepting = True
        try:
            await webhook.register()
            await stop.wait()
        finally:
            webhook.accepting = False
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
    if application.post_shutdown:
        await application.post_shutdown(application)


def run_webhook(application: BotApplication, webhook: TelegramWebhook) -> None:
    """Webhook mode's run_polling: until SIGINT or SIGTERM."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve_webhook(application, webhook, stop)

    asyncio.run(main())
