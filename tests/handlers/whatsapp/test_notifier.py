"""News for a WhatsApp person outside their own messages, and the limits the recording port
holds handlers to."""

from __future__ import annotations

import pytest

from bot.channels.whatsapp import ports
from bot.channels.whatsapp.ports import ListRow, ListSection, ReplyButton
from bot.enrollment.social_handles import Platform
from bot.people.service import ChannelIdentity, PersonLocales
from bot.texts import CATALOGUES, render
from bot.verification.outcomes import AccountOutcome, Decision, Verdict, VerificationNews
from handlers.whatsapp.notifier import WhatsAppNotifier
from tests.fakes.social_apis import FakeSocialApis
from tests.handlers.whatsapp.support import (
    LimitBroken,
    RecordingMessages,
    WhatsAppHarness,
    verified_with_badge,
)

SITI = ChannelIdentity("whatsapp", "6281234567890")


async def test_news_and_the_badge_reach_the_whatsapp_id(
    wa: WhatsAppHarness, apis: FakeSocialApis
) -> None:
    await verified_with_badge(wa.person(SITI.user_id), apis)
    services = wa.services
    issued = await services.badges.valid_badge(SITI)
    assert issued is not None
    outbox = RecordingMessages()
    notifier = WhatsAppNotifier(
        outbox,
        PersonLocales(services.people, "id"),
        services.verification.policy,
        services.badges,
    )
    outcome = AccountOutcome(Platform.X, "sitirahma", Verdict.NEEDS_OWNERSHIP, 2500, "ASN-AB12")

    await notifier.verification_news(
        SITI, VerificationNews(outcomes=(outcome,), decision=Decision.VERIFIED, badge=issued)
    )

    assert {s.to for s in outbox.sent} == {SITI.user_id}
    assert [s.kind for s in outbox.sent] == ["buttons", "text", "image", "document", "document"]
    assert outbox.sent[0].titles == ["✅ Sudah", "🔄 Kode baru"]


async def test_the_port_refuses_what_the_cloud_api_refuses() -> None:
    port = RecordingMessages()
    four = [ReplyButton(str(i), f"B{i}") for i in range(4)]
    eleven = (ListSection("S", tuple(ListRow(str(i), f"R{i}") for i in range(11))),)

    with pytest.raises(LimitBroken):
        await port.send_buttons("1", "body", four)
    with pytest.raises(LimitBroken):
        await port.send_buttons("1", "body", [ReplyButton("a", "x" * 21)])
    with pytest.raises(LimitBroken):
        await port.send_list("1", "body", button="Pilih", sections=eleven)
    with pytest.raises(LimitBroken):
        await port.send_text("1", "<b>Telegram HTML</b>")
    with pytest.raises(LimitBroken):
        await port.send_buttons("1", "x" * 1025, [ReplyButton("a", "A")])


@pytest.mark.parametrize("locale", ["id", "en"])
def test_whatsapp_labels_fit_their_places(locale: str) -> None:
    catalogue = CATALOGUES[locale]  # type: ignore[index]
    buttons = [k for k in catalogue if k.startswith("wa_btn_")]
    rows = [k for k in catalogue if k.startswith("wa_kind_")]

    too_long = [
        k
        for k in buttons
        if len(render(locale, k).plain()) > ports.MAX_BUTTON_TITLE  # type: ignore[arg-type]
    ] + [k for k in rows if len(render(locale, k).plain()) > ports.MAX_ROW_TITLE]  # type: ignore[arg-type]

    assert buttons and rows and too_long == []
