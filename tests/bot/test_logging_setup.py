import logging

import pytest

from bot.logging_setup import MaskingFilter, mask_sensitive


def test_bot_tokens_nips_and_emails_are_masked() -> None:
    text = (
        "POST https://api.telegram.org/bot123456789:AAEabcdefghijklmnopqrstuvwxyz012345/getMe "
        "nip 19850612 201001 1 003 from siti.rahma@kominfo.go.id"
    )

    assert mask_sensitive(text) == (
        "POST https://api.telegram.org/bot123456789:***/getMe "
        "nip 1985************03 from s***@kominfo.go.id"
    )


def test_masking_filter_rewrites_formatted_records(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.masking")
    logger.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO, logger="test.masking"):
        logger.info("NIP %s enrolled", "198506122010011003")

    assert caplog.messages == ["NIP 1985************03 enrolled"]
