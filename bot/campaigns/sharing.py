"""Share links and share texts: one tap from a campaign message to a post of one's own."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

X_LIMIT = 280


@dataclass(frozen=True)
class ShareLink:
    platform: str  # x | facebook | whatsapp | telegram | linkedin
    url: str


def share_text(variant: str, hashtags: str, disclosure_tag: str) -> str:
    """The text a civil servant posts: their variant, the hashtags, and the disclosure tag
    (so followers know the post is part of a government programme)."""
    parts = [variant.strip(), hashtags.strip(), disclosure_tag.strip()]
    return "\n\n".join(part for part in parts if part)


def too_long_for_x(text: str, link: str | None) -> bool:
    # X counts every link as 23 characters, plus the space before it.
    return len(text) + (24 if link else 0) > X_LIMIT


def share_links(text: str, link: str | None) -> list[ShareLink]:
    """Prefilled share links; Facebook and LinkedIn share a URL only, so they need a link."""
    x_params = {"text": text, "url": link} if link else {"text": text}
    links = [ShareLink("x", "https://twitter.com/intent/tweet?" + urlencode(x_params))]
    if link:
        facebook = "https://www.facebook.com/sharer/sharer.php?u=" + quote(link, safe="")
        links.append(ShareLink("facebook", facebook))
    links.append(ShareLink("whatsapp", "https://wa.me/?text=" + quote(_with_link(text, link))))
    telegram = {"url": link, "text": text} if link else {"url": text}
    links.append(ShareLink("telegram", "https://t.me/share/url?" + urlencode(telegram)))
    if link:
        linkedin = "https://www.linkedin.com/sharing/share-offsite/?url=" + quote(link, safe="")
        links.append(ShareLink("linkedin", linkedin))
    return links


def copy_text(text: str, link: str | None, limit: int) -> str:
    """What the copy button puts on the clipboard, within the channel's `limit` characters."""
    full = _with_link(text, link)
    return full if len(full) <= limit else full[: limit - 1] + "…"


def _with_link(text: str, link: str | None) -> str:
    return f"{text}\n{link}" if link else text
