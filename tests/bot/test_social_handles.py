import contextlib

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.enrollment.social_handles import (
    HandleError,
    HandleProblem,
    Platform,
    PostLink,
    SocialHandle,
    parse_handle,
    parse_post_url,
)

IG, FB, X, TT, YT = (
    Platform.INSTAGRAM,
    Platform.FACEBOOK,
    Platform.X,
    Platform.TIKTOK,
    Platform.YOUTUBE,
)


def _reason(platform: Platform, text: str) -> HandleProblem:
    with pytest.raises(HandleError) as caught:
        parse_handle(platform, text)
    return caught.value.reason


@pytest.mark.parametrize(
    ("platform", "text", "expected"),
    [
        (IG, "siti.rahma", "siti.rahma"),
        (IG, "@Siti.Rahma", "siti.rahma"),
        (IG, "https://www.instagram.com/siti.rahma/?igsh=MWx0c2Z5", "siti.rahma"),
        (IG, "instagram.com/siti_rahma", "siti_rahma"),
        (IG, "http://m.instagram.com/siti_rahma#top", "siti_rahma"),
        (IG, "www.instagram.com/siti.rahma/reels/", "siti.rahma"),
        (IG, "https://instagram.com/_u/siti.rahma", "siti.rahma"),
        (X, "@Jokowi", "jokowi"),
        (X, "https://x.com/jokowi", "jokowi"),
        (X, "twitter.com/jokowi?s=20&t=abc", "jokowi"),
        (X, "https://mobile.twitter.com/jokowi/", "jokowi"),
        (X, "x.com/kemkominfo/with_replies", "kemkominfo"),
        (TT, "@Siti.R", "siti.r"),
        (TT, "https://www.tiktok.com/@siti.r?lang=id-ID", "siti.r"),
        (TT, "m.tiktok.com/@siti.r/", "siti.r"),
        (YT, "@KominfoTV", "kominfotv"),
        (YT, "kominfotv", "kominfotv"),
        (YT, "https://www.youtube.com/@KominfoTV/videos", "kominfotv"),
        (YT, "m.youtube.com/@kominfo-tv.id", "kominfo-tv.id"),
        (FB, "Siti.Rahma", "Siti.Rahma"),
        (FB, "https://www.facebook.com/Siti.Rahma/", "Siti.Rahma"),
        (FB, "m.facebook.com/siti.rahma?ref=bookmarks", "siti.rahma"),
        (FB, "web.facebook.com/siti.rahma", "siti.rahma"),
        (FB, "fb.com/siti.rahma", "siti.rahma"),
    ],
)
def test_names_and_profile_links_give_the_canonical_handle(
    platform: Platform, text: str, expected: str
) -> None:
    assert parse_handle(platform, text).handle == expected


@pytest.mark.parametrize(
    "text",
    [
        "https://www.facebook.com/profile.php?id=100012345678",
        "m.facebook.com/profile.php?id=100012345678&ref=x",
        "facebook.com/people/Siti-Rahma/100012345678/",
        "100012345678",
    ],
)
def test_facebook_numeric_profiles_give_the_id_form(text: str) -> None:
    handle = parse_handle(FB, text)

    assert (handle.handle, handle.numeric_id, handle.display) == (
        "100012345678",
        True,
        "profile.php?id=100012345678",
    )


@pytest.mark.parametrize(
    ("platform", "handle", "expected"),
    [
        (IG, "siti.rahma", "https://www.instagram.com/siti.rahma/"),
        (X, "jokowi", "https://x.com/jokowi"),
        (FB, "Siti.Rahma", "https://www.facebook.com/Siti.Rahma"),
        (TT, "siti.r", "https://www.tiktok.com/@siti.r"),
        (YT, "kominfotv", "https://www.youtube.com/@kominfotv"),
    ],
)
def test_profile_url_is_the_canonical_https_link(
    platform: Platform, handle: str, expected: str
) -> None:
    assert parse_handle(platform, handle).profile_url == expected


def test_facebook_numeric_profile_url_uses_profile_php() -> None:
    expected = "https://www.facebook.com/profile.php?id=100012345678"

    assert parse_handle(FB, "100012345678").profile_url == expected


def test_display_prefixes_an_at_sign() -> None:
    assert parse_handle(IG, "siti.rahma").display == "@siti.rahma"


def test_facebook_handles_compare_case_insensitively_but_keep_their_case() -> None:
    typed = parse_handle(FB, "Siti.Rahma")

    assert (typed == parse_handle(FB, "siti.rahma"), typed.handle) == (True, "Siti.Rahma")


def test_equal_handles_hash_alike() -> None:
    assert len({parse_handle(FB, "Siti.Rahma"), parse_handle(FB, "siti.rahma")}) == 1


def test_same_name_on_two_platforms_is_two_handles() -> None:
    assert parse_handle(IG, "sitirahma") != parse_handle(X, "sitirahma")


@pytest.mark.parametrize(
    ("platform", "text", "expected"),
    [
        (IG, "", HandleProblem.EMPTY),
        (IG, "   ", HandleProblem.EMPTY),
        (IG, "@", HandleProblem.EMPTY),
        (IG, "https://x.com/jokowi", HandleProblem.WRONG_PLATFORM),
        (X, "instagram.com/siti.rahma", HandleProblem.WRONG_PLATFORM),
        (TT, "youtube.com/@kominfotv", HandleProblem.WRONG_PLATFORM),
        (FB, "tiktok.com/@siti", HandleProblem.WRONG_PLATFORM),
        (IG, "https://linktr.ee/siti", HandleProblem.UNKNOWN_SITE),
        (IG, "ftp://instagram.com/siti", HandleProblem.UNKNOWN_SITE),
        (IG, "http://[::1/siti", HandleProblem.UNKNOWN_SITE),
        (IG, "instagram.com/p/Cx1AbC/", HandleProblem.NOT_A_PROFILE),
        (IG, "instagram.com/reel/Cx1AbC/", HandleProblem.NOT_A_PROFILE),
        (IG, "https://www.instagram.com/", HandleProblem.NOT_A_PROFILE),
        (X, "x.com/home", HandleProblem.NOT_A_PROFILE),
        (X, "https://twitter.com/intent/tweet?text=hi", HandleProblem.NOT_A_PROFILE),
        (X, "x.com/jokowi/status/1234567890", HandleProblem.NOT_A_PROFILE),
        (X, "x.com", HandleProblem.NOT_A_PROFILE),
        (FB, "facebook.com/groups/123456", HandleProblem.NOT_A_PROFILE),
        (FB, "facebook.com/share/1AbCdEf/", HandleProblem.NOT_A_PROFILE),
        (FB, "facebook.com/siti.rahma/posts/pfbid0abc", HandleProblem.NOT_A_PROFILE),
        (FB, "facebook.com/profile.php", HandleProblem.NOT_A_PROFILE),
        (TT, "tiktok.com/@siti.r/video/7300000000000000000", HandleProblem.NOT_A_PROFILE),
        (TT, "https://vt.tiktok.com/ZSabc123/", HandleProblem.NOT_A_PROFILE),
        (TT, "tiktok.com/foryou", HandleProblem.NOT_A_PROFILE),
        (YT, "youtube.com/watch?v=dQw4w9WgXcQ", HandleProblem.NOT_A_PROFILE),
        (YT, "youtu.be/dQw4w9WgXcQ", HandleProblem.NOT_A_PROFILE),
        (YT, "youtube.com/channel/UC1234567890abcdefghij", HandleProblem.NOT_A_HANDLE),
        (YT, "youtube.com/c/KominfoTV", HandleProblem.NOT_A_HANDLE),
        (YT, "youtube.com/user/kominfo", HandleProblem.NOT_A_HANDLE),
        (YT, "youtube.com/kominfo", HandleProblem.NOT_A_HANDLE),
        (TT, "a", HandleProblem.TOO_SHORT),
        (YT, "@ab", HandleProblem.TOO_SHORT),
        (FB, "abcd", HandleProblem.TOO_SHORT),
        (IG, "a" * 31, HandleProblem.TOO_LONG),
        (X, "a" * 16, HandleProblem.TOO_LONG),
        (TT, "a" * 25, HandleProblem.TOO_LONG),
        (YT, "a" * 31, HandleProblem.TOO_LONG),
        (FB, "a" * 51, HandleProblem.TOO_LONG),
        (FB, "1" * 21, HandleProblem.TOO_LONG),
        (IG, "siti rahma", HandleProblem.BAD_CHARACTERS),
        (IG, "siti-rahma", HandleProblem.BAD_CHARACTERS),
        (IG, "@@siti", HandleProblem.BAD_CHARACTERS),
        (X, "siti.rahma", HandleProblem.BAD_CHARACTERS),
        (TT, "siti-r", HandleProblem.BAD_CHARACTERS),
        (YT, "@kominfo tv", HandleProblem.BAD_CHARACTERS),
        (FB, "siti_rahma", HandleProblem.BAD_CHARACTERS),
        (IG, "instagram.com/siti rahma", HandleProblem.BAD_CHARACTERS),
    ],
)
def test_each_problem_is_reported_precisely(
    platform: Platform, text: str, expected: HandleProblem
) -> None:
    assert _reason(platform, text) == expected


def test_wrong_platform_error_names_the_platform_of_the_link() -> None:
    with pytest.raises(HandleError) as caught:
        parse_handle(IG, "https://twitter.com/jokowi")

    assert caught.value.platform == X


def test_youtube_handles_may_use_letters_of_any_script() -> None:
    assert parse_handle(YT, "@Kominfo.Dünya").handle == "kominfo.dünya"


def test_youtube_percent_encoded_handles_are_decoded() -> None:
    assert parse_handle(YT, "youtube.com/@k%C3%B6minfo").handle == "kö" + "minfo"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://x.com/jokowi/status/1234567890?s=20", PostLink(X, SocialHandle(X, "jokowi"))),
        ("twitter.com/Jokowi/status/1234567890", PostLink(X, SocialHandle(X, "jokowi"))),
        ("https://x.com/i/web/status/1234567890", PostLink(X, None)),
        ("https://www.instagram.com/p/Cx1AbC/?igsh=x", PostLink(IG, None)),
        ("instagram.com/reel/Cx1AbC", PostLink(IG, None)),
        ("instagram.com/siti.rahma/p/Cx1AbC/", PostLink(IG, SocialHandle(IG, "siti.rahma"))),
        (
            "facebook.com/siti.rahma/posts/pfbid0abc",
            PostLink(FB, SocialHandle(FB, "siti.rahma")),
        ),
        (
            "https://www.facebook.com/permalink.php?story_fbid=1&id=100012345678",
            PostLink(FB, SocialHandle(FB, "100012345678", numeric_id=True)),
        ),
        ("https://www.facebook.com/share/p/1AbCdEf/", PostLink(FB, None)),
        ("https://www.facebook.com/watch/?v=123", PostLink(FB, None)),
        ("https://fb.watch/abcDEF/", PostLink(FB, None)),
        (
            "https://www.tiktok.com/@siti.r/video/7300000000000000000",
            PostLink(TT, SocialHandle(TT, "siti.r")),
        ),
        ("https://vt.tiktok.com/ZSabc123/", PostLink(TT, None)),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10", PostLink(YT, None)),
        ("https://youtube.com/shorts/dQw4w9WgXcQ", PostLink(YT, None)),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", PostLink(YT, None)),
    ],
)
def test_post_links_are_recognised_with_their_author_where_the_url_has_one(
    text: str, expected: PostLink
) -> None:
    assert parse_post_url(text) == expected


def test_post_link_unpacks_as_platform_and_handle() -> None:
    platform, handle = parse_post_url("https://x.com/jokowi/status/1")

    assert (platform, handle) == (X, SocialHandle(X, "jokowi"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", HandleProblem.EMPTY),
        ("jokowi", HandleProblem.NOT_A_POST),
        ("https://x.com/jokowi", HandleProblem.NOT_A_POST),
        ("https://x.com/jokowi/status/abc", HandleProblem.NOT_A_POST),
        ("https://www.instagram.com/siti.rahma/", HandleProblem.NOT_A_POST),
        ("https://www.youtube.com/@kominfotv", HandleProblem.NOT_A_POST),
        ("https://example.com/post/1", HandleProblem.UNKNOWN_SITE),
    ],
)
def test_links_that_are_not_posts_are_refused(text: str, expected: HandleProblem) -> None:
    with pytest.raises(HandleError) as caught:
        parse_post_url(text)

    assert caught.value.reason == expected


@given(st.sampled_from(Platform), st.text())
def test_any_text_either_parses_or_raises_handle_error(platform: Platform, text: str) -> None:
    with contextlib.suppress(HandleError):
        parse_handle(platform, text)


_URL_PREFIXES = st.sampled_from(
    [
        "https://",
        "http://www.",
        "instagram.com/",
        "x.com/",
        "https://facebook.com/",
        "facebook.com/profile.php?id=",
        "tiktok.com/@",
        "youtube.com/",
        "https://[",
    ]
)


@given(st.sampled_from(Platform), _URL_PREFIXES, st.text())
def test_any_url_like_text_either_parses_or_raises_handle_error(
    platform: Platform, prefix: str, rest: str
) -> None:
    with contextlib.suppress(HandleError):
        parse_handle(platform, prefix + rest)


@given(st.one_of(st.text(), st.builds(str.__add__, _URL_PREFIXES, st.text())))
def test_any_text_either_is_a_post_link_or_raises_handle_error(text: str) -> None:
    with contextlib.suppress(HandleError):
        parse_post_url(text)


_KNOWN_HOSTS = (
    *("instagram.com", "instagr.am", "x.com", "twitter.com", "facebook.com", "fb.com"),
    *("fb.me", "fb.watch", "tiktok.com", "youtube.com", "youtu.be"),
)


def _has_digit(handle: str) -> bool:
    return any(c.isdigit() for c in handle)


def _looks_like_a_host(handle: str) -> bool:
    lowered = handle.lower()
    return any(lowered == h or lowered.endswith("." + h) for h in _KNOWN_HOSTS)


_VALID = {
    IG: st.from_regex(r"[A-Za-z0-9._]{1,30}", fullmatch=True),
    X: st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True),
    TT: st.from_regex(r"[A-Za-z0-9._]{2,24}", fullmatch=True),
    YT: st.from_regex(r"[A-Za-z0-9_.\-]{3,30}", fullmatch=True),
}
_PROFILE_URL = {
    IG: "https://www.instagram.com/{}/?igsh=MWx0c2Z5#x",
    X: "twitter.com/{}?s=20",
    TT: "https://m.tiktok.com/@{}/?lang=id",
    YT: "www.youtube.com/@{}/featured?si=abc",
}


@given(st.sampled_from([IG, X, TT, YT]), st.data())
def test_valid_handles_round_trip_as_name_at_name_and_profile_url(
    platform: Platform, data: st.DataObject
) -> None:
    handle = data.draw(_VALID[platform])
    # A digit keeps reserved paths (/p/, /home, /channel) out; bare known hosts read as links.
    assume(_has_digit(handle) and not _looks_like_a_host(handle))
    expected = SocialHandle(platform, handle.lower())
    texts = [handle, "@" + handle, _PROFILE_URL[platform].format(handle)]

    assert [parse_handle(platform, t) for t in texts] == [expected] * 3


@given(st.from_regex(r"[A-Za-z0-9.]{5,50}", fullmatch=True))
def test_valid_facebook_usernames_round_trip_keeping_their_case(handle: str) -> None:
    assume(_has_digit(handle) and not handle.isdigit() and not _looks_like_a_host(handle))
    texts = [handle, "@" + handle, f"https://m.facebook.com/{handle}/?ref=bookmarks"]

    assert [parse_handle(FB, t).handle for t in texts] == [handle] * 3


@given(st.integers(min_value=1, max_value=10**20 - 1))
def test_facebook_profile_ids_round_trip_through_profile_url(profile_id: int) -> None:
    parsed = parse_handle(FB, f"https://www.facebook.com/profile.php?id={profile_id}")

    assert parse_handle(FB, parsed.profile_url) == parsed
