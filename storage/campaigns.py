"""Campaigns, their planned runs (one per zone and day) and the outbox of deliveries.

The caller owns transactions: every method takes the connection to run on. Times are stored
as UTC ISO-8601 text, so comparing the text compares the instants.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Collection, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, time
from typing import Any, Literal

from storage.sql import Connection, Row, dialect_of, fetch_all, fetch_one
from storage.units import scope_clause

CampaignStatus = Literal["draft", "awaiting_approval", "scheduled", "done", "cancelled"]
RunStatus = Literal["planned", "sending", "done", "missed", "cancelled"]

# Deliveries that use up one of a person's daily pushes: queued, being sent, or sent.
COUNTED_DELIVERY_STATUSES = ("pending", "sending", "sent")
RECIPIENT_BATCH = 5000


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError(f"stored times must be timezone-aware, got {moment!r}")
    return moment.astimezone(UTC).isoformat()


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def instant(conn: Connection, expression: str) -> str:
    """SQL for the instant an ISO-8601 text (a column or a `?`) stands for, comparable across
    stamps written with different precision: julianday on SQLite, timestamptz on PostgreSQL
    (the parameter typed as text first, so the driver sends the string)."""
    if dialect_of(conn) == "postgresql":
        return f"CAST(CAST({expression} AS TEXT) AS TIMESTAMPTZ)"
    return f"julianday({expression})"


@dataclass(frozen=True)
class Target:
    """Who a campaign is for; None means "anyone". Stored as JSON in `campaigns.target`."""

    agency_code: str | None = None
    province_code: str | None = None
    zone: str | None = None  # WIB | WITA | WIT
    platform: str | None = None  # a verified account on this platform

    def to_json(self) -> str:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return json.dumps({k: v for k, v in values.items() if v is not None}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Target:
        """Refuses unknown keys: a misspelt filter must not widen a campaign to everyone."""
        data: Any = json.loads(text or "{}")
        if not isinstance(data, dict):
            raise ValueError(f"campaign target must be a JSON object, got {text!r}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown campaign target keys {unknown} in {text!r}")
        for key, value in data.items():
            if value is not None and not isinstance(value, str):
                raise ValueError(f"campaign target {key} must be text, got {value!r}")
        return cls(**data)


@dataclass(frozen=True)
class NewCampaign:
    title: str
    kind: str  # text | photo | video | document
    body: str
    created_by: str
    schedule_kind: str  # now | once | daily
    run_at: datetime | None = None
    daily_time: time | None = None
    media_file_id: str | None = None
    link: str | None = None
    hashtags: str = ""
    target: Target = field(default_factory=Target)
    variants: tuple[str, ...] = ()
    unit_id: int | None = None  # the owning unit (None: national)
    target_unit_ids: tuple[int, ...] = ()  # chosen units (none: the owner's whole audience)


@dataclass(frozen=True)
class Campaign:
    id: int
    title: str
    kind: str
    body: str
    media_file_id: str | None
    link: str | None
    hashtags: str
    target_json: str
    schedule_kind: str
    run_at: datetime | None
    daily_time: time | None
    status: str
    created_by: str
    approved_by: str | None
    created_at: datetime
    cancelled_at: datetime | None
    variants: tuple[str, ...]  # in `position` order; delivery.variant indexes this
    unit_id: int | None = None  # the unit whose group composed it (None: the national group)
    target_unit_ids: tuple[int, ...] = ()  # the units it was sent to (none: all the owner's)

    @property
    def target(self) -> Target:
        return Target.from_json(self.target_json)


@dataclass(frozen=True)
class CampaignRun:
    id: int
    campaign_id: int
    run_key: str
    zone: str
    due_at: datetime
    status: str
    progress_message_id: int | None


@dataclass(frozen=True)
class UpcomingRun:
    run: CampaignRun
    title: str


@dataclass(frozen=True)
class StoredMedia:
    """A campaign's media uploaded to another channel: its id there and when it went up."""

    media_id: str
    uploaded_at: datetime


@dataclass(frozen=True)
class ChannelCount:
    """How many people a target reaches on one content channel, and how many of them have
    not written within the window (WhatsApp reaches those only by a paid template)."""

    channel: str
    people: int
    outside_window: int


@dataclass(frozen=True)
class RunSlot:
    """A run to plan: what `plan_runs` inserts."""

    run_key: str
    zone: str
    due_at: datetime


@dataclass(frozen=True)
class RecipientQuery:
    """Who one run reaches.

    `province_codes` are the provinces of the run's zone (the caller knows the map).
    A person is left out once they have `max_per_day` queued or sent deliveries from runs due
    after `since` (the run's due time minus a day); this run's own rows do not count, so a
    refill after a restart reaches the same people.
    """

    run_id: int
    province_codes: tuple[str, ...]
    target: Target
    since: datetime
    max_per_day: int
    channels: tuple[str, ...] = ()  # the content channels served (empty: every channel)
    unit_ids: frozenset[int] | None = None  # the units whose people it reaches (None: all)


_CAMPAIGN_COLUMNS = (
    "id, title, kind, body, media_file_id, link, hashtags, target, schedule_kind, run_at,"
    " daily_time, status, created_by, approved_by, created_at, cancelled_at, unit_id"
)
_RUN_COLUMNS = "id, campaign_id, run_key, zone, due_at, status, progress_message_id"


def _campaign(row: Row, variants: tuple[str, ...], target_units: tuple[int, ...]) -> Campaign:
    daily = row["daily_time"]
    return Campaign(
        id=row["id"],
        title=row["title"],
        kind=row["kind"],
        body=row["body"],
        media_file_id=row["media_file_id"],
        link=row["link"],
        hashtags=row["hashtags"],
        target_json=row["target"],
        schedule_kind=row["schedule_kind"],
        run_at=_time(row["run_at"]),
        daily_time=time.fromisoformat(daily) if daily else None,
        status=row["status"],
        created_by=row["created_by"],
        approved_by=row["approved_by"],
        created_at=datetime.fromisoformat(row["created_at"]),
        cancelled_at=_time(row["cancelled_at"]),
        variants=variants,
        unit_id=row["unit_id"],
        target_unit_ids=target_units,
    )


def _run(row: Row) -> CampaignRun:
    return CampaignRun(
        id=row["id"],
        campaign_id=row["campaign_id"],
        run_key=row["run_key"],
        zone=row["zone"],
        due_at=datetime.fromisoformat(row["due_at"]),
        status=row["status"],
        progress_message_id=row["progress_message_id"],
    )


def _placeholders(count: int) -> str:
    return ", ".join("?" * count)


# A person's pushes in the day before the run: campaign deliveries queued or sent, from runs
# due after `since`, not counting this run's own rows.
_COUNTED = _placeholders(len(COUNTED_DELIVERY_STATUSES))
_PUSHES_SINCE = (
    "(SELECT COUNT(*) FROM deliveries AS d JOIN campaign_runs AS r ON r.id = d.run_id"
    f" WHERE d.person_id = e.person_id AND d.status IN ({_COUNTED})"
    " AND d.run_id <> ? AND r.due_at > ?)"
)


def _audience(
    province_codes: Sequence[str], target: Target, unit_ids: Collection[int] | None
) -> tuple[list[str], list[object]]:
    """Conditions (on enrollments `e` and people `p`) for whom the target matches in the
    provinces and the units, before the daily cap, and their parameters."""
    in_units, unit_params = scope_clause(unit_ids, "e.unit_id")
    conditions = [
        "e.status = 'verified'",
        "e.content_paused_at IS NULL",
        "p.status <> 'blocked'",
        f"e.province_code IN ({_placeholders(len(province_codes))})",
        in_units,
    ]
    params: list[object] = [*province_codes, *unit_params]
    if target.agency_code is not None:
        conditions.append("e.agency_code = ?")
        params.append(target.agency_code)
    if target.province_code is not None:
        conditions.append("e.province_code = ?")
        params.append(target.province_code)
    if target.platform is not None:
        conditions.append(
            "EXISTS (SELECT 1 FROM social_accounts AS s WHERE s.person_id = e.person_id"
            " AND s.platform = ? AND s.verification_status = 'verified')"
        )
        params.append(target.platform)
    return conditions, params


class CampaignRepository:
    # -- campaigns ---------------------------------------------------------------------------

    async def create(
        self,
        conn: Connection,
        new: NewCampaign,
        now: datetime,
        status: CampaignStatus = "draft",
    ) -> int:
        """Inserts the campaign and its caption variants; returns the campaign id."""
        row = await fetch_one(
            conn,
            "INSERT INTO campaigns (title, kind, body, media_file_id, link, hashtags, target,"
            " schedule_kind, run_at, daily_time, status, created_by, created_at, unit_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                new.title,
                new.kind,
                new.body,
                new.media_file_id,
                new.link,
                new.hashtags,
                new.target.to_json(),
                new.schedule_kind,
                _stamp(new.run_at) if new.run_at else None,
                new.daily_time.strftime("%H:%M") if new.daily_time else None,
                status,
                new.created_by,
                _stamp(now),
                new.unit_id,
            ),
        )
        assert row is not None
        campaign_id = int(row["id"])
        await conn.executemany(
            "INSERT INTO campaign_variants (campaign_id, position, text) VALUES (?, ?, ?)",
            [(campaign_id, position, text) for position, text in enumerate(new.variants)],
        )
        await conn.executemany(
            "INSERT INTO campaign_target_units (campaign_id, unit_id) VALUES (?, ?)",
            [(campaign_id, unit_id) for unit_id in sorted(set(new.target_unit_ids))],
        )
        return campaign_id

    async def get(self, conn: Connection, campaign_id: int) -> Campaign | None:
        found = await self._campaigns(conn, "id = ?", (campaign_id,))
        return found[0] if found else None

    async def list_by_status(
        self, conn: Connection, statuses: Sequence[CampaignStatus]
    ) -> list[Campaign]:
        return await self._campaigns(conn, f"status IN ({_placeholders(len(statuses))})", statuses)

    async def list_active(
        self, conn: Connection, unit_ids: Collection[int] | None = None
    ) -> list[Campaign]:
        """Campaigns waiting for approval or scheduled (for `/jadwal`), of the units in
        `unit_ids` (None: every campaign; a national one belongs to no unit's subtree)."""
        owned, params = scope_clause(unit_ids, "unit_id")
        return await self._campaigns(
            conn, f"status IN ('awaiting_approval', 'scheduled') AND {owned}", params
        )

    async def _campaigns(
        self, conn: Connection, where: str, params: Sequence[object]
    ) -> list[Campaign]:
        rows = await fetch_all(
            conn, f"SELECT {_CAMPAIGN_COLUMNS} FROM campaigns WHERE {where} ORDER BY id", params
        )
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        variant_rows = await fetch_all(
            conn,
            "SELECT campaign_id, text FROM campaign_variants"
            f" WHERE campaign_id IN ({_placeholders(len(ids))}) ORDER BY campaign_id, position",
            ids,
        )
        variants: dict[int, list[str]] = {}
        for variant in variant_rows:
            variants.setdefault(variant["campaign_id"], []).append(variant["text"])
        unit_rows = await fetch_all(
            conn,
            "SELECT campaign_id, unit_id FROM campaign_target_units"
            f" WHERE campaign_id IN ({_placeholders(len(ids))}) ORDER BY campaign_id, unit_id",
            ids,
        )
        units: dict[int, list[int]] = {}
        for unit in unit_rows:
            units.setdefault(unit["campaign_id"], []).append(unit["unit_id"])
        return [
            _campaign(row, tuple(variants.get(row["id"], ())), tuple(units.get(row["id"], ())))
            for row in rows
        ]

    # -- localisations -------------------------------------------------------------------------

    async def localise(
        self,
        conn: Connection,
        campaign_id: int,
        unit_id: int,
        variants: Sequence[str],
        created_by: str,
        now: datetime,
    ) -> None:
        """The unit's caption variants of the campaign, replacing any it gave before."""
        await conn.execute(
            "DELETE FROM campaign_localisations WHERE campaign_id = ? AND unit_id = ?",
            (campaign_id, unit_id),
        )
        await conn.executemany(
            "INSERT INTO campaign_localisations"
            " (campaign_id, unit_id, position, text, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (campaign_id, unit_id, position, text, created_by, _stamp(now))
                for position, text in enumerate(variants)
            ],
        )

    async def localisations(self, conn: Connection, campaign_id: int) -> dict[int, tuple[str, ...]]:
        """unit id -> that unit's caption variants of the campaign, in order."""
        rows = await fetch_all(
            conn,
            "SELECT unit_id, text FROM campaign_localisations WHERE campaign_id = ?"
            " ORDER BY unit_id, position",
            (campaign_id,),
        )
        found: dict[int, list[str]] = {}
        for row in rows:
            found.setdefault(row["unit_id"], []).append(row["text"])
        return {unit_id: tuple(texts) for unit_id, texts in found.items()}

    async def set_status(
        self,
        conn: Connection,
        campaign_id: int,
        status: CampaignStatus,
        *,
        expected: Sequence[CampaignStatus],
    ) -> bool:
        """Moves the campaign to `status` if it is in one of `expected`; True if it moved."""
        cursor = await conn.execute(
            f"UPDATE campaigns SET status = ? WHERE id = ?"
            f" AND status IN ({_placeholders(len(expected))})",
            (status, campaign_id, *expected),
        )
        return cursor.rowcount == 1

    async def approve(
        self, conn: Connection, campaign_id: int, approved_by: str, now: datetime
    ) -> bool:
        """Schedules a draft or awaiting campaign. A `now` campaign is due at approval time."""
        cursor = await conn.execute(
            "UPDATE campaigns SET status = 'scheduled', approved_by = ?,"
            " run_at = CASE WHEN schedule_kind = 'now' THEN ? ELSE run_at END"
            " WHERE id = ? AND status IN ('draft', 'awaiting_approval')",
            (approved_by, _stamp(now), campaign_id),
        )
        return cursor.rowcount == 1

    async def cancel(self, conn: Connection, campaign_id: int, now: datetime) -> bool:
        """Cancels the campaign and its planned runs (its queued deliveries are skipped
        through `OutboxRepository.skip_pending_of_campaign`, in the same transaction)."""
        cursor = await conn.execute(
            "UPDATE campaigns SET status = 'cancelled', cancelled_at = ?"
            " WHERE id = ? AND status NOT IN ('done', 'cancelled')",
            (_stamp(now), campaign_id),
        )
        if cursor.rowcount != 1:
            return False
        await conn.execute(
            "UPDATE campaign_runs SET status = 'cancelled'"
            " WHERE campaign_id = ? AND status = 'planned'",
            (campaign_id,),
        )
        return True

    async def close_if_complete(self, conn: Connection, campaign_id: int) -> bool:
        """Marks a one-off (`now`/`once`) campaign done once none of its runs is open.

        All zones' runs of a one-off campaign are planned in one transaction, so "some runs
        exist and none is open" means every zone has had its turn. Daily campaigns run until
        cancelled.
        """
        cursor = await conn.execute(
            "UPDATE campaigns SET status = 'done'"
            " WHERE id = ? AND status = 'scheduled' AND schedule_kind IN ('now', 'once')"
            " AND EXISTS (SELECT 1 FROM campaign_runs WHERE campaign_id = campaigns.id)"
            " AND NOT EXISTS (SELECT 1 FROM campaign_runs WHERE campaign_id = campaigns.id"
            "   AND status IN ('planned', 'sending'))",
            (campaign_id,),
        )
        return cursor.rowcount == 1

    # -- media on other channels ---------------------------------------------------------------

    async def media_on(
        self, conn: Connection, campaign_id: int, channel: str
    ) -> StoredMedia | None:
        row = await fetch_one(
            conn,
            "SELECT media_id, uploaded_at FROM campaign_media"
            " WHERE campaign_id = ? AND channel = ?",
            (campaign_id, channel),
        )
        if row is None:
            return None
        return StoredMedia(row["media_id"], datetime.fromisoformat(row["uploaded_at"]))

    async def keep_media(
        self,
        conn: Connection,
        campaign_id: int,
        channel: str,
        media: StoredMedia,
    ) -> None:
        """Stores (or replaces, after a re-upload) the campaign's media id on `channel`."""
        await conn.execute(
            "INSERT INTO campaign_media (campaign_id, channel, media_id, uploaded_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (campaign_id, channel)"
            " DO UPDATE SET media_id = excluded.media_id, uploaded_at = excluded.uploaded_at",
            (campaign_id, channel, media.media_id, _stamp(media.uploaded_at)),
        )

    # -- runs --------------------------------------------------------------------------------

    async def plan_runs(self, conn: Connection, campaign_id: int, slots: Iterable[RunSlot]) -> int:
        """Inserts the runs not planned yet; returns how many were new."""
        added = 0
        for slot in slots:
            cursor = await conn.execute(
                "INSERT INTO campaign_runs (campaign_id, run_key, zone, due_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (campaign_id, run_key, zone) DO NOTHING",
                (campaign_id, slot.run_key, slot.zone, _stamp(slot.due_at)),
            )
            added += cursor.rowcount
        return added

    async def get_run(self, conn: Connection, run_id: int) -> CampaignRun | None:
        row = await fetch_one(
            conn, f"SELECT {_RUN_COLUMNS} FROM campaign_runs WHERE id = ?", (run_id,)
        )
        return _run(row) if row else None

    async def runs_of(self, conn: Connection, campaign_id: int) -> list[CampaignRun]:
        rows = await fetch_all(
            conn,
            f"SELECT {_RUN_COLUMNS} FROM campaign_runs WHERE campaign_id = ? ORDER BY due_at, id",
            (campaign_id,),
        )
        return [_run(row) for row in rows]

    async def due_runs(
        self, conn: Connection, now: datetime, limit: int = 100
    ) -> list[CampaignRun]:
        rows = await fetch_all(
            conn,
            f"SELECT {_RUN_COLUMNS} FROM campaign_runs WHERE status = 'planned' AND due_at <= ?"
            " ORDER BY due_at, id LIMIT ?",
            (_stamp(now), limit),
        )
        return [_run(row) for row in rows]

    async def upcoming_runs(
        self,
        conn: Connection,
        limit: int = 50,
        unit_ids: Collection[int] | None = None,
    ) -> list[UpcomingRun]:
        """Planned and sending runs, soonest first, with their campaign's title (`/jadwal`),
        of the campaigns owned in `unit_ids` (None: all)."""
        columns = ", ".join(f"r.{name.strip()}" for name in _RUN_COLUMNS.split(","))
        owned, params = scope_clause(unit_ids, "c.unit_id")
        rows = await fetch_all(
            conn,
            f"SELECT {columns}, c.title FROM campaign_runs AS r"
            " JOIN campaigns AS c ON c.id = r.campaign_id"
            f" WHERE r.status IN ('planned', 'sending') AND {owned}"
            " ORDER BY r.due_at, r.id LIMIT ?",
            (*params, limit),
        )
        return [UpcomingRun(_run(row), row["title"]) for row in rows]

    async def set_run_status(
        self,
        conn: Connection,
        run_id: int,
        status: RunStatus,
        *,
        expected: Sequence[RunStatus],
    ) -> bool:
        """Moves the run to `status` if it is in one of `expected`; True if it moved.

        The guard is what lets two callers race: only one of them sees True.
        """
        cursor = await conn.execute(
            f"UPDATE campaign_runs SET status = ? WHERE id = ?"
            f" AND status IN ({_placeholders(len(expected))})",
            (status, run_id, *expected),
        )
        return cursor.rowcount == 1

    async def finish_run(self, conn: Connection, run_id: int) -> bool:
        """Marks a sending run done when its outbox has nothing pending or in flight."""
        cursor = await conn.execute(
            "UPDATE campaign_runs SET status = 'done' WHERE id = ? AND status = 'sending'"
            " AND NOT EXISTS (SELECT 1 FROM deliveries WHERE run_id = campaign_runs.id"
            "   AND status IN ('pending', 'sending'))",
            (run_id,),
        )
        return cursor.rowcount == 1

    async def set_progress_message(
        self, conn: Connection, run_id: int, message_id: int | None
    ) -> None:
        await conn.execute(
            "UPDATE campaign_runs SET progress_message_id = ? WHERE id = ?", (message_id, run_id)
        )

    # -- outbox ------------------------------------------------------------------------------

    async def recipient_batches(
        self, conn: Connection, query: RecipientQuery, batch_size: int = RECIPIENT_BATCH
    ) -> AsyncIterator[list[int]]:
        """Person ids the run reaches, ascending, `batch_size` at a time.

        Keyset pages (`person_id > last`) keep memory flat for any audience size, and each
        page is read in one step, so no read snapshot stays open between pages.
        """
        if not query.province_codes or query.max_per_day <= 0:
            return
        conditions, params = _audience(query.province_codes, query.target, query.unit_ids)
        conditions.append(f"{_PUSHES_SINCE} < ?")
        params += [*COUNTED_DELIVERY_STATUSES, query.run_id, _stamp(query.since)]
        params.append(query.max_per_day)
        if query.channels:
            conditions.append(f"p.channel IN ({', '.join('?' * len(query.channels))})")
            params += query.channels
        sql = (
            "SELECT e.person_id AS person_id"
            " FROM enrollments AS e JOIN people AS p ON p.id = e.person_id"
            f" WHERE e.person_id > ? AND {' AND '.join(conditions)} ORDER BY e.person_id LIMIT ?"
        )
        last = 0
        while True:
            rows = await fetch_all(conn, sql, [last, *params, batch_size])
            if not rows:
                return
            batch = [int(row["person_id"]) for row in rows]
            yield batch
            if len(batch) < batch_size:
                return
            last = batch[-1]

    async def count_capped(self, conn: Connection, query: RecipientQuery) -> int:
        """How many people the run's target matches but the daily cap leaves out."""
        if not query.province_codes:
            return 0
        conditions, params = _audience(query.province_codes, query.target, query.unit_ids)
        conditions.append(f"{_PUSHES_SINCE} >= ?")
        params += [*COUNTED_DELIVERY_STATUSES, query.run_id, _stamp(query.since)]
        params.append(query.max_per_day)
        row = await fetch_one(
            conn,
            "SELECT COUNT(*) AS n FROM enrollments AS e JOIN people AS p ON p.id = e.person_id"
            f" WHERE {' AND '.join(conditions)}",
            params,
        )
        return int(row["n"]) if row else 0

    async def audience_by_channel(
        self,
        conn: Connection,
        province_codes: Sequence[str],
        target: Target,
        window_opened_after: datetime,
        unit_ids: Collection[int] | None = None,
    ) -> list[ChannelCount]:
        """Who a target reaches in the units (None: all), per content channel (before the
        daily cap), with how many last wrote on that address at or before
        `window_opened_after`, or never."""
        if not province_codes:
            return []
        conditions, params = _audience(province_codes, target, unit_ids)
        # Compared as instants, whatever precision the stamps were written with.
        last_inbound, opened_after = instant(conn, "a.last_inbound_at"), instant(conn, "?")
        rows = await fetch_all(
            conn,
            "SELECT p.channel AS channel, COUNT(*) AS people,"
            " SUM(CASE WHEN a.last_inbound_at IS NULL"
            f"   OR {last_inbound} <= {opened_after} THEN 1 ELSE 0 END) AS outside"
            " FROM enrollments AS e JOIN people AS p ON p.id = e.person_id"
            " LEFT JOIN person_addresses AS a"
            "   ON a.channel = p.channel AND a.address = p.channel_user_id"
            f" WHERE {' AND '.join(conditions)} GROUP BY p.channel ORDER BY p.channel",
            [_stamp(window_opened_after), *params],
        )
        return [ChannelCount(row["channel"], row["people"], row["outside"]) for row in rows]

    async def count_deliveries(
        self, conn: Connection, run_id: int, statuses: Sequence[str] | None = None
    ) -> int:
        sql = "SELECT COUNT(*) AS n FROM deliveries WHERE run_id = ?"
        params: list[object] = [run_id]
        if statuses is not None:
            sql += f" AND status IN ({_placeholders(len(statuses))})"
            params += statuses
        row = await fetch_one(conn, sql, params)
        return int(row["n"]) if row else 0
