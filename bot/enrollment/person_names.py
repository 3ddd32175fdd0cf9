"""A person's full name as the user types it, academic and religious titles included.

Allowed: letters of any script (with their combining marks), spaces, and the punctuation that
titles and names use: ``.`` ``,`` apostrophes (``'`` ``’`` ``‘``) and hyphens. Zero-width
joiners are allowed because some scripts need them inside words.

Normalisation: Unicode NFC, every run of whitespace becomes one space, ends trimmed. Case is
kept as typed. The length limit applies to the normalised text.

Reason order: ``EMPTY``, ``TOO_LONG``, then ``NO_LETTERS`` when nothing in the text is a
letter (digits, emoji or punctuation only), else ``BAD_CHARACTERS`` for anything not allowed
(digits, emoji, control characters, symbols) next to letters.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

__all__ = ["MAX_NAME_LENGTH", "FullNameError", "NameProblem", "parse_full_name"]

MAX_NAME_LENGTH = 100

_WHITESPACE = re.compile(r"\s+")
_PUNCTUATION = frozenset(".,'’‘-‐‑ ")
_JOINERS = frozenset("\u200c\u200d")


class NameProblem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_LETTERS = "no_letters"
    BAD_CHARACTERS = "bad_characters"


class FullNameError(ValueError):
    def __init__(self, reason: NameProblem) -> None:
        super().__init__(reason.value)
        self.reason = reason


def _is_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L")


def _is_allowed(char: str) -> bool:
    if char in _PUNCTUATION or char in _JOINERS:
        return True
    category = unicodedata.category(char)
    return category.startswith("L") or category.startswith("M")


def parse_full_name(text: str) -> str:
    name = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    if not name:
        raise FullNameError(NameProblem.EMPTY)
    if len(name) > MAX_NAME_LENGTH:
        raise FullNameError(NameProblem.TOO_LONG)
    if not any(_is_letter(char) for char in name):
        raise FullNameError(NameProblem.NO_LETTERS)
    if not all(_is_allowed(char) for char in name):
        raise FullNameError(NameProblem.BAD_CHARACTERS)
    return name
