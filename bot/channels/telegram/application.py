"""The Application subclass that owns the services' lifetime."""

from __future__ import annotations

import time
from contextvars import ContextVar
from typing import Any

from telegram.ext import Application

from bot.channels.telegram.turns import TelegramTurns
from bot.channels.telegram.update_processor import update_kind
from bot.channels.telegram.webhook import TelegramWebhook
from bot.channels.web.server import LocalServer
from bot.instances.runtime import InstanceRuntime
from bot.observability import metrics
from bot.services import Resources

# Set while an update is handled: whether a handler raised (PTB hands the error to
# process_error and carries on, so process_update itself never says).
_HANDLER_FAILED: ContextVar[list[bool] | None] = ContextVar("handler_failed", default=None)


class BotApplication(Application):
    """Opens the resources and services (and the web app) before PTB initialises — its
    persistence reads the database then. At shutdown the web app, the channels and the
    campaign runner stop before PTB closes the bot, and the resources close after it. This also
    holds for tests that use `async with application:`, which never run post_init.

    The resources (database, HTTP client, lookup) are held here, not in `BotData`, so that
    handlers, which see only `bot_data`, cannot reach them. `webhook` is set in webhook mode
    (see webhook.run_webhook); `metrics_server` while METRICS_PORT is; `turns` with the shared
    inbox (UPDATE_INBOX), where it handles each person's updates while the application runs."""

    def __init__(
        self,
        *,
        resources: Resources,
        webhook: TelegramWebhook | None = None,
        metrics_server: LocalServer | None = None,
        instance: InstanceRuntime | None = None,
        turns: TelegramTurns | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.resources = resources
        self.webhook = webhook
        self.metrics_server = metrics_server
        # This process among the instances (heartbeat, leases); its role says whether it
        # serves the web app and whether it sends the outbox.
        self.instance = instance
        self.turns = turns

    @property
    def serves_web(self) -> bool:
        return self.instance is None or self.instance.identity.serves

    @property
    def sends(self) -> bool:
        return self.instance is None or self.instance.identity.sends

    async def initialize(self) -> None:
        if not self._initialized:
            await self.resources.open()
            if self.instance is not None:
                await self.instance.start()
            await self.bot_data.services.enrollment.assign_missing_units()
            await self.bot_data.admins.load()
            if self.bot_data.whatsapp:
                await self.bot_data.whatsapp.start()
            if self.serves_web:
                await self.bot_data.web.start()
            if self.metrics_server is not None:
                await self.metrics_server.start()
            if self.sends:
                await self.bot_data.campaign_runner.start()
        await super().initialize()

    async def start(self) -> None:
        await super().start()
        if self.turns is not None and self.serves_web:  # a worker handles no updates
            await self.turns.start()

    async def stop(self) -> None:
        # The updates being handled finish first; those waiting stay in the inbox.
        if self.turns is not None:
            await self.turns.stop()
        await super().stop()

    async def shutdown(self) -> None:
        was_initialized = self._initialized
        if was_initialized and not self.running:
            # Everything that may call the Bot API stops before PTB closes the bot's
            # connections: a request still connecting when its client closes would finish on
            # a pool that no longer closes it, and its socket would stay open.
            await self.bot_data.web.stop()
            if self.bot_data.whatsapp:
                await self.bot_data.whatsapp.stop()
            await self.bot_data.campaign_runner.stop()
            if self.metrics_server is not None:
                await self.metrics_server.stop()
            if self.instance is not None:
                # Releases the leases and removes the heartbeat: the rows this instance had
                # in flight were released by its workers just before.
                await self.instance.stop()
        await super().shutdown()
        if was_initialized:
            await self.resources.close()

    async def process_update(self, update: object) -> None:
        """PTB's processing, counted by kind and outcome and timed for /metrics."""
        failed = [False]
        token = _HANDLER_FAILED.set(failed)
        started = time.monotonic()
        try:
            await super().process_update(update)
        finally:
            _HANDLER_FAILED.reset(token)
            metrics.update_handled(
                update_kind(update), time.monotonic() - started, failed=failed[0]
            )

    async def process_error(
        self, update: object | None, error: Exception, job: Any = None, coroutine: Any = None
    ) -> bool:
        failed = _HANDLER_FAILED.get()
        if failed is not None and update is not None:
            failed[0] = True
        return await super().process_error(update, error, job, coroutine)
