"""The baseline for bench/updates.py: a bare python-telegram-bot echo handler, nothing else.

Run as `python bench/echo_bot.py BASE_URL TOKEN`.
"""

from __future__ import annotations

import sys

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message and update.message.text
    await update.message.reply_text(update.message.text)


def main() -> None:
    base_url, token = sys.argv[1], sys.argv[2]
    application = Application.builder().token(token).base_url(base_url).build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(timeout=1, poll_interval=0)


if __name__ == "__main__":
    main()
