"""The real bot with WhatsApp on: Telegram against the Bot API emulator (the admin group stays
there), WhatsApp against the Cloud API emulator, whose simulated people write to the bot's
webhook with signed requests and receive what the bot sends."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.clock import FixedClock
from bot.enrollment.social_handles import Platform
from bot.settings import Settings
from devtools.emulator import BotApiEmulator
from devtools.emulator.whatsapp import CloudApiEmulator, SentMessage, SimPerson
from tests.fakes.social_apis import FakeSocialApis
from tests.support import BotHarness, running_bot

TEMPLATE = "konten_humas"
VERIFY_TOKEN = "verify-token-for-tests"
PRICE_IDR = 586
# The approved template's own words around its {{1}}, e.g. "Konten baru dari Humas Pemerintah:
# {{1}} Buka tautannya di bawah, lalu bagikan di media sosial Anda. Terima kasih!"
TEMPLATE_WORDS = 110


def with_whatsapp(settings: Settings, cloud: CloudApiEmulator) -> Settings:
    values = {name.lower(): value for name, value in cloud.settings().items()}
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        **settings.model_dump()
        | values
        | {
            "whatsapp_verify_token": VERIFY_TOKEN,
            "whatsapp_campaign_template": TEMPLATE,
            "whatsapp_campaign_template_language": "id",
            "whatsapp_marketing_price_idr": PRICE_IDR,
        },
    )


@dataclass
class WhatsAppHarness:
    bot: BotHarness
    cloud: CloudApiEmulator
    settings: Settings

    def person(self, wa_id: str = "6281234567890", name: str = "Siti") -> WaPerson:
        return WaPerson(self.cloud.person(wa_id, name))


class WaPerson:
    """A civil servant on WhatsApp: what they send, and the bot's answers."""

    def __init__(self, sim: SimPerson, *, patience: float = 5.0) -> None:
        self.sim = sim
        self.patience = patience
        self.last: SentMessage | None = None

    @property
    def wa_id(self) -> str:
        return self.sim.wa_id

    async def reply(self, timeout: float | None = None) -> SentMessage:  # noqa: ASYNC109
        self.last = await self.sim.reply(self.patience if timeout is None else timeout)
        return self.last

    async def replies_until(self, text: str, timeout: float = 10.0) -> list[SentMessage]:  # noqa: ASYNC109
        """The bot's messages up to and including the first whose text contains `text`."""
        received: list[SentMessage] = []
        while not received or text not in (received[-1].text or ""):
            received.append(await self.reply(timeout))
        return received

    async def says(self, text: str) -> SentMessage:
        await self.sim.says(text)
        return await self.reply()

    async def presses(self, title: str) -> SentMessage:
        await self.sim.presses(title)
        return await self.reply()

    async def chooses(self, title: str) -> SentMessage:
        await self.sim.chooses(title)
        return await self.reply()


@asynccontextmanager
async def whatsapp_bot(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> AsyncIterator[WhatsAppHarness]:
    """The bot with both channels on. The Cloud API emulator keeps the bot's time (its 24-hour
    windows and the bot's agree); its pair-rate limit is off, as a test's person writes faster
    than anyone."""
    async with CloudApiEmulator(pair_interval=None, clock=lambda: clock.now().timestamp()) as cloud:
        cloud.approve_template(
            TEMPLATE, "id", body_parameters=1, url_button=True, body_length=TEMPLATE_WORDS
        )
        configured = with_whatsapp(settings, cloud)
        cloud.webhooks.url = f"http://127.0.0.1:{configured.web_port}/whatsapp/webhook"
        async with running_bot(configured, emulator, clock) as harness:
            yield WhatsAppHarness(harness, cloud, configured)


# --- Campaign flows: a verified civil servant on WhatsApp, through the conversation ---------


async def taps(person: WaPerson, title: str) -> None:
    """Presses the reply button or picks the list row titled `title`, whichever it is."""
    if any(title in message.buttons for message in person.sim.received):
        await person.sim.presses(title)
    else:
        await person.sim.chooses(title)


async def verified_on_whatsapp(
    person: WaPerson, apis: FakeSocialApis, *, nip: str, x_handle: str
) -> list[SentMessage]:
    """Enrolls on WhatsApp (Jawa Timur, an X account over the threshold), proves ownership
    with the code in the bio, and returns the answers to "✅ Sudah": the verdict, the
    congratulations and the badge (an image and two documents)."""
    apis.add_x_user(x_handle, followers=2500)
    steps = [
        ("DAFTAR", False),
        ("✅ Setuju", True),
        (nip, False),
        ("Siti Rahma", False),
        ("Kementerian / Lembaga", True),
        ("Komdigi", False),
        ("Kementerian Komunikasi…", True),
        ("Biro Humas", False),
        ("Jawa Timur", False),
        *[("Lewati ⏭", True)] * 3,  # work email, Instagram, Facebook
        (f"@{x_handle}", False),
        *[("Lewati ⏭", True)] * 2,  # TikTok, YouTube
    ]
    for answer, pressed in steps:
        await (taps(person, answer) if pressed else person.sim.says(answer))
        await person.reply()
    await taps(person, "✅ Benar")
    checked = await person.replies_until("ASN-", timeout=15)
    code = re.search(r"ASN-\w{4}", checked[-1].text or "")
    assert code, checked[-1].text
    apis.set_bio(Platform.X, x_handle, code[0])
    await taps(person, "✅ Sudah")
    return await person.replies_until("Versi story", timeout=15)
