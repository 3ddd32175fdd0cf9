"""What each enrollment step looks like on WhatsApp: the question, and the reply buttons or
list that answer it."""

from __future__ import annotations

from bot.channels.whatsapp.texts import WhatsAppTranslator
from bot.enrollment.nip import NipError
from bot.enrollment.person_names import FullNameError
from bot.enrollment.service import (
    MAX_WORK_UNIT_LENGTH,
    PLATFORM_ORDER,
    Draft,
    NipTaken,
    WorkUnitError,
)
from bot.enrollment.social_handles import HandleError, Platform
from bot.enrollment.work_email import EmailError
from bot.reference.agencies import AgencyError, AgencyKind
from bot.texts import keys
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
# List rows for the kinds of agency (the Telegram buttons' words are too long for a row).
KIND_ROW: dict[AgencyKind, str] = {
    AgencyKind.CENTRAL: "wa_kind_central",
    AgencyKind.PROVINCIAL: "wa_kind_provincial",
    AgencyKind.REGIONAL: "wa_kind_regional",
}


def shown_handle(platform: str, handle: str) -> str:
    if platform == Platform.FACEBOOK and handle.isdigit():
        return f"facebook.com/profile.php?id={handle}"
    return f"@{handle}"


def social_question(t: WhatsAppTranslator, draft: Draft) -> str:
    platform = draft.current_platform or PLATFORM_ORDER[0]
    saved = draft.account(platform)
    current = t.rich("social_current", handle=shown_handle(platform, saved.handle)) if saved else ""
    return t(
        "ask_social_handle",
        index=PLATFORM_ORDER.index(platform) + 1,
        platform=PLATFORM_NAMES[platform],
        example=PLATFORM_EXAMPLES[platform],
        current=current,
    )


def details(t: WhatsAppTranslator, draft: Draft) -> dict[str, object]:
    e = draft.enrollment
    province = draft.province
    accounts = Rich.join(
        "\n",
        (
            t.rich(
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
        "email": e.work_email or t.rich("summary_no_email"),
        "accounts": accounts,
    }


def summary_text(t: WhatsAppTranslator, draft: Draft) -> str:
    if draft.submitted:
        status = t.rich(keys.STATUS_WORD[draft.enrollment.status])
        return t("profile", status=status, **details(t, draft))
    return t("summary", **details(t, draft))


def problem(
    t: WhatsAppTranslator, error: Exception, answer: str, *, platform: Platform | None = None
) -> str:
    """What was wrong with an answer and what a good one looks like, in the person's language."""
    if isinstance(error, NipError):
        digits = sum(char.isdigit() for char in answer)
        return f"{t(keys.NIP_PROBLEM[error.reason], digits=digits)}\n{t('nip_example')}"
    if isinstance(error, NipTaken):
        return t("nip_taken")
    if isinstance(error, FullNameError):
        return t(keys.NAME_PROBLEM[error.reason])
    if isinstance(error, AgencyError):
        return f"{t(keys.AGENCY_PROBLEM[error.reason])}\n{t('agency_example')}"
    if isinstance(error, WorkUnitError):
        text = t(keys.WORK_UNIT_PROBLEM[error.reason], max=MAX_WORK_UNIT_LENGTH)
        return f"{text}\n{t('unit_example')}"
    if isinstance(error, EmailError):
        return f"{t(keys.EMAIL_PROBLEM[error.reason])}\n{t('email_example')}"
    if isinstance(error, HandleError):
        shown = platform or PLATFORM_ORDER[0]
        return t(keys.HANDLE_PROBLEM[error.reason], platform=PLATFORM_NAMES[shown])
    raise TypeError(f"no message for {type(error).__name__}")
