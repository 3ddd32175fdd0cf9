"""`python -m devtools.demo --channel whatsapp` (`make demo-whatsapp`): the terminal demo as a
WhatsApp user. The real bot runs with both channels on: WhatsApp against the local Cloud API
emulator (what you type reaches the bot as a signed webhook, what it sends is shown here in
WhatsApp's shape), and the admin side still in the Telegram admin group of the Bot API emulator
(`/admin`), as in production, where the Cloud API has no bot-run groups.
"""

from __future__ import annotations

import asyncio
import contextlib
import mimetypes
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.clock import Clock, SystemClock
from bot.people.service import WHATSAPP
from devtools.demo import (
    DEMO_TOKEN,
    DemoChat,
    DemoSession,
    demo_settings,
    running_bot,
    sample_screenshot,
    save_file,
    wait_until_quiet,
)
from devtools.emulator import BotApiEmulator
from devtools.emulator.whatsapp import CloudApiEmulator, SentMessage, SimPerson
from storage.people import PeopleRepository

if TYPE_CHECKING:
    from bot.channels.whatsapp.webhook import WhatsAppWebhook

# The template the bot sends outside the 24-hour window, approved in the emulator as it would be
# at Meta: one body parameter (the content) and a URL button `<bot>/go/{{1}}` (the campaign).
CAMPAIGN_TEMPLATE = "konten_humas"
TEMPLATE_LANGUAGE = "id"
# WhatsApp ids of the demo's people: Siti first, then one more per /as NAME.
_FIRST_WA_ID = 6281234567890
_MEDIA_KINDS = {"image": "🖼 ", "document": "📎", "video": "🎬", "audio": "🔊", "sticker": "🏷"}
# When the bot last heard from a WhatsApp id (its own record, kept in the demo's database).
LastInbound = Callable[[str], Awaitable[datetime | None]]
# How long the demo waits for the bot to handle what was just sent before reading on anyway.
_ANSWER_TIMEOUT = 15.0

WHATSAPP_HELP = """\
Type as the civil servant on WhatsApp and press Enter. Commands of the demo itself:
  #<number>     press that reply button, or choose that list row, of the bot's last message
                here that has them (#2)
  /photo [TEXT] send a sample picture, TEXT as its caption (the profile screenshot the bot
                asks for when followers are checked by hand)
  /away         as if you last wrote over 24 hours ago: the bot may send you only templates
                until you write again
  /as NAME      talk as another WhatsApp user (created on first use)
  /admin        talk in the Telegram admin group, as its administrator (there, #N, > TEXT and
                /photo work as in the Telegram demo); compose with /siaran or /konten
  /telegram     talk as the same person on Telegram (to link the two channels: TAUTKAN on
                one side shows a code, /tautkan on the other takes it)
  /me           back to the civil servant on WhatsApp
  /files        where the files the bot sent are saved
  /quit         leave
Everything else goes to the bot as typed, numbers too. WhatsApp has no commands menu: type
"halo" or "menu" for the bot's menu, or a keyword such as DAFTAR, STATUS or BANTUAN.
"""


def _render(message: SentMessage, name: str, saved_as: str | None, bot_url: str) -> str:
    """One message as the person's phone shows it: WhatsApp's own markup (*bold*), numbered
    reply buttons and list rows, media as saved files, a template as a template."""
    header = f"[bot → {name} · WhatsApp]"
    attached = _attachment(message)
    if message.is_template:
        lines = [
            f"{header} 📋 template {message.template_name} ({message.template_language}): the "
            "content outside the 24-hour window"
        ]
        if attached:
            lines.append(f"    {_media_line(attached[0], saved_as)}")
        lines += [f"    {{{{{n}}}}} = {p}" for n, p in enumerate(message.template_parameters, 1)]
        if message.template_url_suffix is not None:
            lines.append(f"    🔗 URL button → {bot_url}/go/{message.template_url_suffix}")
        return "\n".join(lines)
    body = message.text or ""
    if title := _text_header(message):
        body = f"*{title}*\n{body}"
    if attached:
        body = f"{_media_line(attached[0], saved_as)}\n{body}"
    lines = [f"{header} {body}".rstrip()]
    if message.footer:
        lines.append(f"    _{message.footer}_")
    lines += [f"    [#{n}] {title}" for n, title in enumerate(message.buttons, 1)]
    if message.list_rows:
        lines.append(f"    ☰ {message.list_button}")
    for number, row in enumerate(message.list_rows, 1):
        about = f" · {row['description']}" if row.get("description") else ""
        lines.append(f"    [#{number}] {row['title']}{about}")
    if message.url_button:
        label, url = message.url_button
        lines.append(f"    🔗 {label} → {url}")
    return "\n".join(lines)


def _attachment(message: SentMessage) -> tuple[str, dict[str, Any]] | None:
    """The media a message carries, as (kind, media object): a media message's own, an
    interactive message's media header, or a template's image header."""
    if message.media is not None:
        return message.type, message.media
    header = (message.body.get("interactive") or {}).get("header") or {}
    kind = header.get("type")
    if kind in _MEDIA_KINDS:
        return kind, header[kind]
    if message.template_header_image:
        return "image", {"id": message.template_header_image}
    return None


def _text_header(message: SentMessage) -> str | None:
    header = (message.body.get("interactive") or {}).get("header") or {}
    return str(header["text"]) if header.get("type") == "text" else None


def _media_line(kind: str, saved_as: str | None) -> str:
    where = f"saved as {saved_as}" if saved_as else "not in the emulator's media store"
    return f"{_MEDIA_KINDS.get(kind, '📎')} {kind} ({where})"


class WhatsAppDemo:
    """The demo's input handling and display: WhatsApp people on one side; on the other,
    through the Telegram demo's own session, the admin group and the person's Telegram
    account."""

    def __init__(
        self,
        cloud: CloudApiEmulator,
        webhook: WhatsAppWebhook,
        last_inbound: LastInbound,
        telegram: DemoSession,
        files: Path,
        write: Callable[[str], None],
        base_url: str,
    ) -> None:
        self.cloud = cloud
        self.webhook = webhook
        self._last_inbound = last_inbound
        self.telegram = telegram
        self.files = files
        self.write = write
        self.base_url = base_url
        self.people: dict[str, SimPerson] = {}
        self.person = self.civil_servant = self._named("Siti")
        self.on_telegram = False

    @property
    def label(self) -> str:
        telegram = self.telegram.demo
        if not self.on_telegram:
            return f"{self.person.name} @ WhatsApp +{self.person.wa_id}"
        return telegram.label if telegram.chat else f"{telegram.user.first_name} @ Telegram"

    def _named(self, name: str) -> SimPerson:
        key = name.lower()
        if key not in self.people:
            wa_id = str(_FIRST_WA_ID + len(self.people))
            self.people[key] = self.cloud.person(wa_id, name.capitalize())
        return self.people[key]

    async def recall_window(self, person: SimPerson) -> None:
        """Gives the emulator (new at every start) the 24-hour window the bot remembers from
        an earlier run with this database, so that both agree on what may be sent."""
        at = await self._last_inbound(person.wa_id)
        if at is not None and person.last_inbound_at is None:
            self.cloud.set_last_inbound(person.wa_id, at)

    def show_new(self) -> None:
        """Writes what the bot sent since the last call: the admin group's messages (Telegram),
        then each WhatsApp person's."""
        self.telegram.show_new()
        for person in self.people.values():
            for message in person.drain():
                saved_as = self._keep_media(message)
                self.write(_render(message, person.name, saved_as, self.base_url))

    async def show_forever(self) -> None:
        while True:
            self.show_new()
            await asyncio.sleep(0.1)

    def _keep_media(self, message: SentMessage) -> str | None:
        """Saves the image or document the bot sent (uploaded to the emulator before); its file
        name, or None when the message has no media the emulator holds."""
        attached = _attachment(message)
        record = self.cloud.media.get(str(attached[1].get("id"))) if attached else None
        if attached is None or record is None:
            return None
        kind, media = attached
        extension = mimetypes.guess_extension(record.mime_type) or ""
        if kind == "document":
            name = media.get("filename") or record.filename or f"{record.id}{extension}"
        else:
            # Only documents carry a name on the phone; an image named after its upload would
            # overwrite the document of the same name (the badge comes as both).
            stem = Path(record.filename).stem if record.filename else record.id
            name = f"{stem}-{kind}{extension}"
        name = Path(name).name
        save_file(self.files, name, record.data)
        return name

    async def handle(self, line: str) -> bool:
        """Acts on one typed line; False when the person leaves."""
        line = line.strip()
        if line == "/quit":
            return False
        if not line:
            return True
        telegram = self.telegram.demo
        if line == "/admin":
            self.on_telegram = True
            telegram.user, telegram.chat = telegram.admin, telegram.admin_group
            self.write(f"(now talking as {self.label})")
        elif line == "/telegram":
            # The same person's Telegram account, for linking the two channels (TAUTKAN).
            self.on_telegram = True
            telegram.user, telegram.chat = telegram.person(self.person.name), None
            self.write(f"(now talking as {self.label})")
        elif line == "/me":
            self.on_telegram = False
            self.person = self.civil_servant
            self.write(f"(now talking as {self.label})")
        elif line.startswith("/as "):
            self.on_telegram = False
            self.person = self.civil_servant = self._named(line[4:].strip() or "Siti")
            await self.recall_window(self.person)
            self.write(f"(now talking as {self.label})")
        elif line == "/files":
            self.write(f"(files the bot sends are saved in {self.files})")
        elif self.on_telegram:
            return await self.telegram.handle(line)
        elif line == "/away":
            self.cloud.close_window(self.person.wa_id)
            self.write(
                f"({self.person.name} last wrote over 24 hours ago: only templates reach them "
                "until they write again)"
            )
        else:
            await self._send(line)
        self.show_new()
        return True

    async def _send(self, line: str) -> None:
        person = self.person
        if line.startswith("#") and line[1:].isdigit():
            if not await self._press(int(line[1:])):
                return
        elif line == "/photo" or line.startswith("/photo "):
            caption = line[len("/photo") :].strip() or None
            await person.sends_image(sample_screenshot(), mime_type="image/png", caption=caption)
        else:
            await person.says(line)
        await self._answered()

    async def _press(self, number: int) -> bool:
        """Presses reply button `number`, or chooses list row `number`, of the latest message
        to this person that has either; False (and says why) when there is none."""
        latest = next((m for m in reversed(self.person.received) if m.buttons or m.rows), None)
        titles = (latest.buttons or latest.rows) if latest else []
        if latest is None or not 0 < number <= len(titles):
            self.write(f"(no button #{number} here)")
            return False
        if latest.buttons:
            await self.person.presses(titles[number - 1])
        else:
            await self.person.chooses(titles[number - 1])
        return True

    async def _answered(self) -> None:
        """Waits until the bot handled what was just sent (the webhook's queue is empty) and the
        admin group is quiet (a screenshot goes to its review desk), so that the terminal shows
        the answers before the next line is read."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.webhook.drained(), _ANSWER_TIMEOUT)
        await wait_until_quiet(self.telegram.demo.emulator, timeout=_ANSWER_TIMEOUT)


@contextlib.asynccontextmanager
async def running_whatsapp_demo(
    database: Path, web_port: int, write: Callable[[str], None], *, clock: Clock | None = None
) -> AsyncIterator[WhatsAppDemo]:
    """Both emulators, the real bot with WhatsApp on, and the demo's display, for the length of
    the block. `clock` keeps the bot's time and the Cloud API's 24-hour windows together."""
    bot_clock = clock or SystemClock()
    # No pair-rate limit (131056): a demo session sends one person many messages in quick
    # succession, and a long session would outrun the burst Meta tolerates; the emulator's
    # own tests exercise the limit.
    async with (
        BotApiEmulator(token=DEMO_TOKEN, bot_username="humas_demo_bot") as emulator,
        CloudApiEmulator(pair_interval=None, clock=lambda: bot_clock.now().timestamp()) as cloud,
    ):
        cloud.approve_template(
            CAMPAIGN_TEMPLATE, TEMPLATE_LANGUAGE, body_parameters=1, url_button=True
        )
        admin = emulator.add_user("Admin", language_code="id", username="admin_humas")
        group = emulator.add_group("Humas Admin (demo)", creator=admin)
        whatsapp = {name.lower(): value for name, value in cloud.settings().items()}
        settings = demo_settings(
            emulator,
            group,
            database,
            web_port,
            **whatsapp,
            whatsapp_verify_token="demo-verify-token",
            whatsapp_campaign_template=CAMPAIGN_TEMPLATE,
            whatsapp_campaign_template_language=TEMPLATE_LANGUAGE,
        )
        async with running_bot(settings, bot_clock) as application:
            channel = application.bot_data.whatsapp
            assert channel is not None, "the WhatsApp settings turn the channel on"
            port = application.bot_data.web.port
            base_url = f"http://127.0.0.1:{port}"
            cloud.webhook_url = f"{base_url}/whatsapp/webhook"  # known once the web app runs
            files = database.parent.absolute() / "demo-files"
            telegram = DemoSession(DemoChat(emulator, group, admin), files, write, base_url)
            db, people = application.resources.db, PeopleRepository()

            async def last_inbound(wa_id: str) -> datetime | None:
                return await people.last_inbound(db.reader, WHATSAPP, wa_id)

            session = WhatsAppDemo(
                cloud, channel.webhook, last_inbound, telegram, files, write, base_url
            )
            await session.recall_window(session.person)
            display = asyncio.create_task(session.show_forever())
            try:
                yield session
                await wait_until_quiet(emulator, timeout=5)
                session.show_new()  # the last answers
            finally:
                display.cancel()
