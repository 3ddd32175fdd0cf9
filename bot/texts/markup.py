"""The channel-neutral markup chat texts are written in, and the rich text it parses into.

Four forms, chosen because chat catalogues need no more and every channel can show them:
`**bold**`, `__italic__`, `` `code` `` and `[label](https://…)`. A backslash makes the next
character literal (`\\*`). Each channel renders the parsed spans its own way (Telegram HTML,
WhatsApp's `*bold*`), so the core never writes a channel's syntax.

Values filled into a template are plain text, never markup: a person's name cannot add
formatting or break a message. A value that is already `Rich` (a part we built) keeps its
styles, combined with those of the place it is put in.
"""

from __future__ import annotations

import enum
import re
import string
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache


class Style(enum.Flag):
    PLAIN = 0
    BOLD = enum.auto()
    ITALIC = enum.auto()
    CODE = enum.auto()


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    style: Style = Style.PLAIN
    url: str | None = None


class Rich:
    """Immutable rich text: spans with a style and, for links, a URL."""

    __slots__ = ("spans",)

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self.spans: tuple[Span, ...] = tuple(_merged(spans))

    @classmethod
    def plain_text(cls, text: str) -> Rich:
        return cls((Span(text),))

    @classmethod
    def join(cls, separator: Rich | str, parts: Iterable[Rich | str]) -> Rich:
        glue = as_rich(separator).spans
        spans: list[Span] = []
        for index, part in enumerate(parts):
            if index:
                spans.extend(glue)
            spans.extend(as_rich(part).spans)
        return cls(spans)

    def plain(self) -> str:
        """The text without styles (for logs, lengths, channels that show no formatting)."""
        return "".join(span.text for span in self.spans)

    def styled(self, style: Style) -> Rich:
        return Rich(Span(s.text, s.style | style, s.url) for s in self.spans)

    def __add__(self, other: Rich | str) -> Rich:
        return Rich((*self.spans, *as_rich(other).spans))

    def __radd__(self, other: str) -> Rich:
        return Rich((*as_rich(other).spans, *self.spans))

    def __bool__(self) -> bool:
        return any(span.text for span in self.spans)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rich) and self.spans == other.spans

    def __hash__(self) -> int:
        return hash(self.spans)

    def __repr__(self) -> str:
        return f"Rich({list(self.spans)!r})"


def as_rich(value: Rich | str) -> Rich:
    return value if isinstance(value, Rich) else Rich.plain_text(value)


def link(label: str, url: str) -> Rich:
    return Rich((Span(label, url=url),))


def _merged(spans: Iterable[Span]) -> Iterator[Span]:
    """Drops empty spans and joins neighbours of the same style, so equal texts compare equal
    and renderers emit one tag where one is meant."""
    pending: Span | None = None
    for span in spans:
        if not span.text:
            continue
        if pending and pending.style == span.style and pending.url == span.url:
            pending = Span(pending.text + span.text, span.style, span.url)
            continue
        if pending:
            yield pending
        pending = span
    if pending:
        yield pending


class MarkupError(ValueError):
    """A catalogue text is not well-formed markup (found by the catalogue test, not at run time)."""


_TOKEN = re.compile(r"\\(.)|\*\*|__|`|\[([^\]]*)\]\(([^)\s]+)\)", re.DOTALL)
_TOGGLES = {"**": Style.BOLD, "__": Style.ITALIC, "`": Style.CODE}


@lru_cache(maxsize=4096)
def parse(source: str) -> Rich:
    """Parses markup into spans. Placeholders (`{name}`) are left in the text, to be filled by
    `fill`; markup inside a link label or code is taken literally."""
    spans: list[Span] = []
    style = Style.PLAIN
    position = 0
    for match in _TOKEN.finditer(source):
        if Style.CODE in style and match.group(0) != "`":
            continue
        spans.append(Span(source[position : match.start()], style))
        position = match.end()
        token = match.group(0)
        if match.group(1) is not None:
            spans.append(Span(match.group(1), style))
        elif match.group(2) is not None:
            spans.append(Span(match.group(2), style, url=match.group(3)))
        else:
            style ^= _TOGGLES[token]
    if style is not Style.PLAIN:
        raise MarkupError(f"unclosed {style!r} in {source!r}")
    spans.append(Span(source[position:], style))
    return Rich(spans)


_FORMATTER = string.Formatter()


def placeholders(source: str) -> frozenset[str]:
    """The names a template expects (`{name}` and `{name:spec}`)."""
    return frozenset(
        field.split(".")[0].split("[")[0]
        for span in parse(source).spans
        for text in (span.text, span.url or "")
        for _, field, _, _ in _FORMATTER.parse(text)
        if field
    )


# A template span split once into its literal text and fields: (style, url template, parts),
# each part (literal, field, format spec, conversion) as string.Formatter.parse gives it.
_Part = tuple[str, str | None, str | None, str | None]


@lru_cache(maxsize=4096)
def _compiled(source: str) -> tuple[tuple[Style, str | None, tuple[_Part, ...]], ...]:
    return tuple(
        (span.style, span.url, tuple(_FORMATTER.parse(span.text))) for span in parse(source).spans
    )


def fill(source: str, values: Mapping[str, object]) -> Rich:
    """The template's spans with each `{placeholder}` replaced by its value."""
    out: list[Span] = []
    for style, url_template, parts in _compiled(source):
        url = _FORMATTER.vformat(url_template, (), values) if url_template else None
        for literal, field, spec, conversion in parts:
            if literal:
                out.append(Span(literal, style, url))
            if field is None:
                continue
            value, _ = _FORMATTER.get_field(field, (), values)
            if isinstance(value, Rich):
                out.extend(Span(s.text, s.style | style, s.url or url) for s in value.spans)
                continue
            value = _FORMATTER.convert_field(value, conversion)
            out.append(Span(format(value, spec or ""), style, url))
    return Rich(out)
