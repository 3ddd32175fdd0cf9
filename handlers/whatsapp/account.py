"""STATUS, BERHENTI / LANJUT, BAHASA and POIN on WhatsApp."""

from __future__ import annotations

from bot.badges.service import BadgeState
from bot.languages import Locale
from bot.texts import keys
from bot.texts.formats import count, day
from handlers.whatsapp import choices
from handlers.whatsapp.context import Chat

LANGUAGES: dict[str, tuple[Locale, str]] = {
    "id": ("id", "🇮🇩 Bahasa Indonesia"),
    "en": ("en", "🇬🇧 English"),
}


async def show_status(chat: Chat) -> None:
    """Where the enrollment stands and what comes next."""
    t = chat.t
    draft = await chat.services.enrollment.draft(chat.who)
    if draft is None:
        await chat.say(t("not_enrolled"))
        return
    if not draft.submitted:
        await chat.say(t("status_draft"))
        return
    e = draft.enrollment
    moment = {"verified": e.verified_at, "rejected": e.reapply_after}.get(e.status, e.submitted_at)
    threshold = count(chat.services.verification.policy.threshold, t.locale)
    # During a re-verification grace period the person is still verified, but warned.
    grace = e.grace_until if e.status == "verified" else None
    text = t(
        "status_verified_grace" if grace else keys.STATUS_TEXT[e.status],
        date=day(moment, t.locale) if moment else "—",
        threshold=threshold,
        suspend_date=day(grace, t.locale) if grace else "",
    )
    if e.status == "verified":
        text += "\n\n" + await _badge_line(chat)
    if e.content_paused_at:
        text += "\n\n" + t("status_paused")
    await chat.say(text)


async def _badge_line(chat: Chat) -> str:
    badges, t = chat.services.badges, chat.t
    badge = await badges.current(chat.who)
    if badge is None:
        return t("status_badge_coming")
    state = badges.state_of(badge)
    if state is not BadgeState.VALID:
        return t(keys.BADGE_STATE[state], number=badge.number)
    return t("status_badge", number=badge.number, date=day(badge.expires_at, t.locale))


async def stop_content(chat: Chat) -> None:
    """BERHENTI: no more content (one word, as voluntary as joining)."""
    service = chat.services.enrollment
    draft = await service.draft(chat.who)
    if draft is None:
        await chat.say(chat.t("not_enrolled"))
    elif draft.enrollment.content_paused_at:
        await chat.say(chat.t("already_paused"))
    else:
        await service.pause_content(chat.who)
        await chat.say(chat.t("paused"))


async def resume_content(chat: Chat) -> None:
    """LANJUT: content again."""
    service = chat.services.enrollment
    draft = await service.draft(chat.who)
    if draft is None:
        await chat.say(chat.t("not_enrolled"))
    elif not draft.enrollment.content_paused_at:
        await chat.say(chat.t("not_paused"))
    else:
        await service.resume_content(chat.who)
        await chat.say(chat.t("resumed"))


async def ask_language(chat: Chat) -> None:
    buttons = [
        (choices.encode(choices.LANGUAGE, code), title) for code, title in LANGUAGES.values()
    ]
    await chat.buttons(chat.t("ask_language"), buttons)


async def choose_language(chat: Chat, code: str) -> Locale | None:
    """Stores the language of the pressed button; returns it (None for an unknown one)."""
    if code not in LANGUAGES:
        await chat.say(chat.t("button_outdated"))
        return None
    locale = LANGUAGES[code][0]
    await chat.services.people.choose_language(chat.who, locale)
    return locale


async def show_points(chat: Chat) -> None:
    """POIN: total points, number of shares, streak."""
    reshares = chat.services.reshares
    total, streak = await reshares.summary(chat.who)
    shares = await reshares.count(chat.who)
    await chat.say(chat.t("points_summary", total=total, count=shares, streak=streak))
