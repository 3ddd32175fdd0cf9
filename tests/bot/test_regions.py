from collections import Counter

import pytest

from bot.reference.regions import PROVINCES, TimeZone, find_provinces, province_by_code

# DOMAIN.md, "Time zones".
WIB_NAMES = {
    "Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Kepulauan Riau", "Jambi",
    "Sumatera Selatan", "Kepulauan Bangka Belitung", "Bengkulu", "Lampung", "DKI Jakarta",
    "Jawa Barat", "Banten", "Jawa Tengah", "DI Yogyakarta", "Jawa Timur", "Kalimantan Barat",
    "Kalimantan Tengah",
}  # fmt: skip
WITA_NAMES = {
    "Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur", "Kalimantan Selatan",
    "Kalimantan Timur", "Kalimantan Utara", "Sulawesi Utara", "Sulawesi Tengah",
    "Sulawesi Selatan", "Sulawesi Tenggara", "Gorontalo", "Sulawesi Barat",
}  # fmt: skip
WIT_NAMES = {
    "Maluku", "Maluku Utara", "Papua", "Papua Barat", "Papua Barat Daya", "Papua Tengah",
    "Papua Pegunungan", "Papua Selatan",
}  # fmt: skip


def test_there_are_38_provinces() -> None:
    assert len(PROVINCES) == 38


def test_zone_counts_are_18_wib_12_wita_8_wit() -> None:
    counts = Counter(p.zone for p in PROVINCES)

    assert counts == Counter({TimeZone.WIB: 18, TimeZone.WITA: 12, TimeZone.WIT: 8})


@pytest.mark.parametrize(
    ("zone", "names"),
    [(TimeZone.WIB, WIB_NAMES), (TimeZone.WITA, WITA_NAMES), (TimeZone.WIT, WIT_NAMES)],
)
def test_each_province_is_in_its_documented_zone(zone: TimeZone, names: set[str]) -> None:
    assert {p.name for p in PROVINCES if p.zone is zone} == names


def test_codes_and_names_are_unique() -> None:
    codes = [p.code for p in PROVINCES]
    names = [p.name for p in PROVINCES]

    assert (len(set(codes)), len(set(names))) == (38, 38)


@pytest.mark.parametrize(
    ("zone", "iana", "offset"),
    [
        (TimeZone.WIB, "Asia/Jakarta", 7),
        (TimeZone.WITA, "Asia/Makassar", 8),
        (TimeZone.WIT, "Asia/Jayapura", 9),
    ],
)
def test_time_zones_carry_their_iana_name_and_offset(
    zone: TimeZone, iana: str, offset: int
) -> None:
    assert (zone.iana, zone.utc_offset_hours) == (iana, offset)


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("DKI", "DKI Jakarta"),
        ("Jakarta", "DKI Jakarta"),
        ("dki jakarta", "DKI Jakarta"),
        ("Jabar", "Jawa Barat"),
        ("Jatim", "Jawa Timur"),
        ("Jateng", "Jawa Tengah"),
        ("DIY", "DI Yogyakarta"),
        ("D.I. Yogyakarta", "DI Yogyakarta"),
        ("Jogja", "DI Yogyakarta"),
        ("Yogyakarta", "DI Yogyakarta"),
        ("NTB", "Nusa Tenggara Barat"),
        ("ntt", "Nusa Tenggara Timur"),
        ("Babel", "Kepulauan Bangka Belitung"),
        ("Bangka", "Kepulauan Bangka Belitung"),
        ("Kepri", "Kepulauan Riau"),
        ("Kep. Riau", "Kepulauan Riau"),
        ("Sulsel", "Sulawesi Selatan"),
        ("Kaltim", "Kalimantan Timur"),
        ("Papua Barat Daya", "Papua Barat Daya"),
        ("Papua Barat", "Papua Barat"),
        ("Papua", "Papua"),
        ("Sumatra Utara", "Sumatera Utara"),
        ("  jawa   TIMUR!! ", "Jawa Timur"),
        ("Provinsi Jawa Timur", "Jawa Timur"),
        ("East Java", "Jawa Timur"),
        ("NAD", "Aceh"),
        ("ji", "Jawa Timur"),
    ],
)
def test_abbreviations_and_alternative_names_find_the_province(
    query: str, expected_first: str
) -> None:
    assert find_provinces(query)[0].name == expected_first


def test_exact_match_ranks_before_longer_names() -> None:
    names = [p.name for p in find_provinces("papua")]

    assert names == [
        "Papua",
        "Papua Barat",
        "Papua Barat Daya",
        "Papua Tengah",
        "Papua Pegunungan",
        "Papua Selatan",
    ]


def test_a_shared_word_lists_every_matching_province_in_official_order() -> None:
    names = [p.name for p in find_provinces("jawa")]

    assert names == ["Jawa Barat", "Jawa Tengah", "Jawa Timur"]


def test_words_may_be_abbreviated() -> None:
    assert [p.name for p in find_provinces("kal sel")] == ["Kalimantan Selatan"]


def test_accents_are_ignored() -> None:
    assert find_provinces("Balí")[0].name == "Bali"


@pytest.mark.parametrize("query", ["", "   ", "!!!", "atlantis"])
def test_empty_or_unknown_queries_find_nothing(query: str) -> None:
    assert find_provinces(query) == []


@pytest.mark.parametrize("code", ["ji", "JI", "ID-JI", " id-ji "])
def test_province_by_code_accepts_iso_forms(code: str) -> None:
    province = province_by_code(code)

    assert province is not None and province.name == "Jawa Timur"


def test_unknown_code_gives_none() -> None:
    assert province_by_code("zz") is None
