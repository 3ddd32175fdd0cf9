"""Help, and polite answers to whatever the bot does not understand."""

from __future__ import annotations

from telegram import Update

from bot.channels.telegram.admins import posted_as_group
from bot.channels.telegram.context import BotContext, identity_of
from bot.texts import commands
from bot.texts.markup import Rich

# What to suggest to someone the bot did not understand, by where their enrollment stands.
_NOT_UNDERSTOOD = {
    None: "not_understood",
    "draft": "not_understood_draft",
    "verified": "not_understood_verified",
}


async def show_help(update: Update, context: BotContext) -> None:
    """Lists the commands in the person's language; in the admin group, an admin also sees
    the admin commands."""
    assert update.effective_message

    def lines(audience: commands.Audience) -> Rich:
        return Rich.join(
            "\n",
            (
                context.t.rich("help_line", command=name, description=context.t.rich(key))
                for name, key in commands.menu(context.locale, audience, national=national)
            ),
        )

    chat, user = update.effective_chat, update.effective_user
    # A PR unit's group is not shown the national group's own commands.
    national = chat is None or context.admins.unit_of_chat(chat.id) is None
    in_admin_group = chat is not None and context.admins.is_admin_group(chat.id)
    # Posting as the group is proof of being its administrator (Telegram allows no one else).
    admin = posted_as_group(update) or (
        user is not None and chat is not None and context.admins.is_admin(user.id, chat.id)
    )
    if in_admin_group and admin:
        text = context.t("admin_help", commands=lines("admin"), everyone=lines("everyone"))
    else:
        text = context.t("help", commands=lines("everyone"))
    await update.effective_message.reply_html(text)


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    assert update.effective_message
    await update.effective_message.reply_html(context.t("nothing_to_cancel"))


async def not_understood(update: Update, context: BotContext) -> None:
    """Says the message was not understood and suggests what fits the person's state (someone
    verified is not told to enroll)."""
    assert update.effective_message and update.effective_user
    draft = await context.services.enrollment.draft(identity_of(update.effective_user.id))
    status = draft.enrollment.status if draft else None
    key = _NOT_UNDERSTOOD.get(status, "not_understood_enrolled")
    await update.effective_message.reply_html(context.t(key))


async def on_edited(update: Update, context: BotContext) -> None:
    """An edited message outside a conversation changes nothing: says so, and how to change
    stored details. Live locations (edited every few seconds) are ignored silently."""
    message = update.edited_message
    if message is None or message.location is not None:
        return
    await message.reply_html(context.t("edited_ignored"))


async def unknown_command(update: Update, context: BotContext) -> None:
    assert update.effective_message
    await update.effective_message.reply_html(context.t("unknown_command"))


async def note_activity(update: Update, context: BotContext) -> None:
    """A private message or a button press shows the person is there: reachable again, and
    seen now (PeopleService keeps this to at most one cheap write per person and hour)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != chat.PRIVATE:
        return
    # Not a membership change: blocking the bot arrives as my_chat_member.
    if update.effective_message is None and update.callback_query is None:
        return
    await context.services.people.note_activity(identity_of(user.id))


async def stale_button(update: Update, context: BotContext) -> None:
    """A button from a finished conversation: say so instead of leaving a spinner."""
    assert update.callback_query
    await update.callback_query.answer(context.t.label("stale_button"))


async def show_chat_id(update: Update, context: BotContext) -> None:
    """Answers the chat's id, which an operator needs for ADMIN_CHAT_ID."""
    assert update.effective_message and update.effective_chat
    await update.effective_message.reply_html(
        context.t("chat_id", chat_id=update.effective_chat.id)
    )
