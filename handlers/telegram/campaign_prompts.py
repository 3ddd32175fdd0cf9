"""How composing a campaign talks to the admin: questions answered by replying (the bot sees
only commands and replies to itself in a group), rows of buttons, and presses."""

from __future__ import annotations

from telegram import ForceReply, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from bot.channels.telegram.context import BotContext
from bot.channels.telegram.rendering import to_html
from bot.texts.markup import Rich, link

HTML = ParseMode.HTML


def admin_id(update: Update) -> str:
    assert update.effective_user
    return str(update.effective_user.id)


async def send_html(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    chat = update.effective_chat
    assert chat
    await chat.send_message(text, parse_mode=HTML, reply_markup=markup)


async def ask(
    update: Update,
    context: BotContext,
    key: str,
    placeholder: str,
    buttons: InlineKeyboardMarkup | None = None,
    *,
    problem: Rich | None = None,
    **values: object,
) -> None:
    """A question the admin answers by replying. ForceReply is selective: it opens the reply
    for the admin whose message it quotes, or (after a button press, with no message of theirs
    to quote) whom it mentions. A message carries either ForceReply or buttons, so Skip/Done
    come in a second message."""
    t = context.admin_t
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    assert chat and user
    text = t.rich(key, **values)
    if problem is not None:
        text = "❌ " + problem + "\n\n" + text
    force = ForceReply(selective=True, input_field_placeholder=t.label(placeholder))
    if update.callback_query is None and message is not None:
        await message.reply_html(to_html(text), reply_markup=force, do_quote=True)
    else:
        mention = link(user.full_name, f"tg://user?id={user.id}")
        question = t("campaign_question_for", admin=mention, question=text)
        await chat.send_message(question, parse_mode=HTML, reply_markup=force)
    if buttons is not None:
        await chat.send_message(
            t("campaign_question_buttons"), parse_mode=HTML, reply_markup=buttons
        )


async def pressed(update: Update) -> str:
    query = update.callback_query
    assert query
    await query.answer()
    await query.edit_message_reply_markup(None)
    return query.data or ""
