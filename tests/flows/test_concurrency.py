"""Many people at once: each conversation stays in order, nobody waits for the others."""

from __future__ import annotations

import asyncio
import logging
import re

import pytest

from tests.flows.support import enroll_until_summary
from tests.support import BotHarness, Person, eventually

FLOOD = 500


async def test_thirty_people_enrolling_at_once_all_finish_correctly(bot: BotHarness) -> None:
    # This is about every conversation finishing in order, not about speed (bench/updates.py
    # measures that): on a busy 2-core machine thirty conversations at once may take a while.
    people = [bot.person(f"P{i}", patience=30.0) for i in range(30)]

    async def enroll(index: int) -> str:
        person = people[index]
        await enroll_until_summary(person, nip=f"19850612 200501 2 {index + 1:03d}")
        done, *_ = await person.submits()
        return done.content

    results = await asyncio.gather(*(enroll(i) for i in range(len(people))))

    assert all("menunggu verifikasi" in result for result in results)


async def test_one_persons_flood_does_not_delay_anyone_else(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Every Bot API call takes 100 ms; one person sends 500 messages at once. The others'
    /start is answered within a second (it took 46 s when the flood held every slot); the
    flooder is answered in order up to their queue's limit, and the rest is dropped."""
    caplog.set_level(logging.WARNING, logger="bot.channels.telegram.update_processor")
    emulator = bot.emulator
    emulator.inject_fault("slow", delay=0.1, times=None)
    flooder = bot.person("Banjir")
    for index in range(FLOOD):
        emulator.send_text(flooder.user, f"halo {index}")
    state = emulator.state
    # The bot fetched the whole flood and is working through it.
    assert await eventually(lambda: state.last_delivered_update_id >= state.last_queued_update_id)
    await flooder.reply()
    loop = asyncio.get_running_loop()

    async def reply_time(person: Person) -> float:
        started = loop.time()
        answer = await person.says("/start")
        assert "✅ Setuju" in person.buttons(answer)
        return loop.time() - started

    times = sorted(await asyncio.gather(*(reply_time(bot.person(f"P{i}")) for i in range(10))))

    assert times[-1] < 1.0, f"reply times during the flood: {times}"
    assert "is over" not in caplog.text  # all of them were answered during the flood
    assert await eventually(lambda: "Flood from person" in caplog.text, timeout=30)
    found = re.search(r"(\d+) updates were dropped", caplog.text)
    assert found
    dropped = int(found.group(1))
    answered = len(emulator.sent(flooder.user))
    assert (answered + dropped, dropped > FLOOD / 2) == (FLOOD, True)
