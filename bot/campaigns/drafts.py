"""A campaign being composed: its fields, and the checks on what an admin types."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, time
from enum import StrEnum
from urllib.parse import urlparse

from bot.clock import JAKARTA

MAX_VARIANTS = 5
MAX_TEXT = 1024  # a caption's limit; a text message may be longer, but shares stay short
_HASHTAG = re.compile(r"^#[\w]{1,60}$")


class DraftProblem(StrEnum):
    BAD_LINK = "bad_link"
    BAD_HASHTAGS = "bad_hashtags"
    BAD_DATETIME = "bad_datetime"
    IN_THE_PAST = "in_the_past"
    BAD_TIME = "bad_time"
    TOO_LONG = "too_long"
    TOO_MANY_VARIANTS = "too_many_variants"
    EMPTY = "empty"


class DraftError(ValueError):
    def __init__(self, reason: DraftProblem) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class ContentDraft:
    kind: str = "text"  # text | photo | video | document
    body: str = ""
    media_file_id: str | None = None
    link: str | None = None
    hashtags: str = ""
    variants: tuple[str, ...] = ()
    target: dict[str, str] = field(default_factory=dict)
    schedule_kind: str = "now"  # now | once | daily
    run_at: str | None = None  # ISO, UTC
    daily_time: str | None = None  # HH:MM
    step: str = "content"
    send_now: bool = False  # /siaran: no schedule question
    unit_id: int | None = None  # the unit whose group composes it (None: the national group)
    target_units: tuple[int, ...] = ()  # units chosen to receive it (none: the whole audience)
    localises: int | None = None  # the campaign whose caption variants the unit gives

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ContentDraft:
        data = json.loads(text)
        data["variants"] = tuple(data.get("variants", ()))
        data["target_units"] = tuple(data.get("target_units", ()))
        return cls(**data)

    def with_(self, **changes: object) -> ContentDraft:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def texts(self) -> tuple[str, ...]:
        """What recipients get, in rotation: the variants, or the body alone."""
        return self.variants or (self.body,)


def check_body(text: str) -> str:
    body = text.strip()
    if not body:
        raise DraftError(DraftProblem.EMPTY)
    if len(body) > MAX_TEXT:
        raise DraftError(DraftProblem.TOO_LONG)
    return body


def parse_link(text: str) -> str:
    link = text.strip()
    parts = urlparse(link)
    if parts.scheme not in {"http", "https"} or "." not in parts.netloc or " " in link:
        raise DraftError(DraftProblem.BAD_LINK)
    return link


def parse_hashtags(text: str) -> str:
    tags = text.replace(",", " ").split()
    normalised = [tag if tag.startswith("#") else f"#{tag}" for tag in tags]
    if not normalised or not all(_HASHTAG.match(tag) for tag in normalised):
        raise DraftError(DraftProblem.BAD_HASHTAGS)
    return " ".join(dict.fromkeys(normalised))


def parse_run_at(text: str, now: datetime) -> datetime:
    """`2026-11-28 08:00`, read as WIB (the admins' clock); returns UTC."""
    try:
        local = datetime.strptime(" ".join(text.split()), "%Y-%m-%d %H:%M")
    except ValueError:
        raise DraftError(DraftProblem.BAD_DATETIME) from None
    moment = local.replace(tzinfo=JAKARTA).astimezone(UTC)
    if moment <= now:
        raise DraftError(DraftProblem.IN_THE_PAST)
    return moment


def parse_daily_time(text: str) -> time:
    try:
        return datetime.strptime(text.strip().replace(".", ":"), "%H:%M").time()
    except ValueError:
        raise DraftError(DraftProblem.BAD_TIME) from None
