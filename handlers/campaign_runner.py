"""Campaign runs in Telegram: start due runs, render each delivery with its share buttons,
run the delivery worker, and keep a progress message in the admin group."""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
from datetime import datetime, timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.campaigns.delivery import DeliveryWorker, OutgoingContent
from bot.campaigns.planner import RunNotes
from bot.campaigns.schedule import zone_tz
from bot.campaigns.sharing import share_text
from bot.regions import TimeZone
from bot.services import Services
from bot.telegram_adapter.admins import AdminDirectory
from bot.telegram_adapter.sender import TelegramSender
from bot.telegram_adapter.texts import Translator
from handlers.sharing import campaign_keyboard
from storage.campaigns import Campaign, CampaignRepository
from storage.outbox import DeliveryRow, OutboxRepository, RunCounts

_LOGGER = logging.getLogger(__name__)


class CampaignRunner:
    def __init__(
        self, bot: Bot, broadcast_bot: Bot, services: Services, admins: AdminDirectory
    ) -> None:
        self._bot = bot
        self._services = services
        self._admins = admins
        self._repository = CampaignRepository()
        settings = services.settings
        self._paid = settings.paid_broadcast
        self.worker = DeliveryWorker(
            services.db,
            OutboxRepository(),
            # Its own Bot and connection pool: a broadcast never queues people's replies.
            TelegramSender(broadcast_bot),
            self.render,
            services.clock,
            rate=settings.broadcast_rate_per_second,
            paid=settings.paid_broadcast,
            on_progress=self.progress,
            finish_run=services.campaigns.planner.finish,
            on_unreachable=services.people.unreachable,
        )
        self._broadcast_bot = broadcast_bot
        self._campaigns: dict[int, Campaign] = {}
        self._run_campaign: dict[int, int] = {}
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._tick_lock = asyncio.Lock()

    @property
    def _t(self) -> Translator:
        return Translator(self._services.settings.default_locale)

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
            starts = await self._services.campaigns.planner.start_due_runs()
        for start in starts:
            t = self._t
            if start.outcome == "missed":
                due = start.due_at.strftime("%Y-%m-%d %H:%M UTC")
                await self._tell_admins(
                    t(
                        "campaign_missed",
                        campaign_id=start.campaign_id,
                        zone=start.zone.name,
                        due=due,
                    )
                )
                continue
            self._run_campaign[start.run_id] = start.campaign_id
            if start.recipients == 0:
                await self._report_nobody(start.run_id, start.campaign_id, start.zone.name)
        if any(start.outcome == "started" for start in starts):
            self.worker.wake()

    async def plan(self) -> None:
        await self._services.campaigns.planner.plan_all()

    async def render(self, row: DeliveryRow) -> OutgoingContent:
        campaign = await self._campaign_of(row.run_id)
        variants = campaign.variants or (campaign.body,)
        text = share_text(
            variants[row.variant % len(variants)],
            campaign.hashtags,
            self._services.settings.disclosure_tag,
        )
        locale = (
            row.locale if row.locale in {"id", "en"} else self._services.settings.default_locale
        )
        keyboard = campaign_keyboard(
            Translator(locale),  # type: ignore[arg-type]
            row.id,
            text,
            campaign.link,
            campaign.media_file_id is not None,
        )
        shown = html.escape(text, quote=False)
        if campaign.link:
            shown = f"{shown}\n\n{html.escape(campaign.link, quote=False)}"
        return OutgoingContent(
            kind=campaign.kind,  # type: ignore[arg-type]
            text=shown,
            media=campaign.media_file_id,
            buttons=keyboard,
            allow_paid_broadcast=self._paid,
        )

    async def _campaign_of(self, run_id: int) -> Campaign:
        campaign_id = self._run_campaign.get(run_id)
        if campaign_id is None:
            run = await self._repository.get_run(self._services.db.reader, run_id)
            assert run is not None
            campaign_id = self._run_campaign[run_id] = run.campaign_id
        if campaign_id not in self._campaigns:
            campaign = await self._repository.get(self._services.db.reader, campaign_id)
            assert campaign is not None
            self._campaigns[campaign_id] = campaign
        return self._campaigns[campaign_id]

    async def progress(
        self, run_id: int, counts: RunCounts, rate: float, eta: timedelta | None
    ) -> None:
        """Edits the run's progress message in the admin group (the worker calls this at most
        every 10 s, and once more with the final counts)."""
        campaign = await self._campaign_of(run_id)
        run = await self._repository.get_run(self._services.db.reader, run_id)
        if run is None:
            return
        total = counts.pending + counts.sending + counts.sent + counts.failed + counts.blocked
        values = {
            "campaign_id": campaign.id,
            "zone": run.zone,
            "sent": counts.sent,
            "total": total,
            "failed": counts.failed,
            "blocked": counts.blocked,
            "rate": f"{rate:.1f}",
            "eta": _duration(eta),
        }
        done = counts.pending == 0 and counts.sending == 0
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
                async with self._services.db.single_statement() as conn:
                    await self._repository.set_progress_message(conn, run_id, message.message_id)
        except TelegramError as error:
            _LOGGER.warning("Could not update the progress of run %s: %s", run_id, error)

    async def _report_nobody(self, run_id: int, campaign_id: int, zone: str) -> None:
        """A run whose audience was empty: nothing will drain, so it is reported now."""
        t = self._t
        notes = await self._services.campaigns.planner.notes(run_id)
        if notes is not None and notes.capped:
            limit = self._services.settings.max_pushes_per_day
            reason = t("campaign_reason_capped", count=notes.capped, limit=limit)
        else:
            reason = t("campaign_reason_no_match")
        text = t("campaign_reached_nobody", campaign_id=campaign_id, zone=zone, reason=reason)
        await self._tell_admins("\n".join([text, *self._deferral(notes, zone)]))

    async def _notes(self, run_id: int, zone: str) -> list[str]:
        """Why the run reached fewer people, or later, than asked: lines for its report."""
        notes = await self._services.campaigns.planner.notes(run_id)
        lines = []
        if notes is not None and notes.capped:
            limit = self._services.settings.max_pushes_per_day
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
