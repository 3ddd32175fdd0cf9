"""Social-media handles and links as people paste them.

:func:`parse_handle` accepts ``@name``, ``name`` or a profile URL (with or without scheme,
``www.``/``m.``/``mobile.``/``web.`` hosts, trailing slashes, query strings and fragments).
Text counts as a URL when it has a scheme, contains ``/``, or is a bare known host
(``x.com``); otherwise ``john.doe`` would be mistaken for a domain.

Rules per platform (characters are checked before length):

- Instagram: 1-30 of ``[A-Za-z0-9._]``; case-insensitive, stored lowercase.
- X: 1-15 of ``[A-Za-z0-9_]``; case-insensitive, stored lowercase. ``twitter.com`` links too.
- TikTok: 2-24 of ``[a-z0-9._]``; upper case typed is lowered.
- YouTube: ``@handle`` of 3-30 letters (any script), digits, ``_ . -``; stored lowercase.
  Legacy ``/c/``, ``/user/``, ``/channel/UC…`` and bare custom URLs are ``NOT_A_HANDLE``.
- Facebook: username of 5-50 of ``[A-Za-z0-9.]`` kept as typed (compared case-insensitively),
  or a numeric profile id from ``profile.php?id=``, ``/people/<name>/<id>``, ``/pages/<name>/<id>``
  or digits typed alone.

Links to posts, reserved pages (``/p/``, ``/reel/``, ``x.com/home``, ``/intent/``…) and short
links are ``NOT_A_PROFILE``. :func:`parse_post_url` recognises post links and, where the URL
names the author, returns that author's handle.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = [
    "HandleError",
    "HandleProblem",
    "Platform",
    "PostLink",
    "SocialHandle",
    "parse_handle",
    "parse_post_url",
]


class Platform(StrEnum):
    INSTAGRAM = "instagram"
    FACEBOOK = "facebook"
    X = "x"
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"


class HandleProblem(StrEnum):
    EMPTY = "empty"
    WRONG_PLATFORM = "wrong_platform"
    UNKNOWN_SITE = "unknown_site"
    NOT_A_PROFILE = "not_a_profile"
    NOT_A_HANDLE = "not_a_handle"
    NOT_A_POST = "not_a_post"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    BAD_CHARACTERS = "bad_characters"


class HandleError(ValueError):
    def __init__(self, reason: HandleProblem, *, platform: Platform | None = None) -> None:
        super().__init__(reason.value)
        self.reason = reason
        # For WRONG_PLATFORM: the platform the link belongs to, so the bot can say which.
        self.platform = platform


@dataclass(frozen=True, eq=False)
class SocialHandle:
    platform: Platform
    handle: str
    numeric_id: bool = False

    @property
    def key(self) -> tuple[Platform, str, bool]:
        """Identity for comparison and de-duplication (case-insensitive)."""
        return (self.platform, self.handle.lower(), self.numeric_id)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SocialHandle):
            return NotImplemented
        return self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    @property
    def display(self) -> str:
        if self.numeric_id:
            return f"profile.php?id={self.handle}"
        return f"@{self.handle}"

    @property
    def profile_url(self) -> str:
        match self.platform:
            case Platform.INSTAGRAM:
                return f"https://www.instagram.com/{self.handle}/"
            case Platform.X:
                return f"https://x.com/{self.handle}"
            case Platform.FACEBOOK:
                if self.numeric_id:
                    return f"https://www.facebook.com/profile.php?id={self.handle}"
                return f"https://www.facebook.com/{self.handle}"
            case Platform.TIKTOK:
                return f"https://www.tiktok.com/@{self.handle}"
            case Platform.YOUTUBE:
                return f"https://www.youtube.com/@{self.handle}"


class PostLink(NamedTuple):
    platform: Platform
    author: SocialHandle | None


_HOSTS: dict[str, Platform] = {
    "instagram.com": Platform.INSTAGRAM,
    "instagr.am": Platform.INSTAGRAM,
    "x.com": Platform.X,
    "twitter.com": Platform.X,
    "facebook.com": Platform.FACEBOOK,
    "fb.com": Platform.FACEBOOK,
    "fb.me": Platform.FACEBOOK,
    "fb.watch": Platform.FACEBOOK,
    "tiktok.com": Platform.TIKTOK,
    "youtube.com": Platform.YOUTUBE,
    "youtu.be": Platform.YOUTUBE,
}
_SHORT_LINK_HOSTS = frozenset({"vm.tiktok.com", "vt.tiktok.com", "youtu.be", "fb.watch"})

_INSTAGRAM_RESERVED = frozenset(
    {
        "p", "reel", "reels", "tv", "explore", "accounts", "direct", "about", "developer",
        "legal", "web", "challenge", "privacy", "terms", "emails", "session", "oauth", "api",
        "static", "ar", "s", "stories",
    }
)  # fmt: skip
_X_RESERVED = frozenset(
    {
        "home", "intent", "i", "search", "explore", "notifications", "messages", "settings",
        "login", "logout", "signup", "share", "hashtag", "compose", "tos", "privacy",
        "download", "jobs", "account", "following", "followers", "who_to_follow",
    }
)  # fmt: skip
_FACEBOOK_RESERVED = frozenset(
    {
        "groups", "events", "watch", "marketplace", "gaming", "photo", "photo.php", "photos",
        "story.php", "permalink.php", "sharer", "sharer.php", "share", "login", "login.php",
        "home.php", "help", "settings", "policies", "privacy", "reel", "reels", "stories",
        "hashtag", "search", "notifications", "messages", "friends", "bookmarks", "dialog",
        "plugins", "l.php", "video.php", "videos", "ads", "business", "legal", "terms", "media",
        "fundraisers", "pages", "people", "pg", "profile.php", "recover", "r.php", "watch.php",
    }
)  # fmt: skip
_FACEBOOK_POST_TABS = frozenset({"posts", "videos", "photos", "reels", "permalink"})
_YOUTUBE_LEGACY = frozenset({"c", "channel", "user"})

_INSTAGRAM = re.compile(r"[a-z0-9._]+")
_X = re.compile(r"[a-z0-9_]+")
_TIKTOK = re.compile(r"[a-z0-9._]+")
_FACEBOOK = re.compile(r"[A-Za-z0-9.]+")
_DIGITS = re.compile(r"[0-9]+")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)

_LENGTHS: dict[Platform, tuple[int, int]] = {
    Platform.INSTAGRAM: (1, 30),
    Platform.X: (1, 15),
    Platform.TIKTOK: (2, 24),
    Platform.YOUTUBE: (3, 30),
    Platform.FACEBOOK: (5, 50),
}
_MAX_FACEBOOK_ID_DIGITS = 20


@dataclass(frozen=True)
class _Url:
    host: str
    platform: Platform | None
    segments: tuple[str, ...]
    query: dict[str, list[str]]


def _looks_like_url(text: str) -> bool:
    if _SCHEME.match(text) or "/" in text:
        return True
    return _platform_of_host(text.lower()) is not None


def _platform_of_host(host: str) -> Platform | None:
    for domain, platform in _HOSTS.items():
        if host == domain or host.endswith("." + domain):
            return platform
    return None


def _split_url(text: str) -> _Url:
    candidate = text if _SCHEME.match(text) else "https://" + text
    try:
        parts = urlsplit(candidate)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        raise HandleError(HandleProblem.UNKNOWN_SITE) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise HandleError(HandleProblem.UNKNOWN_SITE)
    segments = tuple(unquote(s) for s in parts.path.split("/") if s)
    query = parse_qs(parts.query)
    return _Url(host=host, platform=_platform_of_host(host), segments=segments, query=query)


def _validate(platform: Platform, raw: str) -> SocialHandle:
    """Check a bare handle (no ``@``) against the platform's rules."""
    if not raw:
        raise HandleError(HandleProblem.EMPTY)
    if platform is Platform.FACEBOOK and _DIGITS.fullmatch(raw):
        if len(raw) > _MAX_FACEBOOK_ID_DIGITS:
            raise HandleError(HandleProblem.TOO_LONG)
        return SocialHandle(platform, raw, numeric_id=True)
    handle = raw if platform is Platform.FACEBOOK else raw.lower()
    if not _has_valid_characters(platform, handle):
        raise HandleError(HandleProblem.BAD_CHARACTERS)
    shortest, longest = _LENGTHS[platform]
    if len(handle) < shortest:
        raise HandleError(HandleProblem.TOO_SHORT)
    if len(handle) > longest:
        raise HandleError(HandleProblem.TOO_LONG)
    return SocialHandle(platform, handle)


def _has_valid_characters(platform: Platform, handle: str) -> bool:
    match platform:
        case Platform.INSTAGRAM:
            return _INSTAGRAM.fullmatch(handle) is not None
        case Platform.X:
            return _X.fullmatch(handle) is not None
        case Platform.TIKTOK:
            return _TIKTOK.fullmatch(handle) is not None
        case Platform.FACEBOOK:
            return _FACEBOOK.fullmatch(handle) is not None
        case Platform.YOUTUBE:
            return all(_is_youtube_char(char) for char in handle)


def _is_youtube_char(char: str) -> bool:
    if char in "_.-":
        return True
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def parse_handle(platform: Platform, text: str) -> SocialHandle:
    stripped = text.strip()
    if not stripped:
        raise HandleError(HandleProblem.EMPTY)
    if _looks_like_url(stripped):
        return _handle_from_url(platform, _split_url(stripped))
    raw = stripped[1:] if stripped.startswith("@") else stripped
    return _validate(platform, unicodedata.normalize("NFC", raw))


def _handle_from_url(platform: Platform, url: _Url) -> SocialHandle:
    if url.platform is None:
        raise HandleError(HandleProblem.UNKNOWN_SITE)
    if url.platform is not platform:
        raise HandleError(HandleProblem.WRONG_PLATFORM, platform=url.platform)
    if url.host in _SHORT_LINK_HOSTS:
        raise HandleError(HandleProblem.NOT_A_PROFILE)
    segments = url.segments
    if not segments:
        raise HandleError(HandleProblem.NOT_A_PROFILE)
    first = segments[0]
    match platform:
        case Platform.INSTAGRAM:
            if first == "_u" and len(segments) >= 2:
                return _validate(platform, segments[1])
            if first.lower() in _INSTAGRAM_RESERVED:
                raise HandleError(HandleProblem.NOT_A_PROFILE)
            return _validate(platform, first)
        case Platform.X:
            if first.lower() in _X_RESERVED:
                raise HandleError(HandleProblem.NOT_A_PROFILE)
            if len(segments) >= 2 and segments[1].lower() in ("status", "statuses"):
                raise HandleError(HandleProblem.NOT_A_PROFILE)
            return _validate(platform, first.removeprefix("@"))
        case Platform.FACEBOOK:
            return _facebook_profile(segments, url.query)
        case Platform.TIKTOK:
            if not first.startswith("@"):
                raise HandleError(HandleProblem.NOT_A_PROFILE)
            if len(segments) >= 2 and segments[1].lower() in ("video", "photo"):
                raise HandleError(HandleProblem.NOT_A_PROFILE)
            return _validate(platform, first[1:])
        case Platform.YOUTUBE:
            if first.startswith("@"):
                return _validate(platform, unicodedata.normalize("NFC", first[1:]))
            if first.lower() in _YOUTUBE_LEGACY:
                raise HandleError(HandleProblem.NOT_A_HANDLE)
            if first.lower() in ("watch", "shorts", "live", "playlist", "results", "feed"):
                raise HandleError(HandleProblem.NOT_A_PROFILE)
            if first.lower() in ("embed", "post", "hashtag", "redirect", "account"):
                raise HandleError(HandleProblem.NOT_A_PROFILE)
            raise HandleError(HandleProblem.NOT_A_HANDLE)


def _facebook_profile(segments: tuple[str, ...], query: dict[str, list[str]]) -> SocialHandle:
    first = segments[0].lower()
    if first == "profile.php":
        ids = query.get("id", [])
        if len(ids) == 1 and _DIGITS.fullmatch(ids[0]):
            return _validate(Platform.FACEBOOK, ids[0])
        raise HandleError(HandleProblem.NOT_A_PROFILE)
    if first in ("people", "pages") and len(segments) >= 3 and _DIGITS.fullmatch(segments[2]):
        return _validate(Platform.FACEBOOK, segments[2])
    if first == "pg" and len(segments) >= 2:
        return _validate(Platform.FACEBOOK, segments[1])
    if first in _FACEBOOK_RESERVED:
        raise HandleError(HandleProblem.NOT_A_PROFILE)
    if len(segments) >= 3 and segments[1].lower() in _FACEBOOK_POST_TABS:
        raise HandleError(HandleProblem.NOT_A_PROFILE)
    return _validate(Platform.FACEBOOK, segments[0])


def _author(platform: Platform, raw: str) -> SocialHandle | None:
    try:
        return _validate(platform, raw)
    except HandleError:
        return None


def parse_post_url(text: str) -> PostLink:
    """Recognise a link to a post; ``author`` is set only where the URL names the author."""
    stripped = text.strip()
    if not stripped:
        raise HandleError(HandleProblem.EMPTY)
    if not _looks_like_url(stripped):
        raise HandleError(HandleProblem.NOT_A_POST)
    url = _split_url(stripped)
    if url.platform is None:
        raise HandleError(HandleProblem.UNKNOWN_SITE)
    post = _post_link(url.platform, url)
    if post is None:
        raise HandleError(HandleProblem.NOT_A_POST)
    return post


def _post_link(platform: Platform, url: _Url) -> PostLink | None:
    segs = url.segments
    lowered = tuple(s.lower() for s in segs)
    if url.host in _SHORT_LINK_HOSTS:
        return PostLink(platform, None) if segs else None
    match platform:
        case Platform.X:
            if len(segs) >= 3 and lowered[1] in ("status", "statuses"):
                if not _DIGITS.fullmatch(segs[2]):
                    return None
                if lowered[0] == "i":
                    return PostLink(platform, None)
                return PostLink(platform, _author(platform, segs[0]))
            if len(segs) >= 4 and lowered[:3] == ("i", "web", "status"):
                return PostLink(platform, None) if _DIGITS.fullmatch(segs[3]) else None
            return None
        case Platform.INSTAGRAM:
            if len(segs) >= 2 and lowered[0] in ("p", "reel", "reels", "tv"):
                return PostLink(platform, None)
            if len(segs) >= 3 and lowered[1] in ("p", "reel", "tv"):
                return PostLink(platform, _author(platform, segs[0]))
            if len(segs) >= 3 and lowered[0] == "stories":
                return PostLink(platform, _author(platform, segs[1]))
            return None
        case Platform.FACEBOOK:
            return _facebook_post(url)
        case Platform.TIKTOK:
            if len(segs) >= 3 and segs[0].startswith("@") and lowered[1] in ("video", "photo"):
                return PostLink(platform, _author(platform, segs[0][1:]))
            if len(segs) >= 2 and lowered[0] == "t":
                return PostLink(platform, None)
            return None
        case Platform.YOUTUBE:
            if lowered[:1] == ("watch",) and url.query.get("v"):
                return PostLink(platform, None)
            if len(segs) >= 2 and lowered[0] in ("shorts", "live", "post"):
                return PostLink(platform, None)
            return None


def _facebook_post(url: _Url) -> PostLink | None:
    segs = url.segments
    lowered = tuple(s.lower() for s in segs)
    platform = Platform.FACEBOOK
    if not segs:
        return None
    if lowered[0] in ("story.php", "permalink.php") and url.query.get("story_fbid"):
        ids = url.query.get("id", [])
        author = _author(platform, ids[0]) if len(ids) == 1 and _DIGITS.fullmatch(ids[0]) else None
        return PostLink(platform, author)
    if lowered[0] in ("photo.php", "photo", "video.php") and url.query.get(
        "fbid", url.query.get("v")
    ):
        return PostLink(platform, None)
    if lowered[0] == "watch" and url.query.get("v"):
        return PostLink(platform, None)
    if lowered[0] in ("reel", "share") and len(segs) >= 2:
        return PostLink(platform, None)
    if lowered[0] == "groups" and len(segs) >= 4 and lowered[2] in ("posts", "permalink"):
        return PostLink(platform, None)
    if (
        len(segs) >= 3
        and lowered[1] in _FACEBOOK_POST_TABS
        and lowered[0] not in _FACEBOOK_RESERVED
    ):
        return PostLink(platform, _author(platform, segs[0]))
    return None
