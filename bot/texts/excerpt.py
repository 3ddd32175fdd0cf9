"""Short excerpts of what someone typed, for replies that echo it back.

A message may be 4,096 characters; echoing one whole inside a reply makes the reply longer
than Telegram allows. Invisible and control characters are dropped so the excerpt shows what
the person can see.
"""

from __future__ import annotations

import unicodedata

EXCERPT_LENGTH = 40
# Control, format (bidi marks, zero-width), surrogate, private-use and unassigned characters.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """`text` without hidden characters and runs of whitespace, cut to `limit` characters
    with an ellipsis. Filled into a text it stays plain, like any other value."""
    visible = "".join(
        " " if char.isspace() else char
        for char in text
        if unicodedata.category(char) not in _HIDDEN_CATEGORIES or char.isspace()
    )
    shown = " ".join(visible.split())
    if len(shown) <= limit:
        return shown
    return shown[: limit - 1].rstrip() + "…"
