"""BotApiEmulator: the in-process test API around the emulated Bot API server."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from devtools.emulator.actions import ChatRef, MessageRef, UserActions
from devtools.emulator.faults import Fault, FaultSet
from devtools.emulator.models import BotMessage, FileRecord, SimChat, SimUser
from devtools.emulator.schema import load_schema
from devtools.emulator.server import build_app, install_log_filter
from devtools.emulator.serving import EmulatorServer
from devtools.emulator.state import EmulatorState, RequestRecord
from devtools.emulator.webhook import WebhookDelivery


class BotApiEmulator:
    def __init__(
        self,
        token: str = "123456:TEST",
        bot_username: str = "asn_humas_bot",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        record_history: bool = True,
        privacy_mode: bool = True,
        latency: tuple[float, float] = (0.0, 0.0),
        webhook_retry_delay: float = 1.0,
    ):
        """`latency`: every answer waits a random time in this range (seconds), as the real
        server's round trip does; (0, 0) answers at once. Once the bot sets a webhook, updates
        are posted to it; a failed post is tried again after `webhook_retry_delay` seconds,
        doubling each time."""
        self.state = EmulatorState(token, bot_username, record_history=record_history)
        self.latency = latency
        self.faults = FaultSet()
        self.actions = UserActions(self.state, privacy_mode=privacy_mode)
        self.host = host
        self._requested_port = port
        self._server: EmulatorServer | None = None
        self.webhook = WebhookDelivery(self.state, retry_delay=webhook_retry_delay)
        load_schema()  # parse the spec now, not on the first request

    # Lifecycle
    async def start(self) -> None:
        install_log_filter()
        self._server = EmulatorServer(build_app(self), self.host, self._requested_port)
        await self._server.start()
        self.webhook.start()

    async def stop(self) -> None:
        if self._server is None:
            return
        await self.webhook.stop()
        self.state.stopping.set()
        self.state.updates_changed.notify()  # ends long polls at once
        await self._server.stop()
        self._server = None

    async def wait_closed(self) -> None:
        """Returns when the server exits."""
        if self._server is not None:
            await self._server.wait_closed()

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("emulator is not started")
        return self._server.port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def file_base_url(self) -> str:
        return f"{self.url}/file/bot"

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def bot_user(self) -> SimUser:
        return self.state.bot

    # People and chats
    def add_user(
        self,
        first_name: str,
        *,
        language_code: str | None = "id",
        username: str | None = None,
        last_name: str | None = None,
        started: bool = True,
    ) -> SimUser:
        return self.state.add_user(
            first_name,
            language_code=language_code,
            username=username,
            last_name=last_name,
            started=started,
        )

    def add_group(
        self,
        title: str,
        *,
        members: list[SimUser] | tuple[SimUser, ...] = (),
        admins: list[SimUser] | tuple[SimUser, ...] = (),
        creator: SimUser | None = None,
        supergroup: bool = True,
        bot_status: str = "member",
    ) -> SimChat:
        chat = self.state.add_group(title, supergroup=supergroup)
        for user in members:
            chat.members[user.id] = "member"
        for user in admins:
            chat.members[user.id] = "administrator"
        if creator is not None:
            chat.members[creator.id] = "creator"
        chat.members[self.state.bot.id] = bot_status
        return chat

    def set_member_status(self, chat: SimChat, user: SimUser, status: str) -> None:
        self.actions.set_member_status(chat, user, status)

    def set_bot_status(self, chat: SimChat, status: str) -> None:
        self.actions.set_member_status(chat, self.state.bot, status)

    def block_bot(self, user: SimUser) -> None:
        self.actions.block_bot(user)

    def unblock_bot(self, user: SimUser) -> None:
        self.actions.unblock_bot(user)

    def deactivate(self, user: SimUser) -> None:
        user.deactivated = True

    def migrate_group_to_supergroup(self, chat: SimChat) -> SimChat:
        return self.actions.migrate_group_to_supergroup(chat)

    # User actions (each queues an update and returns the user's Message dict)
    def send_text(
        self, user: SimUser, text: str, chat: ChatRef | None = None, *, as_group: bool = False
    ) -> dict[str, Any]:
        """`as_group`: an administrator posts anonymously, as the group itself."""
        return self.actions.send_text(user, text, chat, as_group=as_group)

    def send_command(
        self,
        user: SimUser,
        command: str,
        args: str | None = None,
        chat: ChatRef | None = None,
        *,
        mention: bool = False,
        as_group: bool = False,
    ) -> dict[str, Any]:
        return self.actions.send_command(
            user, command, args, chat, mention=mention, as_group=as_group
        )

    def edit_text(self, user: SimUser, message: MessageRef, text: str) -> dict[str, Any]:
        """The person edits a text message they sent (an `edited_message` update)."""
        return self.actions.edit_text(user, message, text)

    def send_photo(
        self, user: SimUser, data: bytes, caption: str | None = None, chat: ChatRef | None = None
    ) -> dict[str, Any]:
        return self.actions.send_photo(user, data, caption, chat)

    def send_document(
        self,
        user: SimUser,
        data: bytes,
        file_name: str,
        mime_type: str,
        caption: str | None = None,
        chat: ChatRef | None = None,
    ) -> dict[str, Any]:
        return self.actions.send_document(user, data, file_name, mime_type, caption, chat)

    def send_sticker(self, user: SimUser, chat: ChatRef | None = None) -> dict[str, Any]:
        return self.actions.send_sticker(user, chat)

    def send_voice(self, user: SimUser, chat: ChatRef | None = None) -> dict[str, Any]:
        return self.actions.send_voice(user, chat)

    def reply_to(self, user: SimUser, message: MessageRef, text: str) -> dict[str, Any]:
        return self.actions.reply_to(user, message, text)

    def press_button(
        self,
        user: SimUser,
        message: MessageRef | int,
        *,
        text: str | None = None,
        data: str | None = None,
        chat: ChatRef | None = None,
    ) -> str:
        """Queues a callback_query for an inline button; returns the callback query id.

        `message` is a BotMessage, a Message dict, or a message id in `chat` (default: the
        user's private chat). The button is looked up on the message's latest version.
        """
        if isinstance(message, int):
            target = self.actions.resolve_chat(chat, user)
            message = {"chat": {"id": target.id}, "message_id": message}
        return self.actions.press_button(user, message, text=text, data=data)

    def press_forged(
        self, user: SimUser, message: MessageRef, data: str, *, chat: ChatRef | None = None
    ) -> str:
        """Queues a callback_query with `data` whether or not a button on `message` carries it
        (a modified client or an old button); returns the callback query id."""
        if isinstance(message, int):
            target = self.actions.resolve_chat(chat, user)
            message = {"chat": {"id": target.id}, "message_id": message}
        return self.actions.press_forged(user, message, data)

    # Observing the bot
    def _chat_id(self, chat: ChatRef) -> int:
        return chat if isinstance(chat, int) else chat.id

    async def next_message(self, chat: ChatRef, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """The next message the bot sent or edited in `chat` that no call has returned yet."""
        return (await self.next_messages(chat, 1, timeout))[0]

    async def next_messages(
        self,
        chat: ChatRef,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[BotMessage]:
        chat_id = self._chat_id(chat)
        state = self.state
        deadline = time.monotonic() + timeout
        while True:
            outbox = state.outbox.get(chat_id, [])
            start = state.consumed.get(chat_id, 0)
            if len(outbox) - start >= count:
                state.consumed[chat_id] = start + count
                return outbox[start : start + count]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(
                    self._timeout_report(chat_id, count, len(outbox) - start, timeout)
                )
            await state.outbox_changed.wait(remaining)

    def _timeout_report(self, chat_id: int, wanted: int, got: int, timeout: float) -> str:
        lines = [
            f"waited {timeout}s for {wanted} bot message(s) in chat {chat_id}, got {got}.",
            "recent history (oldest first):",
        ]
        for message in self.history(chat_id)[-10:]:
            sender = "bot" if message.get("from", {}).get("id") == self.state.bot.id else "user"
            content = message.get("text") or message.get("caption") or _kind(message)
            lines.append(f"  #{message['message_id']} {sender}: {content!r}")
        errors = [r for r in list(self.state.requests)[-10:] if r.status != 200]
        if errors:
            lines.append("recent failed bot requests:")
            lines += [f"  {r.method} -> {r.status} {_brief(r.params)}" for r in errors]
        return "\n".join(lines)

    def pending_messages(self, chat: ChatRef) -> list[BotMessage]:
        """Bot messages in `chat` not yet returned by next_message(s); does not consume them."""
        chat_id = self._chat_id(chat)
        return self.state.outbox.get(chat_id, [])[self.state.consumed.get(chat_id, 0) :]

    def drain(self, chat: ChatRef) -> list[BotMessage]:
        """Consumes and returns all pending bot messages in `chat`."""
        pending = self.pending_messages(chat)
        self.state.consumed[self._chat_id(chat)] = len(
            self.state.outbox.get(self._chat_id(chat), [])
        )
        return pending

    def sent(self, chat: ChatRef) -> list[BotMessage]:
        """Everything the bot sent or edited in `chat`, consumed or not."""
        return list(self.state.outbox.get(self._chat_id(chat), []))

    async def wait_for_request(
        self,
        method: str,
        match: Callable[[RequestRecord], bool] = lambda record: True,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> RequestRecord:
        """The first recorded call of `method` that `match` accepts, waiting for it: the proof
        that the bot did something that sends no message (a button answered, a chat action)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = next((r for r in self.requests_for(method) if match(r)), None)
            if found is not None:
                return found
            if loop.time() > deadline:
                raise TimeoutError(f"no matching {method} call within {timeout}s")
            # Requests are recorded without a signal to wait on, so poll.
            await asyncio.sleep(0.01)

    async def wait_for_callback_answer(
        self,
        query_id: str,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> RequestRecord:
        """Waits until the bot answered the button press `query_id` (press_button returns it)."""
        return await self.wait_for_request(
            "answerCallbackQuery",
            lambda record: str(record.params.get("callback_query_id")) == query_id,
            timeout,
        )

    def history(self, chat: ChatRef) -> list[dict[str, Any]]:
        """All messages in the chat (users' and bot's), latest versions, deleted ones left out."""
        return list(self.state.messages.get(self._chat_id(chat), {}).values())

    @property
    def requests(self) -> list[RequestRecord]:
        return list(self.state.requests)

    def requests_for(self, method: str) -> list[RequestRecord]:
        return [r for r in self.state.requests if r.method.lower() == method.lower()]

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        return self.state.callback_answers

    @property
    def deleted(self) -> list[tuple[int, int]]:
        return self.state.deleted

    @property
    def send_timestamps(self) -> list[tuple[float, int]]:
        """(time.monotonic(), chat_id) of every message the bot sent or edited."""
        return list(self.state.send_timestamps)

    @property
    def sent_per_chat(self) -> dict[int, int]:
        return dict(self.state.sent_per_chat)

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        scope_json = json.dumps(scope or {"type": "default"}, sort_keys=True)
        return self.state.commands.get(f"{scope_json}|{language_code}", [])

    def file_bytes(self, file_id: str) -> bytes:
        return self.state.files.get(file_id).data

    def file(self, file_id: str) -> FileRecord:
        return self.state.files.get(file_id)

    def sent_files(self, chat: ChatRef) -> list[FileRecord]:
        """Files in the bot's sent messages to `chat`, in order (largest size for photos)."""
        ids = [m.file_id for m in self.sent(chat) if not m.is_edit and m.file_id]
        return [self.state.files.by_id[file_id] for file_id in ids if file_id]

    # Faults
    def inject_fault(
        self,
        kind: str,
        *,
        method: str | None = None,
        chat_id: int | str | None = None,
        times: int | None = 1,
        retry_after: int = 1,
        delay: float = 0.0,
        status: int = 500,
    ) -> Fault:
        fault = Fault(kind, method, chat_id, times, retry_after, delay, status)
        return self.faults.add(fault)

    def clear_faults(self) -> None:
        self.faults.clear()

    def stats(self) -> dict[str, Any]:
        state = self.state
        return {
            "requests": dict(state.method_counts),
            "sent_per_chat": {str(k): v for k, v in state.sent_per_chat.items()},
            "messages_sent": sum(state.sent_per_chat.values()),
            "pending_updates": len(state.updates),
            "last_update_id": state.last_queued_update_id,
            "faults_pending": len(self.faults),
        }


def _kind(message: dict[str, Any]) -> str:
    for key in ("photo", "document", "video", "voice", "sticker"):
        if key in message:
            return f"<{key}>"
    return "<service message>"


def _brief(params: dict[str, Any]) -> str:
    shown = {k: v for k, v in params.items() if k in ("chat_id", "text", "caption", "message_id")}
    return repr(shown)[:200]
