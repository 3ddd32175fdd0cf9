"""A work e-mail address, and whether it is on a government (``go.id``) domain.

Deliberately practical rather than RFC 5322 complete: one ``@``; a local part of at most 64
characters from ``A-Z a-z 0-9`` and ``!#$%&'*+/=?^_`{|}~-`` with dots only between other
characters; an ASCII domain of at least two dot-separated labels (letters, digits, inner
hyphens, 1-63 characters each) ending in a top-level domain of at least two letters; 254
characters in all. A leading ``mailto:`` is dropped. The domain is lowercased; the local part
keeps its case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["EmailError", "EmailProblem", "WorkEmail", "parse_work_email"]

MAX_EMAIL_LENGTH = 254
MAX_LOCAL_LENGTH = 64
GOVERNMENT_SUFFIX = "go.id"

_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TOP_LEVEL = re.compile(r"[a-z]{2,63}")


class EmailProblem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    MISSING_AT = "missing_at"
    TOO_MANY_AT = "too_many_at"
    BAD_LOCAL_PART = "bad_local_part"
    BAD_DOMAIN = "bad_domain"


class EmailError(ValueError):
    def __init__(self, reason: EmailProblem) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class WorkEmail:
    address: str
    is_government: bool

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]


def parse_work_email(text: str) -> WorkEmail:
    address = text.strip()
    if address[:7].lower() == "mailto:":
        address = address[7:].strip()
    if not address:
        raise EmailError(EmailProblem.EMPTY)
    if len(address) > MAX_EMAIL_LENGTH:
        raise EmailError(EmailProblem.TOO_LONG)
    at_signs = address.count("@")
    if at_signs == 0:
        raise EmailError(EmailProblem.MISSING_AT)
    if at_signs > 1:
        raise EmailError(EmailProblem.TOO_MANY_AT)
    local, _, domain = address.partition("@")
    if len(local) > MAX_LOCAL_LENGTH or not _LOCAL.fullmatch(local):
        raise EmailError(EmailProblem.BAD_LOCAL_PART)
    if not domain.isascii():
        raise EmailError(EmailProblem.BAD_DOMAIN)
    domain = domain.lower()
    labels = domain.split(".")
    if (
        len(labels) < 2
        or not all(_LABEL.fullmatch(label) for label in labels)
        or not _TOP_LEVEL.fullmatch(labels[-1])
    ):
        raise EmailError(EmailProblem.BAD_DOMAIN)
    is_government = domain == GOVERNMENT_SUFFIX or domain.endswith("." + GOVERNMENT_SUFFIX)
    return WorkEmail(address=f"{local}@{domain}", is_government=is_government)
