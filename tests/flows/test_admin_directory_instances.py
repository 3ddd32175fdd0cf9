"""Two instances of the bot on one database keep one admin directory: a unit group activated
through instance A is an admin group for instance B at B's next update from it, and an admin
demoted while A was told refuses on B at once. Each update goes to the instance the test names,
as a load balancer in front of two webhook instances would send it."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Update
from telegram.error import TelegramError

from bot.app import build_application
from bot.channels.telegram.application import BotApplication
from bot.clock import FixedClock
from bot.settings import Settings
from devtools.emulator import BotApiEmulator, BotMessage, SimChat, SimUser
from tests.support import eventually, free_port

ADMIN_ONLY = "Perintah ini khusus untuk tim humas (admin grup admin)."
_CODE = re.compile(r"Kode sekali pakai: ([A-Z0-9]{10})")


class Router:
    """Takes the emulator's updates and hands each to the instance `to` names now."""

    def __init__(self, instances: dict[str, BotApplication]) -> None:
        self.instances = instances
        self.to = next(iter(instances))
        self.handled_by: list[tuple[str, int]] = []

    async def run(self) -> None:
        fetcher = next(iter(self.instances.values())).bot
        offset = 0
        while True:
            try:
                updates = await fetcher.get_updates(
                    offset=offset, timeout=1, allowed_updates=Update.ALL_TYPES
                )
            except TelegramError:  # a slow moment of a loaded machine: ask again
                await asyncio.sleep(0.1)
                continue
            for update in updates:
                offset = update.update_id + 1
                target = self.instances[self.to]
                # Bound to the target's own Bot, as if that instance had received it.
                await target.update_queue.put(Update.de_json(update.to_dict(), target.bot))
                self.handled_by.append((self.to, update.update_id))


@asynccontextmanager
async def two_instances(
    settings: Settings, clock: FixedClock
) -> AsyncIterator[tuple[Router, BotApplication, BotApplication]]:
    second = Settings(
        _env_file=None,  # type: ignore[call-arg]
        **settings.model_dump() | {"web_port": free_port()},
    )
    a, b = build_application(settings, clock=clock), build_application(second, clock=clock)
    async with a, b:
        await a.start()
        await b.start()
        router = Router({"A": a, "B": b})
        routing = asyncio.create_task(router.run())
        try:
            yield router, a, b
        finally:
            routing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await routing
            await b.stop()
            await a.stop()


async def _said(emulator: BotApiEmulator, user: SimUser, text: str, chat: SimChat) -> BotMessage:
    emulator.send_text(user, text, chat=chat)
    return await emulator.next_message(chat, timeout=15)


async def test_a_group_activated_on_one_instance_and_a_demotion_seen_there_hold_on_the_other(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    national = emulator.state.chat(settings.admin_chat_id)
    admin = emulator.add_user("Rina", username="rina_humas")
    emulator.set_member_status(national, admin, "administrator")
    async with two_instances(settings, clock) as (router, a, b):
        # On A: the invitation, the new group, its activation, a second administrator.
        invitation = await _said(emulator, admin, "/undang kemenkeu", national)
        code = _CODE.search(invitation.content)
        assert code, invitation.content
        head = emulator.add_user("Kabid Kemenkeu")
        group = emulator.add_group("Humas Kemenkeu", creator=head, bot_status="left")
        emulator.set_bot_status(group, "administrator")
        assert "/aktifkan KODE" in (await emulator.next_message(group, timeout=15)).content
        welcome = await _said(emulator, head, f"/aktifkan {code[1]}", group)
        assert "grup admin Kementerian Keuangan" in welcome.content
        deputy = emulator.add_user("Wakil")
        emulator.set_member_status(group, deputy, "administrator")
        await _said(emulator, head, "/tinjau", group)  # A has handled the promotion too
        assert {name for name, _ in router.handled_by} == {"A"}

        router.to = "B"
        as_admin = await _said(emulator, deputy, "/tinjau", group)
        assert ADMIN_ONLY not in as_admin.content
        assert b.bot_data.admins.unit_of_chat(group.id) is not None

        router.to = "A"
        emulator.set_member_status(group, deputy, "member")
        # With the shared inbox (PostgreSQL's default) the demotion is handled by whichever
        # instance takes that person's turn: wait until one of the two has seen it.
        assert await eventually(
            lambda: not all(app.bot_data.admins.is_admin(deputy.id, group.id) for app in (a, b))
        )

        router.to = "B"
        demoted = await _said(emulator, deputy, "/tinjau", group)
        assert demoted.content == ADMIN_ONLY
        assert not b.bot_data.admins.is_admin(deputy.id, group.id)
        assert {name for name, _ in router.handled_by[-1:]} == {"B"}
