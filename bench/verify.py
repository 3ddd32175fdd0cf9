"""Verification throughput, and how many API calls re-verification makes.

Runs the real services (SQLite, the verification service, the SocialLookup gateway over
httpx) against the local fake platform APIs (tests/fakes/social_apis.py) with the providers'
rate limits lifted. Printed figures:

1. checks per second: first-round checks of submitted enrollments (lookup + evidence +
   ownership code), many people at once;
2. re-verification: N people due at once; the number of HTTP calls made, beside the number of
   distinct accounts (they must be equal: no repeats, no retries in a healthy run).

Usage: python bench/verify.py [--people 2000] [--reverify 10000] [--shared 0.1]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import Storage, verification_service
from bot.badges.service import IssuedBadge
from bot.clock import FixedClock
from bot.enrollment.service import EnrollmentService
from bot.enrollment.social_handles import Platform
from bot.people.service import ChannelIdentity
from bot.reference.agencies import load_agencies
from bot.units.service import UnitService
from bot.verification.limits import RateLimit
from bot.verification.lookup import SocialLookup
from bot.verification.outcomes import VerificationNews
from bot.verification.rules import Policy
from storage.database import Database
from tests.fakes.social_apis import FakeSocialApis

UNLIMITED = RateLimit(max_requests=10**9, per=timedelta(seconds=1))
PLATFORMS = (Platform.X, Platform.YOUTUBE, Platform.INSTAGRAM)


class CountingNotifier:
    """Notifications to admins and people are counted, not sent, in a benchmark."""

    def __init__(self) -> None:
        self.sent = 0

    async def notify_admins(self, key: str, /, **values: object) -> None:
        self.sent += 1

    async def verification_news(self, who: ChannelIdentity, news: VerificationNews) -> None:
        self.sent += 1


class NoBadges:
    """The benchmark measures verification, not badge rendering: no badges are issued."""

    async def award(self, who: ChannelIdentity) -> IssuedBadge | None:
        return None

    async def valid_badge(self, who: ChannelIdentity) -> IssuedBadge | None:
        return None

    async def extend(self, who: ChannelIdentity, next_check: datetime) -> datetime | None:
        return None

    async def suspend(self, who: ChannelIdentity, reason: str) -> None:
        return None


class Stack:
    def __init__(self, folder: Path, apis: FakeSocialApis, clock: FixedClock) -> None:
        storage = Storage(Database(folder / "verify.sqlite3"))
        self.db = storage.db
        self.people, self.enrollments = storage.people, storage.enrollments
        self.records, self.counters = storage.verification, storage.counters
        notifier = CountingNotifier()
        agencies = load_agencies()
        self.enrollment = EnrollmentService(
            self.db,
            self.people,
            self.enrollments,
            self.counters,
            agencies,
            units=UnitService(self.db, storage.units, agencies, clock),
            notifier=notifier,
            clock=clock,
        )
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
        self.http = httpx.AsyncClient(limits=limits)
        self.lookup = SocialLookup.from_config(
            self.http,
            clock=clock,
            x_bearer_token=apis.x_token,
            x_base_url=apis.x_base_url,
            graph_token=apis.graph_token,
            instagram_account_id=apis.instagram_account_id,
            graph_base_url=apis.graph_base_url,
            youtube_api_key=apis.youtube_key,
            youtube_base_url=apis.youtube_base_url,
            x_limit=UNLIMITED,
            graph_limit=UNLIMITED,
            youtube_limit=UNLIMITED,
            cache_size=100_000,
        )
        self.verification = verification_service(
            storage=storage,
            enrollment=self.enrollment,
            badges=NoBadges(),
            lookup=self.lookup,
            person_notifier=notifier,
            admin_notifier=notifier,
            policy=Policy(),
            clock=clock,
        )
        self.clock = clock

    async def seed(self, count: int, accounts: list[tuple[Platform, str]], status: str) -> None:
        """`count` submitted enrollments, person i using accounts[i]."""
        now = self.clock.now()
        for start in range(0, count, 1000):
            async with self.db.transaction() as tx:
                for i in range(start, min(start + 1000, count)):
                    person = await self.people.touch(tx, "bench", f"{status}-{i}", now)
                    await self.enrollments.create(tx, person.id, now)
                    await self.enrollments.update(
                        tx,
                        person.id,
                        now,
                        status=status,
                        full_name=f"ASN {i}",
                        reverify_due_at=now - timedelta(days=1),
                    )
                    platform, handle = accounts[i]
                    await self.enrollments.put_account(tx, person.id, platform, handle, now)
                    if status == "verified":
                        await self.enrollments.set_account_state(
                            tx, person.id, platform, "verified", now, account_id=f"id-{handle}"
                        )


def add_accounts(apis: FakeSocialApis, prefix: str, count: int) -> list[tuple[Platform, str]]:
    accounts = []
    for i in range(count):
        platform = PLATFORMS[i % len(PLATFORMS)]
        handle = f"{prefix}{i}"
        if platform is Platform.X:
            apis.add_x_user(handle, followers=1500, account_id=f"id-{handle}")
        elif platform is Platform.YOUTUBE:
            apis.add_youtube_channel(handle, subscribers=1500, channel_id=f"id-{handle}")
        else:
            apis.add_instagram_business(handle, followers=1500, account_id=f"id-{handle}")
        accounts.append((platform, handle))
    return accounts


async def first_checks(stack: Stack, apis: FakeSocialApis, people: int) -> float:
    accounts = add_accounts(apis, "new", people)
    await stack.seed(people, accounts, "submitted")
    gate = asyncio.Semaphore(32)

    async def check(i: int) -> None:
        async with gate:
            await stack.verification.check_all(ChannelIdentity("bench", f"submitted-{i}"))

    started = time.perf_counter()
    await asyncio.gather(*(check(i) for i in range(people)))
    return people / (time.perf_counter() - started)


async def reverification(
    stack: Stack, apis: FakeSocialApis, people: int, shared: float
) -> tuple[int, int, float]:
    """(HTTP calls made, distinct accounts, seconds)."""
    distinct = people - int(people * shared)
    accounts = add_accounts(apis, "old", distinct)
    # Some people name an account someone else named too (a shared office account).
    accounts += [accounts[i % distinct] for i in range(people - distinct)]
    await stack.seed(people, accounts, "verified")
    calls_before = sum(stack.lookup.calls.values())
    started = time.perf_counter()
    queued = await stack.verification.schedule_reverification(spread=timedelta(0))
    assert queued == people, queued
    while await stack.verification.run_due_jobs(limit=2000):
        pass
    elapsed = time.perf_counter() - started
    return sum(stack.lookup.calls.values()) - calls_before, distinct, elapsed


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--reverify", type=int, default=10_000)
    parser.add_argument("--shared", type=float, default=0.1)
    args = parser.parse_args()
    clock = FixedClock(datetime(2026, 11, 27, 1, 0, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as folder:
        async with FakeSocialApis(clock=clock) as apis:
            stack = Stack(Path(folder), apis, clock)
            async with stack.db:
                rate = await first_checks(stack, apis, args.people)
                print(f"First-round checks, {args.people} people: {rate:.0f} checks/s")
                calls, distinct, seconds = await reverification(
                    stack, apis, args.reverify, args.shared
                )
                print(
                    f"Re-verification of {args.reverify} people ({distinct} distinct accounts):"
                    f" {calls} API calls in {seconds:.1f} s"
                    f" ({'equal' if calls == distinct else 'NOT equal'})"
                )
            await stack.lookup.aclose()
            await stack.http.aclose()


if __name__ == "__main__":
    asyncio.run(main())
