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
from storage.database import Database
from storage.people import PeopleRepository
from storage.statistics import (
    CampaignCounts,
    CurrentTotals,
    FunnelCounts,
    GroupCount,
    StatisticsRepository,
)

__all__ = [
    "PERIODS",
    "Leaderboard",
    "LeaderboardEntry",
    "LeaderboardWindow",
    "StatisticsService",
    "StatsReport",
]

PERIODS = (7, 30, 90)
LeaderboardWindow = Literal["week", "month"]


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
    ) -> None:
        self._db = db
        self._repo = repo
        self._clock = clock
        self._people = people

    async def report(self, days: int) -> StatsReport:
        if days not in PERIODS:
            raise ValueError(f"days must be one of {PERIODS}, got {days}")
        now = self._clock.now().astimezone(UTC)
        last_day = now.date()
        first_day = last_day - timedelta(days=days - 1)
        start = datetime.combine(first_day, time(0), tzinfo=UTC)
        conn, repo = self._db.reader, self._repo
        provinces = await repo.verified_by_province(conn)
        return StatsReport(
            days=days,
            start=start,
            end=now,
            funnel=await repo.funnel(conn, first_day, last_day),
            badges_issued=await repo.badges_issued(conn, start, now),
            totals=await repo.current_totals(conn),
            by_agency=tuple(await repo.verified_by_agency(conn)),
            by_province=tuple(_named(provinces)),
            by_zone=tuple(zones_of(provinces)),
            campaigns=tuple(await repo.campaigns_due_between(conn, start, now)),
        )

    async def leaderboard(
        self, window: LeaderboardWindow, agency_code: str | None = None, limit: int = 10
    ) -> Leaderboard:
        now = self._clock.now()
        start = window_start(window, now)
        rows = await self._repo.leaderboard(self._db.reader, start, now, agency_code, limit)
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
