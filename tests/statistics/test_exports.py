"""Exports: CSV and XLSX open with their readers, rows match the database, NIP masked."""

from __future__ import annotations

import csv
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

import bot.insights.exports
from bot.clock import FixedClock
from bot.insights.exports import EXPORT_KINDS, HEADERS, Exporter, ExportFormat, ExportKind
from bot.insights.statistics import StatisticsService
from bot.reference.agencies import load_agencies
from bot.units.service import UnitService
from storage.database import Database
from storage.exports import ExportRepository
from storage.people import PeopleRepository
from storage.statistics import StatisticsRepository
from storage.units import UnitRepository
from tests.statistics.seed import (
    add_campaign,
    add_delivery,
    add_people,
    add_reshare,
    add_run,
    open_db,
)

Rows = list[list[object]]


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with open_db(tmp_path) as database:
        async with database.transaction() as tx:
            await add_people(tx)
            await tx.execute(
                "INSERT INTO social_accounts (person_id, platform, handle, verification_status,"
                " followers, created_at, updated_at) VALUES"
                " (1, 'instagram', 'ani.humas', 'verified', 1520, 'x', 'x'),"
                " (1, 'x', 'ani_humas', 'unverified', NULL, 'x', 'x'),"
                " (4, 'tiktok', 'dedi', 'verified', 800, 'x', 'x')"
            )
            await add_campaign(tx, 1, "Vaksinasi Nasional")
            await add_run(tx, 11, 1, "2026-11-20T01:00:00+00:00")
            await add_delivery(tx, 101, 11, 1, "sent", "2026-11-20T01:00:05.000000+00:00")
            await add_delivery(tx, 102, 11, 2, "sent", "2026-11-20T01:00:06.000000+00:00")
            await add_delivery(tx, 103, 11, 3, "blocked")
            await add_campaign(tx, 2, '=HYPERLINK("http://evil")')
            await add_reshare(
                tx, 1, 1, 10, "2026-11-24T03:00:00+00:00", 101, "https://x.com/a/1", "x"
            )
            await add_reshare(tx, 2, 1, 5, "2026-11-25T03:00:00+00:00", 102)
        yield database


ENROLLMENTS: Rows = [
    [
        1,
        "1985************03",
        "Ani Lestari",
        "verified",
        "A",
        "Kementerian Komunikasi dan Digital",
        "Biro Humas",
        "DKI Jakarta",
        "WIB",
        "ya/yes",
        "instagram:ani.humas (1520, verified); x:ani_humas (?, unverified)",
        "2026-01-01 07:00",
        "2026-01-02 10:00",
        "2026-01-03 10:00",
    ],
    [
        2,
        "1987************04",
        "Budi Santoso",
        "verified",
        "A",
        "Kementerian Komunikasi dan Digital",
        "Biro Humas",
        "Bali",
        "WITA",
        "tidak/no",
        None,
        "2026-01-01 07:00",
        "2026-01-02 10:00",
        "2026-01-03 10:00",
    ],
    [
        3,
        "1990************01",
        "Citra Dewi",
        "verified",
        "B",
        "Pemerintah Provinsi Bali",
        "Biro Humas",
        "Papua",
        "WIT",
        "tidak/no",
        None,
        "2026-01-01 07:00",
        "2026-01-02 10:00",
        "2026-01-03 10:00",
    ],
    [
        4,
        "1989************02",
        "Dedi Kurniawan",
        "verified",
        "B",
        "Pemerintah Provinsi Bali",
        "Biro Humas",
        "DKI Jakarta",
        "WIB",
        "ya/yes",
        "tiktok:dedi (800, verified)",
        "2026-01-01 07:00",
        "2026-01-02 10:00",
        "2026-01-03 10:00",
    ],
    [
        5,
        "1992************03",
        "Eka Putri",
        "submitted",
        "A",
        "Kementerian Komunikasi dan Digital",
        "Biro Humas",
        "Jawa Timur",
        "WIB",
        "tidak/no",
        None,
        "2026-01-01 07:00",
        "2026-01-02 10:00",
        None,
    ],
    # 6 is a draft: not exported.
    [
        7,
        "1988************05",
        "Gita Rahayu",
        "suspended",
        "B",
        "Pemerintah Provinsi Bali",
        "Biro Humas",
        "Sulawesi Selatan",
        "WITA",
        "tidak/no",
        None,
        "2026-01-01 07:00",
        "2026-01-02 10:00",
        "2026-01-03 10:00",
    ],
]
CAMPAIGNS: Rows = [
    [
        1,
        "Vaksinasi Nasional",
        "text",
        "once",
        "done",
        "2026-01-01 07:00",
        "2026-11-20 08:00",
        2,
        0,
        1,
        0,
        0,
        2,
        1.0,
    ],
    [
        2,
        '=HYPERLINK("http://evil")',
        "text",
        "once",
        "done",
        "2026-01-01 07:00",
        None,
        0,
        0,
        0,
        0,
        0,
        0,
        None,
    ],
]
RESHARES: Rows = [
    [
        1,
        "2026-11-24 10:00",
        1,
        "Vaksinasi Nasional",
        "1985************03",
        "Ani Lestari",
        "Kementerian Komunikasi dan Digital",
        "x",
        "https://x.com/a/1",
        10,
    ],
    [
        2,
        "2026-11-25 10:00",
        1,
        "Vaksinasi Nasional",
        "1987************04",
        "Budi Santoso",
        "Kementerian Komunikasi dan Digital",
        None,
        None,
        5,
    ],
]
EXPECTED: dict[ExportKind, Rows] = {
    "enrollments": ENROLLMENTS,
    "campaigns": CAMPAIGNS,
    "reshares": RESHARES,
}


def exporter(db: Database) -> Exporter:
    clock = FixedClock(datetime(2026, 11, 27, 1, 0, tzinfo=UTC))
    units = UnitService(db, UnitRepository(), load_agencies(), clock)
    statistics = StatisticsService(db, StatisticsRepository(), clock, PeopleRepository(), units)
    return Exporter(db, StatisticsRepository(), ExportRepository(), statistics)


def read_csv(path: Path) -> Rows:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [list(row) for row in csv.reader(handle)]


def read_xlsx(path: Path) -> Rows:
    book = load_workbook(path, read_only=True)
    try:
        rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    # Trailing empty cells are not stored; pad to the header's width.
    width = len(rows[0])
    return [row + [None] * (width - len(row)) for row in rows]


def as_csv(rows: Rows) -> Rows:
    """What the CSV holds: text, empty for None, formula-like text defused."""
    out = []
    for row in rows:
        cells: list[object] = []
        for value in row:
            text = "" if value is None else str(value)
            cells.append("'" + text if text.startswith("=") else text)
        out.append(cells)
    return out


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTED_LINE = re.compile(r'^"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*$')


@pytest.mark.parametrize("kind", ["enrollments", "campaigns", "reshares"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("page_size", [2, 5000])
async def test_export_matches_the_database(
    db: Database,
    tmp_path: Path,
    kind: ExportKind,
    fmt: ExportFormat,
    page_size: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bot.insights.exports, "PAGE_SIZE", page_size)
    target = tmp_path / f"{kind}.{fmt}"

    result = await exporter(db).export(kind, fmt, target)

    expected = EXPECTED[kind]
    assert result.rows == len(expected)
    assert result.path == target
    if fmt == "csv":
        assert read_csv(target) == [list(HEADERS[kind]), *as_csv(expected)]
    else:
        assert read_xlsx(target) == [list(HEADERS[kind]), *expected]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
async def test_full_nip_only_when_asked(db: Database, tmp_path: Path, fmt: ExportFormat) -> None:
    masked = await exporter(db).export("enrollments", fmt, tmp_path / f"m.{fmt}")
    full = await exporter(db).export("reshares", fmt, tmp_path / f"f.{fmt}", full_nip=True)
    enrollments_full = await exporter(db).export(
        "enrollments", fmt, tmp_path / f"ef.{fmt}", full_nip=True
    )

    read = read_csv if fmt == "csv" else read_xlsx
    assert "198506122010012003" not in str(read(masked.path))
    assert read(full.path)[1][4] == "198506122010012003"
    assert read(enrollments_full.path)[1][1] == "198506122010012003"


async def test_no_chat_ids_in_exports(db: Database, tmp_path: Path) -> None:
    for kind in EXPORT_KINDS:
        result = await exporter(db).export(kind, "csv", tmp_path / f"{kind}.csv")
        text = result.path.read_text(encoding="utf-8-sig")
        assert "1001" not in text  # channel_user_id of person 1


async def test_an_empty_export_has_its_header(tmp_path: Path) -> None:
    async with open_db(tmp_path) as empty:
        result = await exporter(empty).export("reshares", "xlsx", tmp_path / "e.xlsx")

    assert result.rows == 0
    assert read_xlsx(result.path) == [list(HEADERS["reshares"])]


async def test_unknown_kind_is_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="kind"):
        await exporter(db).export("people", "csv", tmp_path / "p.csv")  # type: ignore[arg-type]


async def test_formula_like_text_stays_text_in_xlsx(db: Database, tmp_path: Path) -> None:
    result = await exporter(db).export("campaigns", "xlsx", tmp_path / "c.xlsx")

    book = load_workbook(result.path)
    cell = book.worksheets[0]["B3"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://evil")', "s")
    book.close()


async def test_csv_is_safe_in_excel_that_splits_at_commas_or_semicolons(
    tmp_path: Path,
) -> None:
    async with open_db(tmp_path) as db:
        async with db.transaction() as tx:
            await add_people(tx)
            await tx.execute(
                "UPDATE enrollments SET work_unit = 'Biro Humas;=1+2;@SUM(3+4)',"
                " full_name = '-2+3 Ani, =cmd|calc' WHERE person_id = 1"
            )
        result = await exporter(db).export("enrollments", "csv", tmp_path / "e.csv")
    text = result.path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    # Indonesian regional settings: Excel reads ";" as the separator.
    by_semicolon = [cell for line in csv.reader(lines, delimiter=";") for cell in line]
    by_comma = list(csv.reader(lines, delimiter=","))

    assert all(QUOTED_LINE.match(line) for line in lines)
    assert len(by_semicolon) > len(lines)  # the semicolons did split cells
    assert [c for c in by_semicolon if c.lstrip(' "').startswith(FORMULA_START)] == []
    assert [c for row in by_comma for c in row if c.lstrip(' "').startswith(FORMULA_START)] == []
    assert by_comma[1][2] == "'-2+3 Ani,' =cmd|calc"
    assert by_comma[1][6] == "Biro Humas;'=1+2;'@SUM(3+4)"
