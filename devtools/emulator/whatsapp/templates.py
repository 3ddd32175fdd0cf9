"""The approved message templates, and the checks Meta makes of a template send.

Unknown name or language → 132001; a body/button/header whose parameter count differs from the
approved template → 132000; a body parameter with a newline, a tab or more than 4 consecutive
spaces → 132018 ("Param text cannot have new-line/tab characters or more than 4 consecutive
spaces", Meta's wording); a body longer than 1024 characters once its parameters are filled
in (the template's own words, `body_length`, plus the parameters) → 132005 "Template Hydrated
Text Too Long". All answered synchronously, as the Cloud API does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from devtools.emulator.whatsapp.errors import CloudError

_BAD_PARAMETER = re.compile(r"[\n\t]| {5,}")
# A template's body, its parameters filled in, as WhatsApp shows it at most.
MAX_HYDRATED_BODY = 1024


@dataclass(frozen=True)
class ApprovedTemplate:
    name: str
    language: str
    body_parameters: int = 0
    url_button: bool = False  # a URL button with a dynamic suffix ({{1}} at the URL's end)
    header_image: bool = False
    category: str = "MARKETING"  # MARKETING, UTILITY or AUTHENTICATION
    body_length: int = 0  # characters of the body's own words, without its {{n}} placeholders


class TemplateRegistry:
    def __init__(self) -> None:
        self._approved: dict[tuple[str, str], ApprovedTemplate] = {}

    def approve(self, template: ApprovedTemplate) -> ApprovedTemplate:
        self._approved[(template.name, template.language)] = template
        return template

    def __contains__(self, key: tuple[str, str]) -> bool:
        return key in self._approved

    def check(self, template: dict[str, Any]) -> ApprovedTemplate:
        """The approved template this (schema-valid) `template` object sends, or CloudError."""
        name, language = template["name"], template["language"]["code"]
        approved = self._approved.get((name, language))
        if approved is None:
            raise CloudError(
                132001,
                f"template name ({name}) does not exist in {language}",
                message="(#132001) Template name does not exist in the translation",
            )
        components = template.get("components") or []
        body = _parameters(components, "body")
        _count("body", len(body), approved.body_parameters)
        _count("header", len(_parameters(components, "header")), int(approved.header_image))
        url = [c for c in components if c.get("type") == "button" and c.get("sub_type") == "url"]
        _count("button", sum(len(c.get("parameters") or []) for c in url), int(approved.url_button))
        texts = [str(p["text"]) for p in body if p.get("type") == "text"]
        if any(_BAD_PARAMETER.search(text) for text in texts):
            raise CloudError(132018)
        if approved.body_length + sum(len(text) for text in texts) > MAX_HYDRATED_BODY:
            raise CloudError(132005)
        return approved


def _parameters(components: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [p for c in components if c.get("type") == kind for p in c.get("parameters") or []]


def _count(component: str, given: int, expected: int) -> None:
    if given != expected:
        raise CloudError(
            132000,
            f"{component}: number of localizable_params ({given}) does not match the expected "
            f"number of params ({expected})",
        )
