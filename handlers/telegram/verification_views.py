"""How verification results look in Telegram: one message per account, then the decision."""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.telegram.texts import Translator
from bot.enrollment.social_handles import Platform
from bot.texts import keys
from bot.texts.formats import count, day
from bot.verification.display import account_values, code_values
from bot.verification.outcomes import (
    AccountOutcome,
    Decision,
    ReviewReason,
    Verdict,
    VerificationNews,
)
from bot.verification.rules import Policy
from handlers.telegram import callback_data as callbacks

Message = tuple[str, InlineKeyboardMarkup | None]


def outcome_message(t: Translator, outcome: AccountOutcome, policy: Policy) -> Message:
    platform = outcome.platform
    values = account_values(t.locale, outcome, policy) | code_values(outcome, policy)
    verdict = outcome.verdict
    if verdict in {Verdict.NEEDS_OWNERSHIP, Verdict.CODE_MISSING}:
        buttons = [
            [
                InlineKeyboardButton(
                    t.label("btn_code_done"), callback_data=callbacks.CODE_DONE.encode(platform)
                ),
                InlineKeyboardButton(
                    t.label("btn_code_new"), callback_data=callbacks.CODE_NEW.encode(platform)
                ),
            ]
        ]
        return t(keys.VERDICT[verdict], **values), InlineKeyboardMarkup(buttons)
    if verdict is Verdict.NEEDS_REVIEW:
        reason = t.rich(keys.REVIEW_REASON[outcome.review_reason]) if outcome.review_reason else ""
        button = InlineKeyboardButton(
            t.label("btn_send_screenshot"), callback_data=callbacks.MANUAL_REVIEW.encode(platform)
        )
        key = (
            "verdict_protected"
            if outcome.review_reason is ReviewReason.PROTECTED
            else "verdict_needs_review"
        )
        return t(key, reason=reason, **values), InlineKeyboardMarkup([[button]])
    if verdict is Verdict.BELOW_THRESHOLD:
        # The API may lag behind the profile; a person who disagrees can ask a human.
        button = InlineKeyboardButton(
            t.label("btn_ask_review"), callback_data=callbacks.MANUAL_REVIEW.encode(platform)
        )
        return t("verdict_below_threshold", **values), InlineKeyboardMarkup([[button]])
    return t(keys.VERDICT[verdict], **values), None


def _screenshot_button(t: Translator, platform: Platform) -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(
        t.label("btn_send_screenshot"), callback_data=callbacks.MANUAL_REVIEW.encode(platform)
    )
    return InlineKeyboardMarkup([[button]])


def _reverify_message(t: Translator, news: VerificationNews, policy: Policy) -> Message | None:
    """What a periodic re-verification found, when it found something to say."""
    if not news.outcomes:
        return None
    first = news.outcomes[0]
    values = account_values(t.locale, first, policy)
    grace_until = news.extra.get("grace_until")
    if isinstance(grace_until, datetime):
        date = day(grace_until, t.locale)
        if news.extra.get("unconfirmed"):
            text = t("reverify_unconfirmed", date=date, **values)
            return text, _screenshot_button(t, first.platform)
        return t("reverify_below", date=date, **values), None
    extended = news.extra.get("reverified")
    if isinstance(extended, datetime):
        return t("reverify_passed", date=day(extended, t.locale), **values), None
    if news.extra.get("reverify") and first.verdict is Verdict.NEEDS_REVIEW:
        reason = t.rich(keys.REVIEW_REASON[first.review_reason]) if first.review_reason else ""
        text = t("reverify_needs_review", reason=reason, **values)
        return text, _screenshot_button(t, first.platform)
    return None


def news_messages(t: Translator, news: VerificationNews, policy: Policy) -> list[Message]:
    messages = [outcome_message(t, outcome, policy) for outcome in news.outcomes]
    reverify = _reverify_message(t, news, policy)
    if reverify is not None:
        messages = [reverify]
    if news.extra.get("suspended"):
        messages.append((t("reverify_suspended"), None))
    if news.decision is Decision.VERIFIED:
        messages.append((t("decision_verified"), None))
    elif news.decision is Decision.REJECTED:
        when = day(news.reapply_after, t.locale) if news.reapply_after else "—"
        text = t("decision_rejected", threshold=count(policy.threshold, t.locale), date=when)
        messages.append((text, None))
    return messages
