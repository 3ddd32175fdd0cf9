"""LOG_FORMAT=json: one JSON object per line, masked exactly as the text log is."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from bot.logging_setup import QUIET_LOGGERS, configure_logging


@contextmanager
def logging_as(log_format: str) -> Iterator[logging.Logger]:
    """configure_logging for the block (its handler writes to the stderr pytest captures
    while the test runs), then the logging pytest had."""
    saved = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    root = logging.getLogger()
    saved_root = (root.level, root.handlers[:])
    configure_logging("INFO", log_format)
    try:
        yield logging.getLogger("bot.enrollment.service")
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)
        root.setLevel(saved_root[0])
        root.handlers[:] = saved_root[1]


def _entries(capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    return [json.loads(line) for line in capsys.readouterr().err.splitlines()]


def test_each_record_is_one_json_line_with_the_nip_and_phone_masked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with logging_as("json") as logger:
        logger.warning("NIP %s wrote from %s", "19850612 201001 1 003", "+6281234567890")

    (entry,) = _entries(capsys)

    assert entry["message"] == "NIP 1985************03 wrote from 62812****7890"
    assert (entry["level"], entry["logger"]) == ("WARNING", "bot.enrollment.service")
    assert entry["time"].endswith("+00:00") and "T" in entry["time"]
    assert "exception" not in entry


def test_an_exception_is_in_the_same_line_and_masked_too(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with logging_as("json") as logger:
        try:
            raise ValueError("NIP 198506122010011003 of 6285712345678 is taken")
        except ValueError:
            logger.exception("Saving failed")

    (entry,) = _entries(capsys)

    assert entry["message"] == "Saving failed"
    assert "ValueError: NIP 1985************03 of 62857****5678 is taken" in entry["exception"]
    assert "198506122010011003" not in entry["exception"]
    assert "Traceback" in entry["exception"]


def test_text_lines_are_masked_the_same_way(capsys: pytest.CaptureFixture[str]) -> None:
    with logging_as("text") as logger:
        logger.info("NIP %s", "198506122010011003")

    line = capsys.readouterr().err.strip()
    assert line.endswith("INFO bot.enrollment.service: NIP 1985************03")
