"""The same-reply baseline for bench/updates.py: bare python-telegram-bot answering /start with
the bot's consent message and keyboard, built once, and no database.

Run as `python bench/consent_bot.py BASE_URL TOKEN`.
"""

from __future__ import annotations

import sys

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import Application, CommandHandler, ContextTypes

from bot.channels.telegram.texts import Translator
from bot.enrollment.service import Step
from handlers.telegram.enrollment_views import question

TEXT, MARKUP = question(Translator("id"), None, Step.CONSENT)


async def consent(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat
    await update.effective_chat.send_message(TEXT, parse_mode=ParseMode.HTML, reply_markup=MARKUP)


def main() -> None:
    base_url, token = sys.argv[1], sys.argv[2]
    application = Application.builder().token(token).base_url(base_url).build()
    application.add_handler(CommandHandler("start", consent))
    application.run_polling(timeout=1, poll_interval=0)


if __name__ == "__main__":
    main()
