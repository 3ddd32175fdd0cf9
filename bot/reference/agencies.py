"""Government agencies an ASN can belong to.

The shipped list (``bot/reference/data/agencies.csv``) holds the central ministries of the
Kabinet Merah Putih as of late 2025, the main central agencies and the 38 provincial
governments. Columns:
``code,kind,name,aliases``; ``kind`` is ``central``, ``provincial`` or ``regional``; ``aliases``
are separated by ``|``. An admin-maintained CSV with the same columns adds rows, or replaces
the shipped row with the same code, so the list grows without code changes.

Regency and city governments (over 500) are not listed: :func:`regional_agency_name` checks and
normalises the name the user types instead.

Search ignores case, accents and punctuation, and ranks: exact name/alias/code (spaces ignored),
then a name or alias starting with the query, then names/aliases whose words start with every
query word, then substring matches; ties keep the file order.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path

from bot.reference.regions import normalise as _normalise_region

__all__ = [
    "Agency",
    "AgencyDataError",
    "AgencyDirectory",
    "AgencyError",
    "AgencyKind",
    "AgencyProblem",
    "load_agencies",
    "regional_agency_name",
]

MAX_AGENCY_NAME_LENGTH = 100
MIN_PLACE_LETTERS = 3
_ALIAS_SEPARATOR = "|"
_CODE = re.compile(r"[a-z0-9][a-z0-9-]*")
_WORD_FIXES = {"kementrian": "kementerian"}


class AgencyKind(StrEnum):
    CENTRAL = "central"
    PROVINCIAL = "provincial"
    REGIONAL = "regional"


class AgencyProblem(StrEnum):
    EMPTY = "empty"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    NO_LETTERS = "no_letters"
    BAD_CHARACTERS = "bad_characters"
    MISSING_REGION_TYPE = "missing_region_type"
    PROVINCE = "province"


class AgencyError(ValueError):
    def __init__(self, reason: AgencyProblem) -> None:
        super().__init__(reason.value)
        self.reason = reason


class AgencyDataError(ValueError):
    """A row of an agency CSV is unusable; for the admin who maintains the file."""

    def __init__(self, source: str, line: int, problem: str) -> None:
        super().__init__(f"{source}, line {line}: {problem}")
        self.source = source
        self.line = line
        self.problem = problem


@dataclass(frozen=True)
class Agency:
    code: str
    kind: AgencyKind
    name: str
    aliases: tuple[str, ...] = ()


def _normalise(text: str) -> str:
    return " ".join(_WORD_FIXES.get(w, w) for w in _normalise_region(text).split())


@dataclass(frozen=True)
class _SearchKeys:
    words: tuple[tuple[str, ...], ...]
    compact: tuple[str, ...]


def _search_keys(agency: Agency) -> _SearchKeys:
    normalised = [_normalise(t) for t in (agency.name, *agency.aliases)]
    return _SearchKeys(
        words=tuple(tuple(n.split()) for n in normalised),
        compact=(agency.code.replace("-", ""), *(n.replace(" ", "") for n in normalised)),
    )


def _rank(query_words: list[str], keys: _SearchKeys) -> int | None:
    compact_query = "".join(query_words)
    if compact_query in keys.compact:
        return 0
    if any(k.startswith(compact_query) for k in keys.compact[1:]):
        return 1
    for words in keys.words:
        if all(any(w.startswith(q) for w in words) for q in query_words):
            return 2
    if any(compact_query in k for k in keys.compact[1:]):
        return 3
    return None


class AgencyDirectory:
    def __init__(self, agencies: Iterable[Agency]) -> None:
        self._agencies: dict[str, Agency] = {}
        for agency in agencies:
            self._agencies[agency.code] = agency
        self._keys = {code: _search_keys(a) for code, a in self._agencies.items()}

    def __len__(self) -> int:
        return len(self._agencies)

    def __iter__(self) -> Iterator[Agency]:
        return iter(self._agencies.values())

    def by_code(self, code: str) -> Agency | None:
        return self._agencies.get(code.strip().lower())

    def search(self, query: str, kind: AgencyKind | None = None, limit: int = 8) -> list[Agency]:
        query_words = _normalise(query).split()
        if not query_words or limit <= 0:
            return []
        ranked: list[tuple[int, int, Agency]] = []
        for index, agency in enumerate(self._agencies.values()):
            if kind is not None and agency.kind != kind:
                continue
            rank = _rank(query_words, self._keys[agency.code])
            if rank is not None:
                ranked.append((rank, index, agency))
        ranked.sort(key=lambda item: (item[0], item[1]))
        return [agency for _, _, agency in ranked[:limit]]


def _read_rows(text: str, source: str) -> list[Agency]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"code", "kind", "name"} - set(reader.fieldnames or ())
    if missing:
        raise AgencyDataError(source, 1, f"missing column(s): {', '.join(sorted(missing))}")
    agencies: list[Agency] = []
    for row in reader:
        line = reader.line_num
        code = (row.get("code") or "").strip().lower()
        name = " ".join((row.get("name") or "").split())
        kind_text = (row.get("kind") or "").strip().lower()
        if not code and not name:
            continue
        if not _CODE.fullmatch(code):
            raise AgencyDataError(source, line, f"bad code {code!r}")
        if not name:
            raise AgencyDataError(source, line, "empty name")
        try:
            kind = AgencyKind(kind_text)
        except ValueError:
            raise AgencyDataError(source, line, f"unknown kind {kind_text!r}") from None
        aliases = tuple(
            a.strip() for a in (row.get("aliases") or "").split(_ALIAS_SEPARATOR) if a.strip()
        )
        agencies.append(Agency(code=code, kind=kind, name=name, aliases=aliases))
    return agencies


def load_agencies(extra_path: Path | None = None) -> AgencyDirectory:
    shipped = (
        resources.files("bot.reference.data").joinpath("agencies.csv").read_text(encoding="utf-8")
    )
    agencies = _read_rows(shipped, "agencies.csv")
    if extra_path is not None:
        agencies += _read_rows(extra_path.read_text(encoding="utf-8-sig"), str(extra_path))
    return AgencyDirectory(agencies)


_WHITESPACE = re.compile(r"\s+")
_ALLOWED_PUNCTUATION = frozenset(" .'’-()")
_PROVINCE_PREFIX = re.compile(r"(?:pemerintah\s+provinsi|pemprov|provinsi|prov)\b", re.I)
_REGION_PREFIX = re.compile(
    r"(?:(?:pemerintah|pemda)\s+)?"
    r"(?P<type>kabupaten|kotamadya|kab\b\.?|kota\b|pemkab\b\.?|pemkot\b\.?)"
    r"\s*(?P<place>.*)",
    re.I,
)
_REGION_SUFFIX = re.compile(r"(?P<place>.+?)\s+(?P<type>regency|city)", re.I)
_LOWERCASE_WORDS = frozenset({"dan"})


def _tidy_case(place: str) -> str:
    if place != place.lower() and place != place.upper():
        return place
    return " ".join(
        w.lower() if w.lower() in _LOWERCASE_WORDS else w.capitalize() for w in place.split()
    )


def regional_agency_name(text: str) -> str:
    """``Kab. Sleman``/``Pemkot Bandung`` → ``Pemerintah Kabupaten Sleman``/``… Kota Bandung``."""
    cleaned = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    if not cleaned:
        raise AgencyError(AgencyProblem.EMPTY)
    if len(cleaned) > MAX_AGENCY_NAME_LENGTH:
        raise AgencyError(AgencyProblem.TOO_LONG)
    if not any(unicodedata.category(c).startswith("L") for c in cleaned):
        raise AgencyError(AgencyProblem.NO_LETTERS)
    for char in cleaned:
        if char not in _ALLOWED_PUNCTUATION and unicodedata.category(char)[0] not in "LM":
            raise AgencyError(AgencyProblem.BAD_CHARACTERS)
    if _PROVINCE_PREFIX.match(cleaned):
        raise AgencyError(AgencyProblem.PROVINCE)

    if prefixed := _REGION_PREFIX.fullmatch(cleaned):
        region_type, place = prefixed["type"].lower(), prefixed["place"]
    elif suffixed := _REGION_SUFFIX.fullmatch(cleaned):
        region_type, place = suffixed["type"].lower(), suffixed["place"]
    else:
        raise AgencyError(AgencyProblem.MISSING_REGION_TYPE)

    place = place.strip(" .-'’")
    if sum(unicodedata.category(c).startswith("L") for c in place) < MIN_PLACE_LETTERS:
        raise AgencyError(AgencyProblem.TOO_SHORT)
    is_city = region_type.startswith(("kota", "pemkot", "city"))
    return f"Pemerintah {'Kota' if is_city else 'Kabupaten'} {_tidy_case(place)}"
