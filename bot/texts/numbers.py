"""Whole numbers typed by people or carried in button data, parsed one way everywhere.

`str.isdigit()` accepts digits Python's `int()` rejects ("₆", "²") and `int()` accepts digits
from every script ("٣", "３"); neither bounds the size, and SQLite stores at most 2**63 - 1.
Only ASCII digits count here, and the value must fit the range asked for.
"""

from __future__ import annotations

import re

SQLITE_MAX_INTEGER = 2**63 - 1
# At most 19 digits: the bound check then never builds a huge int from a 4,096-digit string.
_ASCII_NUMBER = re.compile(r"[0-9]{1,19}")


def parse_whole_number(
    text: str | None,
    *,
    minimum: int = 0,
    maximum: int = SQLITE_MAX_INTEGER,
    prefix: str = "",
) -> int | None:
    """The number in `text` (ASCII digits only, after an optional `prefix` such as "#"),
    or None when it is anything else or lies outside minimum..maximum."""
    if text is None:
        return None
    value = text.strip()
    if prefix and value.startswith(prefix):
        value = value[len(prefix) :]
    if not _ASCII_NUMBER.fullmatch(value):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None
