import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.verification.follower_counts import (
    MAX_COUNT,
    AmbiguousCount,
    CountError,
    CountProblem,
    format_count,
    parse_follower_count,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("523", 523),
        ("0", 0),
        ("12.345", 12_345),
        ("12,345", 12_345),
        ("1.234.567", 1_234_567),
        ("1,234,567", 1_234_567),
        ("1 234", 1_234),
        ("1\u00a0234", 1_234),
        ("1,2 rb", 1_200),
        ("1,2rb", 1_200),
        ("1,2 rb.", 1_200),
        ("1.2 ribu", 1_200),
        ("12,3 rb", 12_300),
        ("12rb", 12_000),
        ("1,2 jt", 1_200_000),
        ("1,2 juta", 1_200_000),
        ("1,2 miliar", 1_200_000_000),
        ("1.2K", 1_200),
        ("1.2k", 1_200),
        ("1,2K", 1_200),
        ("1.2M", 1_200_000),
        ("1.2B", 1_200_000_000),
        ("1.234 pengikut", 1_234),
        ("1,2K followers", 1_200),
        ("523 Followers", 523),
        ("  2.500 teman ", 2_500),
        ("1,2345 rb", 1_235),
        ("20 M", 20_000_000),
        ("１２３", 123),
    ],
)
def test_counts_in_indonesian_and_english_notation_are_read(text: str, expected: int) -> None:
    assert parse_follower_count(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,2 M", (1_200_000, 1_200_000_000)),
        ("2M", (2_000_000, 2_000_000_000)),
        ("1.500 rb", (1_500, 1_500_000)),
        ("1,500K", (1_500, 1_500_000)),
    ],
)
def test_ambiguous_counts_offer_every_candidate_smallest_first(
    text: str, expected: tuple[int, ...]
) -> None:
    with pytest.raises(AmbiguousCount) as caught:
        parse_follower_count(text)

    assert caught.value.candidates == expected


@pytest.mark.parametrize(("text", "expected"), [("1,2 M", 1_200_000), ("2M", 2_000_000)])
def test_m_is_million_for_english_speakers(text: str, expected: int) -> None:
    assert parse_follower_count(text, locale_hint="en") == expected


def test_ambiguity_is_resolved_when_only_one_reading_is_within_the_limit() -> None:
    assert parse_follower_count("20 M") == 20_000_000


def test_ambiguity_is_not_a_count_error() -> None:
    assert not issubclass(AmbiguousCount, CountError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", CountProblem.EMPTY),
        ("   ", CountProblem.EMPTY),
        ("banyak", CountProblem.NOT_A_NUMBER),
        ("followers", CountProblem.NOT_A_NUMBER),
        ("1,2 xyz", CountProblem.NOT_A_NUMBER),
        ("1.23.4", CountProblem.NOT_A_NUMBER),
        ("1 2", CountProblem.NOT_A_NUMBER),
        ("12abc34", CountProblem.NOT_A_NUMBER),
        ("-5", CountProblem.NEGATIVE),
        ("−1,2 rb", CountProblem.NEGATIVE),
        ("12,5", CountProblem.FRACTION),
        ("1.5", CountProblem.FRACTION),
        ("10.000.000.001", CountProblem.TOO_LARGE),
        ("11 miliar", CountProblem.TOO_LARGE),
        ("9" * 100, CountProblem.TOO_LARGE),
    ],
)
def test_each_problem_is_reported_precisely(text: str, expected: CountProblem) -> None:
    with pytest.raises(CountError) as caught:
        parse_follower_count(text)

    assert caught.value.reason == expected


def test_ten_billion_is_the_largest_count_accepted() -> None:
    assert parse_follower_count("10 miliar") == MAX_COUNT


@pytest.mark.parametrize(
    ("n", "indonesian", "english"),
    [
        (0, "0", "0"),
        (523, "523", "523"),
        (1_000, "1 rb", "1K"),
        (1_299, "1,2 rb", "1.2K"),
        (12_345, "12,3 rb", "12.3K"),
        (123_456, "123 rb", "123K"),
        (1_200_000, "1,2 jt", "1.2M"),
        (1_234_567_890, "1,2 miliar", "1.2B"),
    ],
)
def test_compact_format_truncates_like_the_platforms(n: int, indonesian: str, english: str) -> None:
    assert (format_count(n, "id"), format_count(n, "en")) == (indonesian, english)


def test_full_format_groups_thousands_per_locale() -> None:
    actual = (
        format_count(1_234_567, "id", compact=False),
        format_count(1_234_567, "en-US", compact=False),
    )

    assert actual == ("1.234.567", "1,234,567")


def test_formatting_a_negative_count_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        format_count(-1)


@given(st.text(), st.sampled_from(["id", "en"]))
def test_any_text_gives_a_count_or_one_of_the_module_errors(text: str, locale: str) -> None:
    try:
        count = parse_follower_count(text, locale_hint=locale)
    except (CountError, AmbiguousCount):
        return
    assert 0 <= count <= MAX_COUNT


@given(st.text(alphabet="0123456789.,' -kmbrjtKMB", max_size=20), st.sampled_from(["id", "en"]))
def test_number_like_text_gives_a_count_or_one_of_the_module_errors(text: str, locale: str) -> None:
    with contextlib.suppress(CountError, AmbiguousCount):
        parse_follower_count(text, locale_hint=locale)


_counts = st.integers(min_value=0, max_value=MAX_COUNT)


@given(_counts, st.sampled_from(["id", "en"]))
def test_compact_counts_parse_back_within_the_truncation(n: int, locale: str) -> None:
    parsed = parse_follower_count(format_count(n, locale), locale_hint=locale)

    assert (parsed <= n, (n - parsed) * 10 <= n) == (True, True)


@given(_counts, st.sampled_from(["id", "en"]))
def test_full_counts_parse_back_exactly(n: int, locale: str) -> None:
    assert parse_follower_count(format_count(n, locale, compact=False), locale_hint=locale) == n


@given(_counts)
def test_plain_digits_parse_back_exactly(n: int) -> None:
    assert parse_follower_count(str(n)) == n


def test_a_unitless_count_with_three_zero_decimals_is_a_thousand() -> None:
    assert (parse_follower_count("1.000"), parse_follower_count("1,000")) == (1000, 1000)
