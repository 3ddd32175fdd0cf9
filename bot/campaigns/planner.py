"""Turns approved campaigns into runs (one per zone and day) and due runs into an outbox.

Planning is idempotent (runs are unique per campaign, run key and zone), so `plan_all` can run
on every start and on a timer. Starting a run fills `deliveries` in chunks, each its own short
transaction so the bot's other writes get the database between chunks; the run is marked
`sending` only after the last chunk, so a crash mid-fill leaves it `planned` and the next call
fills the rest (rows already queued are kept by `ON CONFLICT DO NOTHING`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from bot.campaigns.localisation import Localisations
from bot.campaigns.schedule import (
    QuietHours,
    Schedule,
    ScheduleKind,
    misfire,
    nominal_time,
    planned_runs,
)
from bot.clock import Clock
from bot.reference.regions import PROVINCES, TimeZone, province_by_code
from bot.units.service import UnitService
from storage.campaigns import (
    RECIPIENT_BATCH,
    Campaign,
    CampaignRepository,
    CampaignRun,
    RecipientQuery,
    RunSlot,
    Target,
)
from storage.database import Database
from storage.outbox import OutboxRepository, Recipient

__all__ = [
    "CAP_WINDOW",
    "DEFAULT_HORIZON",
    "CampaignPlanner",
    "RunNotes",
    "RunStart",
    "province_codes",
    "schedule_of",
    "target_zones",
]

_LOGGER = logging.getLogger(__name__)

DEFAULT_HORIZON = timedelta(days=2)
# The daily cap looks back this far from a run's due time.
CAP_WINDOW = timedelta(days=1)


@dataclass(frozen=True)
class RunStart:
    """A due run that was started (its outbox filled) or found missed (late beyond grace)."""

    run_id: int
    campaign_id: int
    zone: TimeZone
    run_key: str
    due_at: datetime
    outcome: Literal["started", "missed"]
    recipients: int


@dataclass(frozen=True)
class RunNotes:
    """Why a run reached fewer people, or later, than its campaign asked."""

    capped: int  # people the target matched whom MAX_PUSHES_PER_DAY left out
    deferred_until: datetime | None  # where quiet hours moved the run (None: not moved)


def province_codes(zone: TimeZone) -> tuple[str, ...]:
    return tuple(province.code for province in PROVINCES if province.zone is zone)


def target_zones(target: Target) -> tuple[TimeZone, ...]:
    """The zones a target reaches; a ValueError for an unknown zone or province, or a
    province outside the chosen zone."""
    zones = tuple(TimeZone)
    if target.zone is not None:
        if target.zone not in TimeZone.__members__:
            raise ValueError(f"unknown time zone {target.zone!r} in campaign target")
        zones = (TimeZone[target.zone],)
    if target.province_code is not None:
        province = province_by_code(target.province_code)
        if province is None or province.code != target.province_code:
            raise ValueError(f"unknown province code {target.province_code!r} in campaign target")
        if province.zone not in zones:
            raise ValueError(
                f"province {province.code!r} is in {province.zone.name}, not {target.zone}"
            )
        zones = (province.zone,)
    return zones


def schedule_of(campaign: Campaign) -> Schedule:
    return Schedule(
        kind=ScheduleKind(campaign.schedule_kind),
        run_at=campaign.run_at,
        daily_time=campaign.daily_time,
    )


# How far back a long outage's daily runs are still planned (to be reported missed).
MAX_BACKFILL = timedelta(days=7)


class CampaignPlanner:
    def __init__(
        self,
        db: Database,
        repo: CampaignRepository,
        clock: Clock,
        quiet: QuietHours,
        max_per_day: int,
        misfire_grace: timedelta,
        *,
        outbox: OutboxRepository,
        units: UnitService,
        batch_size: int = RECIPIENT_BATCH,
        channels: tuple[str, ...] = (),
    ) -> None:
        if max_per_day < 1:
            raise ValueError(f"max_per_day must be at least 1, got {max_per_day}")
        if misfire_grace < timedelta(0):
            raise ValueError(f"misfire_grace must not be negative, got {misfire_grace}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self._db = db
        self._repo = repo
        # The channels with a delivery worker (empty: all). A person whose content goes to a
        # channel switched off since is not queued: nothing would ever send or close the row.
        self._channels = channels
        # The outbox is the only writer of `deliveries`: the planner fills runs through it.
        self._outbox = outbox
        self._units = units
        self._clock = clock
        self._quiet = quiet
        self._max_per_day = max_per_day
        self._grace = misfire_grace
        self._batch_size = batch_size

    # -- planning ----------------------------------------------------------------------------

    async def plan(self, campaign_id: int, horizon: timedelta = DEFAULT_HORIZON) -> int:
        """Plans the campaign's runs due within `horizon`; returns how many were new."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            # Read inside the transaction so a cancel cannot slip between the read and the
            # insert and leave planned runs behind.
            campaign = await self._repo.get(conn, campaign_id)
            if campaign is None or campaign.status != "scheduled":
                return 0
            planned = [run.due_at for run in await self._repo.runs_of(conn, campaign_id)]
            last = max(planned) if planned else None
            slots = self._slots(campaign, now, now + horizon, last)
            return await self._repo.plan_runs(conn, campaign_id, slots)

    def _slots(
        self, campaign: Campaign, now: datetime, until: datetime, last: datetime | None
    ) -> list[RunSlot]:
        schedule = schedule_of(campaign)
        if schedule.kind is ScheduleKind.DAILY:
            # Daily runs start with the next occurrence: approving at 08:10 does not send
            # today's 08:00 late. Later, planning goes on from the last planned run, so days
            # that passed while the bot was down are planned too, and then reported missed.
            after = max(last, now - MAX_BACKFILL) if last else now
        elif schedule.run_at is not None:
            # A one-off is planned at once for every zone, whatever the horizon: a campaign
            # whose runs exist only for some zones would look finished when those are done.
            # It is planned even when its time has passed, so that the misfire rule (send late
            # within grace, or report it missed) decides instead of silence.
            after = schedule.run_at
            until = schedule.run_at + timedelta(days=1)  # quiet hours delay by less than this
        else:
            return []
        slots = []
        for zone in target_zones(campaign.target):
            for run in planned_runs(schedule, zone, self._quiet, after=after, until=until):
                slots.append(RunSlot(run.run_key, run.zone.name, run.due_at))
        return slots

    async def plan_all(self, horizon: timedelta = DEFAULT_HORIZON) -> int:
        """Plans every scheduled campaign; daily ones keep getting their next days' runs."""
        added = 0
        for campaign in await self._repo.list_by_status(self._db.reader, ("scheduled",)):
            try:
                added += await self.plan(campaign.id, horizon)
            except ValueError:
                # One broken campaign must not stop the others from being planned.
                _LOGGER.exception("Cannot plan campaign %s", campaign.id)
        return added

    # -- starting runs -----------------------------------------------------------------------

    async def start_due_runs(self, now: datetime | None = None) -> list[RunStart]:
        """Starts the planned runs that are due, or marks them missed beyond the grace."""
        now = now or self._clock.now()
        started = []
        for run in await self._repo.due_runs(self._db.reader, now):
            decision = misfire(run.due_at, now, self._grace)
            if decision == "missed":
                result = await self._miss(run)
            elif decision == "send":
                result = await self._start(run)
            else:
                result = None
            if result is not None:
                started.append(result)
        return started

    async def _miss(self, run: CampaignRun) -> RunStart | None:
        async with self._db.transaction() as conn:
            if not await self._repo.set_run_status(conn, run.id, "missed", expected=("planned",)):
                return None
            # Rows left by a fill that crashed before the grace ran out must not go out late.
            await self._outbox.skip_pending(conn, run.id, "run missed")
            await self._repo.close_if_complete(conn, run.campaign_id)
        return self._result(run, "missed", 0)

    async def _start(self, run: CampaignRun) -> RunStart | None:
        campaign = await self._repo.get(self._db.reader, run.campaign_id)
        if campaign is None or campaign.status != "scheduled":
            async with self._db.transaction() as conn:
                await self._repo.set_run_status(conn, run.id, "cancelled", expected=("planned",))
            return None
        query = await self._recipients(run, campaign)
        # Rotation by person id: each person keeps one variant, and neighbours differ.
        variants = max(1, len(campaign.variants))
        batches = self._repo.recipient_batches(self._db.reader, query, self._batch_size)
        recipients = await self.fill(
            run.id, ([(pid, pid % variants) for pid in batch] async for batch in batches)
        )
        if recipients is None:
            return None
        return self._result(run, "started", recipients)

    async def fill(self, run_id: int, batches: AsyncIterable[Sequence[Recipient]]) -> int | None:
        """The one way into the outbox: queues a planned run's (person, variant) batches, each
        in its own short transaction, then marks the run `sending` (from then on it can
        finish; with nobody queued it closes at once). Returns the recipients, or None when
        the run was cancelled or started by another caller meanwhile."""
        async for batch in batches:
            async with self._db.transaction() as conn:
                current = await self._repo.get_run(conn, run_id)
                if current is None or current.status != "planned":
                    return None
                await self._outbox.enqueue(conn, run_id, batch)
        async with self._db.transaction() as conn:
            if not await self._repo.set_run_status(conn, run_id, "sending", expected=("planned",)):
                return None
            recipients = await self._repo.count_deliveries(conn, run_id)
            if recipients == 0:
                # Nothing will ever drain this outbox, so the run closes now.
                run = await self._repo.get_run(conn, run_id)
                await self._repo.finish_run(conn, run_id)
                if run is not None:
                    await self._repo.close_if_complete(conn, run.campaign_id)
        return recipients

    async def _recipients(self, run: CampaignRun, campaign: Campaign) -> RecipientQuery:
        return RecipientQuery(
            run_id=run.id,
            province_codes=province_codes(TimeZone[run.zone]),
            target=campaign.target,
            since=run.due_at - CAP_WINDOW,
            max_per_day=self._max_per_day,
            channels=self._channels,
            unit_ids=await self.audience_units(campaign.unit_id, campaign.target_unit_ids),
        )

    async def audience_units(
        self, owner: int | None, targets: Collection[int]
    ) -> frozenset[int] | None:
        """The units whose people a campaign reaches, read now (a regency created since it
        was composed is in): the chosen units' subtrees inside the owner's, else the owner's
        subtree; None for a national campaign to everyone."""
        owned = (await self._units.scope(owner)).unit_ids if owner is not None else None
        chosen: set[int] = set()
        for unit_id in targets:
            subtree = (await self._units.scope(unit_id)).unit_ids
            if subtree is None:  # the national root chosen: everyone the owner reaches
                return owned
            chosen |= subtree
        if not targets:
            return owned
        return frozenset(chosen if owned is None else chosen & owned)

    async def localisations(self, campaign_id: int) -> Localisations:
        """The units' own caption variants of the campaign, with their subtrees as of now."""
        variants = await self._repo.localisations(self._db.reader, campaign_id)
        subtrees = {}
        for unit_id in variants:
            subtree = (await self._units.scope(unit_id)).unit_ids
            if subtree is not None:
                subtrees[unit_id] = subtree
        return Localisations(variants, subtrees)

    async def notes(self, run_id: int) -> RunNotes | None:
        """Who the daily cap left out of the run, and whether quiet hours deferred it."""
        reader = self._db.reader
        run = await self._repo.get_run(reader, run_id)
        campaign = await self._repo.get(reader, run.campaign_id) if run else None
        if run is None or campaign is None:
            return None
        capped = await self._repo.count_capped(reader, await self._recipients(run, campaign))
        return RunNotes(capped, self.deferred_until(run, campaign))

    async def deferred_runs(self, campaign_id: int) -> list[CampaignRun]:
        """The campaign's planned runs that quiet hours moved."""
        reader = self._db.reader
        campaign = await self._repo.get(reader, campaign_id)
        if campaign is None:
            return []
        runs = await self._repo.runs_of(reader, campaign_id)
        return [
            run
            for run in runs
            if run.status == "planned" and self.deferred_until(run, campaign) is not None
        ]

    @staticmethod
    def deferred_until(run: CampaignRun, campaign: Campaign) -> datetime | None:
        nominal = nominal_time(schedule_of(campaign), TimeZone[run.zone], run.run_key)
        moved = nominal is not None and run.due_at - nominal >= timedelta(minutes=1)
        return run.due_at if moved else None

    @staticmethod
    def _result(run: CampaignRun, outcome: Literal["started", "missed"], count: int) -> RunStart:
        return RunStart(
            run_id=run.id,
            campaign_id=run.campaign_id,
            zone=TimeZone[run.zone],
            run_key=run.run_key,
            due_at=run.due_at,
            outcome=outcome,
            recipients=count,
        )

    async def finish(self, run_id: int) -> bool:
        """Closes a sending run whose outbox has nothing pending or in flight; True if closed.

        A one-off campaign is done when its last run closes.
        """
        async with self._db.transaction() as conn:
            run = await self._repo.get_run(conn, run_id)
            if run is None or not await self._repo.finish_run(conn, run_id):
                return False
            await self._repo.close_if_complete(conn, run.campaign_id)
        return True

    async def run(self, run_id: int) -> CampaignRun | None:
        return await self._repo.get_run(self._db.reader, run_id)

    async def campaign(self, campaign_id: int) -> Campaign | None:
        return await self._repo.get(self._db.reader, campaign_id)

    async def campaign_of_run(self, run_id: int) -> Campaign | None:
        run = await self.run(run_id)
        return await self._repo.get(self._db.reader, run.campaign_id) if run else None

    async def set_progress_message(self, run_id: int, message_id: int) -> None:
        """Remembers the admin message that shows the run's progress, to edit it later."""
        async with self._db.single_statement() as conn:
            await self._repo.set_progress_message(conn, run_id, message_id)
