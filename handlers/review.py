"""Manual review in the admin group: the review card, Approve/Reject, /tinjau."""

from __future__ import annotations

import re

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from bot.social_handles import Platform
from bot.telegram_adapter.admins import actor_of
from bot.telegram_adapter.context import BotContext
from bot.texts import Translator
from bot.texts.formats import count, day
from bot.verification.review import ReviewCard, ReviewReason, ReviewResult
from handlers.enrollment_views import PLATFORM_NAMES

HTML = ParseMode.HTML
APPROVE, REJECT, REASON, TYPED, BACK = "rev:ok:", "rev:no:", "rev:why:", "rev:type:", "rev:back:"
_CASE_NUMBER = re.compile(r"#(\d+)")


def _admin_translator(context: BotContext) -> Translator:
    return Translator(context.services.settings.default_locale)


def card_text(t: Translator, card: ReviewCard) -> str:
    case = card.case
    platform = Platform(case.platform)
    flags = ", ".join(t(f"flag_{flag.value}") for flag in card.flags) or t("review_card_none")
    return t(
        "review_card",
        case_id=case.id,
        name=card.full_name,
        agency=card.agency,
        platform=PLATFORM_NAMES[platform],
        profile_url=card.profile_url,
        claimed=count(case.claimed_followers, t.locale),
        code=case.code or "—",
        evidence=case.evidence or t("review_card_none"),
        flags=flags,
    )


def _decision_buttons(t: Translator, case_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("btn_approve"), callback_data=f"{APPROVE}{case_id}"),
                InlineKeyboardButton(t("btn_reject"), callback_data=f"{REJECT}{case_id}"),
            ]
        ]
    )


def _reason_buttons(t: Translator, case_id: int, threshold: str) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                t(f"reject_reason_{key}", threshold=threshold),
                callback_data=f"{REASON}{case_id}:{key}",
            )
        ]
        for key in ReviewReason.KEYS
    ]
    rows.append([InlineKeyboardButton(t("btn_reason_typed"), callback_data=f"{TYPED}{case_id}")])
    rows.append([InlineKeyboardButton(t("btn_back"), callback_data=f"{BACK}{case_id}")])
    return InlineKeyboardMarkup(rows)


async def post_card(context: BotContext, card: ReviewCard) -> None:
    """Posts the card (with the screenshot when there is one) to the admin group."""
    t = _admin_translator(context)
    chat_id = context.admins.chat_id
    text = card_text(t, card)
    buttons = _decision_buttons(t, card.case.id)
    if card.case.screenshot_file_id:
        message = await context.bot.send_photo(
            chat_id,
            card.case.screenshot_file_id,
            caption=text,
            parse_mode=HTML,
            reply_markup=buttons,
        )
    else:
        message = await context.bot.send_message(
            chat_id, text, parse_mode=HTML, reply_markup=buttons
        )
    await context.services.review.card_posted(card.case.id, message.message_id)


async def on_review_button(update: Update, context: BotContext) -> None:
    """Approve, Reject (then a reason), or back to the two buttons."""
    query = update.callback_query
    assert query and query.data
    t = _admin_translator(context)
    data = query.data
    threshold = count(context.services.verification.policy.threshold, t.locale)
    case_id = int(data.split(":")[2])
    if data.startswith(REJECT):
        await query.answer()
        await query.edit_message_reply_markup(_reason_buttons(t, case_id, threshold))
        return
    if data.startswith(BACK):
        await query.answer()
        await query.edit_message_reply_markup(_decision_buttons(t, case_id))
        return
    if data.startswith(TYPED):
        await query.answer()
        await context.bot.send_message(
            context.admins.chat_id,
            t("ask_typed_reason", case_id=case_id),
            reply_markup=ForceReply(selective=True),
        )
        return
    if data.startswith(APPROVE):
        result = await context.services.review.decide(case_id, actor_of(update), approve=True)
    else:
        key = data.split(":")[3]
        reason = t(f"reject_reason_{key}", threshold=threshold)
        result = await context.services.review.decide(
            case_id, actor_of(update), approve=False, reason=reason
        )
    await _after_decision(update, context, result)


async def on_typed_reason(update: Update, context: BotContext) -> None:
    """An admin's reply to the 'type a reason' prompt rejects that case with the text."""
    message = update.effective_message
    assert message and message.reply_to_message and message.text
    prompt = message.reply_to_message.text or ""
    match = _CASE_NUMBER.search(prompt)
    if not match or message.reply_to_message.from_user != context.bot.bot:
        return
    result = await context.services.review.decide(
        int(match[1]), actor_of(update), approve=False, reason=message.text.strip()[:300]
    )
    await _after_decision(update, context, result)


async def _after_decision(update: Update, context: BotContext, result: ReviewResult) -> None:
    t = _admin_translator(context)
    case = result.case
    if not result.won:
        text = t("review_already_decided", admin=case.decided_by or "?")
        if update.callback_query:
            await update.callback_query.answer(text, show_alert=True)
        elif update.effective_message:
            await update.effective_message.reply_html(text)
        return
    if update.callback_query:
        await update.callback_query.answer()
    note = (
        t("review_decided_approved", admin=case.decided_by)
        if case.status == "approved"
        else t("review_decided_rejected", admin=case.decided_by, reason=case.reason or "")
    )
    if case.card_message_id:
        card = await context.services.review.card(case.id)
        text = f"{card_text(t, card)}\n\n{note}"
        if card.case.screenshot_file_id:
            await context.bot.edit_message_caption(
                context.admins.chat_id, case.card_message_id, caption=text, parse_mode=HTML
            )
        else:
            await context.bot.edit_message_text(
                text, context.admins.chat_id, case.card_message_id, parse_mode=HTML
            )
    if result.who is None:
        return
    platform = Platform(case.platform)
    handle = case.handle if platform == Platform.FACEBOOK else f"@{case.handle}"
    key = "review_approved" if case.status == "approved" else "review_rejected"
    await context.messenger.say(
        result.who, key, platform=PLATFORM_NAMES[platform], handle=handle, reason=case.reason or ""
    )
    if result.news:
        await context.messenger.verification_news(result.who, result.news)


async def list_pending(update: Update, context: BotContext) -> None:
    """/tinjau: the pending cases, oldest first; /tinjau N posts case N's card again."""
    message = update.effective_message
    assert message
    t = _admin_translator(context)
    if context.args and context.args[0].lstrip("#").isdigit():
        case_id = int(context.args[0].lstrip("#"))
        cards = [c for c in await context.services.review.pending(500) if c.case.id == case_id]
        if not cards:
            await message.reply_html(t("review_not_found", case_id=case_id))
            return
        await post_card(context, cards[0])
        return
    cards = await context.services.review.pending(30)
    if not cards:
        await message.reply_html(t("review_list_empty"))
        return
    lines = [t("review_list_header")]
    for card in cards:
        case = card.case
        platform = Platform(case.platform)
        lines.append(
            t(
                "review_list_line",
                case_id=case.id,
                name=card.full_name,
                platform=PLATFORM_NAMES[platform],
                handle=case.handle,
                claimed=count(case.claimed_followers, t.locale),
                date=day(case.created_at, t.locale),
            )
        )
    await message.reply_html("\n".join(lines))
