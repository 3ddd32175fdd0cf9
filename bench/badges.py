"""Badges rendered and baked per second, and verification page requests per second.

1. Rendering: the square and the story variant of one badge, each baked with its assertion
   URL, exactly as BadgeService.render_sync does on issue.
2. The verification page: GET /verify/<number> on the real web app (Starlette under uvicorn,
   SQLite behind it) from a concurrent httpx client in this process.

Usage: python bench/badges.py [--renders 40] [--requests 3000] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.badges.artwork import BadgeArtwork, render_badge
from bot.badges.baking import bake
from bot.badges.openbadges import BadgeUrls, IssuerInfo
from bot.badges.service import BadgeConfig, BadgeService
from bot.channels.web.app import build_web_app
from bot.channels.web.server import WebServer
from bot.clock import FixedClock
from storage.audit import AuditRepository
from storage.badges import BadgeRepository, NewBadge
from storage.counters import CounterRepository
from storage.database import Database
from storage.people import PeopleRepository

NAMES = [
    "Budi Santoso",
    "Dr. Siti Rahma, S.Kom., M.Si.",
    "Prof. Dr. Ir. Hj. Siti Nurhaliza Rahmawati Kusumaningrum, S.Kom., M.Si., M.B.A.",
]


def renders_per_second(count: int) -> float:
    started = time.perf_counter()
    for i in range(count):
        art = BadgeArtwork(
            holder_name=NAMES[i % len(NAMES)],
            agency="Kementerian Komunikasi dan Digital",
            badge_number=f"GPR-2026-{i:06d}",
            issued_on=date(2026, 11, 27),
            valid_until=date(2027, 2, 25),
            verify_url=f"https://lencana.example.go.id/verify/GPR-2026-{i:06d}",
            issuer_name="Humas Pemerintah",
        )
        url = f"https://lencana.example.go.id/openbadges/assertions/GPR-2026-{i:06d}"
        bake(render_badge(art, "square"), url)
        bake(render_badge(art, "story"), url)
    return count / (time.perf_counter() - started)


async def page_requests_per_second(total: int, concurrency: int, folder: Path) -> float:
    clock = FixedClock(datetime(2026, 11, 27, 1, 0, tzinfo=UTC))
    db = Database(folder / "badges.sqlite3")
    async with db:
        badges = BadgeRepository()
        async with db.transaction() as tx:
            person = await PeopleRepository().touch(tx, "bench", "1", clock.now())
            badge = await badges.add(
                tx,
                NewBadge(
                    person_id=person.id,
                    holder_name="Dr. Siti Rahma, S.Kom., M.Si.",
                    agency="Kementerian Komunikasi dan Digital",
                    recipient_type="email",
                    recipient_hash="sha256$00",
                    recipient_salt="00",
                    evidence="bench",
                    issued_at=clock.now(),
                    expires_at=clock.now() + timedelta(days=90),
                ),
                "GPR-2026-",
            )
        config = BadgeConfig(
            urls=BadgeUrls("http://127.0.0.1"),
            issuer=IssuerInfo("Humas Pemerintah", "http://127.0.0.1", None, has_logo=False),
            number_prefix="GPR",
            threshold=500,
            logo_path=None,
            locale="id",
        )
        # The page needs no enrollment service: it reads only the badge row.
        service = BadgeService(
            db,
            None,
            badges,
            AuditRepository(),
            CounterRepository(),
            config,
            clock,  # type: ignore[arg-type]
        )
        server = WebServer(build_web_app(service), "127.0.0.1", 0)
        await server.start()
        url = f"http://127.0.0.1:{server.port}/verify/{badge.number}"
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        async with httpx.AsyncClient(limits=limits) as http:
            remaining = total

            async def worker() -> None:
                nonlocal remaining
                while remaining > 0:
                    remaining -= 1
                    response = await http.get(url)
                    assert response.status_code == 200

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            elapsed = time.perf_counter() - started
        await server.stop()
    return total / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--renders", type=int, default=40)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    render_runs = [renders_per_second(args.renders) for _ in range(args.repeat)]
    print(
        f"Badges rendered and baked (square + story): {statistics.median(render_runs):.1f}/s"
        f" (median of {args.repeat}: {', '.join(f'{r:.1f}' for r in render_runs)})"
    )
    with tempfile.TemporaryDirectory() as folder:
        page_runs = [
            asyncio.run(page_requests_per_second(args.requests, args.concurrency, Path(folder)))
            for _ in range(args.repeat)
        ]
    print(
        f"Verification page: {statistics.median(page_runs):.0f} requests/s"
        f" (median of {args.repeat}: {', '.join(f'{r:.0f}' for r in page_runs)})"
    )


if __name__ == "__main__":
    main()
