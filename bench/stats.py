"""Statistics and exports at national scale: 1,000,000 enrollments in 1,000 PR units,
10,000,000 deliveries.

1. Seeds a database once (plain sqlite3, executemany in large transactions with
   synchronous=OFF) and reuses it on later runs, because seeding takes minutes. The units are
   a realistic mix: 80 central agencies and 38 provinces under the root, 881 regencies and
   cities under the provinces; people are spread over them (40% central, 15% provincial,
   45% regional). Deliveries and reshares go through the triggers that keep each unit's
   counters (migration 0017), as in production.
2. Times StatisticsService.report(30) for the national view (with the ranking of the units)
   and for one province with its regencies (target for both < 1 s; median of --runs),
   report(90) and the monthly leaderboard.
3. Exports enrollments as CSV and XLSX, each in a fresh process so ru_maxrss is its own:
   time and ru_maxrss in one run, tracemalloc peak in another (tracemalloc slows Python
   down, so it is kept out of the timed run; for XLSX only with --trace-xlsx, as it then runs
   for over 15 minutes). Target: peak < 200 MB.

Usage: python bench/stats.py [--db /tmp/asn-stats-bench.sqlite3] [--runs 5] [--reseed]
                            [--skip-exports] [--trace-xlsx]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.clock import FixedClock
from bot.insights.exports import Exporter
from bot.insights.statistics import StatisticsService
from bot.reference.agencies import load_agencies
from bot.reference.regions import PROVINCES
from bot.units.service import UnitService
from storage.database import Database
from storage.exports import ExportRepository
from storage.people import PeopleRepository
from storage.statistics import StatisticsRepository
from storage.units import UnitRepository

PEOPLE = 1_000_000
CAMPAIGNS = 50
DELIVERIES_PER_CAMPAIGN = 200_000  # 50 x 200,000 = 10,000,000
AGENCIES = 300
UNITS = 1000  # the root included
CENTRAL_UNITS = 80
ROOT_ID = 1  # migration 0014 inserts the root first
NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
BATCH = 100_000
DEFAULT_DB = Path(tempfile.gettempdir()) / "asn-stats-bench.sqlite3"


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _people(rng: random.Random) -> Iterator[tuple[object, ...]]:
    stamp = _iso(NOW - timedelta(days=200))
    for i in range(1, PEOPLE + 1):
        status = "blocked" if rng.random() < 0.02 else "active"
        yield (i, "telegram", str(5_000_000_000 + i), "id", status, stamp, stamp)


def _enrollment_status(draw: float) -> str:
    if draw < 0.80:
        return "verified"
    if draw < 0.90:
        return "submitted"
    if draw < 0.95:
        return "draft"
    return "rejected" if draw < 0.98 else "suspended"


def _units() -> Iterator[tuple[object, ...]]:
    """(id, code, kind, name, parent_id, created_at): central agencies and provinces under
    the root, the remaining regencies and cities spread over the provinces in turn."""
    stamp = _iso(NOW - timedelta(days=300))
    next_id = ROOT_ID + 1
    for c in range(CENTRAL_UNITS):
        yield (next_id, f"lembaga-{c:03d}", "central", f"Lembaga Pusat {c}", ROOT_ID, stamp)
        next_id += 1
    province_ids = []
    for province in PROVINCES:
        province_ids.append(next_id)
        yield (next_id, f"pemprov-{province.code}", "provincial", province.name, ROOT_ID, stamp)
        next_id += 1
    regency = 0
    while next_id <= UNITS:
        parent = province_ids[regency % len(province_ids)]
        yield (next_id, f"kab-{regency:03d}", "regional", f"Kabupaten {regency}", parent, stamp)
        next_id += 1
        regency += 1


def unit_ranges() -> tuple[range, range, range]:
    """The ids of the central, provincial and regional units _units() makes."""
    central = range(ROOT_ID + 1, ROOT_ID + 1 + CENTRAL_UNITS)
    provincial = range(central.stop, central.stop + len(PROVINCES))
    return central, provincial, range(provincial.stop, UNITS + 1)


def _unit_of(rng: random.Random, ranges: tuple[range, range, range]) -> int:
    central, provincial, regional = ranges
    draw = rng.random()
    kind = central if draw < 0.40 else provincial if draw < 0.55 else regional
    return kind[rng.randrange(len(kind))]


def _enrollments(rng: random.Random) -> Iterator[tuple[object, ...]]:
    ranges = unit_ranges()
    for i in range(1, PEOPLE + 1):
        created = NOW - timedelta(days=rng.randrange(1, 180), seconds=rng.randrange(86400))
        status = _enrollment_status(rng.random())
        agency = rng.randrange(AGENCIES)
        province = PROVINCES[rng.randrange(len(PROVINCES))].code
        paused = _iso(created + timedelta(days=2)) if rng.random() < 0.05 else None
        verified = _iso(created + timedelta(days=1)) if status == "verified" else None
        yield (
            i,
            status,
            f"19{i:016d}",
            f"Pegawai Nomor {i}",
            f"AG{agency:03d}",
            f"Instansi Pemerintah {agency}",
            "Biro Hubungan Masyarakat",
            province,
            paused,
            _iso(created),
            _iso(created),
            None if status == "draft" else _iso(created + timedelta(hours=1)),
            verified,
            _unit_of(rng, ranges),
        )


def _accounts(rng: random.Random) -> Iterator[tuple[object, ...]]:
    stamp = _iso(NOW - timedelta(days=100))
    for i in range(1, PEOPLE + 1):
        draw = rng.random()
        platforms = ("instagram", "x")[: 2 if draw < 0.2 else 1 if draw < 0.7 else 0]
        for platform in platforms:
            yield (i, platform, f"pegawai{i}", "verified", rng.randrange(500, 50_000), stamp)


def _deliveries(rng: random.Random, run_id: int, due: datetime) -> Iterator[tuple[object, ...]]:
    first = (run_id * 104_729) % PEOPLE
    for k in range(DELIVERIES_PER_CAMPAIGN):
        person = (first + k) % PEOPLE + 1
        draw = rng.random()
        if draw < 0.90:
            sent = due + timedelta(seconds=k // 30)
            yield (run_id, person, "sent", sent.isoformat(timespec="microseconds"))
        else:
            status = "failed" if draw < 0.93 else "blocked" if draw < 0.95 else "skipped"
            yield (run_id, person, status, None)


def seed(path: Path) -> None:
    asyncio.run(_migrate(path))
    rng = random.Random(20261127)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")  # 1 GB: the indexes stay in memory
    started = time.perf_counter()

    def bulk(sql: str, rows: Iterator[tuple[object, ...]]) -> None:
        batch: list[tuple[object, ...]] = []
        conn.execute("BEGIN")
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                conn.executemany(sql, batch)
                batch.clear()
        conn.executemany(sql, batch)
        conn.execute("COMMIT")

    bulk(
        "INSERT INTO units (id, code, kind, name, parent_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        _units(),
    )
    bulk(
        "INSERT INTO people (id, channel, channel_user_id, locale, status, first_seen_at,"
        " last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        _people(rng),
    )
    bulk(
        "INSERT INTO enrollments (person_id, status, nip, full_name, agency_code, agency_name,"
        " work_unit, province_code, content_paused_at, created_at, updated_at, submitted_at,"
        " verified_at, unit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        _enrollments(rng),
    )
    bulk(
        "INSERT INTO social_accounts (person_id, platform, handle, verification_status,"
        " followers, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?6)",
        _accounts(rng),
    )
    print(f"  people, enrollments, accounts: {time.perf_counter() - started:.0f} s", flush=True)
    conn.execute("BEGIN")
    for day in range(120):
        stamp = (NOW - timedelta(days=day)).date().isoformat()
        for name, value in (
            ("enrollment_started", 9000),
            ("consented", 8500),
            ("submitted", 8000),
            ("verified", 6500),
        ):
            conn.execute(
                "INSERT INTO daily_counters (day, name, value) VALUES (?, ?, ?)",
                (stamp, name, value + rng.randrange(1000)),
            )
    conn.execute("COMMIT")
    for c in range(1, CAMPAIGNS + 1):
        due = NOW - timedelta(days=2 * (CAMPAIGNS - c) + 1)  # one every 2 days, 100 days back
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO campaigns (id, title, kind, body, schedule_kind, status, created_by,"
            " created_at) VALUES (?, ?, 'text', 'isi', 'once', 'done', 'admin', ?)",
            (c, f"Kampanye {c}", _iso(due - timedelta(days=1))),
        )
        conn.execute(
            "INSERT INTO campaign_runs (id, campaign_id, run_key, zone, due_at, status)"
            " VALUES (?, ?, 'once', 'ALL', ?, 'done')",
            (c, c, _iso(due)),
        )
        conn.execute("COMMIT")
        bulk(
            "INSERT INTO deliveries (run_id, person_id, status, sent_at) VALUES (?, ?, ?, ?)",
            _deliveries(rng, c, due),
        )
        bulk(
            "INSERT INTO reshares (delivery_id, person_id, campaign_id, platform, points,"
            " created_at) SELECT id, person_id, ?, 'instagram', abs(random() % 10) + 1,"
            " strftime('%Y-%m-%dT%H:%M:%S+00:00', sent_at, '+' || (id % 72) || ' hours')"
            " FROM deliveries WHERE run_id = ? AND status = 'sent' AND id % 20 = 0",
            iter([(c, c)]),
        )
        if c % 10 == 0:
            print(f"  campaigns {c}/{CAMPAIGNS}: {time.perf_counter() - started:.0f} s", flush=True)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    print(f"seeded {path} in {time.perf_counter() - started:.0f} s", flush=True)


async def _migrate(path: Path) -> None:
    async with Database(path):
        pass


def seeded(path: Path) -> bool:
    if not path.exists():
        return False
    with sqlite3.connect(path) as conn:
        try:
            row = conn.execute("SELECT MAX(id) FROM deliveries").fetchone()
            units = conn.execute("SELECT COUNT(*) FROM units").fetchone()
        except sqlite3.OperationalError:
            return False  # an older bench database: no units yet
    full = bool(row and row[0] and row[0] >= CAMPAIGNS * DELIVERIES_PER_CAMPAIGN)
    return full and units[0] >= UNITS


def statistics_service(db: Database) -> StatisticsService:
    clock = FixedClock(NOW)
    units = UnitService(db, UnitRepository(), load_agencies(), clock)
    return StatisticsService(db, StatisticsRepository(), clock, PeopleRepository(), units)


async def time_units(db: Database, service: StatisticsService, runs: int) -> None:
    """/statistik's service call for the national view and for the province with the most
    regencies (the largest unit subtree below the root)."""
    units = UnitService(db, UnitRepository(), load_agencies(), FixedClock(NOW))
    everything = await units.all()
    regencies = {u.id: sum(1 for r in everything if r.parent_id == u.id) for u in everything}
    province = max((u for u in everything if u.kind == "provincial"), key=lambda u: regencies[u.id])
    scopes = [("national", None), (f"unit {province.code}", await units.scope(province.id))]
    for label, scope in scopes:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            report = await service.report(30, scope)
            times.append(time.perf_counter() - started)
        print(
            f"report(30) {label}: median {statistics.median(times):.3f} s, runs"
            f" {', '.join(f'{t:.3f}' for t in times)}; {report.totals.verified:,} verified,"
            f" {len(report.breakdown)} rows in the breakdown"
            + (f" ({len(scope.unit_ids or ())} units in the subtree)" if scope else "")
        )


async def time_statistics(path: Path, runs: int) -> None:
    async with Database(path) as db:
        service = statistics_service(db)
        await time_units(db, service, runs)
        for days in (30, 90):
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                report = await service.report(days)
                times.append(time.perf_counter() - started)
            print(
                f"report({days}): median {statistics.median(times):.3f} s, runs"
                f" {', '.join(f'{t:.3f}' for t in times)}; {len(report.campaigns)} campaigns,"
                f" {sum(c.sent + c.failed + c.blocked + c.skipped for c in report.campaigns):,}"
                f" deliveries counted, {report.totals.verified:,} verified"
            )
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            board = await service.leaderboard("month")
            times.append(time.perf_counter() - started)
        print(
            f"leaderboard(month): median {statistics.median(times):.3f} s;"
            f" top {board.entries[0].points if board.entries else 0} points"
        )


async def measure_export(path: Path, fmt: str, trace: bool) -> dict[str, float]:
    async with Database(path) as db:
        target = Path(tempfile.gettempdir()) / f"asn-stats-bench-export.{fmt}"
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        exporter = Exporter(db, StatisticsRepository(), ExportRepository(), statistics_service(db))
        result = await exporter.export("enrollments", fmt, target)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        size = target.stat().st_size
        target.unlink()
    return {
        "rows": result.rows,
        "seconds": elapsed,
        "tracemalloc_peak_mb": peak / 2**20,
        # ru_maxrss is the process's high-water mark in KiB on Linux.
        "maxrss_mb": rss_after / 1024,
        "maxrss_growth_mb": (rss_after - rss_before) / 1024,
        "file_mb": size / 2**20,
    }


def export_in_child(path: Path, fmt: str, trace: bool) -> dict[str, float]:
    args = [sys.executable, __file__, "--db", str(path), "--export", fmt]
    if trace:
        args.append("--trace")
    output = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--skip-exports", action="store_true")
    # Under tracemalloc the XLSX export runs more than 15 minutes; ru_maxrss covers it.
    parser.add_argument("--trace-xlsx", action="store_true")
    parser.add_argument("--export", choices=("csv", "xlsx"), help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export:  # the child process of export_in_child
        print(json.dumps(asyncio.run(measure_export(args.db, args.export, args.trace))))
        return
    if args.reseed or not seeded(args.db):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        print(f"seeding {args.db} (takes minutes; reused on later runs)", flush=True)
        seed(args.db)
    asyncio.run(time_statistics(args.db, args.runs))
    for fmt in () if args.skip_exports else ("csv", "xlsx"):
        timed = export_in_child(args.db, fmt, trace=False)
        line = (
            f"export enrollments {fmt}: {timed['rows']:,} rows in {timed['seconds']:.1f} s,"
            f" file {timed['file_mb']:.0f} MB, ru_maxrss {timed['maxrss_mb']:.0f} MB"
            f" (+{timed['maxrss_growth_mb']:.0f} MB during the export)"
        )
        if fmt == "csv" or args.trace_xlsx:
            traced = export_in_child(args.db, fmt, trace=True)
            line += (
                f", tracemalloc peak {traced['tracemalloc_peak_mb']:.1f} MB"
                f" (traced run {traced['seconds']:.1f} s)"
            )
        print(line, flush=True)


if __name__ == "__main__":
    main()
