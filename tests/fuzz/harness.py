"""Fuzzing the bot's inputs through the emulator: hypothesis makes the inputs, one running
bot answers them all, and every input must get an answer without an unhandled exception.

Used by tests/fuzz (a few hundred inputs per field) and bench/fuzz.py (10,000 per field).
Hypothesis runs in a worker thread and hands each input to the bot's event loop, so one bot
serves every example. An unhandled exception shows as an ERROR log record (the error
handler logs "Update %s failed"); silence shows as no answer within the timeout.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from devtools.emulator import BotApiEmulator, BotMessage, SimChat, SimUser
from tests.support import all_handled

MAX_MESSAGE = 4096
MAX_CALLBACK_BYTES = 64

# Characters that broke bots we read: bidi overrides and isolates, zero-width joiners and
# spaces, the byte-order mark, C0/C1 controls, digits that are not ASCII.
SPECIAL = (
    "\u202e\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u200b\u200c\u200d\u2060\ufeff"
    "\x00\x01\x07\x08\x1b\x7f\x85\x9f\t\r\n\u2028\u2029"
    "₆²³¹٣３٠߁๒໓༤၅႖፯០᠑"
)
PAYLOADS = (
    "<b>bold</b>",
    "<script>alert(1)</script>",
    "<a href='javascript:x'>x</a>",
    "&amp;&lt;&#0;",
    "' OR 1=1 --",
    "1; DROP TABLE people; --",
    "%s%n%x%d",
    "{0}{case_id}{name!r}{__class__}",
    "${jndi:ldap://x}",
    "../../etc/passwd",
    "9" * 30,
    "-1",
    "0",
    "#0",
    "#" + "9" * 25,
    str(2**63),
    str(2**63 - 1),
    "1e309",
    "NaN",
    "GPR-2026-000001",
    "verify_GPR-2026-000001",
)


def _fit(text: str, limit: int) -> str:
    return text[:limit]


def untrusted_text(max_size: int = MAX_MESSAGE) -> st.SearchStrategy[str]:
    """Text from every plane, special characters, payloads, huge numbers and long runs."""
    anything = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
    special = st.text(st.sampled_from(SPECIAL), min_size=1, max_size=20)
    mixed = st.lists(
        st.one_of(anything, special, st.sampled_from(PAYLOADS)), min_size=1, max_size=5
    ).map("".join)
    numbers = st.integers(min_value=-(10**40), max_value=10**40).map(str)
    long_runs = st.builds(
        lambda char, size: char * size,
        st.characters(exclude_categories=("Cs",)),
        st.integers(min_value=200, max_value=MAX_MESSAGE),
    )
    return st.one_of(anything, special, mixed, numbers, long_runs, st.sampled_from(PAYLOADS)).map(
        lambda text: _fit(text, max_size)
    )


def _fit_bytes(text: str) -> str:
    data = text.encode("utf-8")[:MAX_CALLBACK_BYTES]
    return data.decode("utf-8", "ignore")


def mutated_callback_data(bases: list[str]) -> st.SearchStrategy[str]:
    """Button data the bot sent, mutated: cut, extended, with a field replaced, or another
    family's prefix with anything after it; always 1-64 bytes like real button data."""

    def mutate(base: str, mode: int, cut: int, extra: str) -> str:
        prefix, _, last = base.rpartition(":")
        options = (
            base[:cut],
            base + extra,
            f"{prefix}:{extra}",
            f"{prefix}:{last}:{extra}",
            base[:cut] + extra + base[cut:],
            f"{base.split(':')[0]}:{extra}",
            extra,
        )
        return _fit_bytes(options[mode % len(options)]) or base

    extras = st.one_of(untrusted_text(70), st.integers(-(10**30), 10**30).map(str))
    return st.one_of(
        st.sampled_from(bases),
        st.builds(mutate, st.sampled_from(bases), st.integers(0, 6), st.integers(0, 64), extras),
    )


class ErrorRecords(logging.Handler):
    """Counts ERROR records while fuzzing: each is an exception no handler dealt with."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class FieldReport:
    name: str
    inputs: int = 0
    unhandled: int = 0
    unanswered: int = 0
    examples: list[str] = field(default_factory=list)  # the first few bad inputs

    def note(self, value: str, problem: str) -> None:
        if len(self.examples) < 3:
            self.examples.append(f"{problem}: {value[:80]!r}")


Send = Callable[[str], Awaitable[str | None]]  # returns a callback query id for presses


@dataclass
class Field:
    """One input field: how to send a value, where its answer appears, what values to try."""

    name: str
    strategy: st.SearchStrategy[str]
    send: Send
    answered_in: SimChat | SimUser
    sender: SimUser  # who sends the values
    reset: Callable[[], Awaitable[None]] | None = None  # back to the field's state if moved


class Fuzzer:
    def __init__(self, emulator: BotApiEmulator, *, timeout: float = 10.0) -> None:
        self.emulator = emulator
        self.timeout = timeout
        self.errors = ErrorRecords()

    async def run(self, fuzz_field: Field, examples: int) -> FieldReport:
        """Drives `examples` inputs through the bot (from a worker thread, see the module)."""
        loop = asyncio.get_running_loop()
        report = FieldReport(fuzz_field.name)

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(fuzz_field.strategy)
        def one(value: str) -> None:
            assume(value.strip())  # Telegram delivers no empty message or button data
            future = asyncio.run_coroutine_threadsafe(self._one(fuzz_field, value, report), loop)
            future.result()

        logging.getLogger().addHandler(self.errors)
        try:
            await asyncio.to_thread(one)
        finally:
            logging.getLogger().removeHandler(self.errors)
        return report

    async def _one(self, fuzz_field: Field, value: str, report: FieldReport) -> None:
        emulator = self.emulator
        errors_before = len(self.errors.records)
        sent_before = len(emulator.sent(fuzz_field.answered_in))
        query_id = await fuzz_field.send(value)
        answered = await self._answer(fuzz_field, query_id, sent_before)
        # So that no answer to this input counts for the next.
        await all_handled(emulator, fuzz_field.sender, fuzz_field.answered_in, self.timeout)
        emulator.drain(fuzz_field.answered_in)
        report.inputs += 1
        if len(self.errors.records) > errors_before:
            report.unhandled += 1
            report.note(value, self.errors.records[-1].getMessage())
        elif not answered:
            report.unanswered += 1
            report.note(value, "no answer")
        if fuzz_field.reset:
            await fuzz_field.reset()

    async def _answer(self, fuzz_field: Field, query_id: str | None, sent_before: int) -> bool:
        emulator = self.emulator
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        while loop.time() < deadline:
            if query_id is not None:
                if any(a["callback_query_id"] == query_id for a in emulator.callback_answers):
                    return True
            elif len(emulator.sent(fuzz_field.answered_in)) > sent_before:
                return True
            await asyncio.sleep(0.01)
        return False


def last_bot_message(emulator: BotApiEmulator, chat: SimChat | SimUser) -> BotMessage:
    return emulator.sent(chat)[-1]
