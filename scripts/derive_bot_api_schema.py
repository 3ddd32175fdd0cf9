"""Derive the compact Bot API schema the emulator validates requests against.

Reads the scraped spec (../shared/telegram-bot-api/api-10.0.json by default) and writes
devtools/emulator/bot_api_schema.json: no prose, only what a validator needs. Value limits live only
in the prose, so they are pulled out with regexes plus a small hard-coded table.

Usage: python scripts/derive_bot_api_schema.py [SPEC_JSON] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = REPO_ROOT.parent / "shared" / "telegram-bot-api" / "api-10.0.json"
DEFAULT_OUT = REPO_ROOT / "bot" / "emulator" / "bot_api_schema.json"

LENGTH_RE = re.compile(r"\b(\d+)-(\d+) (characters|bytes)\b")
# "Values between 1-100 are accepted", "1-100. Defaults to 40", "0-359"; the lookbehind skips
# things like "ISO 3166-1".
RANGE_RE = re.compile(r"(?<![\w-])(\d+)-(\d+)(?![\w-])")
# Discriminator values of union members: 'always "creator"', 'must be photo'.
DISCRIMINATOR_RE = re.compile(r"(?:always|must be) [\"“*]?([a-z_]+)")

# Limits Telegram enforces that the prose states loosely or not at all.
HARD_CODED: dict[tuple[str, str], dict[str, Any]] = {
    ("getUpdates", "limit"): {"min": 1, "max": 100, "unit": "value"},
    ("getUpdates", "timeout"): {"min": 0, "unit": "value"},
    ("sendMessage", "text"): {"min": 1, "max": 4096, "unit": "chars", "parsed": True},
    ("editMessageText", "text"): {"min": 1, "max": 4096, "unit": "chars", "parsed": True},
    ("answerCallbackQuery", "text"): {"min": 0, "max": 200, "unit": "chars"},
    ("InlineKeyboardButton", "callback_data"): {"min": 1, "max": 64, "unit": "bytes"},
    ("CopyTextButton", "text"): {"min": 1, "max": 256, "unit": "chars"},
    ("BotCommand", "command"): {"min": 1, "max": 32, "unit": "chars"},
    ("BotCommand", "description"): {"min": 1, "max": 256, "unit": "chars"},
}


def extract_limit(owner: str, field: dict[str, Any]) -> dict[str, Any] | None:
    name, types, desc = field["name"], field["types"], field.get("description", "")
    if (owner, name) in HARD_CODED:
        return HARD_CODED[(owner, name)]
    if name == "caption" and "String" in types:
        return {"min": 0, "max": 1024, "unit": "chars", "parsed": True}
    if types == ["String"] and (m := LENGTH_RE.search(desc)):
        unit = "chars" if m.group(3) == "characters" else "bytes"
        limit: dict[str, Any] = {"min": int(m.group(1)), "max": int(m.group(2)), "unit": unit}
        if "after entities parsing" in desc:
            limit["parsed"] = True
        return limit
    if types in (["Integer"], ["Float"]) and (m := RANGE_RE.search(desc)):
        low, high = int(m.group(1)), int(m.group(2))
        if low <= high:
            return {"min": low, "max": high, "unit": "value"}
    return None


def compact_fields(owner: str, fields: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in fields:
        entry: dict[str, Any] = {"types": field["types"], "required": field["required"]}
        if limit := extract_limit(owner, field):
            entry["limit"] = limit
        out[field["name"]] = entry
    return out


def derive(spec: dict[str, Any]) -> dict[str, Any]:
    methods = {
        name: {
            "returns": method["returns"],
            "params": compact_fields(name, method.get("fields", [])),
        }
        for name, method in spec["methods"].items()
    }
    types: dict[str, Any] = {}
    for name, typ in spec["types"].items():
        entry: dict[str, Any] = {}
        if "fields" in typ:
            entry["fields"] = compact_fields(name, typ["fields"])
        if "subtypes" in typ:
            entry["subtypes"] = typ["subtypes"]
        types[name] = entry
    # Union members carry their discriminator ("type"/"status"/"source" = value) in prose only.
    for typ in spec["types"].values():
        for sub in typ.get("subtypes", []):
            fields = spec["types"][sub].get("fields", [])
            if not fields or fields[0]["name"] not in ("type", "status", "source"):
                continue
            if m := DISCRIMINATOR_RE.search(fields[0]["description"]):
                types[sub]["discriminator"] = [fields[0]["name"], m.group(1)]
    return {"version": spec["version"], "methods": methods, "types": types}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", nargs="?", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    schema = derive(json.loads(args.spec.read_text(encoding="utf-8")))
    text = json.dumps(schema, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(schema['methods'])} methods, {len(schema['types'])} types)")


if __name__ == "__main__":
    main()
