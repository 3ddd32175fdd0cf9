"""The only part of bot/ (with the composition root) that knows python-telegram-bot."""
