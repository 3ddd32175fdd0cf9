"""Logging that never writes a secret, a whole personal identifier or what people typed.

Two defences. First, the libraries that log whole requests, updates or SQL parameters at DEBUG
are held at INFO whatever LOG_LEVEL says (python-telegram-bot's Bot logs every API call's
parameters and result, so every message text and every update; its Application logs each
update; aiosqlite logs each statement with its parameters; httpx logs URLs with the bot token
or a handle in them). Names, work units and handles cannot be recognised by a pattern, so they
must not reach a log record at all. Second, every record that is written has bot tokens, NIPs
(in any form the NIP parser accepts), phone numbers (WhatsApp ids) and e-mail addresses
masked.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime

from bot.enrollment.nip import mask_nips_in_text

# Bot tokens (digits:secret), e-mail addresses.
_TOKEN = re.compile(r"(?<!\d)(\d{5,12}):[A-Za-z0-9_-]{20,}")
_EMAIL = re.compile(r"\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b")
# Phone numbers in international form, as WhatsApp ids are (11 to 15 digits, an optional +).
# Not inside a word or after a minus: wamids and Telegram group ids (-100...) stay readable,
# and Telegram user ids have at most 10 digits.
_PHONE = re.compile(r"(?<![\w+-])\+?\d{11,15}(?!\d)")

# Logger -> the lowest level it may log at; below it, records carry update contents.
QUIET_LOGGERS: dict[str, int] = {
    "telegram.Bot": logging.INFO,  # DEBUG: every API call's parameters and answer
    "telegram.ext.ExtBot": logging.INFO,  # the same, for the Application's bot
    "telegram.ext.Application": logging.INFO,  # DEBUG: "Processing update <the update>"
    "telegram.ext.Updater": logging.INFO,  # DEBUG: webhook bodies
    "aiosqlite": logging.INFO,  # DEBUG: each statement with its parameters
    "httpcore": logging.INFO,  # DEBUG: connection traces with response headers
    "httpx": logging.WARNING,  # INFO: request URLs, with the bot token or a handle in them
    "apscheduler": logging.WARNING,
}
# Loggers whose records at any level may quote what Telegram sent (their arguments are
# replaced; the message still says what happened).
WITHHELD_ARGUMENTS = ("telegram.request.BaseRequest",)


def mask_phone(number: str) -> str:
    """`62812****7890`: the country and operator prefix and the last 4 digits; a short
    number is starred entirely."""
    digits = number.lstrip("+")
    if len(digits) < 10:
        return "*" * len(digits)
    return digits[:5] + "*" * (len(digits) - 9) + digits[-4:]


def mask_sensitive(text: str) -> str:
    text = _TOKEN.sub(r"\1:***", text)
    text = mask_nips_in_text(text)
    text = _PHONE.sub(lambda match: mask_phone(match.group()), text)
    return _EMAIL.sub(r"\1***@\2", text)


class MaskingFilter(logging.Filter):
    """Rewrites each record's final message with secrets and identifiers masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_sensitive(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_sensitive(logging.Formatter().formatException(record.exc_info))
        return True


class WithholdArguments(logging.Filter):
    """Keeps a record's message template and drops the values filled into it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, Mapping):
            record.args = dict.fromkeys(record.args, "[withheld]")
        elif record.args:
            record.args = ("[withheld]",) * len(record.args)
        return True


def quiet_content_loggers() -> None:
    for name, level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)
    for name in WITHHELD_ARGUMENTS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, WithholdArguments) for f in logger.filters):
            logger.addFilter(WithholdArguments())


class JsonFormatter(logging.Formatter):
    """One JSON object per line for log collectors: time (UTC, ISO 8601), level, logger,
    message and, when there is one, the exception. Runs after MaskingFilter, so the message and
    the traceback are the masked ones."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, str] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_sensitive(self.formatException(record.exc_info))
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = mask_sensitive(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: str, log_format: str = "text") -> None:
    handler = logging.StreamHandler()
    formatter = JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    handler.setFormatter(formatter)
    handler.addFilter(MaskingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    quiet_content_loggers()
