"""Who the admins are, and the one filter that lets only them use admin handlers.

Admins are the administrators of the admin group (from getChatAdministrators, refreshed when
older than a few minutes and on every chat_member update) plus ADMIN_USER_IDS. PTB filters are
synchronous, so the set lives in memory and a handler in an early group refreshes it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from telegram import Bot, ChatMember, ChatMemberUpdated, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, filters

from bot.clock import Clock

_LOGGER = logging.getLogger(__name__)
ADMIN_STATUSES = frozenset({ChatMember.OWNER, ChatMember.ADMINISTRATOR})


class AdminDirectory:
    def __init__(
        self,
        admin_chat_id: int,
        extra_admin_ids: tuple[int, ...],
        clock: Clock,
        ttl: timedelta = timedelta(minutes=5),
    ) -> None:
        self.chat_id = admin_chat_id
        self._extra = frozenset(extra_admin_ids)
        self._clock = clock
        self._ttl = ttl
        self._admins: frozenset[int] = frozenset()
        self._fetched_at: datetime | None = None

    def is_admin(self, user_id: int) -> bool:
        return user_id in self._extra or user_id in self._admins

    @property
    def stale(self) -> bool:
        return self._fetched_at is None or self._clock.now() - self._fetched_at > self._ttl

    async def refresh(self, bot: Bot) -> None:
        try:
            members = await bot.get_chat_administrators(self.chat_id)
        except TelegramError as error:
            # Keep the last known set: an outage must not lock every admin out, nor let
            # anyone in. Retried on the next update from the admin group.
            _LOGGER.warning("Could not read the admin group's administrators: %s", error)
            return
        self._admins = frozenset(m.user.id for m in members if m.status in ADMIN_STATUSES)
        self._fetched_at = self._clock.now()

    def member_changed(self, change: ChatMemberUpdated) -> None:
        """Applies a promotion or demotion at once, without waiting for the next refresh."""
        if change.chat.id != self.chat_id:
            return
        user_id = change.new_chat_member.user.id
        if change.new_chat_member.status in ADMIN_STATUSES:
            self._admins = self._admins | {user_id}
        else:
            self._admins = self._admins - {user_id}

    def follow_migration(self, new_chat_id: int) -> None:
        """The group became a supergroup with a new id; keep working until the setting is
        updated."""
        self.chat_id = new_chat_id
        self._fetched_at = None


class AdminOnly(filters.UpdateFilter):
    """Passes updates from an admin, inside the admin group."""

    def __init__(self, directory: AdminDirectory) -> None:
        super().__init__(name="AdminOnly")
        self._directory = directory

    def filter(self, update: Update) -> bool:
        chat, user = update.effective_chat, update.effective_user
        return bool(
            chat
            and user
            and chat.id == self._directory.chat_id
            and self._directory.is_admin(user.id)
        )


class AdminCallbackQueryHandler(CallbackQueryHandler):
    """A CallbackQueryHandler behind the AdminOnly filter (PTB's has no `filters`)."""

    def __init__(self, admin_only: AdminOnly, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._admin_only = admin_only

    def check_update(self, update: object) -> object:
        # BaseFilter.check_update only looks at message updates; call the test itself.
        if not isinstance(update, Update) or not self._admin_only.filter(update):
            return None
        return super().check_update(update)
