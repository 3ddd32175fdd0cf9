"""`make demo` (`python -m devtools.demo`): the real bot against the local emulator, chatted with in
this terminal. A development tool: not part of the installed bot.

You type as a simulated civil servant; the bot's buttons are numbered and pressed with `#N`, so
that anything else you type, numbers included (a NIP without spaces, a follower count), goes to
the bot as typed. `--channel whatsapp` (`make demo-whatsapp`, devtools/demo_whatsapp.py) makes the
civil servant a WhatsApp user; the admin group stays here, on Telegram.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import socket
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PIL import Image, ImageDraw

from devtools.emulator import BotApiEmulator, BotMessage, SimChat, SimUser
from devtools.emulator.files import photo_size_dict

if TYPE_CHECKING:
    from bot.app import BotApp
    from bot.clock import Clock
    from bot.settings import Settings

DEMO_TOKEN = "1000001:DEMO-TOKEN-local-emulator-only"
# The demo's badge pages stay on one port, so a saved badge's QR code keeps working.
DEMO_WEB_PORT = 8088
# How long the demo waits for an answer before reading the next line anyway.
_ANSWER_TIMEOUT = 15.0
HELP = """\
Type as the civil servant and press Enter. Commands of the demo itself:
  #<number>     press that button on the bot's last message with buttons here (#2)
  > TEXT        send TEXT as a reply to the bot's latest question here (its latest message)
  /as NAME      talk as another simulated person (created on first use)
  /admin        talk in the simulated admin group, as its administrator
  /me           back to the civil servant's private chat with the bot
  /photo [TEXT] send a sample picture, TEXT as its caption (a profile screenshot; as
                campaign content: > /photo TEXT)
  /files        where the files the bot sent are saved
  /quit         leave
Everything else goes to the bot as typed, numbers too. When the bot asks for a reply (like
Telegram's reply box), what you type next is sent as that reply. Start with /start.
"""


class DemoChat:
    """Who is talking where."""

    def __init__(self, emulator: BotApiEmulator, admin_group: SimChat, admin: SimUser) -> None:
        self.emulator = emulator
        self.admin_group = admin_group
        self.admin = admin
        self.people: dict[str, SimUser] = {}
        self.user = self.civil_servant = self.person("Siti")
        self.chat: SimChat | None = None  # None = the user's private chat

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


def _render(message: BotMessage, chat_name: str) -> str:
    header = f"[bot → {chat_name}]"
    if message.method == "editMessageReplyMarkup":
        # New buttons on an earlier message (a review card's reasons, say): show that message's
        # first line and the buttons it has now.
        header += " (buttons changed)" if _buttons(message.message) else " (buttons removed)"
        body = message.content.split("\n", 1)[0]
    else:
        if message.is_edit:
            header += " (edited)"
        body = message.content
    if message.document:
        name = message.document.get("file_name", "file")
        body = f"📎 {name} ({message.document.get('file_size', 0)} bytes)\n{body}"
    elif message.photo:
        body = f"🖼  photo\n{body}"
    if _asks_for_reply(message):
        body += "\n    (reply expected: just type your answer)"
    lines = [f"{header} {body}".rstrip()]
    for number, button in enumerate(_buttons(message.message), start=1):
        target = button.get("url") or button.get("copy_text", {}).get("text") or ""
        lines.append(f"    [#{number}] {button['text']}" + (f"  → {target}" if target else ""))
    return "\n".join(lines)


class DemoSession:
    """The demo's own input handling and its display of what the bot sends."""

    def __init__(
        self, demo: DemoChat, files: Path, write: Callable[[str], None], base_url: str
    ) -> None:
        self.demo = demo
        self.files = files
        self.write = write
        self.base_url = base_url

    def show_new(self) -> None:
        """Writes what the bot sent or edited in any demo chat since the last call."""
        demo = self.demo
        chats = [(u.id, u.first_name) for u in demo.people.values()]
        chats.append((demo.admin_group.id, demo.admin_group.title or "admin group"))
        for chat_id, name in chats:
            for message in demo.emulator.drain(chat_id):
                if (chat_id, message.message_id) in demo.emulator.deleted:
                    continue  # gone already (a file the bot uploaded only to get its id)
                if message.document and message.file_id:
                    record = demo.emulator.file(message.file_id)
                    save_file(self.files, record.file_name or record.file_id, record.data)
                self.write(_render(message, name))

    async def show_forever(self) -> None:
        while True:
            self.show_new()
            await asyncio.sleep(0.1)

    async def handle(self, line: str) -> bool:
        """Acts on one typed line; False when the person leaves."""
        demo, emulator = self.demo, self.demo.emulator
        queued, activity = emulator.state.last_queued_update_id, self._activity()
        line = line.strip()
        if line == "/quit":
            return False
        if not line:
            return True
        if line.startswith("#") and line[1:].isdigit():
            self._press(int(line[1:]))
        elif line.startswith(">"):
            self._reply(line[1:].strip(), self._question() or self._latest_from_bot())
        elif line.startswith("/as "):
            demo.user = demo.civil_servant = demo.person(line[4:].strip() or "Siti")
            demo.chat = None
            self.write(f"(now talking as {demo.label})")
        elif line == "/admin":
            demo.user, demo.chat = demo.admin, demo.admin_group
            self.write(f"(now talking as {demo.label})")
        elif line == "/me":
            demo.user, demo.chat = demo.civil_servant, None
            self.write(f"(now talking as {demo.label})")
        elif _is_photo(line) and (question := self._question()):
            self._reply(line, question)
        elif _is_photo(line):
            caption = line[len("/photo") :].strip() or None
            emulator.send_photo(demo.user, sample_screenshot(), caption, chat=demo.chat)
        elif line == "/files":
            self.write(f"(files the bot sends are saved in {self.files})")
        elif not line.startswith("/") and (question := self._question()):
            # Telegram opens the reply box for a ForceReply question: the answer is a reply.
            self._reply(line, question)
        else:
            emulator.send_text(demo.user, line, chat=demo.chat)
        if emulator.state.last_queued_update_id != queued:
            await self._answered(activity)
        self.show_new()
        return True

    def _activity(self) -> int:
        """How many calls the bot made besides fetching updates."""
        counts = self.demo.emulator.state.method_counts
        return sum(counts.values()) - counts.get("getUpdates", 0)

    async def _answered(self, activity: int) -> None:
        """Waits for the bot's answer to what was just sent (its first call, then a quiet
        moment), so that the terminal shows it before the next line is read. Idleness alone
        would not do: a busy bot is quiet while it works on the update."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + _ANSWER_TIMEOUT
        # The emulator signals new messages but not every call (a button's answer), so poll.
        while self._activity() == activity and loop.time() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        await wait_until_quiet(self.demo.emulator, timeout=_ANSWER_TIMEOUT)

    def _press(self, number: int) -> None:
        """Presses button `number` of the latest bot message here that has buttons."""
        demo = self.demo
        history = demo.emulator.history(demo.chat_id)
        message = next((m for m in reversed(history) if self._from_bot(m) and _buttons(m)), None)
        buttons = _buttons(message) if message else []
        if message is None or not 0 < number <= len(buttons):
            self.write(f"(no button #{number} here)")
            return
        data = buttons[number - 1].get("callback_data")
        if data is None:
            self.write(f"(button #{number} is a link or a copy button: open it yourself)")
            return
        demo.emulator.press_button(demo.user, message, data=data, chat=demo.chat)

    def _from_bot(self, message: dict[str, Any]) -> bool:
        return bool(message.get("from", {}).get("id") == self.demo.emulator.state.bot.id)

    def _question(self) -> dict[str, Any] | None:
        """The bot's latest message here asking for a reply, unless anyone spoke since (a
        question may be followed by a message with its buttons, as the campaign composer does).

        Telegram keeps ForceReply out of the Message object, so it is read from the request.
        """
        demo = self.demo
        history = demo.emulator.history(demo.chat_id)
        last_user = max((m["message_id"] for m in history if not self._from_bot(m)), default=0)
        for sent in reversed(demo.emulator.sent(demo.chat_id)):
            if sent.message_id < last_user:
                return None
            if sent.is_edit:
                continue
            if _asks_for_reply(sent):
                return next((m for m in history if m["message_id"] == sent.message_id), None)
        return None

    def _latest_from_bot(self) -> dict[str, Any] | None:
        history = self.demo.emulator.history(self.demo.chat_id)
        return next((m for m in reversed(history) if self._from_bot(m)), None)

    def _reply(self, text: str, to: dict[str, Any] | None) -> None:
        if to is None:
            self.write("(nothing from the bot to reply to here)")
            return
        if _is_photo(text):
            # A picture as the answer (campaign content): sent as a reply like any other.
            content = _photo_content(self.demo.emulator, text[len("/photo") :].strip())
            self.demo.emulator.actions.user_message(
                self.demo.user, self.demo.chat, content, reply_to=to
            )
            return
        self.demo.emulator.reply_to(self.demo.user, to, text)


def _buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    markup = message.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def _asks_for_reply(message: BotMessage) -> bool:
    markup = message.params.get("reply_markup") or {}
    if isinstance(markup, str):
        markup = json.loads(markup)
    return bool(markup.get("force_reply"))


def _is_photo(line: str) -> bool:
    return line == "/photo" or line.startswith("/photo ")


def _photo_content(emulator: BotApiEmulator, caption: str) -> dict[str, Any]:
    sizes = emulator.state.files.add_photo(sample_screenshot())
    content: dict[str, Any] = {"photo": [photo_size_dict(size) for size in sizes]}
    if caption:
        content["caption"] = caption
    return content


def save_file(folder: Path, name: str, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / Path(name).name).write_bytes(data)


def sample_screenshot() -> bytes:
    """A stand-in profile screenshot for the manual review flow."""
    image = Image.new("RGB", (540, 320), "white")
    draw = ImageDraw.Draw(image)
    draw.text((24, 24), "@siti.rahma  ·  1.234 followers", fill="black")
    draw.text((24, 64), "Bio: ASN Komdigi · ASN-7Q4K", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _read_line() -> str | None:
    try:
        return input()
    except EOFError:
        return None


def demo_settings(
    emulator: BotApiEmulator, admin_group: SimChat, database: Path, web_port: int, **more: Any
) -> Settings:
    """The bot's settings against the local emulator (`more`: the WhatsApp demo's)."""
    from bot.settings import Settings

    return Settings(
        bot_token=DEMO_TOKEN,  # type: ignore[arg-type]
        admin_chat_id=admin_group.id,
        database_path=database,
        telegram_api_base_url=emulator.base_url,
        telegram_file_base_url=emulator.file_base_url,
        web_port=web_port,
        public_base_url=f"http://127.0.0.1:{web_port}",
        _env_file=None,  # type: ignore[call-arg]
        **more,
    )


@contextlib.asynccontextmanager
async def running_bot(settings: Settings, clock: Clock | None = None) -> AsyncIterator[BotApp]:
    """The real bot, polling the emulator, started as `asn-bot run` starts it."""
    from bot.app import build_application

    application = build_application(settings, clock=clock)
    async with application:
        await application.start()
        assert application.updater
        await application.updater.start_polling(poll_interval=0, timeout=1)
        if application.post_init:
            await application.post_init(application)
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()


@contextlib.asynccontextmanager
async def running_demo(
    database: Path, web_port: int, write: Callable[[str], None]
) -> AsyncIterator[DemoSession]:
    """The emulator, the real bot and the demo's display, for the length of the block."""
    async with BotApiEmulator(token=DEMO_TOKEN, bot_username="humas_demo_bot") as emulator:
        admin = emulator.add_user("Admin", language_code="id", username="admin_humas")
        group = emulator.add_group("Humas Admin (demo)", creator=admin)
        settings = demo_settings(emulator, group, database, web_port)
        async with running_bot(settings) as application:
            session = DemoSession(
                DemoChat(emulator, group, admin),
                database.parent.absolute() / "demo-files",
                write,
                f"http://127.0.0.1:{application.bot_data.web.port}",
            )
            display = asyncio.create_task(session.show_forever())
            try:
                yield session
                await wait_until_quiet(emulator, timeout=5)
                session.show_new()  # the last answers
            finally:
                display.cancel()


async def wait_until_quiet(
    emulator: BotApiEmulator,
    timeout: float,  # noqa: ASYNC109
    quiet: float = 0.3,
) -> None:
    """Waits until the bot has fetched every update and made no call for `quiet` seconds, or
    `timeout` passed. Only for the terminal's sake: a person reading answers wants the prompt
    after them, and a late answer is still shown when it comes (tests wait for effects)."""
    state = emulator.state
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        caught_up = state.last_delivered_update_id >= state.last_queued_update_id
        if caught_up and state.in_flight == 0 and loop.time() - state.last_activity >= quiet:
            return
        await asyncio.sleep(quiet / 2)


async def _demo(database: Path, web_port: int, channel: str) -> None:
    if channel == "whatsapp":
        from devtools.demo_whatsapp import WHATSAPP_HELP, running_whatsapp_demo

        async with running_whatsapp_demo(database, web_port, print) as whatsapp:
            await _chat(whatsapp, WHATSAPP_HELP, whatsapp.label, database)
        return
    async with running_demo(database, web_port, print) as session:
        await _chat(session, HELP, session.demo.label, database)


class _Session(Protocol):
    base_url: str

    async def handle(self, line: str) -> bool: ...


async def _chat(session: _Session, help_text: str, label: str, database: Path) -> None:
    """Reads the terminal line by line until /quit or the end of the input."""
    print(help_text)
    print(f"(talking as {label}; database {database})")
    print(f"(badge pages: {session.base_url}/verify/<number>)")
    while True:
        line = await asyncio.to_thread(_read_line)
        if line is None or not await session.handle(line):
            return


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def run_demo(database: str, web_port: int, channel: str = "telegram") -> int:
    # Checked before anything starts: a bot that fails half-way through start-up leaves its
    # database threads behind.
    if not _port_free(web_port):
        print(
            f"Port {web_port} is in use (another demo?). "
            "Start with: python -m devtools.demo --web-port N"
        )
        return 1
    try:
        asyncio.run(_demo(Path(database), web_port, channel))
    except KeyboardInterrupt:
        print()
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.demo",
        description="Start a local Telegram emulator and the bot with its own SQLite file, "
        "then chat as a simulated civil servant. Type /as NAME to switch users, /admin to "
        "speak in the admin group, #N to press button N, > TEXT to reply, /quit to leave. "
        "With --channel whatsapp the civil servant is on WhatsApp (a local Cloud API "
        "emulator) and the admin group stays on Telegram.",
    )
    parser.add_argument(
        "--channel",
        choices=("telegram", "whatsapp"),
        default="telegram",
        help="where the civil servant in the terminal is (default: %(default)s)",
    )
    parser.add_argument(
        "--database",
        default="data/demo.sqlite3",
        help="SQLite file for the demo (default: %(default)s)",
    )
    parser.add_argument(
        "--web-port",
        type=int,
        default=DEMO_WEB_PORT,
        help="port of the badge pages; fixed so saved badges' QR codes keep working "
        "(default: %(default)s)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return run_demo(args.database, args.web_port, args.channel)


if __name__ == "__main__":
    sys.exit(main())
