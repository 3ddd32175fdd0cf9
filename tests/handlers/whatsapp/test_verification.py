"""Verification and the badge on WhatsApp: the ownership code, the badge as an image and
documents, LENCANA, and the screenshot for manual review handed to the admins' desk."""

from __future__ import annotations

from bot.channels.whatsapp.conversations import ConversationStates
from bot.people.service import ChannelIdentity
from storage.conversation_states import ConversationStateRepository
from tests.fakes.social_apis import FakeSocialApis
from tests.handlers.whatsapp.support import (
    WhatsAppHarness,
    enroll_until_summary,
    verified_with_badge,
)

SITI = ChannelIdentity("whatsapp", "6281234567890")
# The smallest valid PNG: a screenshot stand-in.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f5b6e70000000049454e44ae426082"
)


async def test_a_verified_person_receives_the_badge_as_image_and_documents(
    wa: WhatsAppHarness, apis: FakeSocialApis
) -> None:
    siti = wa.person(SITI.user_id)

    answers = await verified_with_badge(siti, apis)

    kinds = [a.kind for a in answers]
    assert kinds[-3:] == ["image", "document", "document"]
    assert any(a.body.startswith("🎉") for a in answers)
    image, square, story = answers[-3:]
    badge = await wa.services.badges.current(SITI)
    assert badge is not None
    assert (
        square.filename == f"{badge.number}.png" and story.filename == f"{badge.number}-story.png"
    )
    data, mime_type, _ = wa.messages.uploads[square.media_id or ""]
    assert mime_type == "image/png" and data.startswith(b"\x89PNG")
    assert image.media_id == square.media_id  # one upload for the preview and the file


async def test_lencana_sends_the_badge_again(wa: WhatsAppHarness, apis: FakeSocialApis) -> None:
    siti = wa.person(SITI.user_id)
    await verified_with_badge(siti, apis)

    again = await siti.says("LENCANA")

    assert [a.kind for a in again] == ["image", "document", "document"]


async def test_lencana_before_verification_says_what_comes_next(wa: WhatsAppHarness) -> None:
    [answer] = await wa.person(SITI.user_id).says("lencana")

    assert "daftar" in answer.body.lower()


async def test_a_screenshot_reaches_the_admins_with_the_claimed_count(
    wa: WhatsAppHarness, apis: FakeSocialApis
) -> None:
    apis.add_x_user("sitirahma", followers=120)
    siti = wa.person(SITI.user_id)
    await enroll_until_summary(siti)
    checked = await siti.presses("✅ Benar")
    assert checked[-2].titles == ["🙋 Minta tinjauan"], [c.body for c in checked]

    [asked] = await siti.presses("🙋 Minta tinjauan")
    [not_an_image] = await siti.says("sudah saya kirim")
    [count] = await siti.sends_image("media-in-1", PNG)
    [sent] = await siti.says("2.500")

    assert "ASN-" in asked.body
    assert not_an_image.body == wa.messages.sent[-3].body
    assert "tangkapan layar" in not_an_image.body.lower()
    assert "pengikut" in count.body.lower()
    assert wa.desk.screenshots == [(PNG, "image/jpeg")]
    [card] = wa.desk.cards
    assert card.case.claimed_followers == 2500
    assert card.case.screenshot_file_id == "telegram-file-1"
    assert sent.body
    assert await wa.states.get(SITI.user_id) == {}


async def test_the_awaited_count_survives_a_restart(
    wa: WhatsAppHarness, apis: FakeSocialApis
) -> None:
    apis.add_x_user("sitirahma", followers=120)
    siti = wa.person(SITI.user_id)
    await enroll_until_summary(siti)
    await siti.presses("✅ Benar")
    await siti.presses("🙋 Minta tinjauan")
    await siti.sends_image("media-in-1", PNG)

    # A new store reads the database afresh, as after a restart.
    reread = ConversationStates(wa.db, ConversationStateRepository(), wa.services.clock)

    assert await reread.get(SITI.user_id) == {"await": "count"}


async def test_an_unclear_count_is_explained(wa: WhatsAppHarness, apis: FakeSocialApis) -> None:
    apis.add_x_user("sitirahma", followers=120)
    siti = wa.person(SITI.user_id)
    await enroll_until_summary(siti)
    await siti.presses("✅ Benar")
    await siti.presses("🙋 Minta tinjauan")
    await siti.sends_image("media-in-1", PNG)

    [answer] = await siti.says("banyak")

    assert answer.body.startswith("❌")
    assert wa.desk.cards == []
