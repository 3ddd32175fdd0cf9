"""Rich text in WhatsApp's formatting: `*bold*`, `_italic_`, `` `code` ``, and links as their
address (WhatsApp shows no link labels: a label that is not the address goes before it).

WhatsApp only formats a marker that touches text on its inside (`*bold*`, not `* bold *`), so
spaces at a span's edges are put outside its markers.
"""

from __future__ import annotations

from functools import cache

from bot.texts.markup import Rich, Style

# Outermost first, so nesting closes in the reverse order it opened.
_MARKERS = ((Style.BOLD, "*"), (Style.ITALIC, "_"), (Style.CODE, "`"))


def to_whatsapp(text: Rich) -> str:
    parts: list[str] = []
    for span in text.spans:
        body = span.text
        if span.url and span.url != body:
            body = f"{body} ({span.url})" if body else span.url
        parts.append(_styled(body, span.style))
    return "".join(parts)


def _styled(body: str, style: Style) -> str:
    opening, closing = _markers(style)
    if not opening:
        return body
    core = body.strip()
    if not core:
        return body
    start = body.index(core)
    return f"{body[:start]}{opening}{core}{closing}{body[start + len(core) :]}"


@cache
def _markers(style: Style) -> tuple[str, str]:
    marks = [mark for flag, mark in _MARKERS if flag in style]
    return "".join(marks), "".join(reversed(marks))
