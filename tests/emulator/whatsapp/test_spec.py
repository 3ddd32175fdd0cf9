"""Validation against Meta's spec: its own examples of what we send pass, malformed bodies fail."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from devtools.emulator.whatsapp import spec
from devtools.emulator.whatsapp.deviations import DEVIATIONS

# The spec's request examples of every kind of message the bot sends.
WE_SEND = (
    "Send Text Message",
    "Send Text Message with Preview URL",
    "Send Image Message by ID",
    "Send Document Message by ID",
    "Send Video Message by ID",
    "Send Reply Button",
    "Send List Message",
    "Send Message Template Text",
    "Send Message Template Media",
    "Send Message Template Interactive",
    "Send typing indicator and read receipt",
)

CTA_URL: dict[str, Any] = {
    "messaging_product": "whatsapp",
    "recipient_type": "individual",
    "to": "6281234567890",
    "type": "interactive",
    "interactive": {
        "type": "cta_url",
        "body": {"text": "Bagikan konten kampanye ini."},
        "action": {
            "name": "cta_url",
            "parameters": {"display_text": "Buka tautan", "url": "https://example.go.id/go/7"},
        },
    },
}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return spec.load_document()


@pytest.fixture(scope="module")
def examples(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return spec.request_examples(document)


def problems(body: dict[str, Any]) -> list[str]:
    return spec.message_schema().problems(copy.deepcopy(body))


@pytest.mark.parametrize("name", WE_SEND)
def test_the_specs_examples_of_what_we_send_pass(
    examples: dict[str, dict[str, Any]], name: str
) -> None:
    assert problems(examples[name]) == []


def test_cta_url_passes() -> None:
    assert problems(CTA_URL) == []


def test_literal_schema_rejects_its_own_examples(document: dict[str, Any]) -> None:
    """Why the preparation exists: unmerged, not even the plain text example passes."""
    literal = spec.MessageSchema(copy.deepcopy(document["components"]["schemas"]))
    text = spec.request_examples(document)["Send Text Message"]
    assert literal.problems(copy.deepcopy(text))


def test_merged_without_deviations_rejects_templates_and_cta_url(
    document: dict[str, Any], examples: dict[str, dict[str, Any]]
) -> None:
    """Each deviation is there for a body we send: without them these fail."""
    plain = spec.MessageSchema(spec.prepare_schemas(document, deviations=False))
    assert plain.problems(copy.deepcopy(examples["Send Message Template Interactive"]))
    assert plain.problems(copy.deepcopy(examples["Send Text Message with Preview URL"]))
    assert plain.problems(copy.deepcopy(CTA_URL))


def test_every_deviation_says_what_and_why() -> None:
    assert len({d.name for d in DEVIATIONS}) == len(DEVIATIONS)
    for deviation in DEVIATIONS:
        assert deviation.change and len(deviation.reason) > 40, deviation.name
        assert deviation.patch or deviation.normalize or deviation.check, deviation.name


def _with(body: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(body)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


def _reply_buttons(count: int, title: str = "Pilihan") -> list[dict[str, Any]]:
    return [
        {"type": "reply", "reply": {"id": f"b{i}", "title": f"{title} {i}"}} for i in range(count)
    ]


@pytest.mark.parametrize(
    ("example", "path", "value", "says"),
    [
        ("Send Text Message", ["text", "body"], "x" * 4097, "is too long"),
        ("Send Text Message", ["type"], "telegram", "is not one of"),
        ("Send Text Message", ["text"], {"preview_url": False}, "'body' is a required property"),
        ("Send Reply Button", ["interactive", "action", "buttons"], _reply_buttons(4), "too long"),
        (
            "Send Reply Button",
            ["interactive", "action", "buttons"],
            _reply_buttons(1, "A title over twenty characters"),
            "is too long",
        ),
        ("Send List Message", ["interactive", "body", "text"], "y" * 1025, "is too long"),
        ("Send Image Message by ID", ["image"], {"caption": "no id"}, "valid"),
        ("Send Message Template Text", ["template", "language"], {}, "'code' is a required"),
    ],
)
def test_malformed_bodies_fail(
    examples: dict[str, dict[str, Any]], example: str, path: list[Any], value: Any, says: str
) -> None:
    found = problems(_with(examples[example], path, value))
    assert found and says in found[0], found


def test_a_body_without_a_recipient_fails(examples: dict[str, dict[str, Any]]) -> None:
    body = copy.deepcopy(examples["Send Text Message"])
    del body["to"]
    assert problems(body) == ["Param body: 'to' is a required property"]


def test_lists_have_at_most_ten_rows_in_all(examples: dict[str, dict[str, Any]]) -> None:
    rows = [{"id": f"r{i}", "title": f"Baris {i}"} for i in range(6)]
    sections = [{"title": "Satu", "rows": rows}, {"title": "Dua", "rows": copy.deepcopy(rows)}]
    for i, row in enumerate(sections[1]["rows"]):
        row["id"] = f"s{i}"
    body = _with(examples["Send List Message"], ["interactive", "action", "sections"], sections)
    assert "12 rows in all" in problems(body)[0]


def test_cta_url_label_is_at_most_twenty_characters() -> None:
    body = _with(
        CTA_URL,
        ["interactive", "action", "parameters", "display_text"],
        "Label yang terlalu panjang",
    )
    assert problems(body)


def test_parsed_spec_is_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing the yaml takes ~0.8 s even with libyaml; the JSON cache ~0.06 s."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    fresh = spec.load_document()
    (cached,) = (tmp_path / "asn-influencer-bot").glob("whatsapp-spec-*.json")
    assert json.loads(cached.read_text()) == fresh
    cached.write_text(json.dumps({**fresh, "x-read-from": "cache"}))
    assert spec.load_document()["x-read-from"] == "cache"
    cached.write_text("{not json")  # a broken cache is parsed again and rewritten
    assert spec.load_document() == fresh
