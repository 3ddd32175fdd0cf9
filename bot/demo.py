"""`asn-bot demo`: the real bot against the local emulator, chatted with in this terminal.

You type as a simulated civil servant; the bot's buttons are numbered and pressed by number.
"""

from __future__ import annotations

import asyncio
import io
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from bot.emulator import BotApiEmulator, BotMessage, SimChat, SimUser

DEMO_TOKEN = "1000001:DEMO-TOKEN-local-emulator-only"
HELP = """\
Type as the civil servant and press Enter. Commands of the demo itself:
  <number>      press that button on the bot's last message
  /as NAME      talk as another simulated person (created on first use)
  /admin        talk in the simulated admin group, as its administrator
  /me           back to the civil servant's private chat with the bot
  /photo        send a sample screenshot (for manual review)
  /files        where the files the bot sent are saved
  /quit         leave
Everything else goes to the bot. Start with /start.
"""


class DemoChat:
    """Who is talking where, and the last buttons shown there."""

    def __init__(self, emulator: BotApiEmulator, admin_group: SimChat, admin: SimUser) -> None:
        self.emulator = emulator
        self.admin_group = admin_group
        self.admin = admin
        self.people: dict[str, SimUser] = {}
        self.user = self.civil_servant = self.person("Siti")
        self.chat: SimChat | None = None  # None = the user's private chat
        self.buttons: dict[int, list[dict[str, Any]]] = {}

    def person(self, name: str) -> SimUser:
        key = name.lower()
        if key not in self.people:
            self.people[key] = self.emulator.add_user(name.capitalize(), language_code="id")
        return self.people[key]

    @property
    def chat_id(self) -> int:
        return self.chat.id if self.chat else self.user.id

    @property
    def label(self) -> str:
        where = self.chat.title if self.chat else "private"
        return f"{self.user.first_name} @ {where}"


def _render(message: BotMessage, chat_name: str) -> tuple[str, list[dict[str, Any]]]:
    header = f"[bot → {chat_name}]"
    if message.method.startswith("edit"):
        if message.method == "editMessageReplyMarkup":
            return "", []
        header += " (edited)"
    body = message.content
    if message.document:
        name = message.document.get("file_name", "file")
        body = f"📎 {name} ({message.document.get('file_size', 0)} bytes)\n{body}"
    elif message.photo:
        body = f"🖼  photo\n{body}"
    markup = message.reply_markup or {}
    buttons = [button for row in markup.get("inline_keyboard", []) for button in row]
    lines = [f"{header} {body}".rstrip()]
    for number, button in enumerate(buttons, start=1):
        target = button.get("url") or button.get("copy_text", {}).get("text") or ""
        lines.append(f"    [{number}] {button['text']}" + (f"  → {target}" if target else ""))
    return "\n".join(lines), buttons


async def _printer(demo: DemoChat, files: Path, write: Callable[[str], None]) -> None:
    """Prints what the bot sends to any demo chat, as it arrives."""
    while True:
        chats = [(u.id, u.first_name) for u in demo.people.values()]
        chats.append((demo.admin_group.id, demo.admin_group.title or "admin group"))
        for chat_id, name in chats:
            for message in demo.emulator.drain(chat_id):
                text, buttons = _render(message, name)
                if buttons:
                    demo.buttons[chat_id] = buttons
                if message.document and message.file_id:
                    record = demo.emulator.file(message.file_id)
                    _save(files, record.file_name or record.file_id, record.data)
                if text:
                    write(text)
        await asyncio.sleep(0.1)


async def _chat(demo: DemoChat, files: Path, read: Callable[[], str | None]) -> None:
    emulator = demo.emulator
    while True:
        line = await asyncio.to_thread(read)
        if line is None or line.strip() == "/quit":
            return
        line = line.strip()
        if not line:
            continue
        if line.isdigit():
            buttons = demo.buttons.get(demo.chat_id, [])
            index = int(line) - 1
            if not 0 <= index < len(buttons) or "callback_data" not in buttons[index]:
                print(f"(no button {line} here)")
                continue
            _press(demo, buttons[index]["callback_data"])
        elif line.startswith("/as "):
            demo.user = demo.civil_servant = demo.person(line[4:].strip() or "Siti")
            demo.chat = None
            print(f"(now talking as {demo.label})")
        elif line == "/admin":
            demo.user, demo.chat = demo.admin, demo.admin_group
            print(f"(now talking as {demo.label})")
        elif line == "/me":
            demo.user, demo.chat = demo.civil_servant, None
            print(f"(now talking as {demo.label})")
        elif line == "/photo":
            emulator.send_photo(demo.user, _sample_screenshot(), chat=demo.chat)
        elif line == "/files":
            print(f"(files the bot sends are saved in {files})")
        else:
            emulator.send_text(demo.user, line, chat=demo.chat)
        await emulator.wait_idle(timeout=10)
        await asyncio.sleep(0.15)


def _press(demo: DemoChat, data: str) -> None:
    for message in reversed(demo.emulator.history(demo.chat_id)):
        markup = message.get("reply_markup") or {}
        buttons = [b for row in markup.get("inline_keyboard", []) for b in row]
        if any(button.get("callback_data") == data for button in buttons):
            demo.emulator.press_button(demo.user, message, data=data, chat=demo.chat)
            return
    print("(that button is no longer on screen)")


def _save(folder: Path, name: str, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / Path(name).name).write_bytes(data)


def _sample_screenshot() -> bytes:
    """A stand-in profile screenshot for the manual review flow."""
    image = Image.new("RGB", (540, 320), "white")
    draw = ImageDraw.Draw(image)
    draw.text((24, 24), "@siti.rahma  ·  1.234 followers", fill="black")
    draw.text((24, 64), "Bio: ASN Komdigi · ASN-7Q4K", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _read_line() -> str | None:
    try:
        return input()
    except EOFError:
        return None


async def _demo(database: Path) -> None:
    from bot.app import build_application
    from bot.settings import Settings

    async with BotApiEmulator(token=DEMO_TOKEN, bot_username="humas_demo_bot") as emulator:
        admin = emulator.add_user("Admin", language_code="id", username="admin_humas")
        group = emulator.add_group("Humas Admin (demo)", creator=admin)
        web_port = _free_port()
        settings = Settings(
            bot_token=DEMO_TOKEN,  # type: ignore[arg-type]
            admin_chat_id=group.id,
            database_path=database,
            telegram_api_base_url=emulator.base_url,
            telegram_file_base_url=emulator.file_base_url,
            web_port=web_port,
            public_base_url=f"http://127.0.0.1:{web_port}",
            _env_file=None,  # type: ignore[call-arg]
        )
        application = build_application(settings)
        demo = DemoChat(emulator, group, admin)
        files = database.parent.absolute() / "demo-files"
        async with application:
            await application.start()
            assert application.updater
            await application.updater.start_polling(poll_interval=0, timeout=1)
            if application.post_init:
                await application.post_init(application)
            printer = asyncio.create_task(_printer(demo, files, print))
            print(HELP)
            print(f"(talking as {demo.label}; database {database})")
            print(f"(badge pages: {settings.public_base_url}/verify/<number>)")
            try:
                await _chat(demo, files, _read_line)
                await emulator.wait_idle(timeout=5)
                await asyncio.sleep(0.3)  # let the printer show the last answers
            finally:
                printer.cancel()
                await application.updater.stop()
                await application.stop()


def run_demo(database: str) -> int:
    try:
        asyncio.run(_demo(Path(database)))
    except KeyboardInterrupt:
        print()
    return 0
