"""The admin group: keeping the admin list current, refusing everyone else, following a
migration to a supergroup."""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from telegram import InputFile, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import Forbidden

from bot.admin.backups import BACKUP_SUFFIX
from bot.channels.telegram.admins import action_of, actor_of, posted_as_group
from bot.channels.telegram.context import BotContext, identity_of
from bot.channels.telegram.menus import publish_admin_menus
from bot.clock import JAKARTA
from handlers.telegram import units

T = TypeVar("T")
# Bots may upload files up to 50 MB.
TELEGRAM_UPLOAD_LIMIT = 50 * 1024 * 1024


async def refresh_admins(update: Update, context: BotContext) -> None:
    """Before any handler sees an update from the admin group, make sure the admin list is
    at most a few minutes old."""
    chat = update.effective_chat
    if chat and chat.type != ChatType.PRIVATE and not _known_group_button(update, context):
        # Another instance may have activated or removed a group, or seen a demotion.
        await context.admins.catch_up()
    if chat and context.admins.stale(chat.id):
        await context.admins.refresh(context.bot, chat.id)


def _known_group_button(update: Update, context: BotContext) -> bool:
    """A button pressed in a group already known as an admin group: presses race each other
    (the first decides a review), and a database read before each would let a later one
    overtake; the 30-second catch-up covers them, and the next command catches up at once."""
    chat = update.effective_chat
    return bool(update.callback_query and chat and context.admins.is_admin_group(chat.id))


async def on_member_change(update: Update, context: BotContext) -> None:
    """A promotion or demotion in the admin group counts at once."""
    if update.chat_member:
        await context.admins.member_changed(update.chat_member)


async def on_migration(update: Update, context: BotContext) -> None:
    """An admin group (the national one or a PR unit's) became a supergroup: follow it, tell
    that group, give the new group its admin menu, and keep its review cards pressable. A
    group still waiting for its code keeps waiting under its new id."""
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    old, new = message.chat.id, message.migrate_to_chat_id
    if not context.admins.is_admin_group(old):
        await units.group_moved(context, old, new)
        return
    notifier = context.bot_data.admin_notifier
    if await notifier.group_migrated(old, new):
        await context.services.review.cards_moved(old, new)
        await publish_admin_menus(context.bot, context.admins, notifier)


def _unit_of(update: Update, context: BotContext) -> int | None:
    """The unit whose admin group the update came from (None: national, or no admin group)."""
    chat = update.effective_chat
    return context.admins.unit_of_chat(chat.id) if chat else None


async def refuse(update: Update, context: BotContext) -> None:
    """An admin command from someone who is not an admin here: audited, and answered only in
    a private chat or in the admin group itself (elsewhere the bot stays silent)."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None or user is None or message is None:
        return
    command = (message.text or "").split(maxsplit=1)[0][:64]
    await context.services.audit.record_refusal(
        actor_of(update), command, f"chat={chat.id}", unit_id=_unit_of(update, context)
    )
    if chat.type == ChatType.PRIVATE or context.admins.is_admin_group(chat.id):
        await message.reply_html(context.t("admin_only"))


async def refuse_button(update: Update, context: BotContext) -> None:
    """A review button pressed by someone who is not an admin: audited and refused."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    await context.services.audit.record_refusal(
        actor_of(update), "button", query.data or "", unit_id=_unit_of(update, context)
    )
    await query.answer(context.t.label("admin_only"), show_alert=True)


def confirmed_admin(
    callback: Callable[[Update, BotContext], Coroutine[Any, Any, T]],
) -> Callable[[Update, BotContext], Coroutine[Any, Any, T | None]]:
    """Guards a destructive or data-leaking admin action. The admin list behind AdminOnly may
    be minutes old (Telegram tells only administrator bots about demotions), so Telegram is
    asked again before acting. When it cannot be asked, the action waits: an outage must not
    read as "still an admin"."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: BotContext) -> T | None:
        user, chat = update.effective_user, update.effective_chat
        # Posting as the group is proof enough: Telegram allows only its administrators.
        confirmed = posted_as_group(update) or (
            user is not None
            and chat is not None
            and await context.admins.confirm(context.bot, user.id, chat.id)
        )
        if confirmed:
            return await callback(update, context)
        t = context.admin_t
        action = action_of(update)
        unit_id = _unit_of(update, context)
        if confirmed is None:
            text = t("admin_check_failed")
            await context.services.audit.record(
                actor_of(update), action, "", "refused: admin status unconfirmed", unit_id=unit_id
            )
        else:
            text = t("admin_only")
            await context.services.audit.record_refusal(
                actor_of(update), action, "", "refused: no longer an admin", unit_id=unit_id
            )
        if update.callback_query:
            await update.callback_query.answer(text, show_alert=True)
        elif update.effective_message:
            await update.effective_message.reply_html(text)
        return None

    return guarded


async def audit_command(update: Update, context: BotContext) -> None:
    """Every admin command is written to the audit log before it runs."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or not message.text:
        return
    command, _, arguments = message.text.partition(" ")
    await context.services.audit.record(
        actor_of(update),
        command[:64],
        arguments[:200],
        "accepted",
        unit_id=_unit_of(update, context),
    )


async def send_backup(update: Update, context: BotContext) -> None:
    """/cadangan: an encrypted copy of the database, sent privately to the admin who asked.

    Never into the group: every member there could download everyone's full NIP and name.
    """
    message, user = update.effective_message, update.effective_user
    assert message and user
    t = context.admin_t
    if posted_as_group(update):
        await message.reply_html(t("backup_not_anonymous"))
        return
    passphrase = context.services.settings.backup_passphrase
    if passphrase is None:
        await message.reply_html(t("backup_needs_passphrase"))
        return
    now = context.services.clock.now().astimezone(JAKARTA)
    name = f"asn-bot-{now:%Y%m%d-%H%M%S}-wib{BACKUP_SUFFIX}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        await context.services.backups.back_up(path, passphrase.get_secret_value(), now)
        size = path.stat().st_size
        if size > TELEGRAM_UPLOAD_LIMIT:
            await message.reply_html(t("backup_too_large", size=_megabytes(size)))
            return
        try:
            await context.bot.send_document(
                user.id,
                InputFile(path.read_bytes(), filename=name),
                caption=t("backup_caption", name=name, size=_megabytes(size)),
                parse_mode=ParseMode.HTML,
            )
        except Forbidden:
            # Never started the bot in private (or blocked it): Telegram refuses the send.
            await message.reply_html(t("backup_open_private_chat", bot=context.bot.username))
            return
    await message.reply_html(t("backup_sent_privately"))


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


async def on_bot_membership(update: Update, context: BotContext) -> None:
    """Added to a group that is no admin group: with LEAVE_OTHER_GROUPS, it has a grace
    period to be activated as a PR unit's group, then the bot leaves. In a private chat: the
    person blocked or unblocked the bot."""
    change = update.my_chat_member
    if change is None:
        return
    if change.chat.type == ChatType.PRIVATE:
        # A person blocked the bot (kicked) or unblocked it: deliveries stop or resume.
        blocked = change.new_chat_member.status == "kicked"
        await context.services.people.set_reachable(identity_of(change.chat.id), not blocked)
        return
    if change.chat.type not in {ChatType.GROUP, ChatType.SUPERGROUP}:
        return
    joined = change.new_chat_member.status in {"member", "administrator"}
    was_in = change.old_chat_member.status in {"member", "administrator", "restricted"}
    if not joined:
        await context.services.units.arrival_settled(change.chat.id)
        return
    # Made an administrator where it already was: nothing new.
    if was_in or context.admins.is_admin_group(change.chat.id):
        return
    if context.services.settings.leave_other_groups:
        await units.on_bot_added(update, context)
