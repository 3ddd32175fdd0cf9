"""Repositories read columns by name (`row["status"]`), never by position (`row[3]`): a
position silently shifts when a query gains a column, a name fails loudly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STORAGE = Path(__file__).resolve().parents[2] / "storage"
_POSITIONAL = re.compile(r"\b(?:row|r|edge|rows|page)\[\d+\]|\(\*row\)")


@pytest.mark.parametrize(
    "module", sorted(str(p.relative_to(STORAGE)) for p in STORAGE.rglob("*.py"))
)
def test_no_positional_row_indexing(module: str) -> None:
    text = (STORAGE / module).read_text()
    assert _POSITIONAL.findall(text) == []
