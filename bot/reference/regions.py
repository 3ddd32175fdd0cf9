"""Indonesia's 38 provinces and their time zones (no daylight saving anywhere).

Codes are the ISO 3166-2:ID subdivision codes without the ``ID-`` prefix, lowercase (``ji`` =
Jawa Timur): short, stable and safe in callback data. :data:`PROVINCES` is in the customary
official order, west to east.

:func:`find_provinces` ignores case, accents, punctuation and extra spaces, drops a leading
"Provinsi"/"Prov"/"Pemprov", reads "Sumatra" as "Sumatera" and "Kep" as "Kepulauan", and matches
names, codes and aliases (abbreviations such as "Jatim", "DIY", "Kepri", and English names).
Ranking: exact match, then a name or alias that starts with the query, then one whose words
start with each query word, then a substring match; ties keep the official order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

__all__ = ["PROVINCES", "Province", "TimeZone", "find_provinces", "normalise", "province_by_code"]


class TimeZone(Enum):
    WIB = ("Asia/Jakarta", 7)
    WITA = ("Asia/Makassar", 8)
    WIT = ("Asia/Jayapura", 9)

    @property
    def iana(self) -> str:
        return self.value[0]

    @property
    def utc_offset_hours(self) -> int:
        return self.value[1]


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    zone: TimeZone
    aliases: tuple[str, ...] = ()


def _p(code: str, name: str, zone: TimeZone, *aliases: str) -> Province:
    return Province(code=code, name=name, zone=zone, aliases=aliases)


_WIB, _WITA, _WIT = TimeZone.WIB, TimeZone.WITA, TimeZone.WIT

PROVINCES: tuple[Province, ...] = (
    _p("ac", "Aceh", _WIB, "NAD", "Nanggroe Aceh Darussalam"),
    _p("su", "Sumatera Utara", _WIB, "Sumut", "North Sumatra"),
    _p("sb", "Sumatera Barat", _WIB, "Sumbar", "West Sumatra"),
    _p("ri", "Riau", _WIB),
    _p("ja", "Jambi", _WIB),
    _p("ss", "Sumatera Selatan", _WIB, "Sumsel", "South Sumatra"),
    _p("be", "Bengkulu", _WIB),
    _p("la", "Lampung", _WIB),
    _p("bb", "Kepulauan Bangka Belitung", _WIB, "Babel", "Bangka Belitung"),
    _p("kr", "Kepulauan Riau", _WIB, "Kepri", "Riau Islands"),
    _p("jk", "DKI Jakarta", _WIB, "DKI", "Jakarta", "DKJ", "Daerah Khusus Jakarta"),
    _p("jb", "Jawa Barat", _WIB, "Jabar", "West Java"),
    _p("jt", "Jawa Tengah", _WIB, "Jateng", "Central Java"),
    _p(
        "yo",
        "DI Yogyakarta",
        _WIB,
        "DIY",
        "Yogyakarta",
        "Jogja",
        "Jogjakarta",
        "Yogya",
        "Daerah Istimewa Yogyakarta",
        "Special Region of Yogyakarta",
    ),
    _p("ji", "Jawa Timur", _WIB, "Jatim", "East Java"),
    _p("bt", "Banten", _WIB),
    _p("ba", "Bali", _WITA),
    _p("nb", "Nusa Tenggara Barat", _WITA, "NTB", "West Nusa Tenggara"),
    _p("nt", "Nusa Tenggara Timur", _WITA, "NTT", "East Nusa Tenggara"),
    _p("kb", "Kalimantan Barat", _WIB, "Kalbar", "West Kalimantan"),
    _p("kt", "Kalimantan Tengah", _WIB, "Kalteng", "Central Kalimantan"),
    _p("ks", "Kalimantan Selatan", _WITA, "Kalsel", "South Kalimantan"),
    _p("ki", "Kalimantan Timur", _WITA, "Kaltim", "East Kalimantan"),
    _p("ku", "Kalimantan Utara", _WITA, "Kaltara", "North Kalimantan"),
    _p("sa", "Sulawesi Utara", _WITA, "Sulut", "North Sulawesi"),
    _p("st", "Sulawesi Tengah", _WITA, "Sulteng", "Central Sulawesi"),
    _p("sn", "Sulawesi Selatan", _WITA, "Sulsel", "South Sulawesi"),
    _p("sg", "Sulawesi Tenggara", _WITA, "Sultra", "Southeast Sulawesi"),
    _p("go", "Gorontalo", _WITA),
    _p("sr", "Sulawesi Barat", _WITA, "Sulbar", "West Sulawesi"),
    _p("ma", "Maluku", _WIT),
    _p("mu", "Maluku Utara", _WIT, "Malut", "North Maluku"),
    _p("pa", "Papua", _WIT),
    _p("pb", "Papua Barat", _WIT, "Pabar", "West Papua"),
    _p("pd", "Papua Barat Daya", _WIT, "PBD", "Southwest Papua"),
    _p("pt", "Papua Tengah", _WIT, "Central Papua"),
    _p("pe", "Papua Pegunungan", _WIT, "Highland Papua"),
    _p("ps", "Papua Selatan", _WIT, "South Papua"),
)

_BY_CODE = {p.code: p for p in PROVINCES}
_LEADING_WORDS = re.compile(r"^(?:pemerintah provinsi|pemprov|provinsi|province of|prov)\s+")
_WORD_FIXES = {"sumatra": "sumatera", "kep": "kepulauan", "jogya": "jogja"}


def normalise(text: str) -> str:
    """Lowercase, accents and dots removed, other punctuation to spaces, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = plain.replace(".", "")
    words = re.sub(r"[\W_]+", " ", plain).split()
    return " ".join(_WORD_FIXES.get(w, w) for w in words)


def _keys(province: Province) -> tuple[str, ...]:
    return (normalise(province.name), province.code, *(normalise(a) for a in province.aliases))


_KEYS = {p.code: _keys(p) for p in PROVINCES}


def _rank(query: str, keys: tuple[str, ...]) -> int | None:
    if query in keys:
        return 0
    if any(k.startswith(query) for k in keys):
        return 1
    query_words = query.split()
    for key in keys:
        key_words = key.split()
        if all(any(kw.startswith(qw) for kw in key_words) for qw in query_words):
            return 2
    if any(query in k for k in keys):
        return 3
    return None


def find_provinces(query: str) -> list[Province]:
    wanted = _LEADING_WORDS.sub("", normalise(query))
    if not wanted:
        return []
    ranked: list[tuple[int, int, Province]] = []
    for index, province in enumerate(PROVINCES):
        rank = _rank(wanted, _KEYS[province.code])
        if rank is not None:
            ranked.append((rank, index, province))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [province for _, _, province in ranked]


def province_by_code(code: str) -> Province | None:
    """Look up by code; accepts ``ji``, ``JI`` or ``ID-JI``."""
    key = code.strip().lower().removeprefix("id-")
    return _BY_CODE.get(key)
