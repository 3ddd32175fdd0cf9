"""Campaign runs in Telegram: start due runs, run the delivery worker (the core renders each
delivery, the Telegram channel sends it), and keep a progress message in the admin group."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.campaigns.delivery import DeliveryWorker
from bot.campaigns.planner import CampaignPlanner, RunNotes
from bot.campaigns.schedule import zone_tz
from bot.channels.telegram.admins import AdminDirectory
from bot.channels.telegram.texts import Translator
from bot.reference.regions import TimeZone
from storage.outbox import RunCounts

_LOGGER = logging.getLogger(__name__)


class CampaignRunner:
    def __init__(
        self,
        *,
        planner: CampaignPlanner,
        worker: DeliveryWorker,
        reports: AdminRunReports,
        broadcast_bot: Bot,
    ) -> None:
        self._planner = planner
        self.worker = worker
        self._reports = reports
        self._broadcast_bot = broadcast_bot  # opened and closed with the worker
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._tick_lock = asyncio.Lock()

    async def start(self) -> None:
        await self._broadcast_bot.initialize()
        self._stop.clear()
        self._task = asyncio.create_task(self.worker.run(self._stop), name="delivery worker")

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._broadcast_bot.shutdown()

    async def kick(self) -> None:
        """Starts what is due now (a campaign for 'now' was just saved)."""
        await self.tick()

    async def tick(self) -> None:
        """Fills the outbox of due runs and reports missed ones, and ones that reach nobody,
        to the admins (the others are reported by the worker as they go and at their end)."""
        async with self._tick_lock:
            starts = await self._planner.start_due_runs()
        for start in starts:
            if start.outcome == "missed":
                await self._reports.missed(start.campaign_id, start.zone.name, start.due_at)
            elif start.recipients == 0:
                await self._reports.reached_nobody(start.run_id, start.campaign_id, start.zone.name)
        if any(start.outcome == "started" for start in starts):
            self.worker.wake()

    async def plan(self) -> None:
        await self._planner.plan_all()


class AdminRunReports:
    """What the admin group hears of runs: a progress message edited as the run goes, and the
    runs that were missed or reached nobody."""

    def __init__(
        self,
        bot: Bot,
        admins: AdminDirectory,
        planner: CampaignPlanner,
        *,
        t: Translator,
        max_pushes_per_day: int,
    ) -> None:
        self._bot, self._admins, self._planner = bot, admins, planner
        self._t = t
        self._max_pushes_per_day = max_pushes_per_day

    async def missed(self, campaign_id: int, zone: str, due_at: datetime) -> None:
        due = due_at.strftime("%Y-%m-%d %H:%M UTC")
        await self._tell_admins(
            self._t("campaign_missed", campaign_id=campaign_id, zone=zone, due=due)
        )

    async def progress(
        self, run_id: int, counts: RunCounts, rate: float, eta: timedelta | None
    ) -> None:
        """Edits the run's progress message in the admin group (the worker calls this at most
        every 10 s, and once more with the final counts)."""
        run = await self._planner.run(run_id)
        if run is None:
            return
        values = {
            "campaign_id": run.campaign_id,
            "zone": run.zone,
            "sent": counts.sent,
            "total": counts.total,
            "failed": counts.failed,
            "blocked": counts.blocked,
            "rate": f"{rate:.1f}",
            "eta": _duration(eta),
        }
        done = counts.remaining == 0
        text = self._t("campaign_finished" if done else "campaign_progress", **values)
        if done:
            text = "\n".join([text, *await self._notes(run_id, run.zone)])
        try:
            if run.progress_message_id:
                await self._bot.edit_message_text(
                    text, self._admins.chat_id, run.progress_message_id, parse_mode=ParseMode.HTML
                )
            else:
                message = await self._bot.send_message(
                    self._admins.chat_id, text, parse_mode=ParseMode.HTML
                )
                await self._planner.set_progress_message(run_id, message.message_id)
        except TelegramError as error:
            _LOGGER.warning("Could not update the progress of run %s: %s", run_id, error)

    async def reached_nobody(self, run_id: int, campaign_id: int, zone: str) -> None:
        """A run whose audience was empty: nothing will drain, so it is reported now."""
        t = self._t
        notes = await self._planner.notes(run_id)
        if notes is not None and notes.capped:
            limit = self._max_pushes_per_day
            reason = t("campaign_reason_capped", count=notes.capped, limit=limit)
        else:
            reason = t("campaign_reason_no_match")
        text = t("campaign_reached_nobody", campaign_id=campaign_id, zone=zone, reason=reason)
        await self._tell_admins("\n".join([text, *self._deferral(notes, zone)]))

    async def _notes(self, run_id: int, zone: str) -> list[str]:
        """Why the run reached fewer people, or later, than asked: lines for its report."""
        notes = await self._planner.notes(run_id)
        lines = []
        if notes is not None and notes.capped:
            limit = self._max_pushes_per_day
            lines.append(self._t("campaign_note_capped", count=notes.capped, limit=limit))
        return lines + self._deferral(notes, zone)

    def _deferral(self, notes: RunNotes | None, zone: str) -> list[str]:
        if notes is None or notes.deferred_until is None:
            return []
        return [self._t("campaign_note_deferred", when=local_time(notes.deferred_until, zone))]

    async def _tell_admins(self, text: str) -> None:
        try:
            await self._bot.send_message(self._admins.chat_id, text, parse_mode=ParseMode.HTML)
        except TelegramError as error:
            _LOGGER.warning("Could not tell the admin group: %s", error)


def local_time(moment: datetime, zone: str) -> str:
    """The time in the zone's own clock, named: what the people there see."""
    local = moment.astimezone(zone_tz(TimeZone[zone]))
    return f"{local:%Y-%m-%d %H:%M} {zone}"


def _duration(eta: timedelta | None) -> str:
    if eta is None:
        return "—"
    seconds = int(eta.total_seconds())
    return f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} s"
