import contextlib
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.enrollment.nip import Gender, Nip, NipError, NipProblem, mask_nip, parse_nip

TODAY = date(2025, 6, 15)
EXAMPLE = "19850612 201001 1 003"


def _reason(text: str) -> NipProblem:
    with pytest.raises(NipError) as caught:
        parse_nip(text, today=TODAY)
    return caught.value.reason


def test_example_nip_parses_into_its_parts() -> None:
    nip = parse_nip(EXAMPLE, today=TODAY)

    assert nip == Nip(
        digits="198506122010011003",
        birth_date=date(1985, 6, 12),
        appointment=(2010, 1),
        gender=Gender.MALE,
        sequence=3,
    )


@pytest.mark.parametrize(
    "text",
    [
        "198506122010011003",
        "19850612 201001 1 003",
        "19850612.201001.1.003",
        "19850612-201001-1-003",
        "1985-06-12 2010-01 1 003",
        "19850612/201001/1/003",
        "19850612_201001_1_003",
        "19850612 – 201001 – 1 – 003",
        "  19850612\t201001 1 003\n",
    ],
)
def test_common_separators_between_digits_are_ignored(text: str) -> None:
    assert parse_nip(text, today=TODAY).digits == "198506122010011003"


def test_gender_digit_two_is_female() -> None:
    assert parse_nip("19900101 201501 2 010", today=TODAY).gender == Gender.FEMALE


def test_gender_compares_equal_to_its_letter() -> None:
    assert parse_nip(EXAMPLE, today=TODAY).gender == "M"


def test_formatted_groups_the_four_fields() -> None:
    assert parse_nip("198506122010011003", today=TODAY).formatted() == EXAMPLE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", NipProblem.EMPTY),
        ("   ", NipProblem.EMPTY),
        ("19850612 201001 1 00A", NipProblem.NOT_DIGITS),
        ("NIP 198506122010011003", NipProblem.NOT_DIGITS),
        ("١٩٨٥٠٦١٢٢٠١٠٠١١٠٠٣", NipProblem.NOT_DIGITS),
        ("19850612 201001 1 03", NipProblem.WRONG_LENGTH),
        ("19850612 201001 1 0033", NipProblem.WRONG_LENGTH),
        ("19850230 201001 1 003", NipProblem.BAD_BIRTH_DATE),
        ("19851312 201001 1 003", NipProblem.BAD_BIRTH_DATE),
        ("18850612 201001 1 003", NipProblem.BAD_BIRTH_DATE),
        ("19850612 201013 1 003", NipProblem.BAD_APPOINTMENT_MONTH),
        ("19850612 201000 1 003", NipProblem.BAD_APPOINTMENT_MONTH),
        ("19850612 202507 1 003", NipProblem.APPOINTMENT_IN_FUTURE),
        ("19850612 200201 1 003", NipProblem.AGE_AT_APPOINTMENT),
        ("19400101 200101 1 003", NipProblem.AGE_AT_APPOINTMENT),
        ("19850612 201001 3 003", NipProblem.BAD_GENDER_DIGIT),
        ("19850612 201001 0 003", NipProblem.BAD_GENDER_DIGIT),
        ("19850612 201001 1 000", NipProblem.ZERO_SEQUENCE),
    ],
)
def test_each_problem_is_reported_precisely(text: str, expected: NipProblem) -> None:
    assert _reason(text) == expected


def test_appointment_in_the_current_month_is_accepted() -> None:
    assert parse_nip("19850612 202506 1 003", today=TODAY).appointment == (2025, 6)


@pytest.mark.parametrize(
    "text",
    [
        "19850612 200306 1 001",  # 18 in the birthday month
        "19850612 204605 1 001",  # still 60 the month before turning 61
    ],
)
def test_age_bounds_at_appointment_are_inclusive(text: str) -> None:
    parse_nip(text, today=date(2050, 1, 1))


@pytest.mark.parametrize(
    "text",
    [
        "19850612 200305 1 001",  # one month short of 18
        "19850612 204606 1 001",  # turns 61 that month
    ],
)
def test_ages_outside_18_to_60_are_refused(text: str) -> None:
    with pytest.raises(NipError) as caught:
        parse_nip(text, today=date(2050, 1, 1))

    assert caught.value.reason == NipProblem.AGE_AT_APPOINTMENT


def test_mask_shows_birth_year_and_last_two_digits_only() -> None:
    assert mask_nip("198506122010011003") == "1985************03"


def test_mask_ignores_separators() -> None:
    assert mask_nip(EXAMPLE) == "1985************03"


def test_mask_stars_short_input_entirely() -> None:
    assert mask_nip("12345") == "*****"


def test_nip_masked_matches_mask_nip() -> None:
    nip = parse_nip(EXAMPLE, today=TODAY)

    assert nip.masked() == mask_nip(nip.digits)


def test_error_reason_is_also_the_message() -> None:
    assert str(NipError(NipProblem.ZERO_SEQUENCE)) == "zero_sequence"


@given(st.text())
def test_any_text_either_parses_or_raises_nip_error(text: str) -> None:
    with contextlib.suppress(NipError):
        parse_nip(text, today=TODAY)


@given(st.text(alphabet="0123456789 .-/_", max_size=30))
def test_digit_and_separator_text_either_parses_or_raises_nip_error(text: str) -> None:
    try:
        nip = parse_nip(text, today=TODAY)
    except NipError:
        return
    assert len(nip.digits) == 18


@st.composite
def valid_nips(draw: st.DrawFn) -> Nip:
    birth = draw(st.dates(min_value=date(1945, 1, 1), max_value=date(2007, 6, 30)))
    age_months = draw(st.integers(min_value=18 * 12, max_value=60 * 12 + 11))
    months = birth.year * 12 + (birth.month - 1) + age_months
    appointment = (months // 12, months % 12 + 1)
    assume(appointment <= (TODAY.year, TODAY.month))
    gender = draw(st.sampled_from(Gender))
    sequence = draw(st.integers(min_value=1, max_value=999))
    digits = (
        f"{birth:%Y%m%d}{appointment[0]:04d}{appointment[1]:02d}"
        f"{'1' if gender is Gender.MALE else '2'}{sequence:03d}"
    )
    return Nip(digits, birth, appointment, gender, sequence)


@given(valid_nips(), st.data())
def test_valid_nips_round_trip_through_random_separators(nip: Nip, data: st.DataObject) -> None:
    separators = data.draw(
        st.lists(
            st.sampled_from(["", "", " ", ".", "-", "/", "_", " - "]), min_size=17, max_size=17
        )
    )
    text = nip.digits[0] + "".join(s + d for s, d in zip(separators, nip.digits[1:], strict=True))

    assert parse_nip(text, today=TODAY) == nip


@given(valid_nips())
def test_formatted_nips_parse_back_equal(nip: Nip) -> None:
    assert parse_nip(nip.formatted(), today=TODAY) == nip
