"""Turn text + parse_mode into (plain text, entities) the way Telegram does.

Telegram counts length limits "after entities parsing" and rejects malformed markup with
`can't parse entities: ...`; bots often break exactly here, so the emulator reproduces it.
Offsets and lengths of entities are in UTF-16 code units, as in the real API.
"""

from __future__ import annotations

import html
import re
from typing import Any

from devtools.emulator.errors import ApiError

Entity = dict[str, Any]

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_TAG_RE = re.compile(r"<(/?)([a-zA-Z0-9-]*)([^<>]*)>")
_ATTR_RE = re.compile(r"""([a-zA-Z_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
_MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MD_ENTITY = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
    "`": "code",
    "```": "pre",
}
_MD_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
}


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fail(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: can't parse entities: {detail}")


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def parse(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Plain text and entities for `text` sent with `parse_mode` (None = plain)."""
    if not parse_mode:
        return text, []
    mode = parse_mode.lower()
    if mode == "html":
        return _parse_html(text)
    if mode == "markdownv2":
        return _parse_markdown(text, v2=True)
    if mode == "markdown":
        return _parse_markdown(text, v2=False)
    raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode!r}")


def _sorted(entities: list[Entity]) -> list[Entity]:
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def _parse_html(text: str) -> tuple[str, list[Entity]]:
    out: list[str] = []
    pos16 = 0
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[Entity] = []
    i = 0
    while i < len(text):
        lt = text.find("<", i)
        chunk = text[i:] if lt < 0 else text[i:lt]
        if chunk:
            plain = html.unescape(chunk)
            out.append(plain)
            pos16 += utf16_len(plain)
        if lt < 0:
            break
        match = _TAG_RE.match(text, lt)
        if match is None:
            raise _fail(f"Unclosed start tag at byte offset {_byte_offset(text, lt)}")
        closing, name, rest = match.group(1) == "/", match.group(2).lower(), match.group(3)
        if closing:
            if not stack:
                raise _fail(f"Unexpected end tag at byte offset {_byte_offset(text, lt)}")
            open_name, start, attrs = stack.pop()
            if name != open_name:
                raise _fail(
                    f"Unmatched end tag at byte offset {_byte_offset(text, lt)}, "
                    f'expected "</{open_name}>", found "</{name}>"'
                )
            if pos16 > start:
                entities.append(_html_entity(open_name, start, pos16 - start, attrs))
        else:
            if name not in _HTML_TAGS:
                raise _fail(
                    f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, lt)}'
                )
            attrs = {
                m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
                for m in _ATTR_RE.finditer(rest)
            }
            stack.append((name, pos16, attrs))
        i = match.end()
    if stack:
        raise _fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return "".join(out), _sorted(entities)


def _html_entity(tag: str, offset: int, length: int, attrs: dict[str, str]) -> Entity:
    entity: Entity = {"type": _HTML_TAGS[tag], "offset": offset, "length": length}
    if tag == "a":
        entity["url"] = html.unescape(attrs.get("href", ""))
    elif tag == "tg-emoji":
        entity["custom_emoji_id"] = attrs.get("emoji-id", "")
    elif tag == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    return entity


def _parse_markdown(text: str, *, v2: bool) -> tuple[str, list[Entity]]:
    """Both Markdown flavours; v2 additionally demands escaping of reserved characters."""
    out: list[str] = []
    pos16 = 0
    open_: dict[str, tuple[int, int]] = {}  # marker -> (utf16 start, index in text)
    entities: list[Entity] = []
    link: tuple[int, int] | None = None
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        in_code = "`" in open_ or "```" in open_
        if c == "\\" and (v2 or text[i + 1 : i + 2] in ("_", "*", "`", "[")) and i + 1 < n:
            out.append(text[i + 1])
            pos16 += utf16_len(text[i + 1])
            i += 2
            continue
        marker = _markdown_marker(text, i, v2=v2, in_code=in_code)
        if marker:
            if marker in open_:
                start, _ = open_.pop(marker)
                if pos16 > start:
                    entities.append(
                        {"type": _MD_ENTITY[marker], "offset": start, "length": pos16 - start}
                    )
            else:
                open_[marker] = (pos16, i)
            i += len(marker)
            continue
        if not in_code and c == "[" and link is None:
            link = (pos16, i)
            i += 1
            continue
        if not in_code and c == "]" and link is not None:
            close = text.find(")", i)
            if text[i + 1 : i + 2] != "(" or close < 0:
                raise _fail(f"Can't find end of a URL at byte offset {_byte_offset(text, i)}")
            url = text[i + 2 : close]
            if pos16 > link[0]:
                entities.append(
                    {"type": "text_link", "offset": link[0], "length": pos16 - link[0], "url": url}
                )
            link = None
            i = close + 1
            continue
        if (
            v2
            and not in_code
            and c in _MDV2_RESERVED
            and not (c == ">" and (i == 0 or text[i - 1] == "\n"))
        ):
            raise _fail(f"Character '{c}' is reserved and must be escaped with the preceding '\\'")
        out.append(c)
        pos16 += utf16_len(c)
        i += 1
    if open_:
        marker, (_, index) = min(open_.items(), key=lambda item: item[1][1])
        name = _MD_NAMES[_MD_ENTITY[marker]]
        raise _fail(f"Can't find end of {name} entity at byte offset {_byte_offset(text, index)}")
    if link is not None:
        raise _fail(
            f"Can't find end of TextUrl entity at byte offset {_byte_offset(text, link[1])}"
        )
    return "".join(out), _sorted(entities)


def _markdown_marker(text: str, i: int, *, v2: bool, in_code: bool) -> str | None:
    if in_code:
        for marker in ("```", "`"):
            if text.startswith(marker, i):
                return marker
        return None
    candidates = ("```", "__", "||", "*", "_", "~", "`") if v2 else ("```", "*", "_", "`")
    for marker in candidates:
        if text.startswith(marker, i):
            return marker
    return None
