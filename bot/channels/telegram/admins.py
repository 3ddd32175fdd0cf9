"""Who the admins are, where their group is, and the one filter that lets only them use admin
handlers.

Admins are the administrators of the admin group (from getChatAdministrators, refreshed when
older than a few minutes and on every chat_member update) plus ADMIN_USER_IDS, plus anyone who
posts as the group itself (only its administrators can). PTB filters are synchronous, so the
set lives in memory and a handler in an early group refreshes it. Destructive or data-leaking
actions do not trust that cache: `confirm` asks Telegram again (getChatMember).

`AdminDirectory.chat_id` is the one source of truth for the national admin group's id:
ADMIN_CHAT_ID, followed through every recorded upgrade to a supergroup. Each PR unit may have its
own admin group (bot/units): its admins act only within the unit's subtree.

Several instances each keep a directory. A change one of them makes (a unit group activated,
moved, removed or upgraded; an admin promoted or demoted) raises the directory's generation in
the database; `catch_up` reads it (one primary-key read) before every group update but a
button press in a known admin group, and every 30 seconds, and reloads on a generation it
has not seen. Otherwise another instance would not
know a newly activated group (and might leave it) nor a demotion.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from telegram import Bot, ChatMember, ChatMemberUpdated, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, filters

from bot.admin.admin_group import AdminGroupLocation
from bot.admin.audit import Actor
from bot.clock import Clock
from bot.units.scope import Scope
from bot.units.service import UnitService

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


def action_of(update: Update) -> str:
    """What was attempted, for the audit log: the command, or the button's data."""
    if update.callback_query:
        return f"button {update.callback_query.data or ''}"[:64]
    message = update.effective_message
    return ((message.text or "").split(maxsplit=1) or ["?"])[0][:64] if message else "?"


@dataclass
class _Group:
    """One admin group: the unit it serves and its administrators as last read."""

    chat_id: int
    unit_id: int | None  # None: the national group (its unit is the root)
    admins: frozenset[int] = frozenset()
    fetched_at: datetime | None = None


class AdminDirectory:
    """Every admin group the bot serves: the national one (ADMIN_CHAT_ID) and each PR unit's,
    with the administrators of each. An admin is an admin of a group, never of another one."""

    def __init__(
        self,
        admin_chat_id: int,
        extra_admin_ids: tuple[int, ...],
        clock: Clock,
        location: AdminGroupLocation,
        units: UnitService,
        ttl: timedelta = timedelta(minutes=5),
    ) -> None:
        self.configured_chat_id = admin_chat_id
        self._location = location
        self._units = units
        # ADMIN_USER_IDS are operators of the national group only.
        self._extra = frozenset(extra_admin_ids)
        self._clock = clock
        self._ttl = ttl
        self._national = _Group(admin_chat_id, None)
        self._groups: dict[int, _Group] = {admin_chat_id: self._national}
        self._generation: int | None = None  # of the database's directory, as last loaded
        # One load at a time: two updates catching up at once must not interleave rebuilds.
        self._loading = asyncio.Lock()
        self._check: asyncio.Future[bool] | None = None

    @property
    def chat_id(self) -> int:
        """The national admin group's id, wherever it moved."""
        return self._national.chat_id

    def is_admin_group(self, chat_id: int) -> bool:
        return chat_id in self._groups

    def chat_of_unit(self, unit_id: int | None) -> int | None:
        """The chat of a unit's group (None: the unit has none); the root's is national."""
        for group in self._groups.values():
            if group.unit_id == unit_id and group.unit_id is not None:
                return group.chat_id
        return None

    def unit_of_chat(self, chat_id: int) -> int | None:
        """The unit whose group this chat is; None for the national group (or no group)."""
        group = self._groups.get(chat_id)
        return group.unit_id if group else None

    def unit_chats(self) -> dict[int, int]:
        """unit id -> chat id of every unit group (the national one not included)."""
        return {g.unit_id: g.chat_id for g in self._groups.values() if g.unit_id is not None}

    def is_admin(self, user_id: int, chat_id: int | None = None) -> bool:
        """An administrator of that group (the national one when no chat is named)."""
        group = self._groups.get(self.chat_id if chat_id is None else chat_id)
        if group is None:
            return False
        return (group is self._national and user_id in self._extra) or user_id in group.admins

    def stale(self, chat_id: int) -> bool:
        group = self._groups.get(chat_id)
        if group is None:
            return False
        return group.fetched_at is None or self._clock.now() - group.fetched_at > self._ttl

    async def refresh(self, bot: Bot, chat_id: int | None = None) -> None:
        group = self._groups.get(self.chat_id if chat_id is None else chat_id)
        if group is None:
            return
        try:
            members = await bot.get_chat_administrators(group.chat_id)
        except TelegramError as error:
            # Keep the last known set: an outage must not lock every admin out, nor let
            # anyone in. Retried on the next update from that group.
            _LOGGER.warning("Could not read an admin group's administrators: %s", error)
            return
        group.admins = frozenset(m.user.id for m in members if m.status in ADMIN_STATUSES)
        group.fetched_at = self._clock.now()

    async def confirm(self, bot: Bot, user_id: int, chat_id: int | None = None) -> bool | None:
        """Asks Telegram now whether the person is still an admin of that group (the cached
        set may be minutes old). None when Telegram could not be asked: never read that as
        "yes"."""
        group = self._groups.get(self.chat_id if chat_id is None else chat_id)
        if group is None:
            return False
        if group is self._national and user_id in self._extra:
            return True
        try:
            member = await bot.get_chat_member(group.chat_id, user_id)
        except TelegramError as error:
            _LOGGER.warning("Could not confirm an admin's status: %s", error)
            return None
        is_admin = member.status in ADMIN_STATUSES
        group.admins = group.admins | {user_id} if is_admin else group.admins - {user_id}
        return is_admin

    async def load(self) -> None:
        """Follows the national group's recorded upgrades and reads the unit groups."""
        async with self._loading:
            await self._load()

    async def _load(self) -> None:
        # Read before the groups: a change committed in between is then seen again later.
        generation = await self._units.directory_generation()
        national_chat = await self._location.current(self.configured_chat_id)
        if national_chat != self.configured_chat_id and self._generation is None:
            _LOGGER.warning(
                "The admin group ADMIN_CHAT_ID=%s became the supergroup %s, which the bot "
                "uses. Set ADMIN_CHAT_ID=%s.",
                self.configured_chat_id,
                national_chat,
                national_chat,
            )
        known = {group.chat_id: group for group in self._groups.values()}
        self._national = _Group(national_chat, None)
        self._groups = {national_chat: self._national}
        for group in await self._units.groups():
            self.group_added(group.unit.id, group.chat_id)
        for served in self._groups.values():
            earlier = known.get(served.chat_id)
            if earlier is not None and earlier.unit_id == served.unit_id:
                # The last known administrators stay, marked stale: read again before use.
                served.admins = earlier.admins
        self._generation = generation

    async def catch_up(self) -> bool:
        """Reloads when another instance changed the directory since the last load; True
        when it did. Updates arriving while a check is under way share it: they then go on
        in the order they came, as they did before there was a check to wait for."""
        if self._check is None or self._check.done():
            self._check = asyncio.ensure_future(self._catch_up())
        return await asyncio.shield(self._check)

    async def _catch_up(self) -> bool:
        async with self._loading:
            if await self._units.directory_generation() == self._generation:
                return False
            await self._load()
            return True

    def _own_change(self, generation: int) -> None:
        """This instance made the change and holds it in memory already: no reload for it,
        unless another instance changed the directory in between."""
        if self._generation is not None and generation == self._generation + 1:
            self._generation = generation

    def group_added(self, unit_id: int, chat_id: int) -> None:
        """A unit's group was activated or moved: it replaces the unit's earlier group."""
        self.group_removed(unit_id)
        if chat_id != self.chat_id:
            self._groups[chat_id] = _Group(chat_id, unit_id)

    def group_removed(self, unit_id: int) -> None:
        for chat_id, group in list(self._groups.items()):
            if group.unit_id == unit_id:
                del self._groups[chat_id]

    async def review_chat(self, unit_id: int | None) -> int:
        """The admin group that reviews a person of this unit: the unit's own group, else the
        nearest ancestor's, finally the national group."""
        group = await self._units.nearest_group(unit_id)
        if group is None:
            return self.chat_id
        # The directory follows a supergroup upgrade the moment it is seen.
        return self.chat_of_unit(group.unit.id) or group.chat_id

    def card_chat_key(self, chat_id: int) -> int | None:
        """How a review card's chat is stored: None for the national group (whatever its id
        becomes), the chat id for a unit's group."""
        return None if chat_id == self.chat_id else chat_id

    async def scope_for(self, chat_id: int) -> Scope | None:
        """What the admins of this group may see and act on, as of now; None for a chat that
        is no admin group."""
        group = self._groups.get(chat_id)
        if group is None:
            return None
        unit_id = group.unit_id if group.unit_id is not None else (await self._units.root()).id
        return await self._units.scope(unit_id)

    async def member_changed(self, change: ChatMemberUpdated) -> None:
        """A promotion or demotion counts at once, here without waiting for the next refresh,
        and on the other instances at their next catch-up."""
        group = self._groups.get(change.chat.id)
        if group is None:
            return
        user_id = change.new_chat_member.user.id
        promoted = change.new_chat_member.status in ADMIN_STATUSES
        if promoted:
            group.admins = group.admins | {user_id}
        else:
            group.admins = group.admins - {user_id}
        if promoted != (change.old_chat_member.status in ADMIN_STATUSES):
            self._own_change(await self._units.admins_changed())

    async def follow_migration(self, old_chat_id: int, new_chat_id: int) -> bool:
        """An admin group became a supergroup with a new id: follow it now and after
        restarts. True the first time this move is seen."""
        group = self._groups.pop(old_chat_id, None)
        if group is None:
            return False
        group.chat_id, group.fetched_at = new_chat_id, None
        self._groups[new_chat_id] = group
        if group is self._national:
            first = await self._location.moved(old_chat_id, new_chat_id)
            if first:
                self._own_change(await self._units.admins_changed())
            return first
        return await self._units.group_migrated(old_chat_id, new_chat_id)


class AdminOnly(filters.UpdateFilter):
    """Passes updates from an admin of an admin group, inside that group (what they may then
    see or do is the group's scope: `BotContext.admin_scope`)."""

    def __init__(self, directory: AdminDirectory) -> None:
        super().__init__(name="AdminOnly")
        self._directory = directory

    def filter(self, update: Update) -> bool:
        chat, user = update.effective_chat, update.effective_user
        if chat is None or not self._directory.is_admin_group(chat.id):
            return False
        return posted_as_group(update) or bool(user and self._directory.is_admin(user.id, chat.id))


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
