"""Statistics for the PR office: the enrollment funnel, where verified people are, how
campaigns did, and the reshare leaderboard. Channel-independent; the chart and the text live in
bot/insights/chart.py.

Periods count whole UTC days, today included, because the anonymous counters are kept per UTC
day. Leaderboard windows follow the office's clock instead: the week starts Monday 00:00 and
the month on the 1st at 00:00, Asia/Jakarta (WIB, UTC+7, no daylight saving).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from typing import Literal

from bot.clock import JAKARTA, Clock
from bot.reference.regions import province_by_code
from bot.units.scope import Scope, Unit
from bot.units.service import UnitService
from storage.database import Database
from storage.people import PeopleRepository
from storage.statistics import (
    CampaignCounts,
    CurrentTotals,
    FunnelCounts,
    GroupCount,
    StatisticsRepository,
    UnitActivityRow,
)

__all__ = [
    "PERIODS",
    "Leaderboard",
    "LeaderboardEntry",
    "LeaderboardWindow",
    "StatisticsService",
    "StatsReport",
    "UnitFigures",
    "roll_up",
    "subtree_figures",
]

PERIODS = (7, 30, 90)
LeaderboardWindow = Literal["week", "month"]


@dataclass(frozen=True)
class UnitFigures:
    """A row of a breakdown: a unit's subtree, or only its own people (`own`), or the people
    whose unit is not known yet (`unit` None, the national view only)."""

    unit: Unit | None
    own: bool
    enrolled: int  # enrollments past the draft
    verified: int
    delivered: int  # campaign messages delivered to these people
    reshares: int

    @property
    def reshare_rate(self) -> float | None:
        """Reshares per delivered message, as for a campaign; None before any delivery."""
        return self.reshares / self.delivered if self.delivered else None


@dataclass(frozen=True)
class StatsReport:
    days: int
    start: datetime  # 00:00 UTC of the first day
    end: datetime  # when the report was made
    funnel: FunnelCounts  # counted in the period; stays true after erasures
    badges_issued: int  # in the period, still on record
    totals: CurrentTotals  # now
    by_agency: tuple[GroupCount, ...]
    by_province: tuple[GroupCount, ...]
    by_zone: tuple[GroupCount, ...]
    campaigns: tuple[CampaignCounts, ...]  # campaigns with a run due in the period
    unit: Unit | None = None  # whose people are counted; None or the root: everyone
    # The unit's own people and each child unit's subtree, most verified first; for the
    # national view this is the ranking of the top-level units.
    breakdown: tuple[UnitFigures, ...] = ()

    @property
    def national(self) -> bool:
        return self.unit is None or self.unit.national


@dataclass(frozen=True)
class LeaderboardEntry:
    rank: int  # ties share a rank (1, 2, 2, 4)
    person_id: int
    name: str
    agency_name: str | None
    points: int
    reshares: int


@dataclass(frozen=True)
class Leaderboard:
    window: LeaderboardWindow
    start: datetime  # in Asia/Jakarta
    end: datetime
    agency_code: str | None
    entries: tuple[LeaderboardEntry, ...]


def window_start(window: LeaderboardWindow, now: datetime) -> datetime:
    """Monday 00:00 or the 1st 00:00 in Asia/Jakarta, before or at `now`."""
    local = now.astimezone(JAKARTA).date()
    if window == "week":
        first = local - timedelta(days=local.weekday())
    elif window == "month":
        first = local.replace(day=1)
    else:
        raise ValueError(f"unknown leaderboard window {window!r}")
    return datetime.combine(first, time(0), tzinfo=JAKARTA)


class StatisticsService:
    def __init__(
        self,
        db: Database,
        repo: StatisticsRepository,
        clock: Clock,
        people: PeopleRepository,
        units: UnitService,
    ) -> None:
        self._db = db
        self._repo = repo
        self._clock = clock
        self._people = people
        self._units = units

    async def report(self, days: int, scope: Scope | None = None) -> StatsReport:
        """The national report, or (with a unit's scope) the same for the unit's subtree,
        broken down by its children."""
        if days not in PERIODS:
            raise ValueError(f"days must be one of {PERIODS}, got {days}")
        now = self._clock.now().astimezone(UTC)
        last_day = now.date()
        first_day = last_day - timedelta(days=days - 1)
        start = datetime.combine(first_day, time(0), tzinfo=UTC)
        conn, repo = self._db.reader, self._repo
        unit = scope.unit if scope else await self._units.root()
        unit_ids = scope.unit_ids if scope else None
        provinces = await repo.verified_by_province(conn, unit_ids)
        # Nationally every campaign; for a unit, those its subtree's groups composed.
        campaigns = tuple(await repo.campaigns_due_between(conn, start, now, unit_ids))
        if unit_ids is None:
            funnel = await repo.funnel(conn, first_day, last_day)
            badges = await repo.badges_issued(conn, start, now)
        else:
            funnel = await repo.scoped_funnel(conn, start, now, unit_ids)
            badges = await repo.scoped_badges_issued(conn, start, now, unit_ids)
        activity = await repo.unit_activity(conn, unit_ids)
        return StatsReport(
            days=days,
            start=start,
            end=now,
            funnel=funnel,
            badges_issued=badges,
            totals=await repo.current_totals(conn, unit_ids),
            by_agency=tuple(await repo.verified_by_agency(conn, unit_ids)),
            by_province=tuple(_named(provinces)),
            by_zone=tuple(zones_of(provinces)),
            campaigns=campaigns,
            unit=unit,
            breakdown=tuple(roll_up(unit, await self._units.all(), activity)),
        )

    async def unit_table(self, scope: Scope | None = None) -> list[tuple[UnitFigures, UnitFigures]]:
        """Every unit of the scope's subtree with its own people's figures and its subtree's
        (for the export: the ranking's full length)."""
        unit_ids = scope.unit_ids if scope else None
        units = await self._units.all()
        activity = await self._repo.unit_activity(self._db.reader, unit_ids)
        own = {row.unit_id: row for row in activity}
        subtree = subtree_figures(units, activity)
        inside = sorted(
            (u for u in units if unit_ids is None or u.id in unit_ids), key=lambda u: u.code
        )
        return [(_own_figures(u, own.get(u.id)), subtree[u.id]) for u in inside]

    async def leaderboard(
        self,
        window: LeaderboardWindow,
        agency_code: str | None = None,
        limit: int = 10,
        scope: Scope | None = None,
    ) -> Leaderboard:
        """Top resharers of the scope (None: everyone), optionally of one agency."""
        now = self._clock.now()
        start = window_start(window, now)
        rows = await self._repo.leaderboard(
            self._db.reader,
            start,
            now,
            agency_code,
            limit,
            unit_ids=scope.unit_ids if scope else None,
        )
        entries: list[LeaderboardEntry] = []
        for index, row in enumerate(rows):
            tied = entries and entries[-1].points == row.points
            rank = entries[-1].rank if tied else index + 1
            entries.append(
                LeaderboardEntry(
                    rank=rank,
                    person_id=row.person_id,
                    name=row.name,
                    agency_name=row.agency_name,
                    points=row.points,
                    reshares=row.reshares,
                )
            )
        return Leaderboard(
            window=window,
            start=start,
            end=now.astimezone(JAKARTA),
            agency_code=agency_code,
            entries=tuple(entries),
        )

    async def set_leaderboard_hidden(self, person_id: int, hidden: bool) -> None:
        """The /privasi opt-out (and back in)."""
        async with self._db.single_statement() as conn:
            await self._people.set_leaderboard_hidden(conn, person_id, hidden)

    async def leaderboard_hidden(self, person_id: int) -> bool:
        return await self._people.leaderboard_hidden(self._db.reader, person_id)


def roll_up(unit: Unit, units: list[Unit], activity: list[UnitActivityRow]) -> list[UnitFigures]:
    """`unit`'s breakdown: its own people, then each child's whole subtree, most verified
    first (and, for the root, the people without a unit). `activity` holds a row per unit of
    the subtree (units absent from it count zero)."""
    rows = {row.unit_id: row for row in activity}
    subtree = subtree_figures(units, activity)
    children = sorted(
        (subtree[u.id] for u in units if u.parent_id == unit.id),
        key=lambda f: (-f.verified, -f.enrolled, f.unit.name if f.unit else ""),
    )
    # Nobody belongs to the root itself: its own row would always read zero.
    head = [] if unit.national and unit.id not in rows else [_own_figures(unit, rows.get(unit.id))]
    unassigned = rows.get(None)
    tail = [_own_figures(None, unassigned)] if unassigned else []
    return head + children + tail


def _own_figures(unit: Unit | None, row: UnitActivityRow | None) -> UnitFigures:
    if row is None:
        return UnitFigures(unit, True, 0, 0, 0, 0)
    return UnitFigures(unit, True, row.enrolled, row.verified, row.delivered, row.reshares)


def subtree_figures(units: list[Unit], activity: list[UnitActivityRow]) -> dict[int, UnitFigures]:
    """Every unit's whole subtree summed (its own people and every unit under it), in one
    pass: each row is added to its unit and to every ancestor."""
    by_id = {u.id: u for u in units}
    sums: dict[int, list[int]] = {u.id: [0, 0, 0, 0] for u in units}
    for row in activity:
        current = row.unit_id
        values = (row.enrolled, row.verified, row.delivered, row.reshares)
        while current is not None and current in by_id:
            target = sums[current]
            for index, value in enumerate(values):
                target[index] += value
            current = by_id[current].parent_id
    return {unit_id: UnitFigures(by_id[unit_id], False, *v) for unit_id, v in sums.items()}


def _named(provinces: list[GroupCount]) -> list[GroupCount]:
    named = []
    for group in provinces:
        province = province_by_code(group.key) if group.key else None
        named.append(replace(group, label=province.name if province else group.label))
    return named


def zones_of(provinces: list[GroupCount]) -> list[GroupCount]:
    """Verified people per time zone (WIB, WITA, WIT order; zones with nobody included), from
    the per-province counts; people of an unknown province are shown apart."""
    counts: dict[str, int] = {}
    for group in provinces:
        province = province_by_code(group.key) if group.key else None
        zone = province.zone.name if province else ""
        counts[zone] = counts.get(zone, 0) + group.count
    result = [GroupCount(key=z, label=z, count=counts.get(z, 0)) for z in ("WIB", "WITA", "WIT")]
    if counts.get(""):
        result.append(GroupCount(key="", label="-", count=counts[""]))
    return result
