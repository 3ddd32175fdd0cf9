"""The webhook and the conversations together, as the composition root wires them: a signed
message is answered, a repeated webhook is answered once, and the message is marked read."""

from __future__ import annotations

from datetime import datetime

import httpx
from starlette.applications import Starlette

from bot.channels.whatsapp.inbox import WhatsAppInbox
from bot.channels.whatsapp.ports import StatusUpdate
from bot.channels.whatsapp.webhook import WhatsAppWebhook, signature_of
from bot.people.service import ChannelIdentity
from storage.whatsapp_inbox import WhatsAppInboxRepository
from tests.handlers.whatsapp.support import WhatsAppHarness
from tests.whatsapp import payloads

SECRET = "app-secret"
SITI = "6281234567890"


class Windows:
    def __init__(self) -> None:
        self.noted: list[ChannelIdentity] = []

    async def note_inbound(self, who: ChannelIdentity, at: datetime) -> None:
        self.noted.append(who)


class Statuses:
    async def apply(self, update: StatusUpdate) -> None:
        raise AssertionError("no statuses in this test")


async def test_a_signed_message_is_answered_once_however_often_it_comes(
    wa: WhatsAppHarness,
) -> None:
    windows = Windows()
    webhook = WhatsAppWebhook(
        app_secret=SECRET,
        verify_token="verify",
        inbox=WhatsAppInbox(wa.db, WhatsAppInboxRepository(), wa.services.clock),
        handle=wa.conversations.handle,
        statuses=Statuses(),
        windows=windows,
        receipts=wa.messages,
    )
    body = payloads.encoded(
        payloads.notification(messages=[payloads.text(SITI, "DAFTAR", "wamid.in1")])
    )
    transport = httpx.ASGITransport(app=Starlette(routes=webhook.routes()))
    async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
        for _ in range(2):
            answer = await client.post(
                "/whatsapp/webhook",
                content=body,
                headers={"X-Hub-Signature-256": signature_of(body, SECRET)},
            )
            assert answer.status_code == 200
            await webhook.drained()

    [consent] = wa.messages.sent
    assert consent.to == SITI and consent.titles == ["✅ Setuju", "Tidak setuju"]
    assert wa.messages.read == []  # answered at once: the answer is the acknowledgement
    assert windows.noted == [ChannelIdentity("whatsapp", SITI)]
