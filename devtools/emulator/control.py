"""/_emulator/... JSON endpoints: the test API for drivers in another process (benchmarks)."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

if TYPE_CHECKING:
    from devtools.emulator.emulator import BotApiEmulator

Action = Callable[["BotApiEmulator", dict[str, Any]], Any]


def _user(emu: BotApiEmulator, body: dict[str, Any]) -> Any:
    return emu.state.users[int(body["user_id"])]


def _chat(emu: BotApiEmulator, body: dict[str, Any]) -> Any:
    return emu.state.chats[int(body["chat_id"])] if body.get("chat_id") is not None else None


def _add_user(emu: BotApiEmulator, b: dict[str, Any]) -> Any:
    fields = ("language_code", "username", "last_name", "started")
    return asdict(emu.add_user(b["first_name"], **{k: b[k] for k in fields if k in b}))


def _add_group(emu: BotApiEmulator, b: dict[str, Any]) -> Any:
    users = emu.state.users
    chat = emu.add_group(
        b["title"],
        members=[users[int(i)] for i in b.get("member_ids", [])],
        admins=[users[int(i)] for i in b.get("admin_ids", [])],
        supergroup=b.get("supergroup", True),
        bot_status=b.get("bot_status", "member"),
    )
    return chat.to_dict()


def _send_text(emu: BotApiEmulator, b: dict[str, Any]) -> Any:
    return emu.send_text(_user(emu, b), b["text"], _chat(emu, b))


def _send_command(emu: BotApiEmulator, b: dict[str, Any]) -> Any:
    return emu.send_command(_user(emu, b), b["command"], b.get("args"), _chat(emu, b))


def _send_photo(emu: BotApiEmulator, b: dict[str, Any]) -> Any:
    data = base64.b64decode(b["data_b64"])
    return emu.send_photo(_user(emu, b), data, b.get("caption"), _chat(emu, b))


def _press_button(emu: BotApiEmulator, b: dict[str, Any]) -> Any:
    query_id = emu.press_button(
        _user(emu, b),
        int(b["message_id"]),
        text=b.get("text"),
        data=b.get("data"),
        chat=_chat(emu, b),
    )
    return {"callback_query_id": query_id}


def _block(emu: BotApiEmulator, b: dict[str, Any]) -> Any:
    emu.block_bot(_user(emu, b))
    return True


def _deactivate(emu: BotApiEmulator, b: dict[str, Any]) -> Any:
    emu.deactivate(_user(emu, b))
    return True


def _inject_fault(emu: BotApiEmulator, b: dict[str, Any]) -> Any:
    keys = ("method", "chat_id", "times", "retry_after", "delay", "status")
    return asdict(emu.inject_fault(b["kind"], **{k: b[k] for k in keys if k in b}))


def _clear_faults(emu: BotApiEmulator, b: dict[str, Any]) -> Any:
    emu.clear_faults()
    return True


def _stats(emu: BotApiEmulator, b: dict[str, Any]) -> Any:
    return emu.stats()


def _history(emu: BotApiEmulator, b: dict[str, Any]) -> Any:
    return emu.history(int(b["chat_id"]))


def _sent(emu: BotApiEmulator, b: dict[str, Any]) -> Any:
    since = int(b.get("since", 0))
    return [
        {"method": m.method, "message_id": m.message_id, "message": m.message}
        for m in emu.sent(int(b["chat_id"]))[since:]
    ]


def _timestamps(emu: BotApiEmulator, b: dict[str, Any]) -> Any:
    since = int(b.get("since", 0))
    return [[t, chat_id] for t, chat_id in emu.send_timestamps[since:]]


_ACTIONS: dict[str, Action] = {
    "users": _add_user,
    "groups": _add_group,
    "send_text": _send_text,
    "send_command": _send_command,
    "send_photo": _send_photo,
    "press_button": _press_button,
    "block": _block,
    "deactivate": _deactivate,
    "faults": _inject_fault,
    "clear_faults": _clear_faults,
    "stats": _stats,
    "history": _history,
    "sent": _sent,
    "timestamps": _timestamps,
}


def _endpoint(emu: BotApiEmulator, action: Action) -> Callable[[Request], Awaitable[JSONResponse]]:
    async def handle(request: Request) -> JSONResponse:
        body: dict[str, Any] = dict(request.query_params)
        if request.method == "POST" and await request.body():
            body.update(await request.json())
        try:
            return JSONResponse({"ok": True, "result": action(emu, body)})
        except (KeyError, LookupError, ValueError, TypeError) as exc:
            return JSONResponse({"ok": False, "description": f"{type(exc).__name__}: {exc}"}, 400)

    return handle


def control_routes(emu: BotApiEmulator) -> list[Route]:
    return [
        Route(f"/_emulator/{name}", _endpoint(emu, action), methods=["GET", "POST"])
        for name, action in _ACTIONS.items()
    ]
