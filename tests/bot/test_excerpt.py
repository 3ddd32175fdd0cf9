"""Replies that echo what someone typed show a short excerpt of what they can see."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.channels.telegram.texts import render_html
from bot.texts.excerpt import EXCERPT_LENGTH, excerpt


def test_a_short_answer_is_shown_as_it_is() -> None:
    assert excerpt("Kominfo") == "Kominfo"


def test_a_long_answer_is_cut_with_an_ellipsis() -> None:
    shown = excerpt("a" * 4096)

    assert len(shown) == EXCERPT_LENGTH and shown.endswith("…")


def test_hidden_characters_and_whitespace_runs_are_dropped() -> None:
    assert excerpt("Kem\u202eenkeu\u200b\x00 \n\t  Jakarta\ufeff") == "Kemenkeu Jakarta"


@given(st.text(max_size=4096))
def test_an_echoed_answer_keeps_the_reply_short(text: str) -> None:
    reply = render_html("id", "agency_none_found", query=excerpt(text))

    assert len(reply) < 600
