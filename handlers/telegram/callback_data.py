"""Callback data, one codec per button family: the same prefix builds the buttons and the
handler pattern, and decoding validates every field.

Button data comes back from a client: an old message, a bot version ago, or a modified client
can send anything up to 64 bytes under a known prefix. Whatever does not decode is None, and
the handler answers that the button is outdated instead of failing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

from telegram import CallbackQuery
from telegram.error import BadRequest

from bot.enrollment.service import Field
from bot.enrollment.social_handles import Platform
from bot.languages import LOCALES, Locale
from bot.people.service import CHANNELS
from bot.reference.agencies import AgencyKind
from bot.reference.regions import TimeZone
from bot.texts.numbers import parse_whole_number
from bot.verification.follower_counts import MAX_COUNT
from bot.verification.review import ReviewReason

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)
MAX_CALLBACK_BYTES = 64
_CODE = re.compile(r"[A-Za-z0-9_.-]{1,40}")


class Codec(Generic[T]):
    def __init__(
        self, prefix: str, encode: Callable[[T], str], decode: Callable[[str], T | None]
    ) -> None:
        self.prefix = prefix
        self._encode = encode
        self._decode = decode

    @property
    def pattern(self) -> str:
        """For CallbackQueryHandler: every press of this family, valid or not."""
        return "^" + re.escape(self.prefix)

    def encode(self, value: T) -> str:
        data = self.prefix + self._encode(value)
        if len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
        return data

    def decode(self, data: str | None) -> T | None:
        if data is None or not data.startswith(self.prefix):
            return None
        if len(data.encode("utf-8", "replace")) > MAX_CALLBACK_BYTES:
            return None
        return self._decode(data[len(self.prefix) :])


class Fixed:
    """A button that carries no value: its data is the whole of it."""

    def __init__(self, data: str) -> None:
        if len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
        self.data = data

    @property
    def pattern(self) -> str:
        return "^" + re.escape(self.data) + "$"

    def matches(self, data: str | None) -> bool:
        return data == self.data


class Family(Protocol):
    @property
    def pattern(self) -> str: ...


def any_of(*families: Family) -> str:
    """The pattern of one handler that takes the presses of several families."""
    return "|".join(family.pattern for family in families)


@contextmanager
def unchanged_is_fine() -> Iterator[None]:
    """Around an edit after a press: a second quick tap (or a press on a message that shows
    this already) asks for no change, and Telegram answers "message is not modified"."""
    try:
        yield
    except BadRequest as error:
        if "not modified" not in error.message:
            raise


async def remove_buttons(query: CallbackQuery) -> None:
    with unchanged_is_fine():
        await query.edit_message_reply_markup(None)


def _enum(kind: type[E]) -> Callable[[str], E | None]:
    def decode(text: str) -> E | None:
        try:
            return kind(text)
        except ValueError:
            return None

    return decode


def enum_codec(prefix: str, kind: type[E]) -> Codec[E]:
    return Codec(prefix, str, _enum(kind))


def _code(text: str) -> str | None:
    return text if _CODE.fullmatch(text) else None


def _positive(text: str) -> int | None:
    return parse_whole_number(text, minimum=1)


def _locale(text: str) -> Locale | None:
    return next((locale for locale in LOCALES if locale == text), None)


# --- Language and privacy (the person's chat) ---------------------------------------------

LANGUAGE = Codec[Locale]("lang:", str, _locale)


class EraseAnswer(StrEnum):
    YES = "yes"
    NO = "no"


ERASE = enum_codec("privacy:erase:", EraseAnswer)


class LeaderboardChoice(StrEnum):
    HIDE = "hide"
    SHOW = "show"


LEADERBOARD = enum_codec("lb:", LeaderboardChoice)  # whether /peringkat shows the person


def _channel(text: str) -> str | None:
    return text if text in CHANNELS else None


CONTENT_CHANNEL = Codec[str]("link:to:", str, _channel)  # where a linked person's content goes


# --- Enrollment ---------------------------------------------------------------------------

CONSENT_YES = Fixed("enr:consent:yes")
CONSENT_NO = Fixed("enr:consent:no")
AGENCY_KIND = enum_codec("enr:kind:", AgencyKind)
CHANGE_KIND = Fixed("enr:kind-again")  # back from the agency list to the kind
AGENCY = Codec[str]("enr:agency:", str, _code)
PROVINCE = Codec[str]("enr:prov:", str, _code)


class SummaryAction(StrEnum):
    OK = "ok"
    CHANGE = "change"
    BACK = "back"


SUMMARY = enum_codec("enr:sum:", SummaryAction)
EDIT_FIELD = enum_codec("enr:edit:", Field)
SKIP_ANSWER = Fixed("enr:skip")  # an optional answer (work e-mail, a social handle)
REMOVE_ANSWER = Fixed("enr:remove")  # a social handle given before

# --- Verification (the person's chat) -----------------------------------------------------

MANUAL_REVIEW = enum_codec("ver:manual:", Platform)
CODE_DONE = enum_codec("ver:done:", Platform)  # "the code is in my bio now"
CODE_NEW = enum_codec("ver:code:", Platform)  # "give me a new code"


def _follower_count(text: str) -> int | None:
    return parse_whole_number(text, maximum=MAX_COUNT)


COUNT_CHOICE = Codec[int]("ver:count:", str, _follower_count)

# --- Campaign deliveries (the person's chat) ---------------------------------------------

SHARED = Codec[int]("share:done:", str, _positive)  # "I shared it", by delivery id
INSTAGRAM_FILE = Codec[int]("share:file:", str, _positive)  # the media as a file
SKIP_POST_LINK = Fixed("share:skip")

# --- Composing a campaign (the admin group) -----------------------------------------------

COMPOSE_SKIP = Fixed("cmp:skip")  # no link, no hashtags
VARIANTS_DONE = Fixed("cmp:done")


class TargetKind(StrEnum):
    ALL = "all"
    ZONE = "zone"  # asks which
    PROVINCE = "province"  # asks for a name to search
    AGENCY = "agency"  # asks for a name to search
    PLATFORM = "platform"  # asks which
    UNIT = "unit"  # asks for PR units to search (several may be chosen)


def _zone(text: str) -> str | None:
    return text if text in TimeZone.__members__ else None


TARGET = enum_codec("cmp:t:", TargetKind)
TARGET_ZONE = Codec[str]("cmp:z:", str, _zone)
TARGET_PLATFORM = enum_codec("cmp:p:", Platform)
TARGET_PROVINCE = Codec[str]("cmp:tp:", str, _code)
TARGET_AGENCY = Codec[str]("cmp:ta:", str, _code)
# PR units: one press adds a unit (by id) to the campaign's receivers; Done ends the choice.
TARGET_UNIT = Codec[int]("cmp:tu:", str, _positive)
TARGET_UNITS_DONE = Fixed("cmp:tud")


class ScheduleKind(StrEnum):
    NOW = "now"
    ONCE = "once"
    DAILY = "daily"


SCHEDULE = enum_codec("cmp:s:", ScheduleKind)
SAVE_CAMPAIGN = Fixed("cmp:ok")
DISCARD_CAMPAIGN = Fixed("cmp:no")
APPROVE_CAMPAIGN = Codec[int]("cmp:approve:", str, _positive)  # the second admin's approval

# --- Revoking a badge (the admin group) ---------------------------------------------------

REVOKE_BADGE = Codec[str]("badge:revoke:", str, _code)  # by badge number
KEEP_BADGE = Fixed("badge:keep")

# --- Review cards (the admin group) -------------------------------------------------------


class ReviewAction(StrEnum):
    APPROVE = "ok"
    REJECT = "no"  # shows the reasons
    REASON = "why"  # rejects with a picked reason
    TYPED = "type"  # asks for a typed reason
    BACK = "back"  # back to Approve/Reject
    PAGE = "page"  # a page of /tinjau (number is the page, not a case)


@dataclass(frozen=True)
class ReviewPress:
    action: ReviewAction
    number: int  # the case id, or the page for PAGE
    reason: str | None = None  # a ReviewReason key, for REASON only


def _encode_review(press: ReviewPress) -> str:
    parts = [press.action.value, str(press.number)]
    if press.action is ReviewAction.REASON and press.reason:
        parts.append(press.reason)
    return ":".join(parts)


def _decode_review(text: str) -> ReviewPress | None:
    action, _, rest = text.partition(":")
    kind = _enum(ReviewAction)(action)
    if kind is None:
        return None
    number_text, _, reason = rest.partition(":")
    number = parse_whole_number(number_text, minimum=0 if kind is ReviewAction.PAGE else 1)
    if number is None:
        return None
    if kind is ReviewAction.REASON:
        return ReviewPress(kind, number, reason) if reason in ReviewReason.KEYS else None
    return ReviewPress(kind, number) if not reason and ":" not in rest else None


REVIEW = Codec[ReviewPress]("rev:", _encode_review, _decode_review)

# --- PR units (the national admin group) ---------------------------------------------------

DEACTIVATE_UNIT = Codec[int]("unit:off:", str, _positive)  # by unit id, re-checked on press
KEEP_UNIT = Fixed("unit:keep")

# Admin-group buttons that anyone in the group can see; a press by someone else is refused.
ADMIN_BUTTONS = any_of(
    REVIEW,
    REVOKE_BADGE,
    KEEP_BADGE,
    COMPOSE_SKIP,
    VARIANTS_DONE,
    TARGET,
    TARGET_ZONE,
    TARGET_PLATFORM,
    TARGET_PROVINCE,
    TARGET_AGENCY,
    TARGET_UNIT,
    TARGET_UNITS_DONE,
    SCHEDULE,
    SAVE_CAMPAIGN,
    DISCARD_CAMPAIGN,
    APPROVE_CAMPAIGN,
    DEACTIVATE_UNIT,
    KEEP_UNIT,
)
