"""Exports for the PR office: enrollments, campaigns and reshares as CSV or XLSX.

An export covers a scope: a unit group's people (its subtree) or, nationally, everyone. The
"units" export lists every unit of the scope with its own and its subtree's figures: the
full length of the ranking /statistik shows the top of.

Rows are read in keyset pages (`id > last`, 5,000 at a time) and written straight into the
file, so memory stays flat however many people are enrolled; each page is written in a worker
thread so a large export never stalls the bot. XLSX uses openpyxl's write-only workbook,
which streams rows to disk too.

What goes out is what the office needs to coordinate its messengers, nothing more: no
Telegram or other chat ids, no e-mail addresses, no draft enrollments. The NIP is masked
(UU PDP: mask in exports) unless an admin asked for it in full. Times are shown in WIB.
"""

from __future__ import annotations

import asyncio
import csv
import functools
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.clock import wib_minute
from bot.enrollment.nip import mask_nip
from bot.insights.statistics import StatisticsService
from bot.reference.regions import province_by_code
from bot.units.scope import Scope
from storage.database import Database
from storage.exports import ExportRepository
from storage.sql import Connection
from storage.statistics import StatisticsRepository

__all__ = [
    "EXPORT_FORMATS",
    "EXPORT_KINDS",
    "NATIONAL_ONLY_KINDS",
    "ExportFormat",
    "ExportKind",
    "ExportResult",
    "Exporter",
]

ExportKind = Literal["enrollments", "campaigns", "reshares", "units"]
ExportFormat = Literal["csv", "xlsx"]
EXPORT_KINDS: tuple[ExportKind, ...] = ("enrollments", "campaigns", "reshares", "units")
# Campaigns are the national programme's (whoever received them): a unit exports its people.
NATIONAL_ONLY_KINDS: frozenset[ExportKind] = frozenset({"campaigns"})
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "xlsx")
PAGE_SIZE = 5000

Cell = str | int | float | None
Row = list[Cell]

HEADERS: dict[ExportKind, tuple[str, ...]] = {
    "enrollments": (
        "id",
        "nip",
        "nama/name",
        "status",
        "kode instansi/agency code",
        "instansi/agency",
        "unit kerja/work unit",
        "provinsi/province",
        "zona/zone",
        "menerima konten/receives content",
        "akun media sosial/social accounts",
        "mulai daftar/enrolled (WIB)",
        "diajukan/submitted (WIB)",
        "terverifikasi/verified (WIB)",
    ),
    "campaigns": (
        "id",
        "judul/title",
        "jenis/kind",
        "jadwal/schedule",
        "status",
        "dibuat/created (WIB)",
        "kiriman pertama/first run (WIB)",
        "terkirim/delivered",
        "gagal/failed",
        "diblokir/blocked",
        "dilewati/skipped",
        "antre/queued",
        "dibagikan ulang/reshared",
        "rasio bagikan ulang/reshare rate",
    ),
    "reshares": (
        "id",
        "waktu/time (WIB)",
        "id kampanye/campaign id",
        "kampanye/campaign",
        "nip",
        "nama/name",
        "instansi/agency",
        "platform",
        "tautan/post link",
        "poin/points",
    ),
    "units": (
        "kode/code",
        "unit",
        "jenis/kind",
        "induk/parent",
        "terdaftar, unit sendiri/enrolled, own",
        "terverifikasi, unit sendiri/verified, own",
        "terdaftar, dengan bawahan/enrolled, with sub-units",
        "terverifikasi, dengan bawahan/verified, with sub-units",
        "pesan terkirim/messages delivered",
        "dibagikan ulang/reshared",
        "rasio bagikan ulang/reshare rate",
    ),
}

# Spreadsheet apps run a cell that starts with =, +, -, @, a tab or a carriage return as a
# formula (CSV injection); people type their own names, units and links, so such text gets an
# apostrophe before it. Not only at the start: Excel with Indonesian regional settings splits
# CSV lines at ";" (elsewhere at ","), whatever the quoting, so any part of a value after
# either separator may become a cell of its own.
_FORMULA_AFTER_SEPARATOR = re.compile(r"(?:^|(?<=[,;]))(?=[\s\"]*[=+\-@\t\r])")
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class ExportResult:
    rows: int  # data rows, header not counted
    path: Path


def _local(stamp: str | None) -> str | None:
    if not stamp:
        return None
    return wib_minute(datetime.fromisoformat(stamp))


class _Sink(Protocol):
    def write(self, rows: Sequence[Row]) -> None: ...

    def close(self) -> None: ...


class _CsvSink:
    def __init__(self, path: Path) -> None:
        # The BOM lets spreadsheet apps read the names as UTF-8. Every field is quoted, so no
        # reader that splits at "," takes a separator inside a value for the end of a cell.
        self._file = path.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._file, quoting=csv.QUOTE_ALL)

    def write(self, rows: Sequence[Row]) -> None:
        self._writer.writerows([[_defuse(v) for v in row] for row in rows])

    def close(self) -> None:
        self._file.close()


def _defuse(value: Cell) -> Cell:
    if isinstance(value, str):
        return _FORMULA_AFTER_SEPARATOR.sub("'", value)
    return value


class _XlsxSink:
    def __init__(self, path: Path, title: str) -> None:
        self._path = path
        self._book = Workbook(write_only=True)
        sheet = self._book.create_sheet(title)
        assert isinstance(sheet, WriteOnlyWorksheet)
        self._sheet = sheet

    def write(self, rows: Sequence[Row]) -> None:
        for row in rows:
            self._sheet.append([self._cell(v) for v in row])

    def _cell(self, value: Cell) -> Any:
        if not isinstance(value, str):
            return value
        value = _ILLEGAL_XLSX.sub("", value)
        if value.startswith("="):
            # openpyxl would store it as a formula; an explicit string cell stays text.
            cell = WriteOnlyCell(self._sheet, value)
            cell.data_type = "s"
            return cell
        return value

    def close(self) -> None:
        self._book.save(self._path)


class Exporter:
    def __init__(
        self,
        db: Database,
        repo: StatisticsRepository,
        rows: ExportRepository,
        statistics: StatisticsService,
    ) -> None:
        self._db = db
        self._repo = repo
        self._rows = rows
        self._statistics = statistics

    async def export(
        self,
        kind: ExportKind,
        fmt: ExportFormat,
        target: Path,
        *,
        full_nip: bool = False,
        scope: Scope | None = None,
    ) -> ExportResult:
        """Writes the export of the scope's people (None: everyone) to `target` (replaced if
        present) and counts its rows."""
        if kind not in HEADERS:
            raise ValueError(f"unknown export kind {kind!r}")
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {fmt!r}")
        if scope is not None and not scope.national and kind in NATIONAL_ONLY_KINDS:
            raise ValueError(f"{kind} are exported by the national group only")
        unit_ids = scope.unit_ids if scope else None
        pages: dict[ExportKind, Callable[[Connection, int, bool], Any]] = {
            "enrollments": functools.partial(self._enrollments, unit_ids=unit_ids),
            "campaigns": self._campaigns,
            "reshares": functools.partial(self._reshares, unit_ids=unit_ids),
            "units": functools.partial(self._units, scope=scope),
        }
        sink: _Sink = await asyncio.to_thread(
            _CsvSink if fmt == "csv" else lambda p: _XlsxSink(p, kind), target
        )
        total = 0
        try:
            await asyncio.to_thread(sink.write, [list(HEADERS[kind])])
            after = 0
            while True:
                last, rows = await pages[kind](self._db.reader, after, full_nip)
                if not rows:
                    break
                await asyncio.to_thread(sink.write, rows)
                total += len(rows)
                after = last
        finally:
            await asyncio.to_thread(sink.close)
        return ExportResult(rows=total, path=target)

    async def _enrollments(
        self,
        conn: Connection,
        after: int,
        full_nip: bool,
        unit_ids: Collection[int] | None,
    ) -> tuple[int, list[Row]]:
        page = await self._rows.enrollments(conn, after, PAGE_SIZE, unit_ids)
        if not page:
            return after, []
        rows: list[Row] = []
        for e in page:
            province = province_by_code(e.province_code) if e.province_code else None
            receives = (
                e.status == "verified"
                and e.content_paused_at is None
                and e.person_status != "blocked"
            )
            accounts = [
                f"{a.platform}:{a.handle} ({'?' if a.followers is None else a.followers},"
                f" {a.verification_status})"
                for a in e.accounts
            ]
            rows.append(
                [
                    e.person_id,
                    _nip(e.nip, full_nip),
                    e.full_name,
                    e.status,
                    e.agency_code,
                    e.agency_name,
                    e.work_unit,
                    province.name if province else e.province_code,
                    province.zone.name if province else None,
                    "ya/yes" if receives else "tidak/no",
                    "; ".join(accounts) if accounts else None,
                    _local(e.created_at),
                    _local(e.submitted_at),
                    _local(e.verified_at),
                ]
            )
        return page[-1].person_id, rows

    async def _campaigns(
        self, conn: Connection, after: int, full_nip: bool
    ) -> tuple[int, list[Row]]:
        # Campaigns are few, but each needs its delivery counts: smaller pages.
        counts = await self._repo.campaign_page(conn, after, 100)
        if not counts:
            return after, []
        details = await self._rows.campaign_details(
            conn, counts[0].campaign_id, counts[-1].campaign_id
        )
        rows: list[Row] = []
        for c in counts:
            campaign = details[c.campaign_id]
            rate = c.reshare_rate
            rows.append(
                [
                    c.campaign_id,
                    c.title,
                    campaign.kind,
                    campaign.schedule_kind,
                    c.status,
                    _local(campaign.created_at),
                    _local(c.first_due_at.isoformat()) if c.first_due_at else None,
                    c.sent,
                    c.failed,
                    c.blocked,
                    c.skipped,
                    c.queued,
                    c.reshares,
                    None if rate is None else round(rate, 4),
                ]
            )
        return counts[-1].campaign_id, rows

    async def _reshares(
        self,
        conn: Connection,
        after: int,
        full_nip: bool,
        unit_ids: Collection[int] | None,
    ) -> tuple[int, list[Row]]:
        page = await self._rows.reshares(conn, after, PAGE_SIZE, unit_ids)
        rows: list[Row] = [
            [
                r.reshare_id,
                _local(r.created_at),
                r.campaign_id,
                r.campaign_title,
                _nip(r.nip, full_nip),
                r.full_name,
                r.agency_name,
                r.platform,
                r.post_url,
                r.points,
            ]
            for r in page
        ]
        return (page[-1].reshare_id if page else after), rows

    async def _units(
        self, conn: Connection, after: int, full_nip: bool, scope: Scope | None
    ) -> tuple[int, list[Row]]:
        # A few thousand units at most: one page, the whole table.
        if after:
            return after, []
        table = await self._statistics.unit_table(scope)
        codes = {own.unit.id: own.unit.code for own, _ in table if own.unit}
        rows: list[Row] = []
        for own, subtree in table:
            assert own.unit is not None
            rate = subtree.reshare_rate
            rows.append(
                [
                    own.unit.code,
                    own.unit.name,
                    own.unit.kind,
                    codes.get(own.unit.parent_id) if own.unit.parent_id else None,
                    own.enrolled,
                    own.verified,
                    subtree.enrolled,
                    subtree.verified,
                    subtree.delivered,
                    subtree.reshares,
                    None if rate is None else round(rate, 4),
                ]
            )
        return 1, rows


def _nip(nip: str | None, full: bool) -> str | None:
    if nip is None:
        return None
    return nip if full else mask_nip(nip)
