"""Many people at once: each conversation stays in order, nobody waits for the others."""

from __future__ import annotations

import asyncio

from tests.flows.test_enrollment import enroll_until_summary
from tests.support import BotHarness


async def test_thirty_people_enrolling_at_once_all_finish_correctly(bot: BotHarness) -> None:
    people = [bot.person(f"P{i}") for i in range(30)]

    async def enroll(index: int) -> str:
        person = people[index]
        await enroll_until_summary(person, nip=f"19850612 200501 2 {index + 1:03d}")
        done, *_ = await person.submits()
        return done.content

    results = await asyncio.gather(*(enroll(i) for i in range(len(people))))

    assert all("menunggu verifikasi" in result for result in results)
