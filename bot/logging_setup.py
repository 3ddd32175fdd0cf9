"""Logging that never writes a secret or a whole personal identifier."""

from __future__ import annotations

import logging
import re

# Bot tokens (digits:secret), 18-digit NIPs (however separated), e-mail addresses.
_TOKEN = re.compile(r"(?<!\d)(\d{5,12}):[A-Za-z0-9_-]{20,}")
_NIP = re.compile(r"\b(\d{4})(?:[\s.-]?\d){12}(\d{2})\b")
_EMAIL = re.compile(r"\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b")


def mask_sensitive(text: str) -> str:
    text = _TOKEN.sub(r"\1:***", text)
    text = _NIP.sub(r"\1************\2", text)
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


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and Telegram URLs contain the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
