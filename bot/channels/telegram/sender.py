"""The Telegram `DeliveryChannel` for campaign deliveries, over a python-telegram-bot `Bot`:
Telegram's limits, and neutral content drawn as Bot API HTML and an inline keyboard.

Pacing and flood pauses live in the delivery worker, not here: the Bot given must have no
`AIORateLimiter` (PTB 22.8's ends 429 pauses early and would hold interactive replies behind
the broadcast), and a 429 seen here pauses only the broadcast, never the bot's replies.
"""

from __future__ import annotations

import warnings
from datetime import timedelta
from typing import Any

from telegram import Bot, InputFile, Message
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.warnings import PTBDeprecationWarning

from bot.campaigns.channel import ChannelLimits, MediaUpload, OutgoingContent, SentMessage
from bot.campaigns.delivery_errors import (
    RecipientGone,
    SendRejected,
    SlowDown,
    TransientSendError,
)
from bot.channels.telegram.json_request import JsonBodyRequest
from bot.channels.telegram.rendering import to_html, to_keyboard

# A text send is answered within a second normally; waiting longer mostly holds a send slot.
# A read timeout after the request went out may mean the message was delivered, and the
# retry then duplicates it, so the read timeout is not cut short either.
TEXT_TIMEOUTS: dict[str, Any] = {
    "connect_timeout": 5.0,
    "read_timeout": 15.0,
    "write_timeout": 10.0,
}
# Uploads (once per campaign, up to 50 MB) need time to write the body.
UPLOAD_TIMEOUTS: dict[str, Any] = {
    "connect_timeout": 5.0,
    "read_timeout": 60.0,
    "write_timeout": 120.0,
}
POOL_TIMEOUT = 10.0
TELEGRAM_LIMITS = ChannelLimits(
    messages_per_second=30.0,  # Telegram's advice for bulk sends without paid broadcast
    paid_messages_per_second=1000.0,  # with allow_paid_broadcast (0.1 Star per message)
    per_chat_interval=1.0,  # about one message a second per chat
    max_text_length=4096,
    max_caption_length=1024,
    max_copy_text_length=256,  # CopyTextButton.text
)
# Bad requests that mean the person cannot be reached, not that the content is wrong.
_GONE_BAD_REQUESTS = ("chat not found", "user not found", "peer_id_invalid")


class TelegramSender:
    name = "telegram"
    limits = TELEGRAM_LIMITS

    def __init__(self, bot: Bot) -> None:
        if getattr(bot, "rate_limiter", None) is not None:
            raise ValueError("broadcast sends must not go through PTB's rate limiter")
        self._bot = bot

    async def send(self, chat_id: str, content: OutgoingContent) -> SentMessage:
        try:
            message = await self._send(int(chat_id), content)
        except RetryAfter as error:
            raise SlowDown(retry_after_seconds(error)) from error
        except Forbidden as error:
            raise RecipientGone(error.message) from error
        except BadRequest as error:  # before NetworkError: BadRequest is one of its kinds
            if any(text in error.message.lower() for text in _GONE_BAD_REQUESTS):
                raise RecipientGone(error.message) from error
            raise SendRejected(error.message) from error
        except ChatMigrated as error:
            raise RecipientGone(f"chat migrated to {error.new_chat_id}") from error
        except NetworkError as error:  # includes TimedOut and 5xx answers
            raise TransientSendError(error.message) from error
        except TelegramError as error:
            # InvalidToken, Conflict and the like: nothing about this person; worth a retry
            # once the operator has fixed the bot, and visible in the row's error meanwhile.
            raise TransientSendError(f"{type(error).__name__}: {error.message}") from error
        return SentMessage(message.message_id, _media_file_id(message, content))

    async def _send(self, chat_id: int, content: OutgoingContent) -> Message:
        common: dict[str, Any] = {
            "chat_id": chat_id,
            "parse_mode": "HTML",  # explicit: the app's Bot has no Defaults
            "reply_markup": to_keyboard(content.buttons),
            "allow_paid_broadcast": content.allow_paid_broadcast or None,
            "pool_timeout": POOL_TIMEOUT,
        }
        if content.kind == "text":
            return await self._bot.send_message(
                text=to_html(content.text), **common, **TEXT_TIMEOUTS
            )
        media = content.media
        timeouts = UPLOAD_TIMEOUTS if isinstance(media, MediaUpload) else TEXT_TIMEOUTS
        file: str | InputFile
        if isinstance(media, MediaUpload):
            file = InputFile(media.data, filename=media.filename)
        elif media is not None:
            file = media
        else:
            raise SendRejected(f"a {content.kind} message needs media")
        caption = to_html(content.text) or None
        if content.kind == "photo":
            return await self._bot.send_photo(photo=file, caption=caption, **common, **timeouts)
        if content.kind == "video":
            return await self._bot.send_video(video=file, caption=caption, **common, **timeouts)
        return await self._bot.send_document(document=file, caption=caption, **common, **timeouts)


def retry_after_seconds(error: RetryAfter) -> float:
    """`retry_after` is an int, or a timedelta when PTB_TIMEDELTA=1 (PTB's opt-in)."""
    with warnings.catch_warnings():
        # Reading it as int warns of the coming switch to timedelta; both are handled here.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)


def broadcast_bot(token: str, base_url: str, base_file_url: str, *, connections: int = 32) -> Bot:
    """A Bot for the broadcast alone: its own connection pool, so sends in flight never take
    the connections interactive replies need; no rate limiter, no Defaults."""
    request = JsonBodyRequest(connection_pool_size=connections, pool_timeout=POOL_TIMEOUT)
    return Bot(token, base_url=base_url, base_file_url=base_file_url, request=request)


def _media_file_id(message: Message, content: OutgoingContent) -> str | None:
    if not isinstance(content.media, MediaUpload):
        return None
    if message.photo:
        return message.photo[-1].file_id
    for media in (message.video, message.document):
        if media is not None:
            return media.file_id
    return None
