"""What the bot sent: the validated request body, with accessors tests read it by."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Outcome = Literal["delivered", "failed"]


@dataclass
class SentMessage:
    id: str  # the wamid the send was answered with
    to: str  # the recipient's wa_id (digits only)
    body: dict[str, Any]  # the request body, as validated
    at: float  # when it was accepted (epoch seconds)
    outcome: Outcome = "delivered"
    error_code: int | None = None  # for a failed one: the code of its `failed` status
    statuses: list[str] = field(default_factory=list)  # the status webhooks sent for it

    @property
    def type(self) -> str:
        return str(self.body.get("type", "text"))

    @property
    def is_template(self) -> bool:
        return self.type == "template"

    @property
    def interactive_type(self) -> str | None:
        return self._interactive.get("type")

    @property
    def text(self) -> str | None:
        """The words a person reads: the text body, an interactive body, or a media caption
        (a template's words are its parameters: `template_parameters`)."""
        if self.type == "text":
            return str(self.body["text"]["body"])
        if self.type == "interactive":
            body = self._interactive.get("body")
            return str(body["text"]) if body else None
        return self.caption

    @property
    def buttons(self) -> list[str]:
        """Titles of the reply buttons, in order."""
        return [b["reply"]["title"] for b in self._action.get("buttons", [])]

    @property
    def button_ids(self) -> list[str]:
        return [b["reply"]["id"] for b in self._action.get("buttons", [])]

    @property
    def list_button(self) -> str | None:
        return self._action.get("button") if self.interactive_type == "list" else None

    @property
    def list_rows(self) -> list[dict[str, str]]:
        """Every row of a list message (id, title, description), across its sections."""
        if self.interactive_type != "list":
            return []
        return [row for s in self._action.get("sections", []) for row in s.get("rows", [])]

    @property
    def rows(self) -> list[str]:
        """Titles of a list message's rows, in order."""
        return [row["title"] for row in self.list_rows]

    @property
    def url_button(self) -> tuple[str, str] | None:
        """A cta_url message's (label, url)."""
        if self.interactive_type != "cta_url":
            return None
        parameters = self._action["parameters"]
        return str(parameters["display_text"]), str(parameters["url"])

    @property
    def footer(self) -> str | None:
        footer = self._interactive.get("footer")
        return str(footer["text"]) if footer else None

    @property
    def template_name(self) -> str | None:
        return self.body["template"]["name"] if self.is_template else None

    @property
    def template_language(self) -> str | None:
        return self.body["template"]["language"]["code"] if self.is_template else None

    @property
    def template_parameters(self) -> list[str]:
        """The body's text parameters, in order ({{1}}, {{2}} …)."""
        return [p["text"] for p in self._components("body") if p.get("type") == "text"]

    @property
    def template_url_suffix(self) -> str | None:
        """The dynamic suffix given to the template's URL button."""
        for component in self._template_components:
            if component.get("type") == "button" and component.get("sub_type") == "url":
                return str(component["parameters"][0]["text"])
        return None

    @property
    def template_header_image(self) -> str | None:
        for parameter in self._components("header"):
            if parameter.get("type") == "image":
                return parameter["image"].get("id") or parameter["image"].get("link")
        return None

    @property
    def media(self) -> dict[str, Any] | None:
        media = self.body.get(self.type)
        return media if self.type in {"image", "document", "video", "audio"} else None

    @property
    def media_id(self) -> str | None:
        return self.media.get("id") if self.media else None

    @property
    def caption(self) -> str | None:
        return self.media.get("caption") if self.media else None

    @property
    def filename(self) -> str | None:
        return self.media.get("filename") if self.media else None

    @property
    def _interactive(self) -> dict[str, Any]:
        return dict(self.body.get("interactive") or {})

    @property
    def _action(self) -> dict[str, Any]:
        return dict(self._interactive.get("action") or {})

    @property
    def _template_components(self) -> list[dict[str, Any]]:
        return list(self.body["template"].get("components") or []) if self.is_template else []

    def _components(self, kind: str) -> list[dict[str, Any]]:
        return [
            p
            for c in self._template_components
            if c.get("type") == kind
            for p in c.get("parameters") or []
        ]
