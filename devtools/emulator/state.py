"""The simulated Telegram world: people, chats, messages, the update queue and what the bot did.

Everything runs on one event loop (the server's), so plain dicts and lists suffice.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections import Counter, deque
from dataclasses import dataclass
from typing import Any

from devtools.emulator.errors import ApiError, bad_request, forbidden
from devtools.emulator.files import FileStore
from devtools.emulator.members import chat_member
from devtools.emulator.models import BotMessage, SimChat, SimUser

# Update kinds Telegram delivers when the bot did not choose (allowed_updates empty).
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
# Without full history only the newest messages per chat are kept (for edits and replies).
TRIMMED_MESSAGES_PER_CHAT = 100
# Telegram's service account that stands in as `from` when an admin posts as the group.
GROUP_ANONYMOUS_BOT = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}


@dataclass
class WebhookConfig:
    url: str
    secret: str | None
    max_connections: int
    # Set after a failed delivery, as getWebhookInfo shows them.
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass(slots=True)
class RequestRecord:
    method: str
    params: dict[str, Any]
    status: int
    at: float  # time.monotonic()


class Broadcast:
    """Wakes every waiter on each notify(); waiters re-check their own condition."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), seconds)


class EmulatorState:
    def __init__(self, token: str, bot_username: str, *, record_history: bool = True):
        self.token = token
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 1
        self.bot = SimUser(bot_id, bot_username.replace("_", " ").title(), username=bot_username)
        self.bot.is_bot = True
        self.bot.language_code = None
        self.record_history = record_history
        self.users: dict[int, SimUser] = {}
        self.chats: dict[int, SimChat] = {}
        self.usernames: dict[str, int] = {}  # lower-case @username -> chat id
        self.files = FileStore()
        self._user_ids = itertools.count(100_000_001)
        self._group_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self.messages: dict[int, dict[int, dict[str, Any]]] = {}  # chat -> message id -> Message
        # Update queue
        self._update_ids = itertools.count(1)
        self.updates: deque[tuple[int, str, dict[str, Any]]] = deque()
        self.allowed_updates: frozenset[str] | None = None  # None = Telegram's default set
        self.last_queued_update_id = 0
        self.last_delivered_update_id = 0
        self.updates_changed = Broadcast()
        self.poll_generation = 0
        self.webhook: WebhookConfig | None = None  # set by setWebhook, posted to by WebhookDelivery
        self.stopping = asyncio.Event()
        # What the bot did
        self.outbox: dict[int, list[BotMessage]] = {}
        self.consumed: dict[int, int] = {}
        self.outbox_changed = Broadcast()
        self.requests: deque[RequestRecord] = deque(maxlen=None if record_history else 1000)
        self.callback_answers: list[dict[str, Any]] = []
        self.open_callback_queries: dict[str, dict[str, Any]] = {}
        self.deleted: list[tuple[int, int]] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.sent_per_chat: Counter[int] = Counter()
        self.method_counts: Counter[str] = Counter()
        self.send_timestamps: deque[tuple[float, int]] = deque(maxlen=200_000)
        self.in_flight = 0
        self.last_activity = time.monotonic()

    # People and chats
    def add_user(self, first_name: str, **kwargs: Any) -> SimUser:
        user = SimUser(next(self._user_ids), first_name, **kwargs)
        self.users[user.id] = user
        self.chats[user.id] = SimChat(user.id, "private", user=user)
        if user.username:
            self.usernames[user.username.lower()] = user.id
        return user

    def add_group(self, title: str, *, supergroup: bool) -> SimChat:
        n = next(self._group_ids)
        chat_id = -(1_000_000_000_000 + n) if supergroup else -(4_000_000 + n)
        chat = SimChat(chat_id, "supergroup" if supergroup else "group", title=title)
        self.chats[chat_id] = chat
        return chat

    def user(self, user_id: int) -> SimUser:
        if user_id not in self.users:
            raise bad_request("user not found")
        return self.users[user_id]

    def chat(self, chat_id: Any) -> SimChat:
        if isinstance(chat_id, str):
            if chat_id.startswith("@"):
                chat_id = self.usernames.get(chat_id[1:].lower(), 0)
            else:
                try:
                    chat_id = int(chat_id)
                except ValueError:
                    raise bad_request("chat not found") from None
        chat = self.chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def writable_chat(self, chat_id: Any) -> SimChat:
        """The chat the bot may post into, or the error Telegram gives."""
        chat = self.chat(chat_id)
        if chat.user is not None:
            if chat.user.deactivated:
                raise forbidden("user is deactivated")
            if chat.user.blocked:
                raise forbidden("bot was blocked by the user")
            if not chat.user.started:
                raise forbidden("bot can't initiate conversation with a user")
            return chat
        self.check_not_migrated(chat)
        status = chat.members.get(self.bot.id, "left")
        if status == "kicked":
            raise forbidden(f"bot was kicked from the {chat.type} chat")
        if status == "left":
            raise forbidden(f"bot is not a member of the {chat.type} chat")
        return chat

    def group_of_bot(self, chat_id: Any) -> SimChat:
        """A group the bot can look into (members, admins, its command menu); a group it is
        not in is, to Telegram, a chat it does not know."""
        chat = self.chat(chat_id)
        if chat.user is not None:
            return chat
        self.check_not_migrated(chat)
        if chat.members.get(self.bot.id, "left") in ("left", "kicked"):
            raise bad_request("chat not found")
        return chat

    @staticmethod
    def check_not_migrated(chat: SimChat) -> None:
        if chat.migrated_to is not None:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )

    # Messages
    def store_message(self, chat: SimChat, message: dict[str, Any]) -> dict[str, Any]:
        counter = self._message_ids.setdefault(chat.id, itertools.count(1))
        message_id = next(counter)
        message["message_id"] = message_id
        per_chat = self.messages.setdefault(chat.id, {})
        per_chat[message_id] = message
        if not self.record_history and len(per_chat) > TRIMMED_MESSAGES_PER_CHAT:
            del per_chat[next(iter(per_chat))]
        return message

    def message(self, chat_id: int, message_id: int, missing: str) -> dict[str, Any]:
        message = self.messages.get(chat_id, {}).get(message_id)
        if message is None:
            raise bad_request(missing)
        return message

    def base_message(self, chat: SimChat, sender: SimUser) -> dict[str, Any]:
        return {"message_id": 0, "from": sender.to_dict(), "chat": chat.to_dict(), "date": now()}

    def record_bot_message(
        self, method: str, chat_id: int, message: dict[str, Any], params: dict[str, Any]
    ) -> None:
        self.sent_per_chat[chat_id] += 1
        self.send_timestamps.append((time.monotonic(), chat_id))
        if self.record_history:
            record = BotMessage(method, chat_id, message["message_id"], dict(message), params)
            self.outbox.setdefault(chat_id, []).append(record)
        self.outbox_changed.notify()

    # Updates
    def queue_update(self, kind: str, payload: dict[str, Any]) -> int | None:
        """Queues an update unless the bot's allowed_updates exclude its kind."""
        allowed = self.allowed_updates
        if (allowed is None and kind in DEFAULT_EXCLUDED_UPDATES) or (
            allowed is not None and kind not in allowed
        ):
            return None
        update_id = next(self._update_ids)
        self.updates.append((update_id, kind, payload))
        self.last_queued_update_id = update_id
        self.updates_changed.notify()
        return update_id

    def queue_member_update(
        self,
        chat: SimChat,
        member: dict[str, Any],
        old: str,
        new: str,
        actor: dict[str, Any],
    ) -> int | None:
        """chat_member update, or my_chat_member when the member is the bot itself.

        Telegram sends chat_member updates only to bots that administer the chat."""
        kind = "my_chat_member" if member["id"] == self.bot.id else "chat_member"
        if kind == "chat_member" and chat.members.get(self.bot.id) != "administrator":
            return None
        payload = {
            "chat": chat.to_dict(),
            "from": actor,
            "date": now(),
            "old_chat_member": chat_member(member, old),
            "new_chat_member": chat_member(member, new),
        }
        return self.queue_update(kind, payload)

    def confirm_updates(self, offset: int) -> None:
        if offset < 0:
            while len(self.updates) > -offset:
                self.updates.popleft()
            return
        while self.updates and self.updates[0][0] < offset:
            self.updates.popleft()

    def set_allowed_updates(self, allowed: list[str] | None) -> None:
        if allowed is not None:
            self.allowed_updates = frozenset(allowed) if allowed else None

    def take_updates(self, limit: int) -> list[dict[str, Any]]:
        batch: list[dict[str, Any]] = [
            {"update_id": uid, kind: payload}
            for uid, kind, payload in itertools.islice(self.updates, limit)
        ]
        if batch:
            self.last_delivered_update_id = max(
                self.last_delivered_update_id, int(batch[-1]["update_id"])
            )
        return batch


def now() -> int:
    return int(time.time())
