"""Who the admins are, where their group is, and the one filter that lets only them use admin
handlers.

Admins are the administrators of the admin group (from getChatAdministrators, refreshed when
older than a few minutes and on every chat_member update) plus ADMIN_USER_IDS, plus anyone who
posts as the group itself (only its administrators can). PTB filters are synchronous, so the
set lives in memory and a handler in an early group refreshes it. Destructive or data-leaking
actions do not trust that cache: `confirm` asks Telegram again (getChatMember).

`AdminDirectory.chat_id` is the one source of truth for the admin group's id: ADMIN_CHAT_ID,
followed through every recorded upgrade to a supergroup.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from telegram import Bot, ChatMember, ChatMemberUpdated, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, filters

from bot.admin.admin_group import AdminGroupLocation
from bot.admin.audit import Actor
from bot.clock import Clock

_LOGGER = logging.getLogger(__name__)
ADMIN_STATUSES = frozenset({ChatMember.OWNER, ChatMember.ADMINISTRATOR})
ANONYMOUS_ADMIN = "anonymous admin"


def posted_as_group(update: Update) -> bool:
    """An administrator wrote anonymously, as the group itself (`sender_chat` is the chat)."""
    message, chat = update.effective_message, update.effective_chat
    return bool(
        update.callback_query is None
        and message
        and chat
        and message.sender_chat
        and message.sender_chat.id == chat.id
    )


def actor_of(update: Update) -> Actor:
    """Who acted, for the audit log: the Telegram user id, and the name they showed."""
    user = update.effective_user
    assert user
    if posted_as_group(update):
        return Actor(str(user.id), ANONYMOUS_ADMIN)
    name = f"@{user.username}" if user.username else user.full_name
    return Actor(str(user.id), name)


class AdminDirectory:
    def __init__(
        self,
        admin_chat_id: int,
        extra_admin_ids: tuple[int, ...],
        clock: Clock,
        location: AdminGroupLocation,
        ttl: timedelta = timedelta(minutes=5),
    ) -> None:
        self.configured_chat_id = admin_chat_id
        self.chat_id = admin_chat_id
        self._location = location
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

    async def confirm(self, bot: Bot, user_id: int) -> bool | None:
        """Asks Telegram now whether the person is still an admin (the cached set may be
        minutes old). None when Telegram could not be asked: never read that as "yes"."""
        if user_id in self._extra:
            return True
        try:
            member = await bot.get_chat_member(self.chat_id, user_id)
        except TelegramError as error:
            _LOGGER.warning("Could not confirm an admin's status: %s", error)
            return None
        is_admin = member.status in ADMIN_STATUSES
        self._admins = self._admins | {user_id} if is_admin else self._admins - {user_id}
        return is_admin

    async def load(self) -> None:
        """Follows the upgrades recorded before this start."""
        self.chat_id = await self._location.current(self.configured_chat_id)
        if self.chat_id != self.configured_chat_id:
            _LOGGER.warning(
                "The admin group ADMIN_CHAT_ID=%s became the supergroup %s, which the bot "
                "uses. Set ADMIN_CHAT_ID=%s.",
                self.configured_chat_id,
                self.chat_id,
                self.chat_id,
            )

    def member_changed(self, change: ChatMemberUpdated) -> None:
        """Applies a promotion or demotion at once, without waiting for the next refresh."""
        if change.chat.id != self.chat_id:
            return
        user_id = change.new_chat_member.user.id
        if change.new_chat_member.status in ADMIN_STATUSES:
            self._admins = self._admins | {user_id}
        else:
            self._admins = self._admins - {user_id}

    async def follow_migration(self, old_chat_id: int, new_chat_id: int) -> bool:
        """The group became a supergroup with a new id: follow it now and after restarts,
        until the setting is updated. True the first time this move is seen."""
        if old_chat_id != self.chat_id:
            return False
        self.chat_id = new_chat_id
        self._fetched_at = None
        return await self._location.moved(old_chat_id, new_chat_id)


class AdminOnly(filters.UpdateFilter):
    """Passes updates from an admin, inside the admin group."""

    def __init__(self, directory: AdminDirectory) -> None:
        super().__init__(name="AdminOnly")
        self._directory = directory

    def filter(self, update: Update) -> bool:
        chat, user = update.effective_chat, update.effective_user
        if chat is None or chat.id != self._directory.chat_id:
            return False
        return posted_as_group(update) or bool(user and self._directory.is_admin(user.id))


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
