"""Every place the emulator departs from the literal OpenAPI spec, each with its reason.

Applied after the `allOf` merge and the discriminator dispatch (devtools.emulator.whatsapp.spec).
A deviation either patches the prepared schemas (`patch`), rewrites a request body before
validation the way the Cloud API reads it (`normalize`), or adds a check Meta makes that JSON
Schema cannot say (`check`). Sources: Meta's Cloud API reference and guides (messages, templates,
interactive messages, error codes), checked while building the emulator; the spec's own request
examples (the "Send ..." examples in the yaml) are the test of each one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Schemas = dict[str, dict[str, Any]]
Body = dict[str, Any]

# The schemas the send endpoint's `Message` dispatches to, by `type`.
SEND_SCHEMAS = (
    "TextMessage",
    "AudioMessage",
    "DocumentMessage",
    "ImageMessage",
    "LocationMessage",
    "VideoMessage",
    "StickerMessage",
    "ReactionMessage",
    "InteractiveMessage",
    "TemplateMessage",
    "ContactsMessage",
)


@dataclass(frozen=True)
class Deviation:
    name: str
    change: str  # what differs from the literal spec
    reason: str  # why: what the Cloud API and its documentation actually do
    patch: Callable[[Schemas], None] | None = None
    normalize: Callable[[Body], None] | None = None
    check: Callable[[Body], list[str]] | None = None

    def apply(self, schemas: Schemas) -> None:
        if self.patch is not None:
            self.patch(schemas)


def _recipient_type_optional(schemas: Schemas) -> None:
    for name in SEND_SCHEMAS:
        schema = schemas[name]
        schema["required"] = [f for f in schema.get("required", []) if f != "recipient_type"]


def _type_defaults_to_text(body: Body) -> None:
    if "type" not in body and "text" in body:
        body["type"] = "text"


def _text_body(schemas: Schemas) -> None:
    text = schemas["TextMessage"]["properties"]["text"]
    text["required"] = ["body"]
    text["properties"]["body"]["maxLength"] = 4096


def _language_policy_optional(schemas: Schemas) -> None:
    schemas["LanguageObject"]["required"] = ["code"]


def _button_index(schemas: Schemas) -> None:
    for name in ("TemplateComponent", "ButtonComponent", "HeaderComponent", "BodyComponent"):
        index = schemas[name]["properties"].get("index")
        if index is not None:
            index["pattern"] = "^[0-9]$"


def _media_caption(schemas: Schemas) -> None:
    properties = schemas["MediaObject"].setdefault("properties", {})
    properties["caption"] = {"type": "string", "maxLength": 1024}
    properties["filename"] = {"type": "string"}


def _cta_url(schemas: Schemas) -> None:
    schemas["InteractiveObject"]["properties"]["type"]["enum"].append("cta_url")
    schemas["ActionObject"]["oneOf"].append(
        {
            "required": ["name", "parameters"],
            "properties": {
                "name": {"type": "string", "enum": ["cta_url"]},
                "parameters": {
                    "type": "object",
                    "required": ["display_text", "url"],
                    "additionalProperties": False,
                    "properties": {
                        "display_text": {"type": "string", "minLength": 1, "maxLength": 20},
                        "url": {"type": "string", "pattern": "^https?://"},
                    },
                },
            },
        }
    )


def _interactive_rules(body: Body) -> list[str]:
    interactive = body.get("interactive")
    if body.get("type") != "interactive" or not isinstance(interactive, dict):
        return []
    action = interactive.get("action") or {}
    problems: list[str] = []
    if interactive.get("type") == "list":
        rows = [row for s in action.get("sections") or [] for row in s.get("rows") or []]
        if len(rows) > 10:
            problems.append(
                f"Param interactive['action']['sections']: {len(rows)} rows in all; a list "
                "message has at most 10 rows across its sections"
            )
        problems += _unique("row id", [row.get("id") for row in rows])
        if len(action.get("sections") or []) > 1 and any(
            not s.get("title") for s in action["sections"]
        ):
            problems.append("Param interactive['action']['sections']: every section needs a title")
    if interactive.get("type") == "button":
        replies = [b.get("reply") or {} for b in action.get("buttons") or []]
        problems += _unique("button id", [r.get("id") for r in replies])
        problems += _unique("button title", [r.get("title") for r in replies])
    if interactive.get("type") in {"list", "button", "cta_url"} and "body" not in interactive:
        problems.append("Param interactive['body']: required for this interactive type")
    return problems


def _unique(what: str, values: list[Any]) -> list[str]:
    seen = {v for v in values if values.count(v) > 1}
    return [f"Param interactive['action']: {what} {v!r} is not unique" for v in sorted(seen)]


DEVIATIONS: tuple[Deviation, ...] = (
    Deviation(
        "recipient_type optional",
        "`recipient_type` is not required on any send schema.",
        "BaseMessageProperties marks it required, yet Meta's guides and the spec's own "
        "examples (e.g. 'Send Text Message with Preview URL') omit it; the Cloud API "
        "defaults it to 'individual'.",
        patch=_recipient_type_optional,
    ),
    Deviation(
        "type defaults to text",
        "A body without `type` is read as `type: text`.",
        "The messages reference documents `type` as optional with default `text`; the "
        "spec's 'Send Text Message with Preview URL' example sends no `type`.",
        normalize=_type_defaults_to_text,
    ),
    Deviation(
        "text body",
        "`text.body` is required and at most 4096 characters.",
        "The schema leaves `text` an open object; the Cloud API rejects a text message "
        "without a body and documents the 4096-character limit.",
        patch=_text_body,
    ),
    Deviation(
        "language policy optional",
        "`template.language.policy` is optional; only `code` is required.",
        "LanguageObject requires `policy`, but Meta's template guides and every template "
        "example in the spec send `{\"code\": ...}` alone ('deterministic' is the only value "
        "and the default).",
        patch=_language_policy_optional,
    ),
    Deviation(
        "button index",
        "A template component's `index` matches `^[0-9]$`.",
        "The spec's pattern `^[2-6, 11-14]$` is a malformed character class that rejects "
        "'0' and '1', the indexes its own examples use; the description says 0-9.",
        patch=_button_index,
    ),
    Deviation(
        "media caption and filename",
        "MediaObject lists `caption` (at most 1024 characters) and `filename`.",
        "The schema leaves them unlisted (allowed, unchecked); Meta documents both for "
        "document/image/video messages and the 1024-character caption limit.",
        patch=_media_caption,
    ),
    Deviation(
        "cta_url interactive",
        "InteractiveObject.type admits `cta_url`; ActionObject admits "
        "`{name: cta_url, parameters: {display_text (1-20 characters), url}}`.",
        "Interactive call-to-action URL messages are documented by Meta (guide 'Interactive "
        "Call-to-Action URL Button Messages') but absent from this spec's enum and actions.",
        patch=_cta_url,
    ),
    Deviation(
        "interactive rules",
        "Lists have at most 10 rows across all sections, unique row ids, titled sections when "
        "there are several; reply buttons have unique ids and titles; list, button and "
        "cta_url messages need a body.",
        "Documented by Meta for list and reply-button messages; not expressible in the "
        "schema (it limits rows per section only).",
        check=_interactive_rules,
    ),
)

# The read receipt (and typing indicator) goes to the same endpoint with a body the spec's
# `Message` does not describe; its example 'Send typing indicator and read receipt' is this.
READ_RECEIPT: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["messaging_product", "status", "message_id"],
    "properties": {
        "messaging_product": {"const": "whatsapp"},
        "status": {"const": "read"},
        "message_id": {"type": "string", "minLength": 1},
        "typing_indicator": {
            "type": "object",
            "additionalProperties": False,
            "required": ["type"],
            "properties": {"type": {"const": "text"}},
        },
    },
}
