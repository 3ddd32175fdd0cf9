"""Callback data codecs: what a family encodes decodes back; anything else decodes to None."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.agencies import AgencyKind
from bot.enrollment import Field
from bot.social_handles import Platform
from handlers import callback_data as cb
from handlers.callback_data import REVIEW, ReviewAction, ReviewPress


def test_every_family_round_trips_its_values() -> None:
    presses = [
        ReviewPress(ReviewAction.APPROVE, 740),
        ReviewPress(ReviewAction.REASON, 740, "code"),
        ReviewPress(ReviewAction.PAGE, 0),
        ReviewPress(ReviewAction.APPROVE, 2**63 - 1),
    ]
    for press in presses:
        assert REVIEW.decode(REVIEW.encode(press)) == press
    for platform in Platform:
        assert cb.MANUAL_REVIEW.decode(cb.MANUAL_REVIEW.encode(platform)) is platform
    for field in Field:
        assert cb.EDIT_FIELD.decode(cb.EDIT_FIELD.encode(field)) is field
    for kind in AgencyKind:
        assert cb.AGENCY_KIND.decode(cb.AGENCY_KIND.encode(kind)) is kind
    assert cb.COUNT_CHOICE.decode(cb.COUNT_CHOICE.encode(1_200_000)) == 1_200_000


@pytest.mark.parametrize(
    "data",
    [
        "rev:ok:",
        "rev:ok:abc",
        "rev:ok:₆",
        "rev:ok:0",
        "rev:ok:-1",
        f"rev:ok:{2**63}",
        "rev:ok:1:extra",
        "rev:why:1",
        "rev:why:1:nonsense",
        "rev:nope:1",
        "rev:",
        "ver:manual:myspace",
        "ver:count:1.5",
        "ver:count:99999999999999999999",
        "enr:edit:password",
        "enr:sum:",
        "enr:prov:<b>",
    ],
)
def test_malformed_data_decodes_to_none(data: str) -> None:
    codecs = [REVIEW, cb.MANUAL_REVIEW, cb.COUNT_CHOICE, cb.EDIT_FIELD, cb.SUMMARY, cb.PROVINCE]
    family = next(c for c in codecs if data.startswith(c.prefix))

    assert family.decode(data) is None


def test_the_handler_pattern_is_the_codecs_prefix() -> None:
    assert re.match(REVIEW.pattern, "rev:anything")
    assert not re.match(REVIEW.pattern, "xrev:ok:1")


def test_encoding_refuses_data_telegram_would_refuse() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        cb.AGENCY.encode("x" * 60)


@given(st.text(max_size=80))
def test_no_data_makes_a_codec_raise(text: str) -> None:
    for codec in (REVIEW, cb.MANUAL_REVIEW, cb.COUNT_CHOICE, cb.EDIT_FIELD, cb.SUMMARY):
        codec.decode(codec.prefix + text)
