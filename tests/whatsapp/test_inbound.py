"""Webhook JSON into messages and statuses: what we use is read, the rest ignored."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.channels.whatsapp.inbound import (
    MalformedWebhook,
    inbound_from_json,
    inbound_to_json,
    parse_notification,
)
from tests.whatsapp import payloads

WA_ID = "6281234567890"


def test_a_text_message_is_read_with_its_sender_and_time() -> None:
    body = payloads.notification(messages=[payloads.text(WA_ID, "DAFTAR", "wamid.A")])

    [message] = parse_notification(payloads.encoded(body)).messages

    assert (message.message_id, message.wa_id, message.kind, message.text) == (
        "wamid.A",
        WA_ID,
        "text",
        "DAFTAR",
    )
    assert message.sent_at == datetime.fromtimestamp(1795000000, UTC)
    assert message.profile_name == "Siti"


def test_button_and_list_replies_carry_the_chosen_id() -> None:
    body = payloads.notification(
        messages=[
            payloads.button_reply(WA_ID, "consent:yes", "Setuju", "wamid.B"),
            payloads.list_reply(WA_ID, "prov:31", "DKI Jakarta", "wamid.C"),
        ]
    )

    button, row = parse_notification(payloads.encoded(body)).messages

    assert (button.kind, button.choice_id, button.text) == ("button", "consent:yes", "Setuju")
    assert (row.kind, row.choice_id, row.text) == ("list", "prov:31", "DKI Jakarta")


def test_an_image_carries_its_media_id() -> None:
    body = payloads.notification(messages=[payloads.image(WA_ID, "media-1", "wamid.D")])

    [message] = parse_notification(payloads.encoded(body)).messages

    assert (message.kind, message.media_id, message.mime_type) == ("image", "media-1", "image/jpeg")


def test_an_unknown_message_type_is_kind_other() -> None:
    sticker = {"from": WA_ID, "id": "wamid.E", "timestamp": "1795000000", "type": "sticker"}

    body = payloads.notification(messages=[sticker])

    [message] = parse_notification(payloads.encoded(body)).messages

    assert message.kind == "other"


def test_a_failed_status_carries_its_error_code() -> None:
    body = payloads.notification(
        statuses=[payloads.status("wamid.F", WA_ID, "failed", error_code=131047)]
    )

    [status] = parse_notification(payloads.encoded(body)).statuses

    assert (status.message_id, status.recipient, status.status) == ("wamid.F", WA_ID, "failed")
    assert (status.error_code, status.error_title) == (131047, "Re-engagement message")


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"object": "page"}', b"\xff"])
def test_a_body_that_is_no_webhook_is_refused(body: bytes) -> None:
    with pytest.raises(MalformedWebhook):
        parse_notification(body)


def test_the_inbox_form_keeps_the_message_but_not_the_profile_name() -> None:
    body = payloads.notification(messages=[payloads.text(WA_ID, "halo", "wamid.G")])
    [message] = parse_notification(payloads.encoded(body)).messages

    stored = inbound_to_json(message)

    assert "Siti" not in stored
    assert inbound_from_json(stored) == replace(message, profile_name=None)


def test_a_reaction_asks_for_no_answer() -> None:
    reaction = {
        "from": WA_ID,
        "id": "wamid.H",
        "timestamp": "1795000000",
        "type": "reaction",
        "reaction": {"message_id": "wamid.out1", "emoji": "👍"},
    }

    body = payloads.notification(messages=[reaction])

    assert parse_notification(payloads.encoded(body)).messages == []
