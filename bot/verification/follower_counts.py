"""Follower counts as people type or copy them, in Indonesian or English notation.

Rules of :func:`parse_follower_count`:

- Case, surrounding spaces and a trailing word (``pengikut``, ``followers``, ``teman``,
  ``friends``, ``subscribers``, ``pelanggan``, ``fans``) are ignored.
- The number is read under both conventions: Indonesian (``.`` thousands, ``,`` decimal) and
  English (``,`` thousands, ``.`` decimal). Spaces and apostrophes group thousands in both.
  Thousands groups must be 3 digits (``1.234.567``); a reading that breaks them is dropped.
- Without a unit the count must be whole and has no decimal part, so ``12.345`` and ``12,345``
  both mean 12,345, ``1.000`` means 1,000 (never 1.000), and ``12,5`` is ``FRACTION``.
- Units: ``k``/``rb``/``ribu`` = thousand, ``jt``/``juta``/``mio``/``million`` = million,
  ``miliar``/``milyar``/``b``/``bn``/``billion`` = billion. A fraction times a unit is rounded
  half up (``1,2345 rb`` = 1,235).
- ``M`` is million in English and *miliar* (billion) in Indonesian. With ``locale_hint="en"`` it
  is always million. With ``"id"`` it is million when the number is in English notation
  (``1.2M``), and both million and billion otherwise (``1,2 M``, ``2M``): the caller has to ask.
- When the readings disagree (``1.500 rb``: 1,500 or 1,500,000; ``1,2 M``) and more than one
  is within the limit, :class:`AmbiguousCount` carries the candidates, smallest first.
- Negative numbers, empty text, non-numbers and counts over 10 billion are :class:`CountError`.

:func:`format_count` writes compact counts the way the platforms do, truncating rather than
rounding (1,299 is ``1,2 rb``/``1.2K``). Indonesian billions are written ``miliar``, never
``M``, so that the output parses back unambiguously.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum, StrEnum
from fractions import Fraction

__all__ = [
    "MAX_COUNT",
    "AmbiguousCount",
    "CountError",
    "CountProblem",
    "format_count",
    "parse_follower_count",
]

MAX_COUNT = 10_000_000_000
_MAX_NUMBER_CHARS = 64

_TRAILING_WORD = re.compile(
    r"\s*(?:pengikut|followers?|teman|friends|subscribers?|pelanggan|fans)\s*$"
)
_COUNT = re.compile(
    r"(?P<sign>[-\u2212\u2013]\s*)?(?P<num>[0-9](?:[0-9., ']*[0-9])?)\s*(?:(?P<unit>[a-z]+)\.?)?"
)

_THOUSAND = 1_000
_MILLION = 1_000_000
_BILLION = 1_000_000_000
_UNITS: dict[str, int] = {
    "k": _THOUSAND,
    "rb": _THOUSAND,
    "rbu": _THOUSAND,
    "ribu": _THOUSAND,
    "jt": _MILLION,
    "juta": _MILLION,
    "mio": _MILLION,
    "million": _MILLION,
    "miliar": _BILLION,
    "milyar": _BILLION,
    "b": _BILLION,
    "bn": _BILLION,
    "billion": _BILLION,
}


class CountProblem(StrEnum):
    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    NEGATIVE = "negative"
    FRACTION = "fraction"
    TOO_LARGE = "too_large"


class CountError(ValueError):
    def __init__(self, reason: CountProblem) -> None:
        super().__init__(reason.value)
        self.reason = reason


class AmbiguousCount(ValueError):
    """The text fits several counts; ask the user which one they meant."""

    def __init__(self, candidates: tuple[int, ...]) -> None:
        super().__init__(", ".join(str(c) for c in candidates))
        self.candidates = candidates


class _Notation(Enum):
    INDONESIAN = (".", ",")
    ENGLISH = (",", ".")

    @property
    def thousands(self) -> str:
        return self.value[0]

    @property
    def decimal(self) -> str:
        return self.value[1]


def _is_english(locale: str) -> bool:
    return locale.lower().startswith("en")


def _read_number(num: str, notation: _Notation) -> Fraction | None:
    """The value of ``num`` in ``notation``, or None where the notation does not fit."""
    if num.count(notation.decimal) > 1:
        return None
    integer, _, fraction = num.partition(notation.decimal)
    if notation.decimal in num and not fraction.isdigit():
        return None
    groups = re.split(rf"[{re.escape(notation.thousands)} ']", integer)
    if not all(g.isdigit() for g in groups):
        return None
    if len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    value = Fraction(int("".join(groups)))
    if fraction:
        value += Fraction(int(fraction), 10 ** len(fraction))
    return value


def _unit_values(unit: str, notation: _Notation, locale_hint: str) -> tuple[int, ...] | None:
    if not unit:
        return (1,)
    if unit == "m":
        if notation is _Notation.ENGLISH or _is_english(locale_hint):
            return (_MILLION,)
        return (_MILLION, _BILLION)
    multiplier = _UNITS.get(unit)
    return None if multiplier is None else (multiplier,)


def parse_follower_count(text: str, *, locale_hint: str = "id") -> int:
    cleaned = unicodedata.normalize("NFKC", text).lower().strip()
    if not cleaned:
        raise CountError(CountProblem.EMPTY)
    cleaned = _TRAILING_WORD.sub("", cleaned)
    match = _COUNT.fullmatch(cleaned)
    if match is None:
        raise CountError(CountProblem.NOT_A_NUMBER)
    num, unit = match["num"], match["unit"] or ""
    if len(num) > _MAX_NUMBER_CHARS:
        raise CountError(CountProblem.TOO_LARGE)

    candidates: set[int] = set()
    fraction_seen = False
    for notation in _Notation:
        value = _read_number(num, notation)
        multipliers = _unit_values(unit, notation, locale_hint)
        if value is None or multipliers is None:
            continue
        for multiplier in multipliers:
            scaled = value * multiplier
            # A count written without a unit is whole: "1.000" is a thousand, never 1.000.
            if not unit and notation.decimal in num:
                fraction_seen = True
                continue
            candidates.add(int(scaled + Fraction(1, 2)) if scaled.denominator != 1 else int(scaled))

    if not candidates:
        raise CountError(CountProblem.FRACTION if fraction_seen else CountProblem.NOT_A_NUMBER)
    if match["sign"] and max(candidates) > 0:
        raise CountError(CountProblem.NEGATIVE)
    within = sorted(c for c in candidates if c <= MAX_COUNT)
    if not within:
        raise CountError(CountProblem.TOO_LARGE)
    if len(within) > 1:
        raise AmbiguousCount(tuple(within))
    return within[0]


def _group_thousands(n: int, separator: str) -> str:
    return f"{n:,}".replace(",", separator)


def format_count(n: int, locale: str = "id", *, compact: bool = True) -> str:
    """``1,2 rb`` / ``1.2K`` style (``compact``), or every digit grouped (``12.345``)."""
    if n < 0:
        raise ValueError("a follower count is never negative")
    english = _is_english(locale)
    if not compact or n < _THOUSAND:
        return _group_thousands(n, "," if english else ".")
    if n >= _BILLION:
        unit, label = _BILLION, ("B" if english else " miliar")
    elif n >= _MILLION:
        unit, label = _MILLION, ("M" if english else " jt")
    else:
        unit, label = _THOUSAND, ("K" if english else " rb")
    tenths = n * 10 // unit
    whole, tenth = divmod(tenths, 10)
    number = _group_thousands(whole, "," if english else ".")
    if tenth and whole < 100:
        number += ("." if english else ",") + str(tenth)
    return number + label
