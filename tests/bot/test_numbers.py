"""One parser for whole numbers typed by people or carried in button data."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.texts.numbers import SQLITE_MAX_INTEGER, parse_whole_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("007", 7),
        (str(SQLITE_MAX_INTEGER), SQLITE_MAX_INTEGER),
        (str(SQLITE_MAX_INTEGER + 1), None),  # SQLite stores no larger integer
        ("9" * 4000, None),
        ("₆", None),  # "₆".isdigit() is True, int("₆") fails
        ("²", None),
        ("٣", None),  # int() would accept Arabic-Indic digits; people mean something else
        ("３", None),
        ("-1", None),
        ("+1", None),
        ("1_000", None),
        ("1e3", None),
        ("", None),
        (None, None),
    ],
)
def test_only_ascii_digits_within_sqlite_range_count(
    text: str | None, expected: int | None
) -> None:
    assert parse_whole_number(text) == expected


def test_a_prefix_and_bounds_are_checked() -> None:
    assert parse_whole_number("#12", prefix="#") == 12
    assert parse_whole_number("##12", prefix="#") is None
    assert parse_whole_number("0", minimum=1) is None
    assert parse_whole_number("91", maximum=90) is None


@given(st.text())
def test_any_text_gives_a_bounded_number_or_none(text: str) -> None:
    number = parse_whole_number(text)

    assert number is None or 0 <= number <= SQLITE_MAX_INTEGER
