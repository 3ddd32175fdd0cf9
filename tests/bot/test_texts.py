"""The catalogues against each other and against the code that uses them.

Keys are literal, so reading the product code's syntax trees finds every key it uses: a key
missing from a catalogue, a key nothing uses, a language lacking a key, placeholders that
differ between languages or from the values a call passes all fail here, not in a chat."""

from __future__ import annotations

import ast
import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.channels.telegram.texts import Translator, render_html
from bot.texts import CATALOGUES, commands, keys
from bot.texts.markup import MarkupError, Rich, parse, placeholders

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("bot", "handlers")
CATALOGUE_FILES = {ROOT / "bot" / "texts" / "english.py", ROOT / "bot" / "texts" / "indonesian.py"}

# Calls that look a text up, by the name called (`t(…)`, `context.t(…)`, `t.rich(…)`,
# `render(locale, …)`, `notify_admins(…)`, `messenger.say(who, …)`, `plain(locale, …)`).
# A call of a call (`Translator(locale)("key")`, `_t(context)("key")`) is one as well.
LOOKUPS = {
    "t",
    "_t",
    "rich",
    "label",
    "render",
    "render_html",
    "plain",
    "notify_admins",
    "say",
    "_escaped",
    "_pair",
}

ALL_KEYS = set(CATALOGUES["id"]) | set(CATALOGUES["en"])


@dataclass(frozen=True)
class Lookup:
    where: str
    key: str
    values: frozenset[str]
    more_values: bool  # `**values` passes names this test cannot see


def _product_trees() -> Iterator[tuple[str, ast.Module]]:
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path not in CATALOGUE_FILES:
                yield str(path.relative_to(ROOT)), ast.parse(path.read_text(), str(path))


TREES = list(_product_trees())


def _called_name(call: ast.Call) -> str | None:
    match call.func:
        case ast.Name(id=name) | ast.Attribute(attr=name):
            return name
        case ast.Call():
            return "t"
    return None


# Lookups whose key follows the locale or the person; the others take the key first.
KEY_SECOND = {"render", "render_html", "plain", "say", "_escaped"}


def _key_argument(call: ast.Call, name: str) -> str | None:
    position = 1 if name in KEY_SECOND else 0
    if len(call.args) <= position:
        return None
    argument = call.args[position]
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return argument.value
    return None


def _lookups() -> Iterator[Lookup]:
    for where, tree in TREES:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _called_name(node)
            if name not in LOOKUPS:
                continue
            key = _key_argument(node, name)
            if key is None:
                continue
            named = frozenset(k.arg for k in node.keywords if k.arg is not None)
            splat = any(k.arg is None for k in node.keywords)
            yield Lookup(f"{where}:{node.lineno}", key, named, splat)


def _string_constants() -> set[str]:
    return {
        node.value
        for _, tree in TREES
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


LOOKED_UP = list(_lookups())


def test_the_code_finds_lookups_to_check() -> None:
    # Guards the scan itself: were the call names to change, every check below would pass.
    assert len(LOOKED_UP) > 200


def test_every_key_looked_up_is_in_the_catalogues() -> None:
    missing = [f"{use.where}: {use.key}" for use in LOOKED_UP if use.key not in ALL_KEYS]

    assert missing == []


def test_every_key_of_a_domain_value_is_in_the_catalogues() -> None:
    named = {
        f"{name}[{value}]": key
        for name, mapping in _key_mappings()
        for value, key in mapping.items()
        for key in ([key] if isinstance(key, str) else [])
    }

    assert sorted(name for name, key in named.items() if key not in ALL_KEYS) == []


def test_every_catalogue_key_is_used_by_the_code() -> None:
    # A key is used when the product code has it as a literal string somewhere: in a call,
    # in a mapping of domain values, in the command table.
    assert sorted(ALL_KEYS - _string_constants()) == []


def test_both_catalogues_have_the_same_keys() -> None:
    assert sorted(set(CATALOGUES["id"]) ^ set(CATALOGUES["en"])) == []


def test_each_text_has_the_same_placeholders_in_both_languages() -> None:
    indonesian, english = CATALOGUES["id"], CATALOGUES["en"]
    differing = [
        key
        for key in indonesian.keys() & english.keys()
        if placeholders(indonesian[key]) != placeholders(english[key])
    ]

    assert differing == []


def test_each_lookup_passes_exactly_the_placeholders_of_its_text() -> None:
    wrong = []
    for use in LOOKED_UP:
        if use.key not in CATALOGUES["id"]:
            continue  # reported as missing above
        expected = placeholders(CATALOGUES["id"][use.key])
        # With `**values` the names passed in the call must at least be expected ones.
        ok = use.values <= expected if use.more_values else use.values == expected
        if not ok:
            wrong.append(
                f"{use.where}: {use.key} got {sorted(use.values)}, wants {sorted(expected)}"
            )

    assert wrong == []


@pytest.mark.parametrize("locale", ["id", "en"])
def test_every_text_is_well_formed_markup(locale: str) -> None:
    malformed = []
    for key, source in CATALOGUES[locale].items():  # type: ignore[index]
        try:
            parse(source)
        except MarkupError as error:
            malformed.append(f"{key}: {error}")

    assert malformed == []


def _key_mappings() -> Iterator[tuple[str, Mapping[object, object]]]:
    for name in dir(keys):
        value = getattr(keys, name)
        if name.isupper() and isinstance(value, Mapping):
            yield name, value


def test_each_mapping_of_enum_values_names_every_member() -> None:
    incomplete = []
    for name, mapping in _key_mappings():
        enums = {type(value) for value in mapping if isinstance(value, enum.Enum)}
        for kind in enums:
            absent = [member for member in kind if member not in mapping]
            if absent:
                incomplete.append(f"{name}: {absent}")

    assert incomplete == []


def test_every_command_description_exists() -> None:
    missing = [c.description_key for c in commands.COMMANDS if c.description_key not in ALL_KEYS]

    assert missing == []


def test_values_are_plain_text_and_rich_parts_keep_their_styles() -> None:
    description = Translator("en").rich("audit_header", who="")

    assert render_html("en", "help_line", command="<b>", description=description) == (
        "/&lt;b&gt; — <b>Latest audit entries</b>:"
    )


def test_a_label_is_the_text_without_markup() -> None:
    t = Translator("en")

    assert t.label("btn_confirm_campaign") == "✅ Save & schedule"
    assert t("btn_confirm_campaign") == "✅ Save &amp; schedule"
    assert isinstance(t.rich("btn_confirm_campaign"), Rich)
