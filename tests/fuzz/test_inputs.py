"""Every command argument and button family, fuzzed through the emulator: no input may end
in an unhandled exception or go unanswered. bench/fuzz.py runs 10,000 inputs per field."""

from __future__ import annotations

from devtools.emulator import BotApiEmulator, SimChat, SimUser
from tests.fuzz.fields import build_fields
from tests.fuzz.harness import Fuzzer
from tests.support import BotHarness

EXAMPLES_PER_FIELD = 30


async def test_no_input_ends_in_an_unhandled_exception_or_silence(
    vbot: BotHarness, emulator: BotApiEmulator, admin_group: tuple[SimChat, SimUser]
) -> None:
    chat, admin = admin_group
    fields = await build_fields(vbot, emulator, chat, admin)
    fuzzer = Fuzzer(emulator)

    reports = [await fuzzer.run(field, EXAMPLES_PER_FIELD) for field in fields]

    problems = {r.name: r.examples for r in reports if r.unhandled or r.unanswered}
    assert problems == {}
    assert all(r.inputs >= EXAMPLES_PER_FIELD // 2 for r in reports), [
        (r.name, r.inputs) for r in reports
    ]
