"""The outbox with more than one channel: each channel's worker claims the rows of people whose
content goes to it, sent rows keep the channel's message id, and what the channel reports
later (delivered, read, failed) lands on the row found by that id."""

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from storage.database import Database
from storage.outbox import OutboxRepository, Receipts, SentDelivery, SentMark
from tests.campaigns.outbox_support import NOW, delivery_rows, fill_run, seed_people, seed_run

outbox = OutboxRepository()


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "outbox.sqlite3") as database:
        yield database


async def mixed_run(db: Database) -> tuple[int, list[int], list[int]]:
    """A run to two Telegram and two WhatsApp people, interleaved in the queue."""
    telegram = await seed_people(db, [11, 12])
    whatsapp = await seed_people(db, ["6281200000001", "6281200000002"], channel="whatsapp")
    run_id = await seed_run(db, status="planned")
    order = [telegram[0], whatsapp[0], telegram[1], whatsapp[1]]
    await fill_run(db, run_id, [(person, 0) for person in order])
    return run_id, telegram, whatsapp


async def claim(db: Database, channel: str | None, limit: int = 10) -> list[int | None]:
    async with db.transaction() as tx:
        return [row.person_id for row in await outbox.claim(tx, NOW, limit, channel=channel)]


async def test_a_channel_claims_only_the_rows_of_its_own_people(db: Database) -> None:
    _, telegram, whatsapp = await mixed_run(db)

    assert await claim(db, "whatsapp") == whatsapp
    assert await claim(db, "telegram") == telegram


async def test_without_a_channel_every_row_is_claimed(db: Database) -> None:
    _, telegram, whatsapp = await mixed_run(db)

    assert await claim(db, None) == [telegram[0], whatsapp[0], telegram[1], whatsapp[1]]


async def test_a_retry_due_is_claimed_by_its_channel_only(db: Database) -> None:
    run_id, telegram, whatsapp = await mixed_run(db)
    async with db.transaction() as tx:
        claimed = await outbox.claim(tx, NOW, 10, channel="whatsapp")
        await tx.execute(
            "UPDATE deliveries SET status = 'pending', next_attempt_at = ? WHERE run_id = ?"
            " AND status = 'sending'",
            ((NOW - timedelta(seconds=1)).isoformat(timespec="microseconds"), run_id),
        )

    assert [row.person_id for row in claimed] == whatsapp
    assert await claim(db, "telegram") == telegram
    assert await claim(db, "whatsapp") == whatsapp


async def test_rows_are_queued_for_the_persons_content_channel(db: Database) -> None:
    run_id, _, _ = await mixed_run(db)

    rows = await delivery_rows(db, run_id)

    assert [r["channel"] for r in rows] == ["telegram", "whatsapp", "telegram", "whatsapp"]


async def test_rows_of_erased_people_stay_in_their_channels_queue_to_be_skipped(
    db: Database,
) -> None:
    _, telegram, whatsapp = await mixed_run(db)
    async with db.transaction() as tx:
        await tx.execute("DELETE FROM people WHERE id = ?", (telegram[0],))

    assert await claim(db, "whatsapp") == whatsapp
    assert await claim(db, "telegram") == [None, telegram[1]]


async def test_a_person_who_chose_another_channel_is_moved_to_its_queue(db: Database) -> None:
    run_id, telegram, whatsapp = await mixed_run(db)
    async with db.transaction() as tx:
        await tx.execute(
            "UPDATE people SET channel = 'whatsapp', channel_user_id = '6281200000009'"
            " WHERE id = ?",
            (telegram[1],),
        )

    by_telegram = await claim(db, "telegram")
    by_whatsapp = await claim(db, "whatsapp")

    assert by_telegram == [telegram[0]]
    assert by_whatsapp == [whatsapp[0], telegram[1], whatsapp[1]]  # oldest first
    rows = await delivery_rows(db, run_id)
    assert [r["channel"] for r in rows] == ["telegram", "whatsapp", "whatsapp", "whatsapp"]


async def test_a_claim_that_only_moves_rows_claims_nothing(db: Database) -> None:
    run_id, telegram, _ = await mixed_run(db)
    async with db.transaction() as tx:
        await tx.execute("UPDATE people SET channel = 'whatsapp' WHERE id = ?", (telegram[0],))

    assert await claim(db, "telegram", limit=1) == []
    assert [r["status"] for r in await delivery_rows(db, run_id)] == ["pending"] * 4


async def test_reclaim_takes_back_only_the_channels_rows(db: Database) -> None:
    run_id, _, _ = await mixed_run(db)
    await claim(db, None)

    async with db.transaction() as tx:
        reclaimed = await outbox.reclaim(tx, channel="whatsapp")

    rows = await delivery_rows(db, run_id)
    assert reclaimed == 2
    assert [r["status"] for r in rows] == ["sending", "pending", "sending", "pending"]


async def test_reclaim_before_a_time_keeps_newer_claims(db: Database) -> None:
    await mixed_run(db)
    await claim(db, "whatsapp")

    async with db.transaction() as tx:
        older = await outbox.reclaim(tx, NOW, channel="whatsapp")
        newer = await outbox.reclaim(tx, NOW + timedelta(seconds=1), channel="whatsapp")

    assert (older, newer) == (0, 2)


async def sent_whatsapp(db: Database) -> tuple[int, list[int]]:
    """The mixed run with its WhatsApp rows sent as wamid.A and wamid.B: (run, delivery ids)."""
    run_id, _, _ = await mixed_run(db)
    async with db.transaction() as tx:
        rows = await outbox.claim(tx, NOW, 10, channel="whatsapp")
        await outbox.mark_sent(
            tx,
            [
                SentMark(row.id, 0, NOW, external_id=wamid)
                for row, wamid in zip(rows, ["wamid.A", "wamid.B"], strict=True)
            ],
        )
    return run_id, [row.id for row in rows]


async def test_a_sent_row_keeps_the_channels_message_id(db: Database) -> None:
    run_id, ids = await sent_whatsapp(db)

    found = await outbox.by_channel_message(db.reader, "wamid.B")

    rows = await delivery_rows(db, run_id)
    assert [r["channel_message_id"] for r in rows] == [None, "wamid.A", None, "wamid.B"]
    assert found == SentDelivery(id=ids[1], status="sent", attempts=1)
    assert await outbox.by_channel_message(db.reader, "wamid.unknown") is None


async def test_delivered_and_read_keep_their_first_time(db: Database) -> None:
    run_id, _ = await sent_whatsapp(db)
    later = NOW + timedelta(minutes=5)

    async with db.transaction() as tx:
        assert await outbox.mark_delivered(tx, "wamid.A", NOW)
        assert await outbox.mark_delivered(tx, "wamid.A", later)
        assert await outbox.mark_read(tx, "wamid.A", later)
        assert not await outbox.mark_read(tx, "wamid.unknown", later)

    row = (await delivery_rows(db, run_id))[1]
    assert (row["delivered_at"], row["read_at"]) == (
        NOW.isoformat(timespec="microseconds"),
        later.isoformat(timespec="microseconds"),
    )
    assert await outbox.receipts(db.reader, run_id) == Receipts(delivered=1, read=1)


async def test_a_read_report_before_the_delivery_report_counts_as_delivered(
    db: Database,
) -> None:
    run_id, _ = await sent_whatsapp(db)

    async with db.transaction() as tx:
        await outbox.mark_read(tx, "wamid.B", NOW)
        await outbox.mark_delivered(tx, "wamid.B", NOW + timedelta(seconds=1))

    row = (await delivery_rows(db, run_id))[3]
    assert row["delivered_at"] == row["read_at"] == NOW.isoformat(timespec="microseconds")


async def test_resend_puts_a_sent_row_back_and_forgets_its_message_id(db: Database) -> None:
    run_id, ids = await sent_whatsapp(db)

    async with db.transaction() as tx:
        moved = await outbox.resend(tx, ids[0], NOW, "131047 Re-engagement message", 131047)
        again = await outbox.resend(tx, ids[0], NOW, "131047 Re-engagement message", 131047)

    row = (await delivery_rows(db, run_id))[1]
    assert (moved, again) == (True, False)
    assert (row["status"], row["channel_message_id"], row["error_code"]) == (
        "pending",
        None,
        131047,
    )
    assert await claim(db, "whatsapp") == [row["person_id"]]


async def test_a_failure_after_the_send_ends_the_row_failed_with_the_code(db: Database) -> None:
    run_id, ids = await sent_whatsapp(db)

    async with db.transaction() as tx:
        assert await outbox.fail_after_send(tx, ids[1], "131026 Message undeliverable", 131026)

    row = (await delivery_rows(db, run_id))[3]
    assert (row["status"], row["error"], row["error_code"]) == (
        "failed",
        "131026 Message undeliverable",
        131026,
    )
    assert (await outbox.counts(db.reader, run_id)).failed == 1


async def test_sending_again_clears_the_old_failure(db: Database) -> None:
    run_id, ids = await sent_whatsapp(db)
    async with db.transaction() as tx:
        await outbox.resend(tx, ids[0], NOW, "131047 Re-engagement message", 131047)
        [row] = await outbox.claim(tx, NOW, 1, channel="whatsapp")
        await outbox.mark_sent(tx, [SentMark(row.id, 0, NOW, external_id="wamid.C")])

    stored = (await delivery_rows(db, run_id))[1]
    assert (stored["status"], stored["channel_message_id"], stored["error_code"]) == (
        "sent",
        "wamid.C",
        None,
    )
    assert stored["attempts"] == 2
