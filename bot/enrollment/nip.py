"""NIP (Nomor Induk Pegawai): the 18-digit civil-servant number.

Shape: ``YYYYMMDD YYYYMM G NNN`` = birth date, appointment month (TMT), gender digit
(1 male, 2 female), sequence 001-999. PPPK numbers have the same shape.

Input may group the digits with whitespace, ``.``, ``-``, ``/``, ``_`` or dash-like characters
(en dash, em dash, minus sign). Any other character is :attr:`NipProblem.NOT_DIGITS`.

Age at appointment is counted in whole months: the birth month counts as a full month, so
someone born in June 1985 is 18 from the appointment month June 2003 on, and still 60 up to
May 2046.

:func:`mask_nip` keeps the first 4 digits (birth year) and the last 2 and stars the rest, with
the length unchanged (``1985************03``): enough for an admin to tell records apart in logs
and exports without exposing the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "Gender",
    "Nip",
    "NipError",
    "NipProblem",
    "mask_nip",
    "mask_nips_in_text",
    "parse_nip",
]

NIP_LENGTH = 18
MIN_AGE_AT_APPOINTMENT = 18
MAX_AGE_AT_APPOINTMENT = 60
_EARLIEST_YEAR = 1900

# One separator rule for the parser and for masking NIPs in free text (logs): whatever the
# parser accepts as a NIP, the mask recognises too.
SEPARATOR_CLASS = r"[\s.\-/_\u2010-\u2015\u2212]"
_SEPARATORS = re.compile(SEPARATOR_CLASS + "+")
# 18 digits, each run of separators between them allowed, not inside a longer digit run.
_NIP_IN_TEXT = re.compile(
    rf"(?<![0-9])[0-9](?:{SEPARATOR_CLASS}*[0-9]){{{NIP_LENGTH - 1}}}(?![0-9])"
)
_ASCII_DIGITS = re.compile(r"[0-9]*")


class NipProblem(StrEnum):
    EMPTY = "empty"
    NOT_DIGITS = "not_digits"
    WRONG_LENGTH = "wrong_length"
    BAD_BIRTH_DATE = "bad_birth_date"
    BAD_APPOINTMENT_MONTH = "bad_appointment_month"
    APPOINTMENT_IN_FUTURE = "appointment_in_future"
    AGE_AT_APPOINTMENT = "age_at_appointment"
    BAD_GENDER_DIGIT = "bad_gender_digit"
    ZERO_SEQUENCE = "zero_sequence"


class NipError(ValueError):
    def __init__(self, reason: NipProblem) -> None:
        super().__init__(reason.value)
        self.reason = reason


class Gender(StrEnum):
    MALE = "M"
    FEMALE = "F"


@dataclass(frozen=True)
class Nip:
    digits: str
    birth_date: date
    appointment: tuple[int, int]
    gender: Gender
    sequence: int

    def formatted(self) -> str:
        d = self.digits
        return f"{d[:8]} {d[8:14]} {d[14]} {d[15:]}"

    def masked(self) -> str:
        return mask_nip(self.digits)


def parse_nip(text: str, *, today: date) -> Nip:
    stripped = text.strip()
    if not stripped:
        raise NipError(NipProblem.EMPTY)
    digits = _SEPARATORS.sub("", stripped)
    if not _ASCII_DIGITS.fullmatch(digits):
        raise NipError(NipProblem.NOT_DIGITS)
    if len(digits) != NIP_LENGTH:
        raise NipError(NipProblem.WRONG_LENGTH)

    birth_year, birth_month, birth_day = int(digits[0:4]), int(digits[4:6]), int(digits[6:8])
    if birth_year < _EARLIEST_YEAR:
        raise NipError(NipProblem.BAD_BIRTH_DATE)
    try:
        birth_date = date(birth_year, birth_month, birth_day)
    except ValueError:
        raise NipError(NipProblem.BAD_BIRTH_DATE) from None

    appointment_year, appointment_month = int(digits[8:12]), int(digits[12:14])
    if appointment_year < _EARLIEST_YEAR or not 1 <= appointment_month <= 12:
        raise NipError(NipProblem.BAD_APPOINTMENT_MONTH)
    if (appointment_year, appointment_month) > (today.year, today.month):
        raise NipError(NipProblem.APPOINTMENT_IN_FUTURE)
    age_in_months = (appointment_year * 12 + appointment_month) - (birth_year * 12 + birth_month)
    age_in_years = age_in_months // 12
    if not MIN_AGE_AT_APPOINTMENT <= age_in_years <= MAX_AGE_AT_APPOINTMENT:
        raise NipError(NipProblem.AGE_AT_APPOINTMENT)

    gender_digit = digits[14]
    if gender_digit not in ("1", "2"):
        raise NipError(NipProblem.BAD_GENDER_DIGIT)
    sequence = int(digits[15:])
    if sequence == 0:
        raise NipError(NipProblem.ZERO_SEQUENCE)

    return Nip(
        digits=digits,
        birth_date=birth_date,
        appointment=(appointment_year, appointment_month),
        gender=Gender.MALE if gender_digit == "1" else Gender.FEMALE,
        sequence=sequence,
    )


def mask_nip(digits: str) -> str:
    """Star all but the first 4 and last 2 characters; shorter input is starred entirely.

    Separators are dropped first, so a formatted NIP masks the same as its digits.
    """
    compact = _SEPARATORS.sub("", digits)
    if len(compact) < 8:
        return "*" * len(compact)
    return compact[:4] + "*" * (len(compact) - 6) + compact[-2:]


def mask_nips_in_text(text: str) -> str:
    """Masks every NIP-shaped run of digits in `text`, however it is separated."""
    return _NIP_IN_TEXT.sub(lambda match: mask_nip(match.group()), text)
