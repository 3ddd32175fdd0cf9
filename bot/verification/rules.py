"""Pure rules of verification: thresholds, ownership codes, and review flags."""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal

FollowerRule = Literal["any", "all"]

# No 0/O, 1/I/L or 5/S: a code read off a phone screen and typed into a bio must survive.
_CODE_ALPHABET = "2346789ABCDEFGHJKMNPQRTUVWXYZ"
_CODE_PREFIX = "ASN-"
_DASHES = re.compile(r"[\u2010-\u2015\u2212\-\s]+")

NEW_ACCOUNT_DAYS = 180
JUMP_FACTOR = 1.5
JUMP_MINIMUM = 500


@dataclass(frozen=True)
class Policy:
    threshold: int = 500
    rule: FollowerRule = "any"
    code_valid: timedelta = timedelta(minutes=60)
    reapply_after: timedelta = timedelta(days=30)
    reverify_every: timedelta = timedelta(days=90)
    grace: timedelta = timedelta(days=14)
    recheck_cooldown: timedelta = timedelta(minutes=10)

    def passes(self, followers: int | None) -> bool:
        """More than the threshold, strictly: the programme says "lebih dari 500"."""
        return followers is not None and followers > self.threshold


def new_code() -> str:
    return _CODE_PREFIX + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(4))


def _fold(text: str) -> str:
    return _DASHES.sub("-", unicodedata.normalize("NFKC", text)).casefold()


def bio_has_code(bio: str, code: str) -> bool:
    """NFKC-normalised and case-insensitive; any dash or space between ASN and the code."""
    return _fold(code) in _fold(bio)


class Flag(StrEnum):
    FOLLOWS_MORE_THAN_FOLLOWED = "follows_more"
    NEW_ACCOUNT = "new_account"
    SUDDEN_JUMP = "sudden_jump"
    PROTECTED = "protected"  # only approved followers see the posts the programme asks for


def review_flags(
    *,
    followers: int | None,
    following: int | None,
    created_at: datetime | None,
    previous_followers: Iterable[int],
    now: datetime,
    protected: bool = False,
) -> tuple[Flag, ...]:
    """Things an admin should look at twice; never a reason to reject on their own."""
    flags = [Flag.PROTECTED] if protected else []
    if followers is not None and following is not None and following > followers:
        flags.append(Flag.FOLLOWS_MORE_THAN_FOLLOWED)
    if created_at is not None and now - created_at < timedelta(days=NEW_ACCOUNT_DAYS):
        flags.append(Flag.NEW_ACCOUNT)
    earlier = [count for count in previous_followers if count is not None]
    if followers is not None and earlier:
        last = earlier[-1]
        if followers - last >= JUMP_MINIMUM and followers > last * JUMP_FACTOR:
            flags.append(Flag.SUDDEN_JUMP)
    return tuple(flags)


def person_outcome(statuses: Iterable[str], rule: FollowerRule) -> str | None:
    """'verified', 'rejected', or None while something is still open.

    Statuses are the accounts' verification states; 'verified' means above the threshold and
    proven to be the person's.
    """
    states = list(statuses)
    final_fail = {"below_threshold", "not_found", "suspended", "rejected"}
    if rule == "any":
        if "verified" in states:
            return "verified"
        return "rejected" if states and all(s in final_fail for s in states) else None
    if states and all(s == "verified" for s in states):
        return "verified"
    return "rejected" if any(s in final_fail for s in states) else None
