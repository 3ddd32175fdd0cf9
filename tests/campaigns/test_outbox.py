from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from storage.database import Database
from storage.outbox import ErrorMark, OutboxRepository, RetryMark, RunCounts, SentMark
from storage.people import PeopleRepository
from tests.campaigns.outbox_support import (
    NOW,
    delivery_rows,
    fill_run,
    seed_outbox,
    seed_people,
    seed_run,
)

outbox = OutboxRepository()


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "outbox.sqlite3") as database:
        yield database


async def claim(db: Database, limit: int, *, at: timedelta = timedelta(0)) -> list[int]:
    async with db.transaction() as tx:
        return [row.id for row in await outbox.claim(tx, NOW + at, limit)]


async def test_enqueueing_a_recipient_twice_keeps_one_delivery(db: Database) -> None:
    people = await seed_people(db, [11, 12, 13])
    run_id = await seed_run(db)

    async with db.transaction() as tx:
        first = await outbox.enqueue(tx, run_id, [(people[0], 0), (people[1], 1)])
    async with db.transaction() as tx:
        second = await outbox.enqueue(tx, run_id, [(p, 0) for p in people])

    rows = await delivery_rows(db, run_id)
    assert (first, second) == (2, 1)
    assert [(r["person_id"], r["variant"], r["status"]) for r in rows] == [
        (people[0], 0, "pending"),
        (people[1], 1, "pending"),
        (people[2], 0, "pending"),
    ]


async def test_a_claim_takes_the_oldest_pending_rows_and_marks_them_sending(db: Database) -> None:
    run_id, people = await seed_outbox(db, [11, 12, 13, 14, 15])

    async with db.transaction() as tx:
        claimed = await outbox.claim(tx, NOW, 3)

    rows = await delivery_rows(db, run_id)
    assert [(row.person_id, row.channel, row.channel_user_id) for row in claimed] == [
        (people[0], "telegram", "11"),
        (people[1], "telegram", "12"),
        (people[2], "telegram", "13"),
    ]
    assert [r["status"] for r in rows] == ["sending"] * 3 + ["pending"] * 2
    assert rows[0]["claimed_at"] == NOW.isoformat(timespec="microseconds")


async def test_claimed_rows_are_not_claimed_again(db: Database) -> None:
    await seed_outbox(db, [11, 12, 13])

    first, second, third = await claim(db, 2), await claim(db, 2), await claim(db, 2)

    assert (len(first), len(second), third) == (2, 1, [])
    assert set(first).isdisjoint(second)


async def test_a_retry_is_claimed_only_once_it_is_due(db: Database) -> None:
    run_id, _ = await seed_outbox(db, [11, 12])
    [first, second] = await claim(db, 2)
    async with db.transaction() as tx:
        await outbox.schedule_retry(
            tx, [RetryMark(first, 1, NOW + timedelta(seconds=30), "Bad Gateway")]
        )
        await outbox.mark_sent(tx, [SentMark(second, 7, NOW)])

    early = await claim(db, 5, at=timedelta(seconds=29))
    due = await claim(db, 5, at=timedelta(seconds=30))

    assert (early, due) == ([], [first])
    rows = await delivery_rows(db, run_id)
    assert (rows[0]["attempts"], rows[0]["error"]) == (1, "Bad Gateway")


async def test_due_retries_and_fresh_rows_are_claimed_oldest_first(db: Database) -> None:
    await seed_outbox(db, [11, 12, 13])
    [first] = await claim(db, 1)
    async with db.transaction() as tx:
        await outbox.schedule_retry(tx, [RetryMark(first, 1, NOW, "timed out")])

    assert await claim(db, 2) == [first, first + 1]


async def test_a_claim_limited_to_a_run_leaves_other_runs_alone(db: Database) -> None:
    other_run, _ = await seed_outbox(db, [11])
    run_id, _ = await seed_outbox(db, [21, 22])

    async with db.transaction() as tx:
        claimed = await outbox.claim(tx, NOW, 10, run_id)

    assert {row.run_id for row in claimed} == {run_id}
    assert [r["status"] for r in await delivery_rows(db, other_run)] == ["pending"]


async def test_an_erased_person_leaves_a_row_without_a_chat(db: Database) -> None:
    _, [person] = await seed_outbox(db, [11])
    async with db.transaction() as tx:
        await PeopleRepository().erase(tx, person)

    async with db.transaction() as tx:
        [row] = await outbox.claim(tx, NOW, 1)

    assert (row.person_id, row.channel_user_id) == (None, None)


async def test_sent_failed_and_blocked_rows_are_recorded_with_their_reasons(db: Database) -> None:
    run_id, people = await seed_outbox(db, [11, 12, 13])
    a, b, c = await claim(db, 3)

    async with db.transaction() as tx:
        await outbox.mark_sent(tx, [SentMark(a, 501, NOW)])
        await outbox.mark_final(tx, "failed", [ErrorMark(b, 5, "Internal Server Error (500)")])
        await outbox.mark_final(tx, "blocked", [ErrorMark(c, 1, "bot was blocked by the user")])
        await PeopleRepository().block(tx, [people[2]])

    rows = await delivery_rows(db, run_id)
    summary = [
        (r["status"], r["message_id"], r["attempts"], r["error"], r["person_status"]) for r in rows
    ]
    assert summary == [
        ("sent", 501, 1, None, "active"),
        ("failed", None, 5, "Internal Server Error (500)", "active"),
        ("blocked", None, 1, "bot was blocked by the user", "blocked"),
    ]


async def test_an_unknown_final_status_is_refused(db: Database) -> None:
    async with db.transaction() as tx:
        with pytest.raises(ValueError):
            await outbox.mark_final(tx, "sent", [ErrorMark(1, 1, "no")])


async def test_reclaim_puts_rows_left_sending_back_in_the_queue(db: Database) -> None:
    run_id, _ = await seed_outbox(db, [11, 12, 13])
    await claim(db, 1)
    await claim(db, 1, at=timedelta(minutes=10))

    async with db.transaction() as tx:
        stale = await outbox.reclaim(tx, claimed_before=NOW + timedelta(minutes=5))
    async with db.transaction() as tx:
        rest = await outbox.reclaim(tx)

    assert (stale, rest) == (1, 1)
    assert [r["status"] for r in await delivery_rows(db, run_id)] == ["pending"] * 3


async def test_counts_per_status_show_a_runs_progress(db: Database) -> None:
    run_id, _ = await seed_outbox(db, [11, 12, 13, 14])
    a, _ = await claim(db, 2)
    async with db.transaction() as tx:
        await outbox.mark_sent(tx, [SentMark(a, 1, NOW)])

    counts = await outbox.counts(db.reader, run_id)

    assert counts == RunCounts(pending=2, sending=1, sent=1)
    assert (counts.total, counts.remaining) == (4, 3)


async def test_cancelling_skips_pending_rows_but_not_those_in_flight(db: Database) -> None:
    run_id, _ = await seed_outbox(db, [11, 12, 13])
    await claim(db, 1)

    async with db.transaction() as tx:
        skipped = await outbox.skip_pending(tx, run_id, "cancelled")

    assert skipped == 2
    assert await outbox.counts(db.reader, run_id) == RunCounts(sending=1, skipped=2)


async def test_the_next_retry_time_is_the_earliest_waiting_one(db: Database) -> None:
    await seed_outbox(db, [11, 12])
    a, b = await claim(db, 2)
    async with db.transaction() as tx:
        await outbox.schedule_retry(
            tx,
            [
                RetryMark(a, 1, NOW + timedelta(seconds=20), None),
                RetryMark(b, 1, NOW + timedelta(seconds=10), None),
            ],
        )

    assert await outbox.next_retry_at(db.reader) == NOW + timedelta(seconds=10)


async def test_a_run_is_unfinished_while_a_row_is_pending_or_in_flight(db: Database) -> None:
    run_id, _ = await seed_outbox(db, [11])
    other_run, _ = await seed_outbox(db, [12])
    pending = await outbox.has_unfinished(db.reader, run_id)
    [only] = await claim(db, 1)
    in_flight = await outbox.has_unfinished(db.reader, run_id)
    async with db.transaction() as tx:
        await outbox.mark_sent(tx, [SentMark(only, 1, NOW)])

    assert (pending, in_flight) == (True, True)
    assert not await outbox.has_unfinished(db.reader, run_id)
    assert await outbox.has_unfinished(db.reader, other_run)
    assert await outbox.has_unfinished(db.reader)


async def test_a_planned_run_becomes_sending_once_filled_and_is_filled_once(
    db: Database,
) -> None:
    people = await seed_people(db, [31, 32])
    run_id = await seed_run(db, status="planned")

    first = await fill_run(db, run_id, [(person, 0) for person in people])
    again = await fill_run(db, run_id, [(person, 0) for person in people])

    assert (first, again) == (2, None)
    assert await outbox.run_status(db.reader, run_id) == "sending"
