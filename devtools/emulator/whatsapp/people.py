"""Simulated WhatsApp users: they write to the bot (signed webhooks) and receive what it sends.

Every message a person sends opens (or refreshes) their 24-hour customer service window.
`delivery` says what becomes of the bot's messages to them: "delivered" (then "read" too when
`reads`), "undeliverable" (failed 131026: not on WhatsApp, an old app, blocked the business…)
or "marketing_limited" (marketing templates fail with 131049).
"""

from __future__ import annotations

import asyncio
import base64
import secrets
from typing import TYPE_CHECKING, Any, Literal

from devtools.emulator.whatsapp import webhooks
from devtools.emulator.whatsapp.messages import SentMessage

if TYPE_CHECKING:
    from devtools.emulator.whatsapp.emulator import CloudApiEmulator

WINDOW_SECONDS = 24 * 60 * 60
# WhatsApp dismisses the typing indicator at the business's next message, or after this long.
TYPING_SECONDS = 25.0
Delivery = Literal["delivered", "undeliverable", "marketing_limited"]


def new_wamid() -> str:
    return "wamid.HBgN" + base64.b64encode(secrets.token_bytes(24)).decode()


class SimPerson:
    def __init__(self, emulator: CloudApiEmulator, wa_id: str, name: str) -> None:
        self._emulator = emulator
        self.wa_id = wa_id
        self.name = name
        self.last_inbound_at: float | None = None
        self.delivery: Delivery = "delivered"
        self.reads = True  # read receipts on: a delivered message is also "read"
        self.received: list[SentMessage] = []  # every message delivered to their phone
        self.sent_ids: list[str] = []  # wamids of what they sent, oldest first
        self.marked_read: set[str] = set()  # their messages the bot marked as read
        self.typing_shown: list[str] = []  # their messages a typing indicator was shown for
        self._typing_until: float | None = None
        self._inbox: asyncio.Queue[SentMessage] = asyncio.Queue()

    def __repr__(self) -> str:
        return f"SimPerson({self.wa_id!r}, {self.name!r})"

    # The 24-hour window
    @property
    def window_open(self) -> bool:
        last = self.last_inbound_at
        return last is not None and self._emulator.now() - last < WINDOW_SECONDS

    # "typing…" in their chat
    def show_typing(self, message_id: str) -> None:
        self.typing_shown.append(message_id)
        self._typing_until = self._emulator.now() + TYPING_SECONDS

    @property
    def sees_typing(self) -> bool:
        """The typing indicator shows: until the bot's next message reaches them, or 25 s."""
        until = self._typing_until
        return until is not None and self._emulator.now() < until

    # What the bot sent them
    def deliver(self, message: SentMessage) -> None:
        self._typing_until = None
        self.received.append(message)
        self._inbox.put_nowait(message)

    async def reply(self, timeout: float = 5.0) -> SentMessage:  # noqa: ASYNC109
        """The next message delivered to them (in the order the bot sent them)."""
        try:
            return await asyncio.wait_for(self._inbox.get(), timeout)
        except TimeoutError:
            raise TimeoutError(
                f"nothing delivered to {self.wa_id} within {timeout} s "
                f"({len(self.received)} delivered before)"
            ) from None

    def drain(self) -> list[SentMessage]:
        """The delivered messages not yet taken by `reply`, without waiting."""
        taken: list[SentMessage] = []
        while not self._inbox.empty():
            taken.append(self._inbox.get_nowait())
        return taken

    # What they send
    async def says(self, text: str, *, repeat: int = 1) -> str:
        """A text message; `repeat=2` delivers the same webhook twice (as Meta may)."""
        return await self._send({"type": "text", "text": {"body": text}}, repeat=repeat)

    async def presses(self, title: str, *, repeat: int = 1) -> str:
        """Presses the reply button titled `title` of the latest message showing it."""
        message = self._latest(lambda m: title in m.buttons, f"a reply button {title!r}")
        button_id = message.button_ids[message.buttons.index(title)]
        reply = {"type": "button_reply", "button_reply": {"id": button_id, "title": title}}
        return await self._send(self._interactive(message, reply), repeat=repeat)

    async def chooses(self, title: str, *, repeat: int = 1) -> str:
        """Chooses the row titled `title` of the latest list message showing it."""
        message = self._latest(lambda m: title in m.rows, f"a list row {title!r}")
        row = next(r for r in message.list_rows if r["title"] == title)
        chosen = {"id": row["id"], "title": row["title"]}
        if row.get("description"):
            chosen["description"] = row["description"]
        reply = {"type": "list_reply", "list_reply": chosen}
        return await self._send(self._interactive(message, reply), repeat=repeat)

    async def sends_image(
        self, data: bytes, *, mime_type: str = "image/jpeg", caption: str | None = None
    ) -> str:
        record = self._emulator.store_media(data, mime_type)
        image: dict[str, Any] = {"mime_type": mime_type, "sha256": record.sha256, "id": record.id}
        if caption is not None:
            image = {"caption": caption, **image}
        return await self._send({"type": "image", "image": image})

    async def sends_document(
        self,
        data: bytes,
        *,
        filename: str,
        mime_type: str = "application/pdf",
        caption: str | None = None,
    ) -> str:
        record = self._emulator.store_media(data, mime_type, filename)
        document: dict[str, Any] = {
            "filename": filename,
            "mime_type": mime_type,
            "sha256": record.sha256,
            "id": record.id,
        }
        if caption is not None:
            document = {"caption": caption, **document}
        return await self._send({"type": "document", "document": document})

    def _latest(self, has: Any, what: str) -> SentMessage:
        for message in reversed(self.received):
            if has(message):
                return message
        raise LookupError(f"{self.wa_id} has received no message with {what}")

    def _interactive(self, message: SentMessage, reply: dict[str, Any]) -> dict[str, Any]:
        context = {"from": self._emulator.business.display_phone_number, "id": message.id}
        return {"context": context, "type": "interactive", "interactive": reply}

    async def _send(self, content: dict[str, Any], *, repeat: int = 1) -> str:
        now = self._emulator.now()
        wamid = new_wamid()
        context = content.pop("context", None)
        message = {
            **({"context": context} if context else {}),
            "id": wamid,
            "timestamp": str(int(now)),
            **content,
        }
        self.last_inbound_at = now
        self.sent_ids.append(wamid)
        self._emulator.inbound_ids[wamid] = self.wa_id
        payload = webhooks.inbound(self._emulator.business, self.wa_id, self.name, message)
        await self._emulator.webhooks.send_now(payload, repeat=repeat)
        return wamid
