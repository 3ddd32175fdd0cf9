"""What stays behind of a person: in the database files after an erasure, and in the logs."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.logging_setup import QUIET_LOGGERS, WITHHELD_ARGUMENTS, configure_logging
from bot.settings import Settings
from devtools.emulator import BotApiEmulator
from tests.flows.support import enroll_until_summary
from tests.support import BotHarness, eventually, running_bot

# What enroll_until_summary types, as stored: NIP, name, work unit, handles, e-mail.
PERSONAL = (
    "198506122010011003",
    "Siti Rahma",
    "Biro Hubungan Masyarakat",
    "siti.rahma",
    "sitirahma",
    "komdigi.go.id",
)


def _files(database: Path) -> dict[str, bytes]:
    return {
        path.name: path.read_bytes() if path.exists() else b""
        for path in (database, Path(f"{database}-wal"))
    }


def _found(database: Path) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, content in _files(database).items()
        for value in PERSONAL
        if value.encode() in content
    ]


@pytest.mark.sqlite_only("reads the SQLite file and its WAL byte by byte")
async def test_an_erased_person_leaves_no_byte_in_the_database_or_its_wal(
    bot: BotHarness, settings: Settings
) -> None:
    siti = bot.person()
    await enroll_until_summary(siti)
    await siti.submits()
    before = _found(settings.database_path)

    await siti.says("/hapusdata")
    erased = await siti.presses("🗑 Ya, hapus semuanya")
    cleaned = await eventually(lambda: not _found(settings.database_path), timeout=5)

    assert {value for _, value in before} == set(PERSONAL)
    assert "sudah dihapus" in erased.content
    assert (cleaned, _found(settings.database_path)) == (True, [])


@pytest.fixture
def debug_logging(caplog: pytest.LogCaptureFixture) -> Iterator[io.StringIO]:
    """The production logging set-up at DEBUG, writing into a buffer; pytest's capture
    handler sees every record as it was made (before masking)."""
    root = logging.getLogger()
    saved = (root.level, root.handlers[:])
    levels = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    written = io.StringIO()
    configure_logging("DEBUG")
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(written)
    caplog.handler.setLevel(logging.DEBUG)
    root.addHandler(caplog.handler)
    try:
        yield written
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        for name in WITHHELD_ARGUMENTS:
            logging.getLogger(name).filters.clear()


async def test_an_enrollment_at_debug_logs_nothing_the_person_typed(
    settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    caplog: pytest.LogCaptureFixture,
    debug_logging: io.StringIO,
) -> None:
    typed_nip = "19850612  201001 -- 1 / 003"
    async with running_bot(settings, emulator, clock) as bot:
        siti = bot.person()
        await enroll_until_summary(siti, nip=typed_nip)
        await siti.submits()
        await siti.says("/datasaya")
    records = "\n".join(record.getMessage() for record in caplog.records)
    written = debug_logging.getvalue()

    assert any(record.levelno == logging.DEBUG for record in caplog.records)
    assert "telegram.ext.ConversationHandler" in written  # DEBUG output was written
    assert [v for v in (*PERSONAL, typed_nip, "SitiRahma") if v in records + written] == []
