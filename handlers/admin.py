"""The admin group: keeping the admin list current, refusing everyone else, following a
migration to a supergroup."""

from __future__ import annotations

import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from telegram import InputFile, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import Forbidden

from bot.backups import BACKUP_SUFFIX, back_up_database
from bot.telegram_adapter.context import BotContext, identity_of
from bot.texts import Raw, Translator

JAKARTA = ZoneInfo("Asia/Jakarta")
# Bots may upload files up to 50 MB.
TELEGRAM_UPLOAD_LIMIT = 50 * 1024 * 1024


async def refresh_admins(update: Update, context: BotContext) -> None:
    """Before any handler sees an update from the admin group, make sure the admin list is
    at most a few minutes old."""
    chat = update.effective_chat
    if chat and chat.id == context.admins.chat_id and context.admins.stale:
        await context.admins.refresh(context.bot)


async def on_member_change(update: Update, context: BotContext) -> None:
    """A promotion or demotion in the admin group counts at once."""
    if update.chat_member:
        context.admins.member_changed(update.chat_member)


async def on_migration(update: Update, context: BotContext) -> None:
    """The admin group became a supergroup: follow it and tell the operators."""
    message = update.effective_message
    if message is None or message.chat.id != context.admins.chat_id:
        return
    new_id = message.migrate_to_chat_id
    if new_id is None:
        return
    context.admins.follow_migration(new_id)
    t = Translator(context.services.settings.default_locale)
    await context.bot.send_message(
        new_id, t("admin_group_migrated", chat_id=new_id), parse_mode=ParseMode.HTML
    )


async def refuse(update: Update, context: BotContext) -> None:
    """An admin command from someone who is not an admin here: audited, and answered only in
    a private chat or in the admin group itself (elsewhere the bot stays silent)."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None or user is None or message is None:
        return
    command = (message.text or "").split(maxsplit=1)[0][:64]
    await context.services.audit.record_refusal(str(user.id), command, f"chat={chat.id}")
    if chat.type == ChatType.PRIVATE or chat.id == context.admins.chat_id:
        await message.reply_html(context.t("admin_only"))


async def refuse_button(update: Update, context: BotContext) -> None:
    """A review button pressed by someone who is not an admin: audited and refused."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    await context.services.audit.record_refusal(str(user.id), "button", query.data or "")
    await query.answer(context.t("admin_only"), show_alert=True)


async def audit_command(update: Update, context: BotContext) -> None:
    """Every admin command is written to the audit log before it runs."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or not message.text:
        return
    command, _, arguments = message.text.partition(" ")
    await context.services.audit.record(str(user.id), command[:64], arguments[:200], "accepted")


async def show_audit(update: Update, context: BotContext) -> None:
    """/audit: the latest entries; /audit USER_ID: that person's."""
    message = update.effective_message
    assert message
    t = Translator(context.services.settings.default_locale)
    actor = context.args[0] if context.args else None
    entries = await context.services.audit.latest(limit=25, actor=actor)
    if not entries:
        await message.reply_html(t("audit_empty"))
        return
    who = t("audit_for", actor=actor) if actor else ""
    lines = [t("audit_header", who=Raw(who))]
    lines += [
        t(
            "audit_line",
            at=entry.at.astimezone(JAKARTA).strftime("%Y-%m-%d %H:%M WIB"),
            actor=entry.actor,
            action=entry.action,
            arguments=entry.arguments,
            outcome=entry.outcome,
        )
        for entry in entries
    ]
    await message.reply_html("\n".join(lines))


async def send_backup(update: Update, context: BotContext) -> None:
    """/cadangan: an encrypted copy of the database, sent privately to the admin who asked.

    Never into the group: every member there could download everyone's full NIP and name.
    """
    message, user = update.effective_message, update.effective_user
    assert message and user
    t = Translator(context.services.settings.default_locale)
    passphrase = context.services.settings.backup_passphrase
    if passphrase is None:
        await message.reply_html(t("backup_needs_passphrase"))
        return
    now = context.services.clock.now().astimezone(JAKARTA)
    name = f"asn-bot-{now:%Y%m%d-%H%M%S}-wib{BACKUP_SUFFIX}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        await back_up_database(context.services.db, path, passphrase.get_secret_value(), now)
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
    """Added to a group that is not the admin group: leave it (LEAVE_OTHER_GROUPS). In a
    private chat: the person blocked or unblocked the bot."""
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
    if not joined or change.chat.id == context.admins.chat_id:
        return
    if context.services.settings.leave_other_groups:
        await context.services.audit.record(
            str(change.from_user.id), "bot.added", f"chat={change.chat.id}", "left the group"
        )
        await context.bot.leave_chat(change.chat.id)
