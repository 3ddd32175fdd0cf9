"""A local Telegram Bot API emulator (real HTTP on 127.0.0.1) for tests, demos and benchmarks.

Point python-telegram-bot at it with
`ApplicationBuilder().base_url(emu.base_url).base_file_url(emu.file_base_url)`.
Does not import python-telegram-bot.

Methods: getMe, getUpdates (long polling, offsets, allowed_updates, 409 on a second poller or
while a webhook is set), setWebhook/deleteWebhook/getWebhookInfo (with delivery: updates are
POSTed to the webhook with the secret header, retried after a non-2xx answer, one chat at a
time; see webhook.py), bot commands, sendMessage/Photo/Document/Video/Voice/Audio/Animation/Sticker,
copyMessage, forwardMessage, editMessageText/Caption/ReplyMarkup, deleteMessage,
answerCallbackQuery, getChat, getChatMember(s), getChatAdministrators, leaveChat, getFile (+
downloads), sendChatAction. Every other spec method is still validated; if it returns Boolean
the emulator answers `true`, otherwise 400 "Bad Request: method X is not supported by the
emulator". Unknown methods get 404 "Not Found", wrong tokens 401 "Unauthorized".

Groups behave as on Telegram: chat_member updates reach only a bot that administers the group
(and only when asked for in allowed_updates); a group the bot is not in is "chat not found"
for its members, administrators and command menu; a basic group upgraded to a supergroup
answers with "group chat was upgraded to a supergroup chat" and `migrate_to_chat_id`; an
administrator may post as the group (`as_group=True`: `from` is GroupAnonymousBot,
`sender_chat` the group). `BotApiEmulator(latency=(0.1, 0.3))` delays every answer.
"""

from devtools.emulator.client import EmulatorClient
from devtools.emulator.emulator import BotApiEmulator
from devtools.emulator.errors import ApiError
from devtools.emulator.faults import FAULT_KINDS, Fault
from devtools.emulator.models import BotMessage, FileRecord, SimChat, SimUser
from devtools.emulator.schema import BotApiSchema, load_schema
from devtools.emulator.state import RequestRecord

__all__ = [
    "FAULT_KINDS",
    "ApiError",
    "BotApiEmulator",
    "BotApiSchema",
    "BotMessage",
    "EmulatorClient",
    "Fault",
    "FileRecord",
    "RequestRecord",
    "SimChat",
    "SimUser",
    "load_schema",
]
