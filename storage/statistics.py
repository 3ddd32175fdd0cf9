"""Aggregate queries for statistics, leaderboards and exports.

Everything in :class:`StatisticsRepository` only reads. Per-campaign delivery numbers add the
live `deliveries` rows to the per-day counts that retention folded into `delivery_daily`, so
they are the same before and after a fold. The funnel reads the anonymous `daily_counters`,
so it stays true after people are erased.

Stored times are UTC ISO strings; a period is compared as strings, which orders correctly
because every stamp has the same UTC offset.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from storage.sql import Connection, fetch_all, fetch_one
from storage.units import scope_clause

__all__ = [
    "CampaignCounts",
    "CurrentTotals",
    "FunnelCounts",
    "GroupCount",
    "LeaderboardRow",
    "StatisticsRepository",
    "UnitActivityRow",
    "utc_iso",
]

# Delivery statuses that will not change any more (the outbox is done with them).
FINAL_DELIVERY_STATUSES = ("sent", "failed", "blocked", "skipped")


def utc_iso(moment: datetime) -> str:
    """A UTC ISO stamp as the repositories store them, for comparing with stored times."""
    if moment.tzinfo is None:
        raise ValueError(f"times must be timezone-aware, got {moment!r}")
    return moment.astimezone(UTC).isoformat()


@dataclass(frozen=True)
class FunnelCounts:
    """Anonymous counter sums over a period of UTC days."""

    started: int
    consented: int
    submitted: int
    verified: int
    suspended: int
    erased: int


@dataclass(frozen=True)
class CurrentTotals:
    """Where people stand now. `verified` = `active` + `opted_out` + `blocked`."""

    verified: int
    active: int
    opted_out: int
    blocked: int
    awaiting_review: int
    suspended: int


@dataclass(frozen=True)
class GroupCount:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class CampaignCounts:
    """Lifetime delivery and reshare numbers of one campaign."""

    campaign_id: int
    title: str
    status: str
    first_due_at: datetime | None
    sent: int
    failed: int
    blocked: int
    skipped: int
    queued: int
    reshares: int

    @property
    def reshare_rate(self) -> float | None:
        """Reshares per delivered message; None before anything was delivered."""
        return self.reshares / self.sent if self.sent else None


@dataclass(frozen=True)
class LeaderboardRow:
    person_id: int
    name: str
    agency_code: str | None
    agency_name: str | None
    points: int
    reshares: int


@dataclass(frozen=True)
class UnitActivityRow:
    """One unit's own people (not its subtree's): enrolled = every enrollment past the draft."""

    unit_id: int | None  # None: people whose unit is not known yet
    enrolled: int
    verified: int
    delivered: int  # campaign messages delivered to them (status 'sent')
    reshares: int


# Stands in for "no scope" in the SQL of the scoped queries below.
Scope = Collection[int] | None


def _placeholders(count: int) -> str:
    return ", ".join("?" * count)


class StatisticsRepository:
    async def funnel(self, conn: Connection, first: date, last: date) -> FunnelCounts:
        """Counter sums from day `first` to day `last`, both included."""
        rows = await fetch_all(
            conn,
            "SELECT name, SUM(value) AS total FROM daily_counters WHERE day >= ? AND day <= ?"
            " GROUP BY name",
            (first.isoformat(), last.isoformat()),
        )
        sums = {row["name"]: int(row["total"]) for row in rows}
        return FunnelCounts(
            started=sums.get("enrollment_started", 0),
            consented=sums.get("consented", 0),
            submitted=sums.get("submitted", 0),
            verified=sums.get("verified", 0),
            suspended=sums.get("suspended", 0),
            erased=sums.get("erased", 0),
        )

    async def badges_issued(self, conn: Connection, start: datetime, end: datetime) -> int:
        """Badges issued in the period, from the anonymous counter: erasures do not change it."""
        row = await fetch_one(
            conn,
            "SELECT COALESCE(SUM(value), 0) AS total FROM daily_counters"
            " WHERE name = 'badged' AND day >= ? AND day <= ?",
            (start.date().isoformat(), end.date().isoformat()),
        )
        return int(row["total"]) if row else 0

    async def current_totals(self, conn: Connection, unit_ids: Scope = None) -> CurrentTotals:
        # Two index-only counts instead of joining a million enrollments to people: all
        # verified (and how many paused), then the few blocked people among them.
        in_scope, params = scope_clause(unit_ids, "unit_id")
        by_status = {
            row["status"]: (int(row["n"]), int(row["paused"]))
            for row in await fetch_all(
                conn,
                "SELECT status, COUNT(*) AS n, COUNT(content_paused_at) AS paused FROM enrollments"
                " WHERE status IN ('verified', 'submitted', 'suspended')"
                f" AND {in_scope} GROUP BY status",
                params,
            )
        }
        verified, paused = by_status.get("verified", (0, 0))
        blocked_row = await fetch_one(
            conn,
            # CROSS JOIN keeps people (the few blocked) as SQLite's outer loop; the planner
            # would otherwise walk every verified enrollment. The join condition is in WHERE,
            # where PostgreSQL accepts it too.
            "SELECT COUNT(*) AS n, COUNT(e.content_paused_at) AS paused FROM people AS p"
            " CROSS JOIN enrollments AS e"
            " WHERE e.person_id = p.id AND p.status = 'blocked' AND e.status = 'verified'"
            f" AND {scope_clause(unit_ids, 'e.unit_id')[0]}",
            params,
        )
        blocked, blocked_paused = (
            (int(blocked_row["n"]), int(blocked_row["paused"])) if blocked_row else (0, 0)
        )
        opted_out = paused - blocked_paused
        return CurrentTotals(
            verified=verified,
            active=verified - opted_out - blocked,
            opted_out=opted_out,
            blocked=blocked,
            awaiting_review=by_status.get("submitted", (0, 0))[0],
            suspended=by_status.get("suspended", (0, 0))[0],
        )

    async def verified_by_agency(
        self, conn: Connection, unit_ids: Scope = None
    ) -> list[GroupCount]:
        """Verified people per agency, largest first."""
        in_scope, params = scope_clause(unit_ids, "unit_id")
        rows = await fetch_all(
            conn,
            "SELECT agency_code, MAX(agency_name) AS agency_name, COUNT(*) AS n FROM enrollments"
            f" WHERE status = 'verified' AND {in_scope}"
            " GROUP BY agency_code ORDER BY n DESC, agency_code",
            params,
        )
        return [
            GroupCount(
                key=row["agency_code"] or "",
                label=row["agency_name"] or row["agency_code"] or "-",
                count=int(row["n"]),
            )
            for row in rows
        ]

    async def verified_by_province(
        self, conn: Connection, unit_ids: Scope = None
    ) -> list[GroupCount]:
        """Verified people per province code, largest first (labels are the codes; the
        service names them and derives the time zones)."""
        in_scope, params = scope_clause(unit_ids, "unit_id")
        rows = await fetch_all(
            conn,
            "SELECT province_code, COUNT(*) AS n FROM enrollments"
            f" WHERE status = 'verified' AND {in_scope}"
            " GROUP BY province_code ORDER BY n DESC, province_code",
            params,
        )
        return [
            GroupCount(
                key=row["province_code"] or "",
                label=row["province_code"] or "-",
                count=int(row["n"]),
            )
            for row in rows
        ]

    async def campaigns_due_between(
        self,
        conn: Connection,
        start: datetime,
        end: datetime,
        owner_unit_ids: Collection[int] | None = None,
    ) -> list[CampaignCounts]:
        """Campaigns with a run due in [start, end), newest first, with lifetime numbers;
        with `owner_unit_ids`, only the campaigns those units own."""
        owned, owned_params = scope_clause(owner_unit_ids, "c.unit_id")
        rows = await fetch_all(
            conn,
            "SELECT r.campaign_id FROM campaign_runs AS r JOIN campaigns AS c"
            f" ON c.id = r.campaign_id WHERE r.due_at >= ? AND r.due_at < ? AND {owned}"
            " GROUP BY r.campaign_id ORDER BY MAX(r.due_at) DESC, r.campaign_id DESC",
            (utc_iso(start), utc_iso(end), *owned_params),
        )
        ids = [int(row["campaign_id"]) for row in rows]
        counts = {c.campaign_id: c for c in await self.campaign_counts(conn, ids)}
        return [counts[i] for i in ids if i in counts]

    async def campaign_page(
        self, conn: Connection, after_id: int, limit: int
    ) -> list[CampaignCounts]:
        """Campaigns with id > after_id, ascending, `limit` at a time (for exports)."""
        rows = await fetch_all(
            conn, "SELECT id FROM campaigns WHERE id > ? ORDER BY id LIMIT ?", (after_id, limit)
        )
        return await self.campaign_counts(conn, [int(row["id"]) for row in rows])

    async def campaign_counts(
        self, conn: Connection, campaign_ids: Sequence[int]
    ) -> list[CampaignCounts]:
        """Lifetime numbers of the given campaigns (in ascending id order)."""
        if not campaign_ids:
            return []
        marks = _placeholders(len(campaign_ids))
        ids = list(campaign_ids)
        by_status: dict[int, dict[str, int]] = {i: {} for i in ids}
        # Live rows from the per-run counters the triggers of 0017 keep, plus what retention
        # folded away.
        for row in await fetch_all(
            conn,
            "SELECT campaign_id, status, CAST(SUM(n) AS BIGINT) AS total FROM ("
            " SELECT r.campaign_id AS campaign_id, x.status AS status, x.count AS n"
            " FROM run_delivery_counts AS x JOIN campaign_runs AS r ON r.id = x.run_id"
            f" WHERE r.campaign_id IN ({marks})"
            " UNION ALL"
            " SELECT campaign_id, status, SUM(count) AS n FROM delivery_daily"
            f" WHERE campaign_id IN ({marks}) GROUP BY campaign_id, status"
            ") AS counted GROUP BY campaign_id, status",
            ids + ids,
        ):
            by_status[int(row["campaign_id"])][row["status"]] = int(row["total"])
        reshares = {
            int(row["campaign_id"]): int(row["n"])
            for row in await fetch_all(
                conn,
                "SELECT campaign_id, COUNT(*) AS n FROM reshares"
                f" WHERE campaign_id IN ({marks}) GROUP BY campaign_id",
                ids,
            )
        }
        result = []
        for row in await fetch_all(
            conn,
            "SELECT c.id, c.title, c.status,"
            " (SELECT MIN(due_at) FROM campaign_runs AS r WHERE r.campaign_id = c.id)"
            " AS first_due_at"
            f" FROM campaigns AS c WHERE c.id IN ({marks}) ORDER BY c.id",
            ids,
        ):
            statuses = by_status[int(row["id"])]
            result.append(
                CampaignCounts(
                    campaign_id=int(row["id"]),
                    title=row["title"],
                    status=row["status"],
                    first_due_at=(
                        datetime.fromisoformat(row["first_due_at"]) if row["first_due_at"] else None
                    ),
                    sent=statuses.get("sent", 0),
                    failed=statuses.get("failed", 0),
                    blocked=statuses.get("blocked", 0),
                    skipped=statuses.get("skipped", 0),
                    queued=statuses.get("pending", 0) + statuses.get("sending", 0),
                    reshares=reshares.get(int(row["id"]), 0),
                )
            )
        return result

    async def leaderboard(
        self,
        conn: Connection,
        start: datetime,
        end: datetime,
        agency_code: str | None = None,
        limit: int = 10,
        unit_ids: Scope = None,
    ) -> list[LeaderboardRow]:
        """Top resharers by points in [start, end); people who opted out are left out.

        Ties: more reshares first, then the lower person id, so the order is stable.
        """
        # Sum per person first (index-only over the window), then join only those people.
        sql = (
            "WITH totals AS ("
            " SELECT person_id, SUM(points) AS points, COUNT(*) AS n FROM reshares"
            " WHERE created_at >= ? AND created_at < ? AND person_id IS NOT NULL"
            " GROUP BY person_id)"
            " SELECT t.person_id, e.full_name, e.agency_code, e.agency_name, t.points, t.n"
            " FROM totals AS t JOIN people AS p ON p.id = t.person_id"
            " JOIN enrollments AS e ON e.person_id = t.person_id"
            " WHERE p.leaderboard_hidden = 0"
        )
        params: list[object] = [utc_iso(start), utc_iso(end)]
        if agency_code is not None:
            sql += " AND e.agency_code = ?"
            params.append(agency_code)
        if unit_ids is not None:
            in_scope, scope_params = scope_clause(unit_ids, "e.unit_id")
            sql += f" AND {in_scope}"
            params.extend(scope_params)
        sql += " ORDER BY t.points DESC, t.n DESC, t.person_id LIMIT ?"
        params.append(limit)
        return [
            LeaderboardRow(
                person_id=int(row["person_id"]),
                name=row["full_name"] or "-",
                agency_code=row["agency_code"],
                agency_name=row["agency_name"],
                points=int(row["points"]),
                reshares=int(row["n"]),
            )
            for row in await fetch_all(conn, sql, params)
        ]

    # --- PR units: a scope's own numbers (the national view reads the counters above) ---

    async def scoped_funnel(
        self, conn: Connection, start: datetime, end: datetime, unit_ids: Scope
    ) -> FunnelCounts:
        """The funnel of the people in a scope, from their enrollments' own times: the daily
        counters are anonymous, so they cannot be split by unit. A person has a unit from
        their agency answer on, so for a unit "started" and "consented" are the enrollments
        opened in the period; erasures leave nothing to count by unit."""
        in_scope, params = scope_clause(unit_ids, "unit_id")
        first, last = utc_iso(start), utc_iso(end)
        row = await fetch_one(
            conn,
            "SELECT COUNT(CASE WHEN created_at >= ?1 AND created_at <= ?2 THEN 1 END) AS opened,"
            " COUNT(CASE WHEN submitted_at >= ?1 AND submitted_at <= ?2 THEN 1 END)"
            " AS submitted,"
            " COUNT(CASE WHEN verified_at >= ?1 AND verified_at <= ?2 THEN 1 END) AS verified,"
            " COUNT(CASE WHEN status = 'suspended' AND updated_at >= ?1 AND updated_at <= ?2"
            " THEN 1 END) AS suspended"
            # ?1 and ?2 are the period; the scope's plain ? marks number on from 3.
            f" FROM enrollments WHERE {in_scope}",
            [first, last, *params],
        )
        assert row is not None
        return FunnelCounts(
            started=int(row["opened"]),
            consented=int(row["opened"]),
            submitted=int(row["submitted"]),
            verified=int(row["verified"]),
            suspended=int(row["suspended"]),
            erased=0,
        )

    async def scoped_badges_issued(
        self, conn: Connection, start: datetime, end: datetime, unit_ids: Scope
    ) -> int:
        """Badges issued in the period to people in the scope (still on record)."""
        in_scope, params = scope_clause(unit_ids, "e.unit_id")
        row = await fetch_one(
            conn,
            "SELECT COUNT(*) AS n FROM enrollments AS e JOIN badges AS b"
            " ON b.person_id = e.person_id AND b.issued_at >= ? AND b.issued_at <= ?"
            f" WHERE {in_scope}",
            [utc_iso(start), utc_iso(end), *params],
        )
        return int(row["n"]) if row else 0

    async def unit_activity(self, conn: Connection, unit_ids: Scope) -> list[UnitActivityRow]:
        """Each unit's own people in the scope (None: every unit, and the people without
        one): enrolled and verified from the (unit_id, status) index, delivered messages and
        reshares from the counters the triggers of 0017 keep."""
        in_scope, params = scope_clause(unit_ids, "unit_id")
        counts: dict[int | None, tuple[int, int]] = {
            row["unit_id"]: (int(row["enrolled"]), int(row["verified"]))
            for row in await fetch_all(
                conn,
                "SELECT unit_id, COUNT(CASE WHEN status <> 'draft' THEN 1 END) AS enrolled,"
                " COUNT(CASE WHEN status = 'verified' THEN 1 END) AS verified"
                f" FROM enrollments WHERE {in_scope} GROUP BY unit_id",
                params,
            )
        }
        activity: dict[int | None, tuple[int, int]] = {
            row["unit_id"]: (int(row["delivered"]), int(row["reshares"]))
            for row in await fetch_all(
                conn,
                f"SELECT unit_id, delivered, reshares FROM unit_activity WHERE {in_scope}",
                params,
            )
        }
        return [
            UnitActivityRow(
                unit_id=unit_id,
                enrolled=counts.get(unit_id, (0, 0))[0],
                verified=counts.get(unit_id, (0, 0))[1],
                delivered=activity.get(unit_id, (0, 0))[0],
                reshares=activity.get(unit_id, (0, 0))[1],
            )
            for unit_id in sorted(counts.keys() | activity.keys(), key=lambda u: (u is None, u))
        ]
