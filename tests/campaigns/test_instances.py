"""Several instances on one database, on both engines: concurrent claims are disjoint and
complete, only a dead instance's rows are taken back, a crashed holder's lease passes on."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app import on_lease
from bot.clock import FixedClock
from bot.instances.leases import Lease
from storage.database import Database
from storage.instances import InstanceRepository
from storage.leases import LeaseRepository
from storage.outbox import OutboxRepository
from storage.sql import fetch_all
from tests.campaigns.outbox_support import NOW, seed_outbox

ROUNDS = 20


@pytest.fixture(params=["sqlite", "postgresql"])
def database_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def two_databases(
    tmp_path: Path, make_database: Callable[[Path], Database]
) -> AsyncIterator[tuple[Database, Database]]:
    """Two connections (pools) to one database, as two instances have."""
    path = tmp_path / "shared.sqlite3"
    async with make_database(path) as first, make_database(path) as second:
        yield first, second


async def register(db: Database, instance_id: str, heartbeat_at: timedelta = timedelta()) -> None:
    async with db.single_statement() as conn:
        await InstanceRepository().register(
            conn,
            instance_id,
            role="worker",
            label="test:1",
            channels=["telegram"],
            now=NOW + heartbeat_at,
        )


async def test_concurrent_claims_are_disjoint_and_together_take_every_row(
    two_databases: tuple[Database, Database],
) -> None:
    first, second = two_databases
    run_id, people = await seed_outbox(first, [f"{i}" for i in range(ROUNDS * 2 * 5)])
    outbox = OutboxRepository()

    async def claim(db: Database, instance: str) -> list[int]:
        async with db.transaction(serial=False) as tx:
            rows = await outbox.claim(tx, NOW, 5, channel="telegram", claimed_by=instance)
        return [row.id for row in rows]

    taken: dict[str, list[int]] = {"a": [], "b": []}
    for _ in range(ROUNDS):
        a, b = await asyncio.gather(claim(first, "a"), claim(second, "b"))
        taken["a"] += a
        taken["b"] += b

    rows = await fetch_all(
        first.reader, "SELECT id, status, claimed_by FROM deliveries WHERE run_id = ?", (run_id,)
    )
    assert not set(taken["a"]) & set(taken["b"])
    assert sorted(taken["a"] + taken["b"]) == sorted(row["id"] for row in rows)
    assert len(taken["a"] + taken["b"]) == len(people)
    by_instance = {row["id"]: row["claimed_by"] for row in rows}
    assert all(by_instance[i] == "a" for i in taken["a"])
    assert all(by_instance[i] == "b" for i in taken["b"])
    assert {row["status"] for row in rows} == {"sending"}


async def test_only_a_dead_instances_rows_are_taken_back(
    two_databases: tuple[Database, Database],
) -> None:
    db, _ = two_databases
    await seed_outbox(db, [f"{i}" for i in range(6)])
    outbox = OutboxRepository()
    await register(db, "alive")
    await register(db, "dead", heartbeat_at=-timedelta(seconds=60))
    async with db.transaction() as tx:
        await outbox.claim(tx, NOW, 2, claimed_by="alive")
        await outbox.claim(tx, NOW, 2, claimed_by="dead")
        await outbox.claim(tx, NOW, 1, claimed_by="never-registered")

    async with db.single_statement() as conn:
        reclaimed = await outbox.reclaim_orphans(conn, NOW - timedelta(seconds=20))

    rows = await fetch_all(db.reader, "SELECT status, claimed_by FROM deliveries ORDER BY id")
    assert reclaimed == 3
    assert [(r["status"], r["claimed_by"]) for r in rows] == [
        ("sending", "alive"),
        ("sending", "alive"),
        ("pending", None),
        ("pending", None),
        ("pending", None),
        ("pending", None),
    ]


async def test_a_lease_has_one_holder_until_it_expires_then_the_next_takes_it(
    two_databases: tuple[Database, Database],
) -> None:
    first, second = two_databases
    leases = LeaseRepository()
    expiry = NOW + timedelta(seconds=30)
    async with first.single_statement() as conn:
        assert await leases.acquire(conn, "scheduler", "a", NOW, expiry) == 1
    async with second.single_statement() as conn:
        assert await leases.acquire(conn, "scheduler", "b", NOW, expiry) is None
    async with first.single_statement() as conn:  # a renewal keeps the generation
        assert await leases.acquire(conn, "scheduler", "a", NOW, expiry) == 1
    later = NOW + timedelta(seconds=31)
    async with second.single_statement() as conn:
        assert await leases.acquire(conn, "scheduler", "b", later, later) == 2
    async with first.single_statement() as conn:
        assert await leases.acquire(conn, "scheduler", "a", later, later) is None
    state = await leases.state(first.reader, "scheduler")
    assert state is not None and (state.holder, state.generation) == ("b", 2)


async def test_a_crashed_holders_jobs_stop_and_the_next_instance_runs_them(
    two_databases: tuple[Database, Database],
) -> None:
    """Two instances' scheduler leases and a job spy: one run per tick while A holds; A
    crashes (its renewer stops, the lease is not released), 31 s pass, B takes over with
    generation 2 and A's jobs stay quiet."""
    first, second = two_databases
    clock = FixedClock(NOW)
    runs: list[str] = []

    def spy(name: str) -> Callable[[object], object]:
        async def job(context: object) -> None:
            runs.append(name)

        return job

    a = Lease(first, "scheduler", "a", clock)
    b = Lease(second, "scheduler", "b", clock)
    a_job, b_job = on_lease(a, spy("a")), on_lease(b, spy("b"))  # type: ignore[arg-type]
    await a.start()
    await b.start()
    for _ in range(3):
        await asyncio.gather(a_job(None), b_job(None))  # type: ignore[arg-type]
    assert runs == ["a", "a", "a"]
    assert (a.held, b.held, a.generation) == (True, False, 1)

    await a.stop(release=False)  # the crash: nobody renews, nobody releases
    a.generation = 1  # ... and the crashed process's memory still says it held it
    clock.advance(timedelta(seconds=31))
    assert await b.renew()
    runs.clear()
    for _ in range(3):
        await asyncio.gather(a_job(None), b_job(None))  # type: ignore[arg-type]

    assert runs == ["b", "b", "b"]
    assert (a.held, b.held, b.generation) == (False, True, 2)
    await b.stop()
    state = await LeaseRepository().state(first.reader, "scheduler")
    assert state is not None and state.expires_at <= clock.now()  # released at a clean stop
