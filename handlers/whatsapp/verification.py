"""Verification on WhatsApp: the results after submitting, the ownership code's buttons,
VERIFIKASI, and the screenshot for manual review (flow: handlers/telegram/verification.mmd).

The screenshot arrives as an image message; its bytes are downloaded from the Cloud API and
handed to the admins' review desk, which keeps it where their review card shows it."""

from __future__ import annotations

from datetime import datetime

from bot.channels.whatsapp.texts import WhatsAppTranslator
from bot.enrollment.social_handles import Platform
from bot.texts import keys
from bot.texts.formats import count, day
from bot.verification.follower_counts import AmbiguousCount, CountError, parse_follower_count
from bot.verification.outcomes import (
    AccountOutcome,
    Decision,
    ReviewReason,
    Verdict,
    VerificationNews,
)
from bot.verification.review import NoOpenCase
from bot.verification.rules import Policy
from bot.verification.service import CannotVerifyYet, RecheckTooSoon
from handlers.whatsapp import choices
from handlers.whatsapp.badges import send_badge
from handlers.whatsapp.context import Chat
from handlers.whatsapp.enrollment_views import PLATFORM_NAMES

# (body, reply buttons as (id, title)) — what one news message looks like.
NewsMessage = tuple[str, list[tuple[str, str]]]
AWAIT_SCREENSHOT = "screenshot"
AWAIT_COUNT = "count"
MAX_COUNT_CHOICES = 3


def _handle(platform: Platform, handle: str) -> str:
    return handle if platform == Platform.FACEBOOK else f"@{handle}"


def _review_button(t: WhatsAppTranslator, platform: Platform, key: str) -> list[tuple[str, str]]:
    return [(choices.encode(choices.MANUAL_REVIEW, platform.value), t.label(key))]


def outcome_message(t: WhatsAppTranslator, outcome: AccountOutcome, policy: Policy) -> NewsMessage:
    platform = outcome.platform
    values = {
        "platform": PLATFORM_NAMES[platform],
        "handle": _handle(platform, outcome.handle),
        "followers": count(outcome.followers, t.locale),
        "threshold": count(policy.threshold, t.locale),
        "code": outcome.code or "",
        "minutes": int(policy.code_valid.total_seconds() // 60),
    }
    verdict = outcome.verdict
    if verdict in {Verdict.NEEDS_OWNERSHIP, Verdict.CODE_MISSING}:
        buttons = [
            (choices.encode(choices.CODE_DONE, platform.value), t.label("btn_code_done")),
            (choices.encode(choices.CODE_NEW, platform.value), t.label("btn_code_new")),
        ]
        return t(keys.VERDICT[verdict], **values), buttons
    if verdict is Verdict.NEEDS_REVIEW:
        reason = t.rich(keys.REVIEW_REASON[outcome.review_reason]) if outcome.review_reason else ""
        key = (
            "verdict_protected"
            if outcome.review_reason is ReviewReason.PROTECTED
            else "verdict_needs_review"
        )
        button = _review_button(t, platform, "wa_btn_send_screenshot")
        return t(key, reason=reason, **values), button
    if verdict is Verdict.BELOW_THRESHOLD:
        # The API may lag behind the profile; a person who disagrees can ask a human.
        button = _review_button(t, platform, "wa_btn_ask_review")
        return t("verdict_below_threshold", **values), button
    return t(keys.VERDICT[verdict], **values), []


def _reverify_message(
    t: WhatsAppTranslator, news: VerificationNews, policy: Policy
) -> NewsMessage | None:
    """What a periodic re-verification found, when it found something to say."""
    if not news.outcomes:
        return None
    first = news.outcomes[0]
    values = {
        "platform": PLATFORM_NAMES[first.platform],
        "handle": _handle(first.platform, first.handle),
        "followers": count(first.followers, t.locale),
        "threshold": count(policy.threshold, t.locale),
    }
    screenshot = _review_button(t, first.platform, "wa_btn_send_screenshot")
    grace_until = news.extra.get("grace_until")
    if isinstance(grace_until, datetime):
        date = day(grace_until, t.locale)
        if news.extra.get("unconfirmed"):
            return t("reverify_unconfirmed", date=date, **values), screenshot
        return t("reverify_below", date=date, **values), []
    extended = news.extra.get("reverified")
    if isinstance(extended, datetime):
        return t("reverify_passed", date=day(extended, t.locale), **values), []
    if news.extra.get("reverify") and first.verdict is Verdict.NEEDS_REVIEW:
        reason = t.rich(keys.REVIEW_REASON[first.review_reason]) if first.review_reason else ""
        return t("reverify_needs_review", reason=reason, **values), screenshot
    return None


def news_messages(
    t: WhatsAppTranslator, news: VerificationNews, policy: Policy
) -> list[NewsMessage]:
    messages = [outcome_message(t, outcome, policy) for outcome in news.outcomes]
    reverify = _reverify_message(t, news, policy)
    if reverify is not None:
        messages = [reverify]
    if news.extra.get("suspended"):
        messages.append((t("reverify_suspended"), []))
    if news.decision is Decision.VERIFIED:
        messages.append((t("decision_verified"), []))
    elif news.decision is Decision.REJECTED:
        when = day(news.reapply_after, t.locale) if news.reapply_after else "—"
        text = t("decision_rejected", threshold=count(policy.threshold, t.locale), date=when)
        messages.append((text, []))
    return messages


async def send_news(chat: Chat, news: VerificationNews) -> None:
    """The news in the chat, then the badge it issued (handlers/whatsapp/badges.py)."""
    policy = chat.services.verification.policy
    for text, buttons in news_messages(chat.t, news, policy):
        if buttons:
            await chat.buttons(text, buttons)
        else:
            await chat.say(text)
    if news.badge is not None:
        await send_badge(chat.deps.messages, chat.services.badges, chat.t, chat.wa_id, news.badge)


async def check_after_submit(chat: Chat) -> None:
    """The first round of checks right after the enrollment is confirmed."""
    await chat.say(chat.t("verify_checking"))
    news = await chat.services.verification.check_all(chat.who)
    await send_news(chat, news)


async def on_verify_command(chat: Chat) -> None:
    """VERIFIKASI: every account checked again, at most once per cooldown."""
    try:
        news = await chat.services.verification.request_recheck(chat.who)
    except RecheckTooSoon as too_soon:
        minutes = max(1, int(too_soon.wait.total_seconds() // 60) + 1)
        await chat.say(chat.t("recheck_too_soon", minutes=minutes))
        return
    except CannotVerifyYet as not_yet:
        if not_yet.reapply_after:
            await chat.say(
                chat.t("cannot_verify_until", date=day(not_yet.reapply_after, chat.locale))
            )
        else:
            await chat.say(chat.t("cannot_verify_yet"))
        return
    await chat.say(chat.t("verify_checking"))
    await send_news(chat, news)


def _platform(value: str) -> Platform | None:
    return next((p for p in Platform if p.value == value), None)


async def on_choice(chat: Chat, choice: choices.Choice) -> bool:
    """Code buttons, the manual review button and an ambiguous count's choice."""
    if choice.kind == choices.COUNT:
        state = await chat.state()
        if state.get("await") != AWAIT_COUNT or choice.number is None:
            await chat.say(chat.t("button_outdated"))
        else:
            await _submit_case(chat, choice.number)
        return True
    if choice.kind not in {choices.CODE_DONE, choices.CODE_NEW, choices.MANUAL_REVIEW}:
        return False
    platform = _platform(choice.value)
    if platform is None:
        await chat.say(chat.t("button_outdated"))
        return True
    if choice.kind == choices.MANUAL_REVIEW:
        await _start_review(chat, platform)
        return True
    service = chat.services.verification
    if choice.kind == choices.CODE_DONE:
        news = await service.confirm_ownership(chat.who, platform)
    else:
        news = await service.renew_code(chat.who, platform)
    await send_news(chat, news)
    return True


async def _start_review(chat: Chat, platform: Platform) -> None:
    """Opens a review case and asks for the screenshot."""
    try:
        code = await chat.services.review.begin(chat.who, platform)
    except NoOpenCase:
        await chat.say(chat.t("review_no_case"))
        return
    handle = code.handle if platform == Platform.FACEBOOK else f"@{code.handle}"
    await chat.wait_for(AWAIT_SCREENSHOT)
    await chat.say(
        chat.t("ask_screenshot", platform=PLATFORM_NAMES[platform], handle=handle, code=code.code)
    )


async def on_screenshot(chat: Chat, media_id: str | None) -> None:
    """Keeps the screenshot for the admins and asks for the follower count it shows."""
    if media_id is None:
        await chat.say(chat.t("screenshot_expected"))
        return
    data, mime_type = await chat.deps.messages.download_media(media_id)
    file_id = await chat.deps.review_desk.keep_screenshot(data, mime_type)
    try:
        await chat.services.review.attach_screenshot(chat.who, file_id)
    except NoOpenCase:
        await chat.stop_waiting()
        await chat.say(chat.t("review_no_case"))
        return
    await chat.wait_for(AWAIT_COUNT)
    await chat.say(chat.t("ask_claimed_count"))


async def on_claimed_count(chat: Chat, text: str) -> None:
    """Stores the count (asking back when `M` is ambiguous) and sends the case to the admins."""
    try:
        followers = parse_follower_count(text, locale_hint=chat.locale)
    except AmbiguousCount as ambiguous:
        buttons = [
            (choices.encode(choices.COUNT, c), count(c, chat.locale))
            for c in ambiguous.candidates[:MAX_COUNT_CHOICES]
        ]
        await chat.buttons(chat.t("count_ambiguous", text=text), buttons)
        return
    except CountError as error:
        problem = chat.t(keys.COUNT_PROBLEM[error.reason])
        await chat.say(f"❌ {problem}\n{chat.t('count_example')}")
        return
    await _submit_case(chat, followers)


async def _submit_case(chat: Chat, followers: int) -> None:
    await chat.stop_waiting()
    try:
        card = await chat.services.review.claim(chat.who, followers)
    except NoOpenCase:
        await chat.say(chat.t("review_no_case"))
        return
    await chat.deps.review_desk.post_card(card)
    await chat.say(chat.t("review_sent"))
