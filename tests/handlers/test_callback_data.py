"""Callback data codecs: what a family encodes decodes back; anything else decodes to None."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.enrollment.service import Field
from bot.enrollment.social_handles import Platform
from bot.reference.agencies import AgencyKind
from handlers.telegram import callback_data as cb
from handlers.telegram.callback_data import REVIEW, ReviewAction, ReviewPress


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


def test_the_newer_families_round_trip_their_values() -> None:
    for kind in cb.TargetKind:
        assert cb.TARGET.decode(cb.TARGET.encode(kind)) is kind
    for platform in Platform:
        assert cb.TARGET_PLATFORM.decode(cb.TARGET_PLATFORM.encode(platform)) is platform
    for schedule in cb.ScheduleKind:
        assert cb.SCHEDULE.decode(cb.SCHEDULE.encode(schedule)) is schedule
    for locale in ("id", "en"):
        assert cb.LANGUAGE.decode(cb.LANGUAGE.encode(locale)) == locale
    assert cb.TARGET_ZONE.decode(cb.TARGET_ZONE.encode("WITA")) == "WITA"
    assert cb.APPROVE_CAMPAIGN.decode(cb.APPROVE_CAMPAIGN.encode(12)) == 12
    assert cb.REVOKE_BADGE.decode(cb.REVOKE_BADGE.encode("GPR-2026-000123")) == "GPR-2026-000123"
    assert cb.ERASE.decode(cb.ERASE.encode(cb.EraseAnswer.YES)) is cb.EraseAnswer.YES
    assert cb.LEADERBOARD.decode("lb:hide") is cb.LeaderboardChoice.HIDE


@pytest.mark.parametrize(
    "codec, data",
    [
        (cb.TARGET_ZONE, "cmp:z:UTC"),
        (cb.TARGET, "cmp:t:nobody"),
        (cb.SCHEDULE, "cmp:s:weekly"),
        (cb.APPROVE_CAMPAIGN, "cmp:approve:0"),
        (cb.APPROVE_CAMPAIGN, "cmp:approve:seven"),
        (cb.LANGUAGE, "lang:fr"),
        (cb.REVOKE_BADGE, "badge:revoke:<b>"),
    ],
)
def test_malformed_data_of_the_newer_families_decodes_to_none(
    codec: cb.Codec[Any], data: str
) -> None:
    assert codec.decode(data) is None


def test_a_fixed_button_matches_only_its_own_data() -> None:
    assert re.match(cb.COMPOSE_SKIP.pattern, "cmp:skip")
    assert not re.match(cb.COMPOSE_SKIP.pattern, "cmp:skipped")
    assert cb.KEEP_BADGE.matches("badge:keep")
    assert not cb.KEEP_BADGE.matches(None)


def test_prefixes_that_share_a_start_stay_apart() -> None:
    target = cb.any_of(cb.TARGET, cb.TARGET_ZONE, cb.TARGET_PLATFORM)
    search = cb.any_of(cb.TARGET_PROVINCE, cb.TARGET_AGENCY)

    assert not re.match(target, cb.TARGET_PROVINCE.encode("31"))
    assert not re.match(search, cb.TARGET.encode(cb.TargetKind.PROVINCE))
    assert not re.match(cb.APPROVE_CAMPAIGN.pattern, cb.SAVE_CAMPAIGN.data)


def test_a_non_admin_press_is_refused_on_every_admin_button_and_no_other() -> None:
    admin_presses = [
        REVIEW.encode(ReviewPress(ReviewAction.APPROVE, 1)),
        cb.REVOKE_BADGE.encode("GPR-2026-000001"),
        cb.KEEP_BADGE.data,
        cb.COMPOSE_SKIP.data,
        cb.VARIANTS_DONE.data,
        cb.TARGET.encode(cb.TargetKind.ALL),
        cb.TARGET_ZONE.encode("WIT"),
        cb.TARGET_PLATFORM.encode(Platform.TIKTOK),
        cb.TARGET_PROVINCE.encode("31"),
        cb.TARGET_AGENCY.encode("kemenkeu"),
        cb.SCHEDULE.encode(cb.ScheduleKind.DAILY),
        cb.SAVE_CAMPAIGN.data,
        cb.DISCARD_CAMPAIGN.data,
        cb.APPROVE_CAMPAIGN.encode(3),
    ]
    person_presses = [cb.SHARED.encode(3), cb.LANGUAGE.encode("en"), cb.SKIP_ANSWER.data]

    assert all(re.match(cb.ADMIN_BUTTONS, data) for data in admin_presses)
    assert not any(re.match(cb.ADMIN_BUTTONS, data) for data in person_presses)


def test_handlers_name_no_callback_data_of_their_own() -> None:
    """Prefixes are defined once, in callback_data: a literal in a handler module would be a
    second definition that can drift from the button that sends it."""
    literal = re.compile(r"""(pattern|callback_data)=r?f?["']""")
    handlers_dir = Path(cb.__file__).parent

    offenders = [
        f"{path.name}:{number}"
        for path in sorted(handlers_dir.glob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if literal.search(line)
    ]

    assert offenders == []
