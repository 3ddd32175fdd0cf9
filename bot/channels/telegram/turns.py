"""One person's Telegram updates in order and once, on one instance or on several.

Every update, posted to the webhook of any instance or fetched by the poller, goes to the
inbox (storage.telegram_inbox) before anything answers it; its update id makes a repeat a
no-op. The receiver then pokes the person's turn (storage.person_turns): the instance that
takes it handles the person's waiting updates one after another in update-id order, with the
person's conversation states read from the database first (another instance may have moved
them on), marks each handled, and gives the turn back only when nothing of the person waits.
An instance that finds the turn taken leaves the update to its holder.

Nothing is lost between two instances: an update stored before the holder's release is seen
by the release, which then fails and the holder goes on; one stored after it finds no turn and
its receiver takes it. A holder renews its turns while it lives; the sweeper of every instance
pokes people whose updates have waited a while, which takes over the turns of a crashed
instance once they go stale. A crash in the middle of a handler handles that one update again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram import Bot, Update
from telegram.ext import Application

from bot.channels.telegram.conversations import ConversationSync
from bot.channels.telegram.update_processor import (
    FloodWatch,
    PerPersonUpdateProcessor,
    masked,
)
from bot.clock import Clock
from bot.observability import metrics
from storage.conversation_states import ConversationStateRepository
from storage.database import Database
from storage.person_turns import PersonTurnRepository
from storage.telegram_inbox import (
    Stored,
    TelegramInboxRepository,
    WaitingUpdate,
    telegram_person_key,
)

_LOGGER = logging.getLogger(__name__)

# A turn its holder has not renewed for this long belongs to a crashed instance.
TURN_STALE_SECONDS = 20
RENEW_SECONDS = 5
# The sweeper pokes people whose updates have waited longer than a poke takes to act.
SWEEP_SECONDS = 5
SWEEP_AFTER = timedelta(seconds=2)
# Handled update ids are kept as long as Telegram might post an update again.
PRUNE_AFTER = timedelta(days=1)
PRUNE_EVERY_SWEEPS = 720
# Waiting updates read at once; one person rarely has more (the flood cap is 20).
BATCH = 20

_TELEGRAM_PREFIX = telegram_person_key("")


def person_key(update: Update) -> str:
    """Whose turn handles the update: its user, else its chat, else the update alone."""
    if update.effective_user:
        return telegram_person_key(update.effective_user.id)
    if update.effective_chat:
        return f"chat:{update.effective_chat.id}"
    return f"upd:{update.update_id}"


@dataclass(frozen=True)
class _Handling:
    """How an update is handled, known once the Application is built."""

    bot: Bot
    process: Callable[[object], Awaitable[None]]
    processor: PerPersonUpdateProcessor
    conversations: ConversationSync


class TelegramTurns:
    """The inbox's writer (`receive`) and the runner of the turns this instance takes."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        states: ConversationStateRepository,
        inbox: TelegramInboxRepository | None = None,
        turns: PersonTurnRepository | None = None,
        flood: FloodWatch | None = None,
        instance: str | None = None,
    ) -> None:
        self._db, self._clock, self._states = db, clock, states
        self._inbox = inbox or TelegramInboxRepository()
        self._turns = turns or PersonTurnRepository()
        self._flood = flood or FloodWatch()
        # The turn holder's name: the instance's id (bot.instances), or one of its own.
        self.instance = instance or uuid.uuid4().hex[:12]
        self._handling: _Handling | None = None
        self._serving: dict[str, asyncio.Task[None]] = {}
        self._poked_again: set[str] = set()
        # Updates this instance received, by person and update id, with when they arrived:
        # the holder is usually the receiver, which then need not parse the stored JSON.
        self._received: dict[str, dict[int, tuple[Update, float]]] = {}
        self._background: list[asyncio.Task[None]] = []
        self._stopping = True
        # Updates this instance handled (whichever instance received them).
        self.handled = 0

    def bind(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Handles updates with the application (built after this, since its webhook and its
        update processor write here)."""
        processor = application.update_processor
        assert isinstance(processor, PerPersonUpdateProcessor)
        self._handling = _Handling(
            application.bot, application.process_update, processor, ConversationSync(application)
        )

    async def receive(self, update: object, payload: str | None = None) -> None:
        """Stores an update (`payload`: Telegram's JSON of it, when the webhook has it) and
        pokes its person's turn. Returns once it is stored: the webhook answers 200 then."""
        handling = self._bound()
        if not isinstance(update, Update):
            # Something put on PTB's queue by hand, not from Telegram: nothing to keep.
            metrics.update_received()
            await handling.processor.handle(handling.process(update))
            return
        key = person_key(update)
        async with self._db.single_statement() as conn:
            stored = await self._inbox.add(
                conn,
                update.update_id,
                key,
                payload or update.to_json(),
                self._clock.now(),
                cap=self._flood.cap,
            )
        if stored is Stored.DROPPED:
            metrics.update_received()
            self._flood.dropped(key, update)
            return
        if stored is Stored.NEW:
            metrics.update_received()
            self._received.setdefault(key, {})[update.update_id] = (update, time.monotonic())
        self.poke(key)  # a repeat too: it may be waiting still, its poke lost in a crash

    def poke(self, key: str) -> None:
        """The person has an update waiting: serve their turn unless this instance does."""
        if self._stopping:
            return  # stays in the inbox for the other instances or the next start
        if key in self._serving:
            self._poked_again.add(key)  # the loop may be past its last look at the inbox
            return
        self._serving[key] = asyncio.create_task(self._serve(key), name=f"turn {masked(key)}")

    async def start(self) -> None:
        """Renews this instance's turns and sweeps; first handles whatever waits already (a
        restart after a crash)."""
        _LOGGER.info(
            "Telegram updates: instance %s (%s:%d)",
            self.instance,
            socket.gethostname(),
            os.getpid(),
        )
        self._stopping = False
        self._background = [
            asyncio.create_task(self._renew_turns(), name="renew turns"),
            asyncio.create_task(self._sweep_regularly(), name="sweep the inbox"),
        ]

    async def stop(self) -> None:
        """Finishes the updates being handled; what waits stays in the inbox."""
        self._stopping = True
        for task in self._background:
            task.cancel()
        for task in self._background:
            with suppress(asyncio.CancelledError):
                await task
        self._background = []
        await asyncio.gather(*self._serving.values(), return_exceptions=True)

    async def sweep(self, *, waited: timedelta | None = SWEEP_AFTER) -> None:
        """Pokes everyone whose updates have waited longer than `waited` (None: everyone)."""
        received_before = None if waited is None else self._clock.now() - waited
        for key in await self._inbox.people_waiting(self._db.reader, received_before):
            self.poke(key)

    def _bound(self) -> _Handling:
        if self._handling is None:
            raise RuntimeError("TelegramTurns.bind() was not called")
        return self._handling

    async def _serve(self, key: str) -> None:
        holding = False
        try:
            while not self._stopping:
                self._poked_again.discard(key)
                holding = await self._take(key)
                if not holding:
                    self._hand_over(self._received.pop(key, {}))  # the holder reads the JSON
                    return
                await self._refresh_conversations(key)
                await self._handle_waiting(key)
                if self._stopping:
                    break
                holding = False
                self._flood.caught_up(key)
                if key not in self._poked_again:
                    return
        except Exception:
            # The turn stays ours until it goes stale; the sweeper pokes it again.
            _LOGGER.exception("Handling the updates of %s stopped", masked(key))
        finally:
            del self._serving[key]
            if holding and self._stopping:
                async with self._db.single_statement() as conn:
                    await self._turns.abandon(conn, key, self.instance)

    async def _take(self, key: str) -> bool:
        now = self._clock.now()
        async with self._db.single_statement() as conn:
            return await self._turns.take(
                conn, key, self.instance, now, now - timedelta(seconds=TURN_STALE_SECONDS)
            )

    async def _refresh_conversations(self, key: str) -> None:
        if not key.startswith(_TELEGRAM_PREFIX):
            return  # a chat without a user has no conversation
        user_key = key.removeprefix(_TELEGRAM_PREFIX)
        stored = await self._states.load_for_user(self._db.reader, user_key)
        self._bound().conversations.refresh(user_key, stored)

    async def _handle_waiting(self, key: str) -> None:
        """Handles the person's waiting updates until the turn is given back (returns) or the
        instance stops (returns holding it)."""
        while not self._stopping:
            waiting = await self._inbox.waiting(self._db.reader, key, BATCH)
            for row in waiting:
                if self._stopping:
                    return
                outcome = await self._handle(key, row)
                async with self._db.single_statement() as conn:
                    await self._inbox.handled(conn, row.update_id, self._clock.now(), outcome)
            if len(waiting) == BATCH or self._stopping:
                continue  # more may wait; no release attempt needed to know
            async with self._db.single_statement() as conn:
                if await self._turns.release(conn, key, self.instance):
                    return

    async def _handle(self, key: str, row: WaitingUpdate) -> str:
        handling = self._bound()
        received = self._received.get(key, {})
        local = received.pop(row.update_id, None)
        # Earlier ones received here were handled by another instance meanwhile.
        self._hand_over({u: received.pop(u) for u in [u for u in received if u < row.update_id]})
        if local is not None:
            update, arrived = local
            waited = time.monotonic() - arrived
        else:
            parsed = _parse(row, handling.bot)
            if parsed is None:
                return "unreadable"
            metrics.update_received()  # received by another instance: waiting here now
            update, waited = parsed, 0.0
        try:
            await handling.processor.handle(handling.process(update), waited)
        except Exception:
            # PTB passes a handler's errors to the error handler; this is anything else.
            # Marked handled all the same, or it would hold back the person's later updates.
            _LOGGER.exception("Update %s failed and is not handled again", row.update_id)
            return "failed"
        self.handled += 1
        return "handled"

    @staticmethod
    def _hand_over(received: dict[int, tuple[Update, float]]) -> None:
        for _ in received:
            metrics.update_handed_over()

    async def _renew_turns(self) -> None:
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            if self._serving:
                with _logged("Renewing this instance's turns"):
                    async with self._db.single_statement() as conn:
                        await self._turns.renew(conn, self.instance, self._clock.now())

    async def _sweep_regularly(self) -> None:
        sweeps = 0
        while True:
            with _logged("Sweeping the Telegram inbox"):
                # The first sweep takes everything waiting: after a restart, nothing pokes it.
                await self.sweep(waited=None if sweeps == 0 else SWEEP_AFTER)
                if sweeps % PRUNE_EVERY_SWEEPS == 0:
                    async with self._db.single_statement() as conn:
                        await self._inbox.prune(conn, self._clock.now() - PRUNE_AFTER)
            sweeps += 1
            await asyncio.sleep(SWEEP_SECONDS)


def _parse(row: WaitingUpdate, bot: Bot) -> Update | None:
    try:
        return Update.de_json(json.loads(row.payload), bot)
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        _LOGGER.error("Update %s could not be read and is skipped: %r", row.update_id, error)
        return None


class _logged:
    """Logs a background step's failure and lets the loop go on to its next round."""

    def __init__(self, step: str) -> None:
        self._step = step

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: object, tb: object) -> bool:
        if kind is not None and issubclass(kind, Exception):
            _LOGGER.exception("%s failed", self._step)
            return True
        return False
