import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.enrollment.work_email import EmailError, EmailProblem, WorkEmail, parse_work_email


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("budi@kominfo.go.id", WorkEmail("budi@kominfo.go.id", is_government=True)),
        ("Budi.Santoso@JatimProv.GO.ID", WorkEmail("Budi.Santoso@jatimprov.go.id", True)),
        ("humas@komdigi.go.id", WorkEmail("humas@komdigi.go.id", True)),
        ("  siti+humas@bps.go.id  ", WorkEmail("siti+humas@bps.go.id", True)),
        ("mailto:siti@sleman.go.id", WorkEmail("siti@sleman.go.id", True)),
        ("budi@gmail.com", WorkEmail("budi@gmail.com", False)),
        ("budi@ugm.ac.id", WorkEmail("budi@ugm.ac.id", False)),
        ("budi@notgo.id", WorkEmail("budi@notgo.id", False)),
        ("budi@go.id.example.com", WorkEmail("budi@go.id.example.com", False)),
    ],
)
def test_addresses_are_normalised_and_government_domains_recognised(
    text: str, expected: WorkEmail
) -> None:
    assert parse_work_email(text) == expected


def test_domain_property_is_the_part_after_the_at_sign() -> None:
    assert parse_work_email("budi@Kominfo.go.id").domain == "kominfo.go.id"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", EmailProblem.EMPTY),
        ("mailto:", EmailProblem.EMPTY),
        (
            "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 60 + ".id",
            EmailProblem.TOO_LONG,
        ),
        ("budi.kominfo.go.id", EmailProblem.MISSING_AT),
        ("budi@@kominfo.go.id", EmailProblem.TOO_MANY_AT),
        ("budi@humas@kominfo.go.id", EmailProblem.TOO_MANY_AT),
        ("@kominfo.go.id", EmailProblem.BAD_LOCAL_PART),
        ("budi.@kominfo.go.id", EmailProblem.BAD_LOCAL_PART),
        ("budi..santoso@kominfo.go.id", EmailProblem.BAD_LOCAL_PART),
        ("budi santoso@kominfo.go.id", EmailProblem.BAD_LOCAL_PART),
        ("a" * 65 + "@kominfo.go.id", EmailProblem.BAD_LOCAL_PART),
        ("budi@", EmailProblem.BAD_DOMAIN),
        ("budi@localhost", EmailProblem.BAD_DOMAIN),
        ("budi@kominfo..go.id", EmailProblem.BAD_DOMAIN),
        ("budi@-kominfo.go.id", EmailProblem.BAD_DOMAIN),
        ("budi@kominfo.go.1d", EmailProblem.BAD_DOMAIN),
        ("budi@kominfo_go.id", EmailProblem.BAD_DOMAIN),
        ("budi@\u212aominfo.go.id", EmailProblem.BAD_DOMAIN),
    ],
)
def test_each_problem_is_reported_precisely(text: str, expected: EmailProblem) -> None:
    with pytest.raises(EmailError) as caught:
        parse_work_email(text)

    assert caught.value.reason == expected


@given(st.text())
def test_any_text_either_parses_or_raises_email_error(text: str) -> None:
    with contextlib.suppress(EmailError):
        parse_work_email(text)
