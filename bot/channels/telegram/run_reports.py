"""What the admin groups hear of campaign runs: a progress message edited as a run goes, its
final report, and the runs that were missed or reached nobody. Each campaign's reports go to
the group of the unit that owns it (or of its nearest ancestor with a group), a national
campaign's to the national group."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from datetime import datetime, timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.campaigns.planner import CampaignPlanner, RunNotes
from bot.campaigns.schedule import local_time
from bot.channels.telegram.admin_notifier import TelegramAdminNotifier
from bot.channels.telegram.admins import AdminDirectory
from bot.channels.telegram.texts import Translator
from bot.clock import Clock, wib_minute
from bot.units.service import UnitService
from storage.campaigns import CampaignRepository
from storage.database import Database
from storage.outbox import RunCounts

_LOGGER = logging.getLogger(__name__)

# Workers report every 10 s; a turn a little shorter, so that one worker's report late by a
# moment still gets its turn.
PROGRESS_TURN = timedelta(seconds=8)


class ProgressTurns:
    """One progress edit per run and interval across every worker of every instance."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        runs: CampaignRepository | None = None,
        turn: timedelta = PROGRESS_TURN,
    ) -> None:
        self._db, self._clock, self._turn = db, clock, turn
        self._runs = runs or CampaignRepository()

    async def take(self, run_id: int) -> bool:
        now = self._clock.now()
        async with self._db.single_statement() as conn:
            return await self._runs.take_progress_turn(conn, run_id, now, now - self._turn)


class AdminRunReports:
    """What the admin group hears of runs: a progress message edited as the run goes, and the
    runs that were missed or reached nobody."""

    def __init__(
        self,
        bot: Bot,
        admins: AdminDirectory,
        planner: CampaignPlanner,
        *,
        notifier: TelegramAdminNotifier,
        units: UnitService,
        t: Translator,
        max_pushes_per_day: int,
        turns: ProgressTurns | None = None,
    ) -> None:
        self._bot, self._admins, self._planner = bot, admins, planner
        self._turns = turns
        self._notifier = notifier
        self._units = units
        self._t = t
        self._max_pushes_per_day = max_pushes_per_day
        # Each channel's worker reports the same run: one report at a time per run (so two
        # never both post a first progress message), and a text already shown is not sent
        # again (Telegram refuses an edit that changes nothing). Across instances, `turns`
        # lets one of them edit per interval.
        self._locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._shown: dict[int, str] = {}

    async def missed(self, campaign_id: int, zone: str, due_at: datetime) -> None:
        due = f"{wib_minute(due_at)} WIB"
        await self._tell_admins(
            campaign_id, self._t("campaign_missed", campaign_id=campaign_id, zone=zone, due=due)
        )

    async def progress(
        self, run_id: int, counts: RunCounts, rate: float, eta: timedelta | None
    ) -> None:
        """Edits the run's progress message in the admin group (each channel's worker calls
        this at most every 10 s, and the one that finishes the run once more with the final
        counts)."""
        async with self._locks[run_id]:
            await self._progress(run_id, counts, rate, eta)

    async def _progress(
        self, run_id: int, counts: RunCounts, rate: float, eta: timedelta | None
    ) -> None:
        run = await self._planner.run(run_id)
        campaign = await self._planner.campaign_of_run(run_id)
        if run is None or campaign is None:
            return
        chat_id = await self._chat_of(campaign.unit_id)
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
            self._locks.pop(run_id, None)
            self._shown.pop(run_id, None)
        elif self._shown.get(run_id) == text or not await self._my_turn(run_id):
            return
        else:
            self._shown[run_id] = text
        try:
            if run.progress_message_id:
                await self._bot.edit_message_text(
                    text, chat_id, run.progress_message_id, parse_mode=ParseMode.HTML
                )
            else:
                message = await self._bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
                await self._planner.set_progress_message(run_id, message.message_id)
        except TelegramError as error:
            _LOGGER.warning("Could not update the progress of run %s: %s", run_id, error)

    async def _my_turn(self, run_id: int) -> bool:
        return self._turns is None or await self._turns.take(run_id)

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
        await self._tell_admins(campaign_id, "\n".join([text, *self._deferral(notes, zone)]))

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

    async def _chat_of(self, unit_id: int | None) -> int:
        """The group that hears of a unit's campaigns: its own, else its nearest ancestor's
        (the unit's group may have been deactivated since), else the national group."""
        group = await self._units.nearest_group(unit_id)
        return self._admins.chat_id if group is None else group.chat_id

    async def _tell_admins(self, campaign_id: int, text: str) -> None:
        campaign = await self._planner.campaign(campaign_id)
        unit_id = campaign.unit_id if campaign else None
        group = await self._units.nearest_group(unit_id)
        if group is None:
            # The notifier follows the national group through a move to a supergroup.
            await self._notifier.send_html(text)
            return
        try:
            await self._bot.send_message(group.chat_id, text, parse_mode=ParseMode.HTML)
        except TelegramError as error:
            _LOGGER.warning("Could not tell the group of unit %s: %s", group.unit.code, error)


def _duration(eta: timedelta | None) -> str:
    if eta is None:
        return "—"
    seconds = int(eta.total_seconds())
    return f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} s"
