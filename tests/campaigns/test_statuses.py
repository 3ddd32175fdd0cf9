"""Status reports on campaign messages, as WhatsApp's webhooks bring them: delivered and read
times, and the failures that arrive after the send was accepted."""

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.campaigns.statuses import DeliveryStatuses
from bot.channels.whatsapp.ports import StatusKind, StatusUpdate
from bot.clock import FixedClock
from storage.database import Database
from storage.outbox import OutboxRepository, SentMark
from tests.campaigns.outbox_support import NOW, delivery_rows, seed_people, seed_run
from tests.campaigns.outbox_support import fill_run as fill

outbox = OutboxRepository()
NUMBER = "6281200000001"
WAMID = "wamid.HBgNNjI4MTIwMDAwMDAwMRUCABEYEjQ1"
LATER = NOW + timedelta(minutes=3)


class Windows:
    """A recording WindowCloser."""

    def __init__(self) -> None:
        self.closed: list[str] = []

    async def close(self, address: str) -> None:
        self.closed.append(address)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "statuses.sqlite3") as database:
        yield database


async def sent_delivery(db: Database, *, attempts: int = 1) -> int:
    """A WhatsApp person's delivery, sent as WAMID after `attempts` sends: the run id."""
    [person] = await seed_people(db, [NUMBER], channel="whatsapp")
    run_id = await seed_run(db, status="planned")
    await fill(db, run_id, [(person, 0)])
    async with db.transaction() as tx:
        [row] = await outbox.claim(tx, NOW, 1, channel="whatsapp")
        await tx.execute("UPDATE deliveries SET attempts = ? WHERE id = ?", (attempts - 1, row.id))
        await outbox.mark_sent(tx, [SentMark(row.id, 0, NOW, external_id=WAMID)])
    return run_id


def report(
    status: StatusKind, code: int | None = None, title: str | None = None, wamid: str = WAMID
) -> StatusUpdate:
    return StatusUpdate(wamid, NUMBER, status, LATER, error_code=code, error_title=title)


def statuses(db: Database, windows: Windows | None = None) -> DeliveryStatuses:
    return DeliveryStatuses(db, outbox, windows or Windows(), FixedClock(LATER))


async def test_delivered_and_read_reports_set_the_times(db: Database) -> None:
    run_id = await sent_delivery(db)
    applying = statuses(db)

    await applying.apply(report("sent"))
    await applying.apply(report("delivered"))
    await applying.apply(report("read"))

    [row] = await delivery_rows(db, run_id)
    stamp = LATER.isoformat(timespec="microseconds")
    assert (row["status"], row["delivered_at"], row["read_at"]) == ("sent", stamp, stamp)


async def test_a_closed_window_sends_the_delivery_again_and_closes_the_window(
    db: Database,
) -> None:
    run_id = await sent_delivery(db)
    windows = Windows()

    await statuses(db, windows).apply(report("failed", 131047, "Re-engagement message"))

    [row] = await delivery_rows(db, run_id)
    assert windows.closed == [NUMBER]
    assert (row["status"], row["next_attempt_at"], row["channel_message_id"]) == (
        "pending",
        LATER.isoformat(timespec="microseconds"),
        None,
    )
    assert row["error"] == "131047: Re-engagement message"


async def test_a_closed_window_after_the_last_attempt_ends_the_delivery(db: Database) -> None:
    run_id = await sent_delivery(db, attempts=5)

    await statuses(db).apply(report("failed", 131047, "Re-engagement message"))

    [row] = await delivery_rows(db, run_id)
    assert (row["status"], row["error_code"]) == ("failed", 131047)


@pytest.mark.parametrize(
    ("code", "title"),
    [
        (131026, "Message undeliverable"),
        (131049, "This message was not delivered to maintain healthy ecosystem engagement."),
        (131053, "Media upload error"),
    ],
)
async def test_other_failures_end_the_delivery_with_their_code(
    db: Database, code: int, title: str
) -> None:
    run_id = await sent_delivery(db)
    windows = Windows()

    await statuses(db, windows).apply(report("failed", code, title))

    [row] = await delivery_rows(db, run_id)
    assert (row["status"], row["error_code"], row["error"]) == ("failed", code, f"{code}: {title}")
    assert windows.closed == []


async def test_a_failure_without_a_code_is_recorded_as_such(db: Database) -> None:
    run_id = await sent_delivery(db)

    await statuses(db).apply(report("failed"))

    [row] = await delivery_rows(db, run_id)
    assert (row["status"], row["error_code"], row["error"]) == ("failed", None, "failed: no reason")


async def test_reports_on_messages_that_are_no_delivery_change_nothing(db: Database) -> None:
    run_id = await sent_delivery(db)
    windows = Windows()
    applying = statuses(db, windows)

    for status in ("delivered", "read"):
        await applying.apply(report(status, wamid="wamid.a-conversation-reply"))
    await applying.apply(report("failed", 131047, "Re-engagement message", "wamid.a-reply"))

    [row] = await delivery_rows(db, run_id)
    assert (row["status"], row["delivered_at"], row["read_at"]) == ("sent", None, None)
    assert windows.closed == [NUMBER]  # the window is closed whatever the message was


async def test_a_late_report_of_a_message_sent_again_is_ignored(db: Database) -> None:
    run_id = await sent_delivery(db)
    applying = statuses(db)
    await applying.apply(report("failed", 131047, "Re-engagement message"))

    await applying.apply(report("failed", 131026, "Message undeliverable"))
    await applying.apply(report("delivered"))

    [row] = await delivery_rows(db, run_id)
    assert (row["status"], row["delivered_at"]) == ("pending", None)


async def test_reports_arriving_together_are_all_applied(db: Database) -> None:
    run_id = await sent_delivery(db)
    applying = statuses(db)

    await asyncio.gather(
        applying.apply(report("delivered")),
        applying.apply(report("read")),
        *(applying.apply(report("read", wamid=f"wamid.other-{i}")) for i in range(20)),
    )

    [row] = await delivery_rows(db, run_id)
    stamp = LATER.isoformat(timespec="microseconds")
    assert (row["delivered_at"], row["read_at"]) == (stamp, stamp)


async def test_a_failed_write_reaches_every_report_of_its_batch(db: Database) -> None:
    await sent_delivery(db)
    applying = statuses(db)
    await db.close()

    results = await asyncio.gather(
        applying.apply(report("delivered")), applying.apply(report("read")), return_exceptions=True
    )

    assert [type(result) for result in results] == [RuntimeError, RuntimeError]
