"""What simulated people do: each action stores a message and queues the matching update."""

from __future__ import annotations

import itertools
from typing import Any

from devtools.emulator import formatting
from devtools.emulator.files import media_dict, photo_size_dict
from devtools.emulator.models import BotMessage, SimChat, SimUser
from devtools.emulator.state import GROUP_ANONYMOUS_BOT, EmulatorState, now

ChatRef = SimChat | SimUser | int
MessageRef = BotMessage | dict[str, Any]

# A tiny valid OGG header and WebP header, so downloads of simulated voice/stickers are bytes.
_VOICE_BYTES = b"OggS\x00\x02" + bytes(20)
_STICKER_BYTES = b"RIFF\x1a\x00\x00\x00WEBPVP8 " + bytes(14)


class UserActions:
    def __init__(self, state: EmulatorState, *, privacy_mode: bool = True):
        self.s = state
        self.privacy_mode = privacy_mode
        self._query_ids = itertools.count(1)

    def resolve_chat(self, chat: ChatRef | None, user: SimUser) -> SimChat:
        if chat is None:
            return self.s.chats[user.id]
        chat_id = chat if isinstance(chat, int) else chat.id
        return self.s.chats[chat_id]

    def user_message(
        self,
        user: SimUser,
        chat: ChatRef | None,
        content: dict[str, Any],
        *,
        reply_to: dict[str, Any] | None = None,
        as_group: bool = False,
    ) -> dict[str, Any]:
        target = self.resolve_chat(chat, user)
        if target.user is not None:
            if user.blocked:  # writing to the bot again means unblocking it first
                self.unblock_bot(user)
            user.started = True
        message = self.s.base_message(target, user)
        if as_group:
            # Only administrators may post as the group; Telegram then hides who wrote it.
            if target.members.get(user.id) not in ("creator", "administrator"):
                raise ValueError(f"{user.first_name} is not an administrator of {target.title}")
            message["from"] = dict(GROUP_ANONYMOUS_BOT)
            message["sender_chat"] = target.to_dict()
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update(content)
        self.s.store_message(target, message)
        if self._bot_sees(target, message):
            self.s.queue_update("message", message)
        return message

    def _bot_sees(self, chat: SimChat, message: dict[str, Any]) -> bool:
        if chat.user is not None:
            return True
        if chat.members.get(self.s.bot.id, "left") in ("left", "kicked"):
            return False
        if not self.privacy_mode or chat.members.get(self.s.bot.id) == "administrator":
            return True
        # Privacy mode: commands and replies to the bot's own messages only.
        is_command = any(e["type"] == "bot_command" for e in message.get("entities", []))
        reply = message.get("reply_to_message") or {}
        return is_command or reply.get("from", {}).get("id") == self.s.bot.id

    def send_text(
        self, user: SimUser, text: str, chat: ChatRef | None = None, **kw: Any
    ) -> dict[str, Any]:
        return self.user_message(user, chat, _text_content(text), **kw)

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
        text = f"/{command.lstrip('/')}"
        if mention:
            text += f"@{self.s.bot.username}"
        if args:
            text += f" {args}"
        return self.send_text(user, text, chat, as_group=as_group)

    def edit_text(self, user: SimUser, message: MessageRef, text: str) -> dict[str, Any]:
        """The person edits a text message they sent: Telegram keeps the message_id, adds
        `edit_date`, and sends the whole new version as an `edited_message` update."""
        target = self.current(message)
        if target.get("from", {}).get("id") != user.id:
            raise PermissionError("a person can only edit their own messages")
        if "text" not in target:
            raise ValueError("only text messages can be edited this way")
        edited = {key: value for key, value in target.items() if key != "entities"}
        edited.update(_text_content(text))
        edited["edit_date"] = max(now(), target["date"])
        self.s.messages[target["chat"]["id"]][target["message_id"]] = edited
        if self._bot_sees(self.s.chats[target["chat"]["id"]], edited):
            self.s.queue_update("edited_message", edited)
        return edited

    def send_photo(
        self, user: SimUser, data: bytes, caption: str | None = None, chat: ChatRef | None = None
    ) -> dict[str, Any]:
        sizes = self.s.files.add_photo(data)
        content: dict[str, Any] = {"photo": [photo_size_dict(size) for size in sizes]}
        if caption:
            content["caption"] = caption
        return self.user_message(user, chat, content)

    def send_document(
        self,
        user: SimUser,
        data: bytes,
        file_name: str,
        mime_type: str,
        caption: str | None = None,
        chat: ChatRef | None = None,
    ) -> dict[str, Any]:
        record = self.s.files.add("document", data, file_name=file_name, mime_type=mime_type)
        content: dict[str, Any] = {"document": media_dict(record)}
        if caption:
            content["caption"] = caption
        return self.user_message(user, chat, content)

    def send_sticker(self, user: SimUser, chat: ChatRef | None = None) -> dict[str, Any]:
        record = self.s.files.add("sticker", _STICKER_BYTES, width=512, height=512)
        return self.user_message(user, chat, {"sticker": media_dict(record)})

    def send_voice(self, user: SimUser, chat: ChatRef | None = None) -> dict[str, Any]:
        record = self.s.files.add("voice", _VOICE_BYTES, mime_type="audio/ogg")
        return self.user_message(user, chat, {"voice": media_dict(record)})

    def reply_to(self, user: SimUser, message: MessageRef, text: str) -> dict[str, Any]:
        target = self.current(message)
        chat = self.s.chats[target["chat"]["id"]]
        return self.send_text(user, text, chat, reply_to=target)

    def current(self, message: MessageRef) -> dict[str, Any]:
        """The stored, latest version of a message (after edits)."""
        raw = message.message if isinstance(message, BotMessage) else message
        chat_id, message_id = raw["chat"]["id"], raw["message_id"]
        stored = self.s.messages.get(chat_id, {}).get(message_id)
        if stored is None:
            raise LookupError(f"message {message_id} in chat {chat_id} is deleted or unknown")
        return stored

    def press_button(
        self,
        user: SimUser,
        message: MessageRef,
        *,
        text: str | None = None,
        data: str | None = None,
    ) -> str:
        if text is None and data is None:
            raise ValueError("press_button needs text= or data=")
        target = self.current(message)
        rows = (target.get("reply_markup") or {}).get("inline_keyboard", [])
        buttons = [button for row in rows for button in row]
        for button in buttons:
            if "callback_data" not in button:
                continue
            if (text is None or button["text"] == text) and (
                data is None or button["callback_data"] == data
            ):
                return self._queue_callback(user, target, button["callback_data"])
        available = [(b["text"], b.get("callback_data") or b.get("url")) for b in buttons]
        raise LookupError(
            f"no callback button with text={text!r} data={data!r} on message "
            f"{target['message_id']} ({target.get('text') or target.get('caption')!r}); "
            f"buttons: {available}"
        )

    def press_forged(self, user: SimUser, message: MessageRef, data: str) -> str:
        """A press carrying `data` that no button on the message has: what a modified client,
        or a button kept from an older version of the bot, sends. Telegram passes the data on
        as it is, within the 1-64 bytes a button may carry."""
        if not 1 <= len(data.encode("utf-8")) <= 64:
            raise ValueError("callback data is 1-64 bytes")
        return self._queue_callback(user, self.current(message), data)

    def _queue_callback(self, user: SimUser, message: dict[str, Any], data: str) -> str:
        query_id = f"{user.id}{next(self._query_ids):08d}"
        query = {
            "id": query_id,
            "from": user.to_dict(),
            "message": message,
            "chat_instance": str(abs(message["chat"]["id"]) * 7919 % 10**12),
            "data": data,
        }
        self.s.open_callback_queries[query_id] = query
        self.s.queue_update("callback_query", query)
        return query_id

    # Membership
    def set_member_status(self, chat: SimChat, user: SimUser, status: str) -> None:
        member = self.s.bot if user.id == self.s.bot.id else user
        old = chat.members.get(member.id, "left")
        chat.members[member.id] = status
        actor = self._chat_admin(chat) if member.is_bot or status == "kicked" else member
        self.s.queue_member_update(chat, member.to_dict(), old, status, actor.to_dict())

    def _chat_admin(self, chat: SimChat) -> SimUser:
        for uid, status in chat.members.items():
            if status == "creator" and uid in self.s.users:
                return self.s.users[uid]
        return next(iter(self.s.users.values()), self.s.bot)

    def block_bot(self, user: SimUser) -> None:
        user.blocked = True
        self._bot_status_change(user, "member", "kicked")

    def unblock_bot(self, user: SimUser) -> None:
        user.blocked = False
        self._bot_status_change(user, "kicked", "member")

    def _bot_status_change(self, user: SimUser, old: str, new: str) -> None:
        chat = self.s.chats[user.id]
        self.s.queue_member_update(chat, self.s.bot.to_dict(), old, new, user.to_dict())

    def migrate_group_to_supergroup(self, chat: SimChat) -> SimChat:
        if chat.type != "group":
            raise ValueError("only basic groups migrate to supergroups")
        new = self.s.add_group(chat.title or "", supergroup=True)
        new.members = dict(chat.members)
        chat.migrated_to = new.id
        actor = self._chat_admin(chat)
        old_msg = self.s.base_message(chat, actor)
        old_msg["migrate_to_chat_id"] = new.id
        self.s.store_message(chat, old_msg)
        self.s.queue_update("message", old_msg)
        new_msg = self.s.base_message(new, actor)
        new_msg["migrate_from_chat_id"] = chat.id
        self.s.store_message(new, new_msg)
        self.s.queue_update("message", new_msg)
        return new


def _text_content(text: str) -> dict[str, Any]:
    """A text message's content, with the entity Telegram adds to a leading command."""
    content: dict[str, Any] = {"text": text}
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        length = formatting.utf16_len(command)
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return content
