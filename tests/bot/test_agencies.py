from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.reference.agencies import (
    Agency,
    AgencyDataError,
    AgencyDirectory,
    AgencyError,
    AgencyKind,
    AgencyProblem,
    load_agencies,
    regional_agency_name,
)
from bot.reference.regions import PROVINCES

_SHIPPED = load_agencies()


@pytest.fixture
def directory() -> AgencyDirectory:
    return _SHIPPED


def _codes(agencies: list[Agency]) -> list[str]:
    return [a.code for a in agencies]


def test_shipped_list_has_every_provincial_government(directory: AgencyDirectory) -> None:
    provincial = {a.code for a in directory if a.kind is AgencyKind.PROVINCIAL}

    assert provincial == {f"pemprov-{p.code}" for p in PROVINCES}


def test_shipped_list_has_the_cabinet_ministries(directory: AgencyDirectory) -> None:
    ministries = [a for a in directory if a.name.startswith("Kementerian")]

    assert len(ministries) >= 45


def test_every_shipped_agency_has_a_name_and_a_known_kind(directory: AgencyDirectory) -> None:
    bad = [a.code for a in directory if not a.name or a.kind is AgencyKind.REGIONAL]

    assert bad == []


def test_provincial_government_is_named_in_full(directory: AgencyDirectory) -> None:
    agency = directory.by_code("pemprov-ji")

    assert agency == Agency(
        code="pemprov-ji",
        kind=AgencyKind.PROVINCIAL,
        name="Pemerintah Provinsi Jawa Timur",
        aliases=("Pemprov Jawa Timur", "Pemprov Jatim"),
    )


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("Komdigi", "komdigi"),
        ("kominfo", "komdigi"),
        ("Kementerian Komunikasi dan Digital", "komdigi"),
        ("kemendagri", "kemendagri"),
        ("dalam negeri", "kemendagri"),
        ("Kemenkeu", "kemenkeu"),
        ("keuangan", "kemenkeu"),
        ("kementrian keuangan", "kemenkeu"),
        ("Kementérian Keuangan", "kemenkeu"),
        ("pendidikan dasar", "kemendikdasmen"),
        ("kesehatan", "kemenkes"),
        ("BKN", "bkn"),
        ("bps", "bps"),
        ("BNPB", "bnpb"),
        ("bmkg", "bmkg"),
        ("BPOM", "bpom"),
        ("brin", "brin"),
        ("LKPP", "lkpp"),
        ("KemenPAN-RB", "kemenpan-rb"),
        ("kemenpan rb", "kemenpan-rb"),
        ("menpan", "kemenpan-rb"),
        ("Setneg", "kemensetneg"),
        ("setkab", "setkab"),
        ("BSSN", "bssn"),
        ("bnn", "bnn"),
        ("Basarnas", "basarnas"),
        ("bpkp", "bpkp"),
        ("pemprov jatim", "pemprov-ji"),
        ("Pemerintah Provinsi Jawa Timur", "pemprov-ji"),
        ("Pemda DIY", "pemprov-yo"),
        ("jawa barat", "pemprov-jb"),
    ],
)
def test_search_finds_agencies_by_name_words_and_aliases(
    directory: AgencyDirectory, query: str, expected_first: str
) -> None:
    assert _codes(directory.search(query))[0] == expected_first


def test_search_can_be_limited_to_one_kind(directory: AgencyDirectory) -> None:
    kinds = {a.kind for a in directory.search("jawa", kind=AgencyKind.PROVINCIAL)}

    assert kinds == {AgencyKind.PROVINCIAL}


def test_search_returns_at_most_limit_results(directory: AgencyDirectory) -> None:
    assert len(directory.search("badan", limit=3)) == 3


@pytest.mark.parametrize("query", ["", "  ", "???", "zzzzqqq"])
def test_empty_or_unknown_queries_find_nothing(directory: AgencyDirectory, query: str) -> None:
    assert directory.search(query) == []


def test_by_code_ignores_case(directory: AgencyDirectory) -> None:
    agency = directory.by_code("KOMDIGI")

    assert agency is not None and agency.name == "Kementerian Komunikasi dan Digital"


def test_unknown_code_gives_none(directory: AgencyDirectory) -> None:
    assert directory.by_code("no-such-agency") is None


def test_admin_file_adds_and_overrides_rows_by_code(tmp_path: Path) -> None:
    extra = tmp_path / "agencies.csv"
    extra.write_text(
        "code,kind,name,aliases\n"
        "komdigi,central,Kementerian Komunikasi dan Digital RI,Komdigi|Kominfo\n"
        "pemkab-sleman,regional,Pemerintah Kabupaten Sleman,Pemkab Sleman\n",
        encoding="utf-8",
    )
    shipped = load_agencies()

    directory = load_agencies(extra)

    assert (
        len(directory),
        directory.search("kominfo")[0].name,
        _codes(directory.search("pemkab sleman")),
    ) == (len(shipped) + 1, "Kementerian Komunikasi dan Digital RI", ["pemkab-sleman"])


def test_admin_file_may_start_with_a_byte_order_mark(tmp_path: Path) -> None:
    extra = tmp_path / "agencies.csv"
    extra.write_text("code,kind,name,aliases\nx-1,central,Badan X,\n", encoding="utf-8-sig")

    assert load_agencies(extra).by_code("x-1") == Agency("x-1", AgencyKind.CENTRAL, "Badan X")


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("code,name\nx,Badan X\n", 1),
        ("code,kind,name,aliases\nx,ministry,Badan X,\n", 2),
        ("code,kind,name,aliases\nx,central,,\n", 2),
        ("code,kind,name,aliases\nbad code!,central,Badan X,\n", 2),
        ("code,kind,name,aliases\nx,central,Badan X,\n,central,,\ny,unknown,Badan Y,\n", 4),
    ],
)
def test_unusable_admin_rows_are_reported_with_their_line(
    tmp_path: Path, content: str, line: int
) -> None:
    extra = tmp_path / "agencies.csv"
    extra.write_text(content, encoding="utf-8")

    with pytest.raises(AgencyDataError) as caught:
        load_agencies(extra)

    assert caught.value.line == line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kabupaten Sleman", "Pemerintah Kabupaten Sleman"),
        ("Kota Surabaya", "Pemerintah Kota Surabaya"),
        ("Pemkab Bantul", "Pemerintah Kabupaten Bantul"),
        ("Pemkot Bandung", "Pemerintah Kota Bandung"),
        ("Pemerintah Kabupaten Sleman", "Pemerintah Kabupaten Sleman"),
        ("Pemerintah Kota Surabaya", "Pemerintah Kota Surabaya"),
        ("Kab. Kulon Progo", "Pemerintah Kabupaten Kulon Progo"),
        ("kab kulon progo", "Pemerintah Kabupaten Kulon Progo"),
        ("KOTA BAUBAU", "Pemerintah Kota Baubau"),
        ("Pemda Kabupaten Gunungkidul", "Pemerintah Kabupaten Gunungkidul"),
        ("Kotamadya Yogyakarta", "Pemerintah Kota Yogyakarta"),
        ("kabupaten pangkajene dan kepulauan", "Pemerintah Kabupaten Pangkajene dan Kepulauan"),
        ("Kabupaten Kotabaru", "Pemerintah Kabupaten Kotabaru"),
        ("Kota Administrasi Jakarta Selatan", "Pemerintah Kota Administrasi Jakarta Selatan"),
        ("Kabupaten  Toba   Samosir ", "Pemerintah Kabupaten Toba Samosir"),
        ("Kabupaten Pulau Taliabu", "Pemerintah Kabupaten Pulau Taliabu"),
        ("Sleman Regency", "Pemerintah Kabupaten Sleman"),
        ("Surabaya City", "Pemerintah Kota Surabaya"),
        ("Kabupaten deiYai", "Pemerintah Kabupaten deiYai"),
    ],
)
def test_regency_and_city_names_are_normalised(text: str, expected: str) -> None:
    assert regional_agency_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", AgencyProblem.EMPTY),
        ("   ", AgencyProblem.EMPTY),
        ("Kota", AgencyProblem.TOO_SHORT),
        ("Kabupaten X", AgencyProblem.TOO_SHORT),
        ("Pemkab ..", AgencyProblem.TOO_SHORT),
        ("Kabupaten " + "A" * 91, AgencyProblem.TOO_LONG),
        ("12345", AgencyProblem.NO_LETTERS),
        ("Kota 🙂", AgencyProblem.BAD_CHARACTERS),
        ("Kabupaten Sleman 2", AgencyProblem.BAD_CHARACTERS),
        ("Kota <Bandung>", AgencyProblem.BAD_CHARACTERS),
        ("Sleman", AgencyProblem.MISSING_REGION_TYPE),
        ("Kotabaru", AgencyProblem.MISSING_REGION_TYPE),
        ("Pemda Sleman", AgencyProblem.MISSING_REGION_TYPE),
        ("Pemprov Jatim", AgencyProblem.PROVINCE),
        ("Provinsi Jawa Timur", AgencyProblem.PROVINCE),
        ("Pemerintah Provinsi Bali", AgencyProblem.PROVINCE),
    ],
)
def test_each_regional_name_problem_is_reported_precisely(
    text: str, expected: AgencyProblem
) -> None:
    with pytest.raises(AgencyError) as caught:
        regional_agency_name(text)

    assert caught.value.reason == expected


@given(st.text())
def test_any_text_either_names_a_regional_government_or_raises_agency_error(text: str) -> None:
    try:
        name = regional_agency_name(text)
    except AgencyError:
        return
    assert name.startswith(("Pemerintah Kabupaten ", "Pemerintah Kota "))


@given(st.text())
def test_any_search_text_gives_at_most_limit_results(text: str) -> None:
    assert len(_SHIPPED.search(text)) <= 8
