"""Validate Bot API requests against the compact spec in bot_api_schema.json.

The JSON is derived once by scripts/derive_bot_api_schema.py and loaded once per process, so
per-request work is dictionary lookups plus walking the submitted values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from devtools.emulator import formatting
from devtools.emulator.errors import ApiError, bad_request
from devtools.emulator.models import Upload

_PRIMITIVES = {"String", "Integer", "Float", "Boolean", "InputFile"}


@dataclass(frozen=True, slots=True)
class Limit:
    min: int | None
    max: int | None
    unit: str  # "chars" | "bytes" | "value"
    parsed: bool  # counted after entities parsing (text, caption)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    types: tuple[str, ...]
    required: bool
    limit: Limit | None

    @property
    def string_only(self) -> bool:
        return self.types == ("String",)


@dataclass(frozen=True, slots=True)
class MethodSpec:
    name: str
    returns: tuple[str, ...]
    params: Mapping[str, FieldSpec]

    @property
    def returns_bool(self) -> bool:
        return self.returns == ("Boolean",)


@dataclass(frozen=True, slots=True)
class TypeSpec:
    name: str
    fields: Mapping[str, FieldSpec]
    subtypes: tuple[str, ...]
    discriminator: tuple[str, str] | None


def _fields(raw: Mapping[str, Any]) -> dict[str, FieldSpec]:
    out = {}
    for name, entry in raw.items():
        lim = entry.get("limit")
        limit = (
            Limit(lim.get("min"), lim.get("max"), lim["unit"], bool(lim.get("parsed")))
            if lim
            else None
        )
        out[name] = FieldSpec(name, tuple(entry["types"]), entry["required"], limit)
    return out


class BotApiSchema:
    def __init__(self, raw: Mapping[str, Any]):
        self.version: str = raw["version"]
        self.methods = {
            name.lower(): MethodSpec(name, tuple(m["returns"]), _fields(m["params"]))
            for name, m in raw["methods"].items()
        }
        self.types = {
            name: TypeSpec(
                name,
                _fields(t.get("fields", {})),
                tuple(t.get("subtypes", ())),
                tuple(t["discriminator"]) if "discriminator" in t else None,
            )
            for name, t in raw["types"].items()
        }

    def method(self, name: str) -> MethodSpec | None:
        return self.methods.get(name.lower())

    def validate(self, method: MethodSpec, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Typed params for `raw` (form strings or JSON values), or ApiError(400)."""
        params: dict[str, Any] = {}
        for name, value in raw.items():
            spec = method.params.get(name)
            if spec is None:
                raise bad_request(f'unknown parameter "{name}"')
            params[name] = self._top_level(spec, value)
        for spec in method.params.values():
            if spec.required and spec.name not in params:
                if spec.name == "text" and method.name in _TEXT_METHODS:
                    raise bad_request("message text is empty")
                raise bad_request(f'parameter "{spec.name}" is required')
        for name, value in params.items():
            spec = method.params[name]
            if spec.limit is not None:
                self._check_limit(method, spec, value, params, name)
        return params

    # Form values arrive as strings: raw for String, json.dumps-ed for everything else.
    def _top_level(self, spec: FieldSpec, value: Any) -> Any:
        if isinstance(value, str) and not spec.string_only:
            try:
                decoded = json.loads(value)
            except ValueError:
                decoded = _UNDECODABLE
            if decoded is not _UNDECODABLE:
                non_string = tuple(t for t in spec.types if t != "String")
                try:
                    return self._check_union(decoded, non_string, spec.name)
                except ApiError:
                    if "String" not in spec.types:
                        raise
            if "String" in spec.types:
                return value
            raise _type_error(spec.name, spec.types)
        return self._check_union(value, spec.types, spec.name)

    def _check_union(self, value: Any, types: tuple[str, ...], path: str) -> Any:
        if len(types) == 1:
            return self._check(value, types[0], path)
        errors: list[tuple[int, ApiError]] = []
        for type_name in types:
            try:
                return self._check(value, type_name, path)
            except ApiError as exc:
                errors.append((self._closeness(value, type_name), exc))
        if isinstance(value, dict) and errors:
            return _raise(max(errors, key=lambda item: item[0])[1])
        raise _type_error(path, types)

    def _closeness(self, value: Any, type_name: str) -> int:
        spec = self.types.get(type_name)
        if spec is None or not isinstance(value, dict):
            return -1
        return len(set(value) & set(spec.fields))

    def _check(self, value: Any, type_name: str, path: str) -> Any:
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                raise _type_error(path, (type_name,))
            inner = type_name[len("Array of ") :]
            return [self._check(item, inner, f"{path}[{i}]") for i, item in enumerate(value)]
        if type_name in _PRIMITIVES:
            if _PRIMITIVE_CHECKS[type_name](value):
                return value
            raise _type_error(path, (type_name,))
        return self._check_object(value, self.types[type_name], path)

    def _check_object(self, value: Any, spec: TypeSpec, path: str) -> Any:
        if not isinstance(value, dict):
            raise _type_error(path, (spec.name,))
        if spec.subtypes:
            member = self._member_by_discriminator(value, spec)
            if member is not None:
                return self._check_object(value, member, path)
            return self._check_union(value, spec.subtypes, path)
        for key, item in value.items():
            field = spec.fields.get(key)
            if field is None:
                raise bad_request(f'unknown field "{key}" in {path} ({spec.name})')
            self._check_union(item, field.types, f"{path}.{key}")
            if field.limit is not None:
                _check_plain_limit(spec.name, field, item, f"{path}.{key}")
        for field in spec.fields.values():
            if field.required and field.name not in value:
                raise bad_request(f'field "{path}.{field.name}" is required ({spec.name})')
        if spec.discriminator is not None:
            key, expected = spec.discriminator
            if value.get(key) != expected:
                raise bad_request(f'field "{path}.{key}" must be "{expected}" ({spec.name})')
        return value

    def _member_by_discriminator(self, value: dict[str, Any], spec: TypeSpec) -> TypeSpec | None:
        for sub in spec.subtypes:
            disc = self.types[sub].discriminator
            if disc is not None and value.get(disc[0]) == disc[1]:
                return self.types[sub]
        return None

    def _check_limit(
        self, method: MethodSpec, spec: FieldSpec, value: Any, params: Mapping[str, Any], path: str
    ) -> None:
        limit = spec.limit
        assert limit is not None
        if not (limit.parsed and isinstance(value, str)):
            _check_plain_limit(method.name, spec, value, path)
            return
        entities_key = "entities" if spec.name == "text" else f"{spec.name}_entities"
        parse_mode = None if params.get(entities_key) else params.get("parse_mode")
        plain, _ = formatting.parse(value, parse_mode)
        size = len(plain)
        if spec.name == "text" and not plain.strip():
            raise bad_request("message text is empty")
        if limit.max is not None and size > limit.max:
            if spec.name == "text":
                raise bad_request("message is too long")
            if spec.name == "caption":
                raise bad_request("message caption is too long")
            raise bad_request(f'parameter "{path}" is too long (max {limit.max} characters)')


_TEXT_METHODS = {"sendMessage", "editMessageText"}
_UNDECODABLE = object()

_PRIMITIVE_CHECKS = {
    "String": lambda v: isinstance(v, str),
    "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "Float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "Boolean": lambda v: isinstance(v, bool),
    "InputFile": lambda v: isinstance(v, Upload),
}

# Telegram reports some limit violations with its internal error codes.
_CODED_LIMITS = {
    ("InlineKeyboardButton", "callback_data"): "BUTTON_DATA_INVALID",
    ("BotCommand", "command"): "BOT_COMMAND_INVALID",
    ("BotCommand", "description"): "BOT_COMMAND_DESCRIPTION_INVALID",
}


def _check_plain_limit(owner: str, spec: FieldSpec, value: Any, path: str) -> None:
    limit = spec.limit
    if limit is None:
        return
    if limit.unit == "value":
        if not isinstance(value, int | float):
            return
        size, what = value, "value"
    elif isinstance(value, str):
        size = len(value.encode("utf-8")) if limit.unit == "bytes" else len(value)
        what = "length"
    else:
        return
    too_small = limit.min is not None and size < limit.min
    too_big = limit.max is not None and size > limit.max
    if not (too_small or too_big):
        return
    if code := _CODED_LIMITS.get((owner, spec.name)):
        raise bad_request(code)
    bounds = f"{limit.min if limit.min is not None else '-inf'}..{limit.max or 'inf'}"
    unit = "" if limit.unit == "value" else f" {limit.unit}"
    raise bad_request(f'parameter "{path}" {what} {size} is out of range {bounds}{unit}')


def _type_error(path: str, types: tuple[str, ...]) -> ApiError:
    return bad_request(f'parameter "{path}" must be of type {" or ".join(types)}')


def _raise(exc: ApiError) -> Any:
    raise exc


@cache
def load_schema() -> BotApiSchema:
    text = resources.files("devtools.emulator").joinpath("bot_api_schema.json").read_text("utf-8")
    return BotApiSchema(json.loads(text))
