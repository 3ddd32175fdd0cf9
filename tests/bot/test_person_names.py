import contextlib
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.enrollment.person_names import FullNameError, NameProblem, parse_full_name


@pytest.mark.parametrize(
    "name",
    [
        "Siti Rahma",
        "Dr. Siti Rahma, S.Kom., M.Si.",
        "Prof. Dr. Ir. H. Muhammad Nuh, DEA",
        "Ni Luh Putu Ayu",
        "Ma'ruf Amin",
        "Ma’ruf Amin",
        "Abdul-Rahman",
        "José Ñúñez",
        "Soekarno",
        "محمد",
        "李小龙",
        "Тимур",
    ],
)
def test_real_names_with_titles_and_any_script_pass_unchanged(name: str) -> None:
    assert parse_full_name(name) == name


def test_whitespace_is_collapsed_and_trimmed() -> None:
    assert parse_full_name("  Siti \t  Rahma\u00a0 Dewi \n") == "Siti Rahma Dewi"


def test_decomposed_accents_are_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "José")

    assert parse_full_name(decomposed) == "José"


def test_case_is_kept_as_typed() -> None:
    assert parse_full_name("siti RAHMA") == "siti RAHMA"


def test_hundred_characters_is_the_longest_name_allowed() -> None:
    name = "A" * 100

    assert parse_full_name(name) == name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", NameProblem.EMPTY),
        ("   \n\t", NameProblem.EMPTY),
        ("A" * 101, NameProblem.TOO_LONG),
        ("12345", NameProblem.NO_LETTERS),
        ("🙂🙂", NameProblem.NO_LETTERS),
        ("...,,,", NameProblem.NO_LETTERS),
        ("-", NameProblem.NO_LETTERS),
        ("Budi 🙂", NameProblem.BAD_CHARACTERS),
        ("Budi2", NameProblem.BAD_CHARACTERS),
        ("Budi Santoso 3", NameProblem.BAD_CHARACTERS),
        ("Budi\x00Santoso", NameProblem.BAD_CHARACTERS),
        ("Budi_Santoso", NameProblem.BAD_CHARACTERS),
        ("Budi@Santoso", NameProblem.BAD_CHARACTERS),
        ("<b>Budi</b>", NameProblem.BAD_CHARACTERS),
    ],
)
def test_each_problem_is_reported_precisely(text: str, expected: NameProblem) -> None:
    with pytest.raises(FullNameError) as caught:
        parse_full_name(text)

    assert caught.value.reason == expected


def test_length_limit_applies_after_whitespace_is_collapsed() -> None:
    text = "A" * 50 + "          " + "B" * 49

    assert parse_full_name(text) == "A" * 50 + " " + "B" * 49


@given(st.text())
def test_any_text_either_parses_or_raises_full_name_error(text: str) -> None:
    with contextlib.suppress(FullNameError):
        parse_full_name(text)


@given(st.text())
def test_parsing_an_accepted_name_again_changes_nothing(text: str) -> None:
    try:
        name = parse_full_name(text)
    except FullNameError:
        return

    assert parse_full_name(name) == name


_words = st.text(alphabet=st.characters(categories=["Lu", "Ll", "Lo"]), min_size=1, max_size=12)


@given(st.lists(_words, min_size=1, max_size=6), st.sampled_from([" ", "  ", "\t", " \n "]))
def test_words_of_letters_parse_back_joined_by_single_spaces(words: list[str], gap: str) -> None:
    expected = unicodedata.normalize("NFC", " ".join(words))
    if len(expected) > 100:
        return

    assert parse_full_name(gap + gap.join(words) + gap) == expected
