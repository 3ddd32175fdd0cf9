"""The Application subclass that owns the services' lifetime."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot.services import Resources


class BotApplication(Application):
    """Opens the resources and services (and the web app) before PTB initialises — its
    persistence reads the database then — and closes them after PTB shuts down. This also
    holds for tests that use `async with application:`, which never run post_init.

    The resources (database, HTTP client, lookup) are held here, not in `BotData`, so that
    handlers, which see only `bot_data`, cannot reach them."""

    def __init__(self, *, resources: Resources, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.resources = resources

    async def initialize(self) -> None:
        if not self._initialized:
            await self.resources.open()
            await self.bot_data.services.enrollment.assign_missing_units()
            await self.bot_data.admins.load()
            if self.bot_data.whatsapp:
                await self.bot_data.whatsapp.start()
            await self.bot_data.web.start()
            await self.bot_data.campaign_runner.start()
        await super().initialize()

    async def shutdown(self) -> None:
        was_initialized = self._initialized
        await super().shutdown()
        if was_initialized:
            await self.bot_data.campaign_runner.stop()
            await self.bot_data.web.stop()
            if self.bot_data.whatsapp:
                await self.bot_data.whatsapp.stop()
            await self.resources.close()
