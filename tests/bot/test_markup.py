"""The neutral chat markup: parsing, filling values safely, and Telegram's rendering of it."""

from __future__ import annotations

import pytest

from bot.channels.telegram.rendering import to_html, to_keyboard
from bot.texts.markup import MarkupError, Rich, Span, Style, fill, link, parse, placeholders
from bot.texts.outgoing import Callback, CopyText, OpenUrl


def test_the_four_forms_parse_into_styled_spans() -> None:
    rich = parse("a **b** __c__ `d*e` [f](https://x.id/g)")
    assert rich.spans == (
        Span("a "),
        Span("b", Style.BOLD),
        Span(" "),
        Span("c", Style.ITALIC),
        Span(" "),
        Span("d*e", Style.CODE),
        Span(" "),
        Span("f", url="https://x.id/g"),
    )


def test_a_backslash_makes_markup_literal() -> None:
    assert parse(r"2 \* 3 \`").plain() == "2 * 3 `"


@pytest.mark.parametrize("source", ["**open", "__open", "`open", "**a __b** c"])
def test_unclosed_markup_is_an_error(source: str) -> None:
    with pytest.raises(MarkupError):
        parse(source)


def test_values_are_plain_text_never_markup() -> None:
    rich = fill("Hello **{name}**", {"name": "**<Siti>** [x](https://evil)"})
    assert rich.spans == (Span("Hello "), Span("**<Siti>** [x](https://evil)", Style.BOLD))
    assert to_html(rich) == "Hello <b>**&lt;Siti&gt;** [x](https://evil)</b>"


def test_a_rich_value_keeps_its_styles_inside_the_template() -> None:
    part = fill("`{nip}`", {"nip": "1990"})
    rich = fill("**NIP:** {nip}\n__{line}__", {"nip": part, "line": link("web", "https://x.id")})
    assert to_html(rich) == '<b>NIP:</b> <code>1990</code>\n<a href="https://x.id"><i>web</i></a>'


def test_format_specs_and_url_placeholders_are_filled() -> None:
    rich = fill("[{count:,} people]({url})", {"count": 12345, "url": "https://x.id/?a=1&b=2"})
    assert to_html(rich) == '<a href="https://x.id/?a=1&amp;b=2">12,345 people</a>'
    assert placeholders("[{count:,}]({url}) **{a.b}**") == {"count", "url", "a"}


def test_neighbouring_spans_of_one_style_merge() -> None:
    assert Rich.join(", ", ["a", "b"]) == Rich.plain_text("a, b")
    assert (parse("**a**") + parse("**b**")).spans == (Span("ab", Style.BOLD),)
    assert not Rich.plain_text("")


def test_button_intents_become_an_inline_keyboard() -> None:
    keyboard = to_keyboard(
        ((OpenUrl("Open", "https://x.id"), Callback("Yes", "c:1")), (CopyText("Copy", "#tag"),))
    )
    assert keyboard is not None
    first, second = keyboard.inline_keyboard
    assert (first[0].url, first[1].callback_data) == ("https://x.id", "c:1")
    assert second[0].copy_text is not None and second[0].copy_text.text == "#tag"
    assert to_keyboard(()) is None
