"""Meta's OpenAPI spec of the Cloud API, made usable as a validator of what the bot sends.

Validated literally the spec rejects its own examples (its SOURCE.md says why), so it is
prepared once per process, in three steps:
1. every `allOf` of object schemas becomes one object (union of `properties` and `required`;
   `additionalProperties: false` kept when any branch had it), so a closed branch sees the
   properties of the shared base;
2. every `discriminator` becomes a dispatch (`if type == X then the schema mapped to X`),
   which is what OpenAPI means by it and what a JSON Schema validator does not do on its own;
3. the deviations listed in `deviations.py` are applied, each with its reason.

Parsing the 1 MB yaml takes ~0.8 s with libyaml (~4 s without); the parsed document is kept as
JSON in the user's cache directory, keyed by the yaml's sha256, and read back in ~0.06 s.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from devtools.emulator.whatsapp.deviations import DEVIATIONS, READ_RECEIPT

SPEC_PATH = Path(__file__).parent / "spec" / "business-messaging-api_v23.0.yaml"
_REF = "#/components/schemas/"
# What a merged object keeps from its branches; any other keyword of a branch (oneOf, not...)
# still applies, through an allOf of those leftovers.
_OBJECT_KEYS = {"type", "properties", "required", "additionalProperties", "discriminator"}
_DOC_KEYS = {"description", "example", "examples", "title"}

Schema = dict[str, Any]


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "asn-influencer-bot"


def load_document(path: Path = SPEC_PATH) -> dict[str, Any]:
    """The parsed spec, from the JSON cache when the yaml has not changed."""
    raw = path.read_bytes()
    cached = _cache_dir() / f"whatsapp-spec-{hashlib.sha256(raw).hexdigest()[:16]}.json"
    with contextlib.suppress(OSError, ValueError):
        document: dict[str, Any] = json.loads(cached.read_bytes())
        return document
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    # Through JSON once, so a fresh parse and a cached one are the same data (string keys).
    text = json.dumps(yaml.load(raw, Loader=loader))
    with contextlib.suppress(OSError):
        cached.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cached.parent, suffix=".tmp")
        with os.fdopen(handle, "w") as out:
            out.write(text)
        os.replace(temporary, cached)  # atomic: a parallel test process never reads half a file
    parsed: dict[str, Any] = json.loads(text)
    return parsed


def _ref_name(node: Any) -> str | None:
    if isinstance(node, dict) and set(node) <= {"$ref"} | _DOC_KEYS:
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_REF):
            return ref[len(_REF) :]
    return None


class _Merger:
    """Step 1: `allOf` branches merged into one object, recursively."""

    def __init__(self, schemas: dict[str, Schema]) -> None:
        self._raw = schemas
        self._done: dict[str, Schema] = {}

    def all(self) -> dict[str, Schema]:
        return {name: self.named(name) for name in self._raw}

    def named(self, name: str) -> Schema:
        if name not in self._done:
            self._done[name] = {}  # a cycle through allOf would read an empty object
            self._done[name] = self.node(self._raw[name])
        return self._done[name]

    def node(self, node: Any) -> Any:
        if isinstance(node, list):
            return [self.node(item) for item in node]
        if not isinstance(node, dict):
            return node
        merged = {key: self.node(value) for key, value in node.items() if key != "allOf"}
        if "allOf" in node:
            branches = [self._branch(branch) for branch in node["allOf"]]
            merged = _merge_objects([*branches, merged])
        return merged

    def _branch(self, branch: Any) -> Schema:
        name = _ref_name(branch)
        resolved = copy.deepcopy(self.named(name)) if name else self.node(branch)
        # A variant inherits its base's fields, not its base's dispatch to the variants.
        resolved.pop("discriminator", None)
        return dict(resolved)


def _merge_objects(branches: list[Schema]) -> Schema:
    result: Schema = {"type": "object", "properties": {}}
    required: list[str] = []
    leftovers: list[Schema] = []
    for branch in branches:
        for key, value in branch.get("properties", {}).items():
            # Same property in two branches (e.g. `type`: a string, then enum ["text"]): both
            # constraints hold, the later branch's words win where they overlap.
            result["properties"][key] = {**result["properties"].get(key, {}), **value}
        required += [field for field in branch.get("required", []) if field not in required]
        if branch.get("additionalProperties") is False:
            result["additionalProperties"] = False
        if "discriminator" in branch:
            result["discriminator"] = branch["discriminator"]
        for key in _DOC_KEYS & branch.keys():
            result[key] = branch[key]
        rest = {k: v for k, v in branch.items() if k not in _OBJECT_KEYS | _DOC_KEYS}
        if rest:
            leftovers.append(rest)
    if required:
        result["required"] = required
    if leftovers:
        result["allOf"] = leftovers
    return result


def _dispatch(node: Any) -> Any:
    """Step 2: each discriminator becomes `if <property> == key then <mapped schema>`."""
    if isinstance(node, list):
        return [_dispatch(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _dispatch(value) for key, value in node.items()}
    discriminator = result.pop("discriminator", None)
    if not discriminator or "mapping" not in discriminator:
        return result
    field, mapping = discriminator["propertyName"], discriminator["mapping"]
    result.pop("oneOf", None)  # the dispatch below says the same, with a clearer error
    result["type"] = "object"
    required = result.setdefault("required", [])
    if field not in required:
        required.append(field)
    properties = result.setdefault("properties", {})
    properties[field] = {**properties.get(field, {}), "enum": list(mapping)}
    result["allOf"] = [
        *result.get("allOf", []),
        *(
            {
                "if": {"properties": {field: {"const": key}}, "required": [field]},
                "then": {"$ref": target},
            }
            for key, target in mapping.items()
        ),
    ]
    return result


def prepare_schemas(document: dict[str, Any], *, deviations: bool = True) -> dict[str, Schema]:
    schemas = _Merger(document["components"]["schemas"]).all()
    prepared: dict[str, Schema] = {name: _dispatch(schema) for name, schema in schemas.items()}
    if deviations:
        for deviation in DEVIATIONS:
            deviation.apply(prepared)
    return prepared


def request_examples(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The spec's own named request bodies for `POST /{Version}/{Phone-Number-ID}/messages`."""
    post = document["paths"]["/{Version}/{Phone-Number-ID}/messages"]["post"]
    examples = post["requestBody"]["content"]["application/json"]["examples"]
    return {name: example["value"] for name, example in examples.items()}


class MessageSchema:
    """Validates a send request's body: `#/components/schemas/Message` (prepared), or the read
    receipt, plus the deviations' own checks."""

    def __init__(self, schemas: dict[str, Schema], root: str = "Message") -> None:
        document: Schema = {"$ref": _REF + root, "components": {"schemas": schemas}}
        self._message = jsonschema.Draft202012Validator(document)
        self._read_receipt = jsonschema.Draft202012Validator(READ_RECEIPT)

    def problems(self, body: Any) -> list[str]:
        """Each problem as `Param <where>: <what>`, the deepest (most telling) first; [] when
        the body is valid. Normalizes `body` in place as the Cloud API reads it."""
        if not isinstance(body, dict):
            return ["Param body: the request body must be a JSON object"]
        if is_read_receipt(body):
            return [_describe(e) for e in _leaves(self._read_receipt.iter_errors(body))]
        for deviation in DEVIATIONS:
            if deviation.normalize is not None:
                deviation.normalize(body)
        found = [_describe(e) for e in _leaves(self._message.iter_errors(body))]
        for deviation in DEVIATIONS:
            if deviation.check is not None and not found:
                found += deviation.check(body)
        return found


def is_read_receipt(body: dict[str, Any]) -> bool:
    return "status" in body and "type" not in body


def _leaves(errors: Iterator[jsonschema.ValidationError]) -> list[jsonschema.ValidationError]:
    found: list[jsonschema.ValidationError] = []
    for error in errors:
        # A failed oneOf/if-then reports its branches as context: the branch that came
        # closest says what is actually wrong.
        found.append(jsonschema.exceptions.best_match([error]) if error.context else error)
    return sorted(found, key=lambda e: -len(e.absolute_path))


def _describe(error: jsonschema.ValidationError) -> str:
    where = "".join(f"[{p}]" if isinstance(p, int) else f"['{p}']" for p in error.absolute_path)
    return f"Param {where or 'body'}: {error.message}"


@functools.cache
def message_schema() -> MessageSchema:
    """The validator every emulator in this process shares: the spec is prepared once."""
    return MessageSchema(prepare_schemas(load_document()))
