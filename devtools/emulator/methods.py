"""Bot API methods the emulator implements, working on EmulatorState.

Every handler gets validated params and returns the `result` value; errors are ApiError.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from devtools.emulator import formatting
from devtools.emulator.errors import ApiError, bad_request
from devtools.emulator.files import file_dict, media_dict, photo_size_dict
from devtools.emulator.members import chat_member
from devtools.emulator.models import FileRecord, SimChat, Upload
from devtools.emulator.state import EmulatorState, now
from devtools.emulator.webhook import validate_webhook, webhook_info

Handler = Callable[[dict[str, Any]], Awaitable[Any]]

MB = 1024 * 1024
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
CONFLICT_POLL = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)
# Message keys that make up "the content" copied by copyMessage/forwardMessage.
_CONTENT_KEYS = (
    "text",
    "entities",
    "photo",
    "document",
    "video",
    "voice",
    "audio",
    "animation",
    "sticker",
    "caption",
    "caption_entities",
)
_MEDIA_KINDS = ("photo", "document", "video", "voice", "audio", "animation", "sticker")


class BotApiMethods:
    def __init__(self, state: EmulatorState):
        self.s = state
        table: dict[str, Handler] = {
            "getMe": self.get_me,
            "getUpdates": self.get_updates,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "sendMessage": self.send_message,
            "sendPhoto": self.send_photo,
            "sendDocument": self._media_sender("document", "sendDocument"),
            "sendVideo": self._media_sender("video", "sendVideo"),
            "sendVoice": self._media_sender("voice", "sendVoice"),
            "sendAudio": self._media_sender("audio", "sendAudio"),
            "sendAnimation": self._media_sender("animation", "sendAnimation"),
            "sendSticker": self._media_sender("sticker", "sendSticker"),
            "copyMessage": self.copy_message,
            "forwardMessage": self.forward_message,
            "editMessageText": self.edit_message_text,
            "editMessageCaption": self.edit_message_caption,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "deleteMessage": self.delete_message,
            "answerCallbackQuery": self.answer_callback_query,
            "getChat": self.get_chat,
            "getChatMember": self.get_chat_member,
            "getChatAdministrators": self.get_chat_administrators,
            "getChatMemberCount": self.get_chat_member_count,
            "leaveChat": self.leave_chat,
            "getFile": self.get_file,
            "sendChatAction": self.send_chat_action,
        }
        self.handlers = {name.lower(): handler for name, handler in table.items()}

    # Bot and updates
    async def get_me(self, p: dict[str, Any]) -> Any:
        return {
            **self.s.bot.to_dict(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def get_updates(self, p: dict[str, Any]) -> Any:
        s = self.s
        if s.webhook is not None:
            raise ApiError(409, CONFLICT_WEBHOOK)
        s.set_allowed_updates(p.get("allowed_updates"))
        if "offset" in p:
            s.confirm_updates(p["offset"])
        s.poll_generation += 1
        generation = s.poll_generation
        s.updates_changed.notify()  # an older long poll still waiting ends with 409 Conflict
        deadline = time.monotonic() + p.get("timeout", 0)
        while not s.updates and not s.stopping.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            await s.updates_changed.wait(remaining)
            if s.poll_generation != generation:
                raise ApiError(409, CONFLICT_POLL)
            if s.webhook is not None:
                raise ApiError(409, CONFLICT_WEBHOOK)
        return s.take_updates(p.get("limit", 100))

    async def set_webhook(self, p: dict[str, Any]) -> Any:
        if not p["url"]:
            return await self.delete_webhook(p)
        self.s.webhook = validate_webhook(p)
        self.s.set_allowed_updates(p.get("allowed_updates"))
        if p.get("drop_pending_updates"):
            self.s.updates.clear()
        self.s.updates_changed.notify()  # ends long polls (409) and starts the deliveries
        return True

    async def delete_webhook(self, p: dict[str, Any]) -> Any:
        self.s.webhook = None
        if p.get("drop_pending_updates"):
            self.s.updates.clear()
        return True

    async def get_webhook_info(self, p: dict[str, Any]) -> Any:
        return webhook_info(self.s)

    @staticmethod
    def _commands_key(p: dict[str, Any]) -> str:
        scope = json.dumps(p.get("scope") or {"type": "default"}, sort_keys=True)
        return f"{scope}|{p.get('language_code', '')}"

    async def set_my_commands(self, p: dict[str, Any]) -> Any:
        scope = p.get("scope") or {}
        if "chat_id" in scope:
            self.s.group_of_bot(scope["chat_id"])
        for command in p["commands"]:
            name = command["command"]
            if not name.replace("_", "").isalnum() or name.lower() != name or not name.isascii():
                raise bad_request("BOT_COMMAND_INVALID")
        self.s.commands[self._commands_key(p)] = p["commands"]
        return True

    async def get_my_commands(self, p: dict[str, Any]) -> Any:
        return self.s.commands.get(self._commands_key(p), [])

    async def delete_my_commands(self, p: dict[str, Any]) -> Any:
        self.s.commands.pop(self._commands_key(p), None)
        return True

    # Sending
    async def send_message(self, p: dict[str, Any]) -> Any:
        chat = self.s.writable_chat(p["chat_id"])
        content = _formatted(p, "text", "entities")
        if "link_preview_options" in p:
            content["link_preview_options"] = p["link_preview_options"]
        return self._post("sendMessage", chat, p, content)

    async def send_photo(self, p: dict[str, Any]) -> Any:
        chat = self.s.writable_chat(p["chat_id"])
        value = p["photo"]
        if isinstance(value, Upload):
            _check_upload_size(value, 10 * MB)
            sizes = self.s.files.add_photo(value.data)
        else:
            sizes = self.s.files.photo_sizes(_file_ref(value))
        content = {"photo": [photo_size_dict(r) for r in sizes], **_caption(p)}
        return self._post("sendPhoto", chat, {**p, "photo": sizes[-1].file_id}, content)

    def _media_sender(self, kind: str, method: str) -> Handler:
        async def send(p: dict[str, Any]) -> Any:
            chat = self.s.writable_chat(p["chat_id"])
            record = self._media_record(kind, p[kind])
            content = {kind: media_dict(record), **_caption(p)}
            return self._post(method, chat, {**p, kind: record.file_id}, content)

        return send

    def _media_record(self, kind: str, value: Any) -> FileRecord:
        files = self.s.files
        if isinstance(value, Upload):
            _check_upload_size(value, 50 * MB)
            return files.add(
                kind, value.data, file_name=value.filename, mime_type=value.content_type
            )
        record = files.get(_file_ref(value))
        if record.kind == "photo":
            raise bad_request("type of file mismatch")
        return record

    def _post(
        self, method: str, chat: SimChat, p: dict[str, Any], content: dict[str, Any]
    ) -> dict[str, Any]:
        s = self.s
        message = s.base_message(chat, s.bot)
        reply = p.get("reply_parameters")
        if reply:
            target = s.messages.get(chat.id, {}).get(reply["message_id"])
            if target is not None:
                message["reply_to_message"] = target
            elif not reply.get("allow_sending_without_reply"):
                raise bad_request("message to be replied not found")
        message.update(content)
        markup = p.get("reply_markup")
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        s.store_message(chat, message)
        s.record_bot_message(method, chat.id, message, p)
        return message

    async def copy_message(self, p: dict[str, Any]) -> Any:
        source = self._source_message(p, "message to copy not found")
        chat = self.s.writable_chat(p["chat_id"])
        content = {k: source[k] for k in _CONTENT_KEYS if k in source}
        if "caption" in p:
            content.pop("caption_entities", None)
            content.update(_caption(p))
        message = self._post("copyMessage", chat, p, content)
        return {"message_id": message["message_id"]}

    async def forward_message(self, p: dict[str, Any]) -> Any:
        source = self._source_message(p, "message to forward not found")
        chat = self.s.writable_chat(p["chat_id"])
        content = {k: source[k] for k in _CONTENT_KEYS if k in source}
        if source["chat"]["type"] == "private":
            origin = {"type": "user", "sender_user": source["from"], "date": source["date"]}
        else:
            origin = {
                "type": "chat",
                "sender_chat": source["chat"],
                "date": source["date"],
            }
        content["forward_origin"] = origin
        return self._post("forwardMessage", chat, {**p, "reply_markup": None}, content)

    def _source_message(self, p: dict[str, Any], missing: str) -> dict[str, Any]:
        from_chat = self.s.chat(p["from_chat_id"])
        return self.s.message(from_chat.id, p["message_id"], missing)

    # Editing
    def _editable(self, p: dict[str, Any], missing: str) -> tuple[SimChat, dict[str, Any]]:
        if "inline_message_id" in p:
            raise bad_request("inline messages are not supported by the emulator")
        if "chat_id" not in p or "message_id" not in p:
            raise bad_request("message identifier is not specified")
        chat = self.s.writable_chat(p["chat_id"])
        message = self.s.message(chat.id, p["message_id"], missing)
        if message.get("from", {}).get("id") != self.s.bot.id:
            raise bad_request("message can't be edited")
        return chat, message

    def _apply_edit(
        self,
        method: str,
        chat: SimChat,
        old: dict[str, Any],
        changes: dict[str, Any],
        p: dict[str, Any],
    ) -> dict[str, Any]:
        markup = p.get("reply_markup")
        # Telegram drops the inline keyboard when an edit does not repeat it.
        changes["reply_markup"] = markup if markup and "inline_keyboard" in markup else None
        if all(old.get(k) == v for k, v in changes.items()):
            raise bad_request(NOT_MODIFIED)
        new = {**old, **changes, "edit_date": now()}
        for key in [k for k, v in new.items() if v is None]:
            del new[key]
        self.s.messages[chat.id][old["message_id"]] = new
        self.s.record_bot_message(method, chat.id, new, p)
        return new

    async def edit_message_text(self, p: dict[str, Any]) -> Any:
        chat, old = self._editable(p, "message to edit not found")
        if "text" not in old:
            raise bad_request("there is no text in the message to edit")
        changes: dict[str, Any] = {"entities": None, **_formatted(p, "text", "entities")}
        if "link_preview_options" in p:
            changes["link_preview_options"] = p["link_preview_options"]
        return self._apply_edit("editMessageText", chat, old, changes, p)

    async def edit_message_caption(self, p: dict[str, Any]) -> Any:
        chat, old = self._editable(p, "message to edit not found")
        if not any(kind in old for kind in _MEDIA_KINDS):
            raise bad_request("there is no caption in the message to edit")
        changes: dict[str, Any] = {"caption": None, "caption_entities": None, **_caption(p)}
        return self._apply_edit("editMessageCaption", chat, old, changes, p)

    async def edit_message_reply_markup(self, p: dict[str, Any]) -> Any:
        chat, old = self._editable(p, "message to edit not found")
        return self._apply_edit("editMessageReplyMarkup", chat, old, {}, p)

    async def delete_message(self, p: dict[str, Any]) -> Any:
        chat = self.s.chat(p["chat_id"])
        if self.s.messages.get(chat.id, {}).pop(p["message_id"], None) is None:
            raise bad_request("message to delete not found")
        self.s.deleted.append((chat.id, p["message_id"]))
        return True

    async def answer_callback_query(self, p: dict[str, Any]) -> Any:
        query = self.s.open_callback_queries.pop(p["callback_query_id"], None)
        if query is None:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self.s.callback_answers.append(p)
        return True

    # Chats and members
    async def get_chat(self, p: dict[str, Any]) -> Any:
        chat = self.s.chat(p["chat_id"])
        gifts = dict.fromkeys(
            (
                "unlimited_gifts",
                "limited_gifts",
                "unique_gifts",
                "premium_subscription",
                "gifts_from_channels",
            ),
            False,
        )
        return {
            **chat.to_dict(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gifts,
        }

    def _status(self, chat: SimChat, user_id: int) -> str:
        if chat.user is not None:
            return "member" if user_id in (chat.user.id, self.s.bot.id) else "left"
        return chat.members.get(user_id, "left")

    def _user_dict(self, user_id: int) -> dict[str, Any]:
        if user_id == self.s.bot.id:
            return self.s.bot.to_dict()
        return self.s.user(user_id).to_dict()

    async def get_chat_member(self, p: dict[str, Any]) -> Any:
        chat = self.s.group_of_bot(p["chat_id"])
        user = self._user_dict(p["user_id"])
        return chat_member(user, self._status(chat, p["user_id"]))

    async def get_chat_administrators(self, p: dict[str, Any]) -> Any:
        chat = self.s.group_of_bot(p["chat_id"])
        if chat.user is not None:
            raise bad_request("there are no administrators in the private chat")
        return [
            chat_member(self._user_dict(uid), status)
            for uid, status in chat.members.items()
            if status in ("creator", "administrator")
        ]

    async def get_chat_member_count(self, p: dict[str, Any]) -> Any:
        chat = self.s.chat(p["chat_id"])
        if chat.user is not None:
            return 2
        present = ("creator", "administrator", "member", "restricted")
        return sum(status in present for status in chat.members.values())

    async def leave_chat(self, p: dict[str, Any]) -> Any:
        chat = self.s.chat(p["chat_id"])
        if chat.user is not None:
            raise bad_request("chat member status can't be changed in private chats")
        old = chat.members.get(self.s.bot.id, "left")
        chat.members[self.s.bot.id] = "left"
        self.s.queue_member_update(chat, self.s.bot.to_dict(), old, "left", self.s.bot.to_dict())
        return True

    async def get_file(self, p: dict[str, Any]) -> Any:
        record = self.s.files.by_id.get(p["file_id"])
        if record is None:
            raise bad_request("invalid file_id")
        if record.file_size > 20 * MB:
            raise bad_request("file is too big")
        return file_dict(record)

    async def send_chat_action(self, p: dict[str, Any]) -> Any:
        self.s.writable_chat(p["chat_id"])
        return True


def _formatted(p: dict[str, Any], key: str, entities_key: str) -> dict[str, Any]:
    if p.get(entities_key):
        return {key: p[key], entities_key: p[entities_key]}
    text, entities = formatting.parse(p[key], p.get("parse_mode"))
    return {key: text, entities_key: entities} if entities else {key: text}


def _caption(p: dict[str, Any]) -> dict[str, Any]:
    if "caption" not in p:
        return {}
    content = _formatted(p, "caption", "caption_entities")
    if not content["caption"]:
        return {}
    if p.get("show_caption_above_media"):
        content["show_caption_above_media"] = True
    return content


def _file_ref(value: str) -> str:
    if value.startswith(("http://", "https://")):
        raise bad_request("failed to get HTTP URL content")
    return value


def _check_upload_size(upload: Upload, limit: int) -> None:
    if len(upload.data) > limit:
        raise ApiError(413, "Request Entity Too Large")
    if not upload.data:
        raise bad_request("file must be non-empty")
