"""Every Telegram handler, registered in one ordered list.

PTB runs at most one handler per group, groups in ascending order.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.channels.telegram.admins import AdminCallbackQueryHandler, AdminDirectory, AdminOnly
from bot.channels.telegram.context import BotContext
from bot.texts import commands
from handlers.telegram import (
    account,
    admin,
    audit,
    badges,
    campaign_approval,
    campaign_compose,
    campaign_schedules,
    common,
    insights,
    linking,
    privacy,
    review,
    sharing,
    units,
    verification,
)
from handlers.telegram import callback_data as callbacks
from handlers.telegram.enrollment import enrollment_conversation
from handlers.telegram.errors import on_error

# Every kind, because chat_member is not in Telegram's default set: it must be asked for (and
# Telegram sends it only to bots that administer the group). It applies demotions at once.
ALLOWED_UPDATES: list[str] = list(Update.ALL_TYPES)

# After the reply: note that the person is there (reachable again, last seen), so the
# bookkeeping never delays an answer.
ACTIVITY_GROUP = 99
# After every other handler: write changed conversation states at once rather than on PTB's
# 60-second timer, so a crash or restart never loses where a conversation stood.
PERSISTENCE_GROUP = 100


async def _flush_conversation_states(update: Update, context: BotContext) -> None:
    await context.application.update_persistence()


PRIVATE = filters.ChatType.PRIVATE


def _command(
    command: commands.Command,
    callback: Callable[[Update, Any], Coroutine[Any, Any, None]],
    *,
    private: bool = True,
) -> CommandHandler:
    return CommandHandler(command.names, callback, filters=PRIVATE if private else None)


def build_handlers(admins: AdminDirectory) -> list[tuple[int, BaseHandler]]:
    """(group, handler) in registration order.

    Everything a person can say is in group 0, where PTB runs only the first handler that
    matches: the conversations (when they wait for this person's answer), admin handlers behind
    the AdminOnly filter, the one-shot commands, then the polite catch-alls. So no update is
    answered twice. Earlier groups only keep the admin list current.
    """
    admin_only = AdminOnly(admins)
    admin_commands = [name for command in commands.ADMIN_COMMANDS for name in command.names]
    return [
        # Groups -5 to -1: bookkeeping before any handler decides: the admin list first (the
        # AdminOnly filter reads it), then membership changes, then the audit of admin commands.
        (-5, TypeHandler(Update, admin.refresh_admins)),
        (-4, ChatMemberHandler(admin.on_member_change, ChatMemberHandler.CHAT_MEMBER)),
        (-3, ChatMemberHandler(admin.on_bot_membership, ChatMemberHandler.MY_CHAT_MEMBER)),
        (-2, MessageHandler(filters.StatusUpdate.MIGRATE, admin.on_migration)),
        # A group whose grace for /aktifkan has passed is left here, before anything answers
        # (a migration message, handled just above, moves the grace instead).
        (-2, TypeHandler(Update, units.leave_unless_activated)),
        (-1, MessageHandler(admin_only & filters.COMMAND, admin.audit_command)),
        (0, enrollment_conversation()),
        # Edits change no answer: the enrollment explains that itself while it waits for an
        # answer; every other private edit is answered here, before any conversation or
        # command could take it as new input.
        (0, MessageHandler(PRIVATE & filters.UpdateType.EDITED_MESSAGE, common.on_edited)),
        (0, verification.manual_review_conversation()),
        (0, sharing.reshare_conversation()),
        (0, campaign_compose.compose_conversation(admin_only)),
        (
            0,
            CommandHandler(
                commands.SCHEDULE.names, campaign_schedules.show_schedule, filters=admin_only
            ),
        ),
        (0, CommandHandler(commands.STATS.names, insights.show_stats, filters=admin_only)),
        (
            0,
            CommandHandler(
                commands.LEADERBOARD.names, insights.show_leaderboard, filters=admin_only
            ),
        ),
        # confirmed_admin: destructive or data-leaking, so admin status is asked of Telegram
        # again (the cached list may be minutes old).
        (
            0,
            CommandHandler(
                commands.EXPORT.names,
                admin.confirmed_admin(insights.send_export),
                filters=admin_only,
            ),
        ),
        (
            0,
            CommandHandler(
                commands.UNSCHEDULE.names, campaign_schedules.unschedule, filters=admin_only
            ),
        ),
        (
            0,
            AdminCallbackQueryHandler(
                admin_only,
                admin.confirmed_admin(campaign_approval.on_second_approval),
                pattern=callbacks.APPROVE_CAMPAIGN.pattern,
            ),
        ),
        (
            0,
            CallbackQueryHandler(
                sharing.on_instagram_file, pattern=callbacks.INSTAGRAM_FILE.pattern
            ),
        ),
        (0, CommandHandler(commands.REVIEW.names, review.list_pending, filters=admin_only)),
        (0, CommandHandler(commands.REVOKE.names, badges.ask_revoke, filters=admin_only)),
        (0, CommandHandler(commands.AUDIT.names, audit.show_audit, filters=admin_only)),
        (
            0,
            CommandHandler(
                commands.BACKUP.names,
                admin.confirmed_admin(units.national_only(admin.send_backup)),
                filters=admin_only,
            ),
        ),
        (
            0,
            CommandHandler(
                commands.INVITE.names, admin.confirmed_admin(units.invite), filters=admin_only
            ),
        ),
        (
            0,
            CommandHandler(
                commands.UNITS.names,
                admin.confirmed_admin(units.unit_command),
                filters=admin_only,
            ),
        ),
        (
            0,
            AdminCallbackQueryHandler(
                admin_only,
                admin.confirmed_admin(units.on_deactivate_button),
                pattern=callbacks.any_of(callbacks.DEACTIVATE_UNIT, callbacks.KEEP_UNIT),
            ),
        ),
        (
            0,
            AdminCallbackQueryHandler(
                admin_only,
                admin.confirmed_admin(badges.on_revoke_button),
                pattern=callbacks.any_of(callbacks.REVOKE_BADGE, callbacks.KEEP_BADGE),
            ),
        ),
        (
            0,
            AdminCallbackQueryHandler(
                admin_only, review.on_review_button, pattern=callbacks.REVIEW.pattern
            ),
        ),
        (
            0,
            MessageHandler(
                admin_only & filters.REPLY & filters.TEXT & ~filters.COMMAND,
                review.on_typed_reason,
            ),
        ),
        (0, CommandHandler(admin_commands, admin.refuse)),
        (0, CallbackQueryHandler(admin.refuse_button, pattern=callbacks.ADMIN_BUTTONS)),
        (0, _command(commands.VERIFY, verification.on_verify_command)),
        (0, _command(commands.BADGE, badges.resend_badge)),
        (0, _command(commands.POINTS, sharing.show_points)),
        (0, _command(commands.PRIVACY, insights.show_privacy)),
        (
            0,
            CallbackQueryHandler(insights.on_privacy_button, pattern=callbacks.LEADERBOARD.pattern),
        ),
        (0, _command(commands.CHECK_BADGE, badges.check_badge, private=False)),
        (
            0,
            CallbackQueryHandler(
                verification.on_code_button,
                pattern=callbacks.any_of(callbacks.CODE_DONE, callbacks.CODE_NEW),
            ),
        ),
        # In the new group of a PR unit, from one of that group's administrators (checked
        # with Telegram): not behind AdminOnly, since the group is no admin group yet.
        (0, _command(commands.ACTIVATE, units.activate, private=False)),
        (0, _command(commands.HELP, common.show_help, private=False)),
        (0, _command(commands.CHAT_ID, common.show_chat_id, private=False)),
        (0, _command(commands.STATUS, account.show_status)),
        (0, _command(commands.STOP, account.stop_content)),
        (0, _command(commands.RESUME, account.resume_content)),
        (0, _command(commands.LANGUAGE, account.ask_language)),
        (0, CallbackQueryHandler(account.choose_language, pattern=callbacks.LANGUAGE.pattern)),
        (0, _command(commands.MY_DATA, privacy.send_my_data)),
        (0, _command(commands.DELETE_DATA, privacy.confirm_erase)),
        (0, CallbackQueryHandler(privacy.erase, pattern=callbacks.ERASE.pattern)),
        (0, _command(commands.LINK, linking.link)),
        (
            0,
            CallbackQueryHandler(
                linking.on_content_choice, pattern=callbacks.CONTENT_CHANNEL.pattern
            ),
        ),
        (0, _command(commands.CANCEL, common.nothing_to_cancel)),
        (0, MessageHandler(PRIVATE & filters.COMMAND, common.unknown_command)),
        (0, MessageHandler(PRIVATE & ~filters.COMMAND, common.not_understood)),
        (0, CallbackQueryHandler(common.stale_button)),
        (ACTIVITY_GROUP, TypeHandler(Update, common.note_activity)),
        # Last: write changed conversation states at once (see PERSISTENCE_GROUP).
        (PERSISTENCE_GROUP, TypeHandler(Update, _flush_conversation_states)),
    ]


def register_handlers(application: Application, admins: AdminDirectory) -> None:
    for group, handler in build_handlers(admins):
        application.add_handler(handler, group=group)
    application.add_error_handler(on_error)
