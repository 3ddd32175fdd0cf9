"""How enrollment values are shown, the same on every channel and page: platform names, an
example handle per platform, a handle as people know it, and the summary's values."""

from __future__ import annotations

from bot.enrollment.service import Draft
from bot.enrollment.social_handles import Platform
from bot.languages import Locale
from bot.texts import render
from bot.texts.markup import Rich

PLATFORM_NAMES = {
    Platform.INSTAGRAM: "Instagram",
    Platform.FACEBOOK: "Facebook",
    Platform.X: "X (Twitter)",
    Platform.TIKTOK: "TikTok",
    Platform.YOUTUBE: "YouTube",
}
PLATFORM_EXAMPLES = {
    Platform.INSTAGRAM: "@siti.rahma",
    Platform.FACEBOOK: "facebook.com/siti.rahma.id",
    Platform.X: "@sitirahma",
    Platform.TIKTOK: "@siti.rahma",
    Platform.YOUTUBE: "@SitiRahmaChannel",
}


def shown_handle(platform: str, handle: str) -> str:
    """`@name`; a Facebook profile known only by its number as its address."""
    if platform == Platform.FACEBOOK and handle.isdigit():
        return f"facebook.com/profile.php?id={handle}"
    return f"@{handle}"


def summary_values(locale: Locale, draft: Draft) -> dict[str, object]:
    """The values of the `summary` and `profile` texts."""
    e = draft.enrollment
    province = draft.province
    accounts = Rich.join(
        "\n",
        (
            render(
                locale,
                "summary_account",
                platform=PLATFORM_NAMES[Platform(a.platform)],
                handle=shown_handle(a.platform, a.handle),
            )
            for a in draft.accounts
        ),
    )
    return {
        "nip": e.nip or "—",
        "full_name": e.full_name or "—",
        "agency": e.agency_name or "—",
        "work_unit": e.work_unit or "—",
        "province": province.name if province else "—",
        "zone": province.zone.name if province else "—",
        "email": e.work_email or render(locale, "summary_no_email"),
        "accounts": accounts,
    }
