import logging
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.enrollment.nip import parse_nip
from bot.logging_setup import (
    QUIET_LOGGERS,
    MaskingFilter,
    WithholdArguments,
    configure_logging,
    mask_phone,
    mask_sensitive,
)

TODAY = date(2026, 11, 27)


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


@pytest.mark.parametrize(
    "typed",
    [
        "198506122010011003",
        "19850612 201001 1 003",
        "19850612   201001  1   003",
        "19850612/201001/1/003",
        "19850612_201001_1_003",
        "19850612--201001---1--003",
        "1985-06-12 / 2010-01 / 1 / 003",
        "19850612 – 201001 — 1 − 003",
        "19850612.201001.1.003",
        "19850612\t201001\n1 003",
    ],
)
def test_a_nip_is_masked_in_every_form_the_parser_accepts(typed: str) -> None:
    assert parse_nip(typed, today=TODAY).digits == "198506122010011003"
    assert mask_sensitive(f"got {typed}.") == "got 1985************03."


@given(
    st.lists(
        st.text(alphabet=" \t./_-\u2013\u2014\u2212", min_size=0, max_size=3),
        min_size=17,
        max_size=17,
    )
)
def test_any_separators_the_parser_accepts_are_masked_too(separators: list[str]) -> None:
    digits = "198506122010011003"
    pairs = zip(separators, digits[1:], strict=True)
    typed = digits[0] + "".join(sep + digit for sep, digit in pairs)

    assert parse_nip(typed, today=TODAY).digits == digits
    assert mask_sensitive(f"NIP {typed} diterima") == "NIP 1985************03 diterima"


def test_longer_digit_runs_are_not_taken_for_a_nip() -> None:
    assert mask_sensitive("update 1234567890123456789 done") == "update 1234567890123456789 done"


def test_arguments_of_withheld_records_are_dropped(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.withheld")
    logger.addFilter(WithholdArguments())
    with caplog.at_level(logging.ERROR, logger="test.withheld"):
        logger.error('Can not load invalid JSON data: "%s"', '{"text": "Siti Rahma"')

    assert caplog.messages == ['Can not load invalid JSON data: "[withheld]"']


def test_libraries_that_log_contents_stay_at_info_even_at_debug() -> None:
    saved = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    root = logging.getLogger()
    saved_root = (root.level, root.handlers[:])
    try:
        configure_logging("DEBUG")

        assert root.level == logging.DEBUG
        assert not logging.getLogger("telegram.ext.ExtBot").isEnabledFor(logging.DEBUG)
        assert not logging.getLogger("aiosqlite").isEnabledFor(logging.DEBUG)
        assert logging.getLogger("telegram.ext.JobQueue").isEnabledFor(logging.DEBUG)
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)
        root.setLevel(saved_root[0])
        root.handlers[:] = saved_root[1]


def test_phone_numbers_are_masked_to_prefix_and_last_four_digits() -> None:
    assert [mask_phone(n) for n in ["6281234567890", "+628123456789", "12345"]] == [
        "62812****7890",
        "62812***6789",
        "*****",
    ]


def test_phone_numbers_in_records_are_masked_but_not_ids_or_message_ids() -> None:
    text = (
        "sent to 6281234567890 (+6285712345678) wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEjA "
        "chat -1001234567890 user 5123456789"
    )

    assert mask_sensitive(text) == (
        "sent to 62812****7890 (62857****5678) wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEjA "
        "chat -1001234567890 user 5123456789"
    )
