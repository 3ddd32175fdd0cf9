"""The delivery outbox, the only writer of `deliveries`: one row per (campaign run,
recipient), worked through by the sender.

A row's life: `pending` → `sending` (claimed, a send is in flight) → `sent` | `failed` |
`blocked` | `skipped`, or back to `pending` for a retry. Only rows left `sending` by a crash
can be sent twice, so a worker claims no more rows than it has sends in flight.

Each row is queued for a channel (the person's content channel) and claimed by that
channel's worker. A channel that reports later what became of a message (WhatsApp's status
webhooks) finds the row by `channel_message_id`: delivered and read times are kept, and a
failure reported after the send ends the row `failed` or sends it again.

Times are stored as ISO strings with a fixed microsecond precision so that comparing them as
text (`next_attempt_at <= ?`) compares the instants.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from storage.sql import Connection, Row, dialect_of, fetch_all, fetch_one

# (person id, caption variant): one recipient of a run.
Recipient = tuple[int, int]


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


@dataclass(frozen=True)
class DeliveryRow:
    """A claimed delivery with what the sender needs to reach the person (None once erased)."""

    id: int
    run_id: int
    person_id: int | None
    variant: int
    attempts: int
    channel: str | None
    channel_user_id: str | None
    locale: str | None
    person_status: str | None
    unit_id: int | None = None  # the person's PR unit, for a unit's own caption variants


@dataclass(frozen=True)
class RunCounts:
    pending: int = 0
    sending: int = 0
    sent: int = 0
    failed: int = 0
    blocked: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        """The run's total, wherever one is shown: the recipients it addresses, i.e. every
        row but the skipped ones (erased, cancelled, missed), which were never meant to go."""
        return self.pending + self.sending + self.sent + self.failed + self.blocked

    @property
    def remaining(self) -> int:
        return self.pending + self.sending


@dataclass(frozen=True)
class SentMark:
    delivery_id: int
    message_id: int
    sent_at: datetime
    external_id: str | None = None  # the channel's own id of the message (WhatsApp's wamid)


@dataclass(frozen=True)
class ErrorMark:
    """A final failure (`failed`, `blocked`, `skipped`) with its reason and the attempts used."""

    delivery_id: int
    attempts: int
    error: str


@dataclass(frozen=True)
class RetryMark:
    """Back to `pending` until `next_attempt_at`; `attempts` is the new total (unchanged when
    the send was refused for flood control, which is no fault of the row)."""

    delivery_id: int
    attempts: int
    next_attempt_at: datetime
    error: str | None


@dataclass(frozen=True)
class SentDelivery:
    """A delivery found by the channel's message id, for a status the channel reported."""

    id: int
    status: str
    attempts: int


@dataclass(frozen=True)
class Receipts:
    """What the channels reported back of a run's sent messages (WhatsApp reports both)."""

    delivered: int = 0
    read: int = 0


_ROW_COLUMNS = (
    "d.id, d.run_id, d.person_id, d.variant, d.attempts,"
    " p.channel, p.channel_user_id, p.locale, p.status AS person_status, e.unit_id"
)
_STATUSES = ("pending", "sending", "sent", "failed", "blocked", "skipped")


def _row(row: Row) -> DeliveryRow:
    return DeliveryRow(
        id=row["id"],
        run_id=row["run_id"],
        person_id=row["person_id"],
        variant=row["variant"],
        attempts=row["attempts"],
        channel=row["channel"],
        channel_user_id=row["channel_user_id"],
        locale=row["locale"],
        person_status=row["person_status"],
        unit_id=row["unit_id"],
    )


class OutboxRepository:
    async def enqueue(self, conn: Connection, run_id: int, recipients: Iterable[Recipient]) -> int:
        """Adds a delivery per recipient; a recipient already in the run is left alone, so a
        repeated enqueue (a restart half-way) is harmless. Returns how many rows were added."""
        if dialect_of(conn) == "postgresql":
            return await self._enqueue_unnest(conn, run_id, list(recipients))
        cursor = await conn.executemany(
            "INSERT INTO deliveries (run_id, person_id, variant, channel)"
            " VALUES (?, ?, ?, (SELECT channel FROM people WHERE id = ?))"
            " ON CONFLICT (run_id, person_id) DO NOTHING",
            ((run_id, person, variant, person) for person, variant in recipients),
        )
        added = cursor.rowcount
        await cursor.close()
        return added

    async def _enqueue_unnest(
        self, conn: Connection, run_id: int, recipients: list[Recipient]
    ) -> int:
        """PostgreSQL: the whole batch in one round trip, as two arrays."""
        if not recipients:
            return 0
        cursor = await conn.execute(
            "INSERT INTO deliveries (run_id, person_id, variant, channel)"
            " SELECT ?, r.person_id, r.variant,"
            " (SELECT channel FROM people WHERE id = r.person_id)"
            " FROM unnest(CAST(? AS BIGINT[]), CAST(? AS INTEGER[])) AS r (person_id, variant)"
            " ON CONFLICT (run_id, person_id) DO NOTHING",
            (run_id, [person for person, _ in recipients], [variant for _, variant in recipients]),
        )
        added = cursor.rowcount
        await cursor.close()
        return added

    async def claim(
        self,
        conn: Connection,
        now: datetime,
        limit: int,
        run_id: int | None = None,
        channel: str | None = None,
        claimed_by: str | None = None,
    ) -> list[DeliveryRow]:
        """Marks up to `limit` due pending rows, oldest first, as `sending` by `claimed_by`
        (the instance's id). Run it inside `Database.transaction()` so that the pick and the
        update are one step; on PostgreSQL concurrent claims skip each other's rows.

        With `channel`, only rows queued for that channel (its own index range, so a worker
        never scans past another channel's backlog). A row whose person has since chosen
        another channel is moved to that channel's queue instead of being returned."""
        if limit <= 0:
            return []
        at = stamp(now)
        params = {
            "limit": limit,
            "now": at,
            "run_id": run_id,
            "channel": channel,
            "claimed_by": claimed_by,
        }
        if dialect_of(conn) == "postgresql":
            ids = await self._pick_and_mark(conn, params)
        else:
            ids = await self._pick(conn, params)
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        rows = [
            _row(row)
            for row in await fetch_all(
                conn,
                f"SELECT {_ROW_COLUMNS} FROM deliveries d LEFT JOIN people p"
                " ON p.id = d.person_id LEFT JOIN enrollments e ON e.person_id = d.person_id"
                f" WHERE d.id IN ({marks}) ORDER BY d.id",
                ids,
            )
        ]
        moved = [r for r in rows if channel is not None and r.channel not in (None, channel)]
        if moved:
            # Back to pending on its new channel (PostgreSQL marked it `sending` already).
            await conn.executemany(
                "UPDATE deliveries SET channel = ?, status = 'pending', claimed_by = NULL"
                " WHERE id = ?",
                [(r.channel, r.id) for r in moved],
            )
        claimed = [r for r in rows if r not in moved]
        if not claimed:
            return []
        if dialect_of(conn) != "postgresql":
            await conn.execute(
                "UPDATE deliveries SET status = 'sending', claimed_at = ?, claimed_by = ?"
                f" WHERE id IN ({', '.join('?' * len(claimed))})",
                (at, claimed_by, *(r.id for r in claimed)),
            )
        return claimed

    async def _pick(self, conn: Connection, params: dict[str, object]) -> list[int]:
        """SQLite: the due rows' ids (one writer at a time, so nobody claims them meanwhile)."""
        run_filter = "" if params["run_id"] is None else " AND run_id = :run_id"
        if params["channel"] is not None:
            run_filter += " AND channel = :channel"
        # Two index range scans (never retried, retry due) instead of one OR, which SQLite
        # would answer by sorting every pending row of a large run on each claim.
        picked = await fetch_all(
            conn,
            "SELECT id FROM ("
            " SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at IS NULL"
            f"{run_filter} ORDER BY id LIMIT :limit) AS never_tried"
            " UNION ALL SELECT id FROM ("
            " SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= :now"
            f"{run_filter} ORDER BY id LIMIT :limit) AS retry_due"
            " ORDER BY id LIMIT :limit",
            params,
        )
        return [row["id"] for row in picked]

    async def _pick_and_mark(self, conn: Connection, params: dict[str, object]) -> list[int]:
        """PostgreSQL: picks and marks in one statement; rows another worker's open claim
        has locked are skipped, not waited for, so concurrent claims are disjoint."""
        run_filter = "" if params["run_id"] is None else " AND run_id = :run_id"
        if params["channel"] is not None:
            run_filter += " AND channel = :channel"
        picked = await fetch_all(
            conn,
            "WITH picked AS (SELECT id FROM deliveries WHERE status = 'pending'"
            " AND (next_attempt_at IS NULL OR next_attempt_at <= :now)"
            f"{run_filter} ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED)"
            " UPDATE deliveries AS d SET status = 'sending', claimed_at = :now,"
            " claimed_by = :claimed_by FROM picked WHERE d.id = picked.id RETURNING d.id",
            params,
        )
        return sorted(row["id"] for row in picked)

    async def mark_sent(self, conn: Connection, marks: Sequence[SentMark]) -> None:
        await conn.executemany(
            "UPDATE deliveries SET status = 'sent', sent_at = ?, message_id = ?,"
            " channel_message_id = ?, attempts = attempts + 1, error = NULL,"
            " error_code = NULL, next_attempt_at = NULL WHERE id = ?",
            [(stamp(m.sent_at), m.message_id, m.external_id, m.delivery_id) for m in marks],
        )

    async def mark_final(
        self,
        conn: Connection,
        status: str,
        marks: Sequence[ErrorMark],
    ) -> None:
        """Ends rows as `failed`, `blocked` or `skipped` with their reason."""
        if status not in ("failed", "blocked", "skipped"):
            raise ValueError(f"{status!r} is not a final error status")
        await conn.executemany(
            "UPDATE deliveries SET status = ?, attempts = ?, error = ?, next_attempt_at = NULL"
            " WHERE id = ?",
            [(status, m.attempts, m.error, m.delivery_id) for m in marks],
        )

    async def schedule_retry(self, conn: Connection, marks: Sequence[RetryMark]) -> None:
        await conn.executemany(
            "UPDATE deliveries SET status = 'pending', attempts = ?, next_attempt_at = ?,"
            " error = COALESCE(?, error) WHERE id = ? AND status = 'sending'",
            [(m.attempts, stamp(m.next_attempt_at), m.error, m.delivery_id) for m in marks],
        )

    async def reclaim(
        self,
        conn: Connection,
        claimed_before: datetime | None = None,
        channel: str | None = None,
    ) -> int:
        """Puts rows a crashed worker left `sending` back to `pending`; returns how many.

        Without `claimed_before` every `sending` row (queued for `channel`, when given) is
        taken back, which is right at the start-up of the channel's only worker. Such a row
        may or may not have reached the person.
        """
        before = "" if claimed_before is None else " AND claimed_at < :before"
        of_channel = "" if channel is None else " AND channel = :channel"
        cursor = await conn.execute(
            "UPDATE deliveries SET status = 'pending'"
            f" WHERE status = 'sending'{before}{of_channel}",
            {
                "before": None if claimed_before is None else stamp(claimed_before),
                "channel": channel,
            },
        )
        reclaimed = cursor.rowcount
        await cursor.close()
        return reclaimed

    async def reclaim_orphans(self, conn: Connection, live_since: datetime) -> int:
        """Puts back to `pending` the rows left `sending` by instances that are gone: their
        heartbeat is older than `live_since`, or their row was removed (or, from before
        instances were tracked, the row names none). Returns how many.

        A live instance's rows are never touched, so a worker starting beside another never
        resends the other's sends in flight. A reclaimed row may or may not have reached the
        person."""
        cursor = await conn.execute(
            "UPDATE deliveries SET status = 'pending', claimed_by = NULL"
            " WHERE status = 'sending' AND (claimed_by IS NULL OR claimed_by NOT IN"
            " (SELECT id FROM instances WHERE heartbeat_at >= ?))",
            (stamp(live_since),),
        )
        reclaimed = cursor.rowcount
        await cursor.close()
        return reclaimed

    async def skip_pending(self, conn: Connection, run_id: int, reason: str) -> int:
        """Takes the run's queued, unclaimed rows out of the outbox (a cancelled or missed
        run); sends in flight still finish. Returns how many were skipped."""
        cursor = await conn.execute(
            "UPDATE deliveries SET status = 'skipped', error = ?, next_attempt_at = NULL"
            " WHERE run_id = ? AND status = 'pending'",
            (reason, run_id),
        )
        skipped = cursor.rowcount
        await cursor.close()
        return skipped

    async def skip_pending_of_campaign(
        self, conn: Connection, campaign_id: int, reason: str
    ) -> int:
        """`skip_pending` for every run of a cancelled campaign; rows already sent (or being
        sent right now) stay as they are."""
        cursor = await conn.execute(
            "UPDATE deliveries SET status = 'skipped', error = ?, next_attempt_at = NULL"
            " WHERE status = 'pending'"
            " AND run_id IN (SELECT id FROM campaign_runs WHERE campaign_id = ?)",
            (reason, campaign_id),
        )
        skipped = cursor.rowcount
        await cursor.close()
        return skipped

    # -- what the channel reports after the send ---------------------------------------------

    async def by_channel_message(
        self, conn: Connection, channel_message_id: str
    ) -> SentDelivery | None:
        row = await fetch_one(
            conn,
            "SELECT id, status, attempts FROM deliveries WHERE channel_message_id = ?",
            (channel_message_id,),
        )
        if row is None:
            return None
        return SentDelivery(id=row["id"], status=row["status"], attempts=row["attempts"])

    async def mark_delivered(self, conn: Connection, channel_message_id: str, at: datetime) -> bool:
        """Records the first delivery report; True if a delivery has that message id."""
        cursor = await conn.execute(
            "UPDATE deliveries SET delivered_at = COALESCE(delivered_at, ?)"
            " WHERE channel_message_id = ?",
            (stamp(at), channel_message_id),
        )
        found = cursor.rowcount > 0
        await cursor.close()
        return found

    async def mark_read(self, conn: Connection, channel_message_id: str, at: datetime) -> bool:
        """Records the first read report; a message read was delivered too, even when the
        delivery report is late or lost (webhooks arrive in any order)."""
        cursor = await conn.execute(
            "UPDATE deliveries SET read_at = COALESCE(read_at, :at),"
            " delivered_at = COALESCE(delivered_at, :at) WHERE channel_message_id = :id",
            {"at": stamp(at), "id": channel_message_id},
        )
        found = cursor.rowcount > 0
        await cursor.close()
        return found

    async def resend(
        self, conn: Connection, delivery_id: int, due: datetime, error: str, code: int
    ) -> bool:
        """A sent message the channel failed afterwards goes back to `pending` to be sent
        again (another way); its old message id is dropped, so late reports of it are
        ignored. True if the row was `sent`."""
        cursor = await conn.execute(
            "UPDATE deliveries SET status = 'pending', next_attempt_at = ?, error = ?,"
            " error_code = ?, channel_message_id = NULL, delivered_at = NULL, read_at = NULL"
            " WHERE id = ? AND status = 'sent'",
            (stamp(due), error, code, delivery_id),
        )
        moved = cursor.rowcount == 1
        await cursor.close()
        return moved

    async def fail_after_send(
        self, conn: Connection, delivery_id: int, error: str, code: int | None
    ) -> bool:
        """A sent message the channel could not deliver ends `failed` with the channel's
        code. True if the row was `sent`."""
        cursor = await conn.execute(
            "UPDATE deliveries SET status = 'failed', error = ?, error_code = ?"
            " WHERE id = ? AND status = 'sent'",
            (error, code, delivery_id),
        )
        moved = cursor.rowcount == 1
        await cursor.close()
        return moved

    async def receipts(self, conn: Connection, run_id: int) -> Receipts:
        row = await fetch_one(
            conn,
            "SELECT COUNT(delivered_at) AS delivered, COUNT(read_at) AS seen FROM deliveries"
            " WHERE run_id = ? AND status = 'sent'",
            (run_id,),
        )
        return Receipts(row["delivered"], row["seen"]) if row else Receipts()

    async def counts(self, conn: Connection, run_id: int) -> RunCounts:
        rows = await fetch_all(
            conn,
            "SELECT status, COUNT(*) AS n FROM deliveries WHERE run_id = ? GROUP BY status",
            (run_id,),
        )
        found = {row["status"]: row["n"] for row in rows if row["status"] in _STATUSES}
        return RunCounts(**found)

    async def has_unfinished(self, conn: Connection, run_id: int | None = None) -> bool:
        """Whether any row (of the run) is still pending or in flight."""
        # `+run_id` keeps SQLite on the status index: the run index would visit every row of a
        # large run that is already sent before finding the few still pending.
        run_filter = "" if run_id is None else " AND +run_id = ?"
        row = await fetch_one(
            conn,
            f"SELECT 1 FROM deliveries WHERE status IN ('pending', 'sending'){run_filter} LIMIT 1",
            () if run_id is None else (run_id,),
        )
        return row is not None

    async def next_retry_at(self, conn: Connection, run_id: int | None = None) -> datetime | None:
        """When the earliest waiting retry becomes due (None when nothing waits)."""
        run_filter = "" if run_id is None else " AND +run_id = ?"
        row = await fetch_one(
            conn,
            "SELECT MIN(next_attempt_at) AS due FROM deliveries"
            f" WHERE status = 'pending' AND next_attempt_at IS NOT NULL{run_filter}",
            () if run_id is None else (run_id,),
        )
        return datetime.fromisoformat(row["due"]) if row and row["due"] else None

    async def run_status(self, conn: Connection, run_id: int) -> str | None:
        row = await fetch_one(conn, "SELECT status FROM campaign_runs WHERE id = ?", (run_id,))
        return str(row["status"]) if row else None

    async def fold_old_chunk(
        self,
        conn: Connection,
        run_id: int,
        campaign_id: int,
        due_at: str,
        status: str,
        before: str,
        after_id: int,
        chunk: int,
    ) -> tuple[int, int | None]:
        """Folds one chunk of one run's deliveries in `status`, inside the caller's transaction.

        Looks at up to `chunk` rows with id > `after_id` (id order on the (run_id, status) index),
        counts the old ones into `delivery_daily` and deletes them. Returns (rows folded, the last
        id looked at, or None when the slice is done).
        """
        edge = await fetch_one(
            conn,
            "SELECT MAX(id) AS last_id, COUNT(*) AS seen FROM (SELECT id FROM deliveries"
            " WHERE run_id = ? AND status = ? AND id > ? ORDER BY id LIMIT ?) AS slice",
            (run_id, status, after_id, chunk),
        )
        if edge is None or edge["last_id"] is None:
            return 0, None
        last_id, seen = int(edge["last_id"]), int(edge["seen"])
        # Aggregating and deleting use the same condition in the same transaction, so every
        # deleted row is counted exactly once.
        condition = "run_id = ? AND status = ? AND id > ? AND id <= ? AND COALESCE(sent_at, ?) < ?"
        params = (run_id, status, after_id, last_id, due_at, before)
        await conn.execute(
            "INSERT INTO delivery_daily (day, campaign_id, status, count)"
            f" SELECT substr(COALESCE(sent_at, ?), 1, 10), ?, ?, COUNT(*) FROM deliveries"
            f" WHERE {condition} GROUP BY 1"
            " ON CONFLICT (day, campaign_id, status)"
            " DO UPDATE SET count = delivery_daily.count + excluded.count",
            (due_at, campaign_id, status, *params),
        )
        cursor = await conn.execute(f"DELETE FROM deliveries WHERE {condition}", params)
        folded = cursor.rowcount
        await cursor.close()
        return folded, (last_id if seen == chunk else None)
