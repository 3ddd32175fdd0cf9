"""Manual review in the admin group: the review card, Approve/Reject, /tinjau."""

from __future__ import annotations

import contextlib
import math
import re

from telegram import (
    Bot,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.channels.telegram.admins import AdminDirectory, actor_of
from bot.channels.telegram.context import BotContext
from bot.channels.telegram.texts import Translator
from bot.enrollment.social_handles import Platform
from bot.texts import keys
from bot.texts.excerpt import excerpt
from bot.texts.formats import count, day
from bot.texts.markup import Rich
from bot.texts.numbers import parse_whole_number
from bot.verification.review import (
    CaseGone,
    ReviewCard,
    ReviewReason,
    ReviewResult,
    ReviewService,
)
from handlers.telegram.callback_data import (
    REVIEW,
    ReviewAction,
    ReviewPress,
    remove_buttons,
    unchanged_is_fine,
)
from handlers.telegram.enrollment_views import PLATFORM_NAMES

HTML = ParseMode.HTML
# 10 lines of at most ~250 characters stay far below Telegram's 4,096.
PAGE_SIZE = 10
_CASE_NUMBER = re.compile(r"#([0-9]{1,19})")
# The decision note under a card: a photo caption holds 1,024 characters in all.
_NOTE_REASON_LENGTH = 120


def card_text(t: Translator, card: ReviewCard) -> str:
    case = card.case
    platform = Platform(case.platform)
    flags = [t.rich(keys.FLAG[flag]) for flag in card.flags]
    return t(
        "review_card",
        case_id=case.id,
        name=card.full_name,
        agency=card.agency,
        platform=PLATFORM_NAMES[platform],
        profile_url=card.profile_url,
        claimed=count(case.claimed_followers, t.locale),
        code=case.code or "—",
        evidence=case.evidence or t.rich("review_card_none"),
        flags=Rich.join(", ", flags) if flags else t.rich("review_card_none"),
    )


def _decision_buttons(t: Translator, case_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t.label("btn_approve"),
                    callback_data=REVIEW.encode(ReviewPress(ReviewAction.APPROVE, case_id)),
                ),
                InlineKeyboardButton(
                    t.label("btn_reject"),
                    callback_data=REVIEW.encode(ReviewPress(ReviewAction.REJECT, case_id)),
                ),
            ]
        ]
    )


def _reason_buttons(t: Translator, case_id: int, threshold: str) -> InlineKeyboardMarkup:
    def button(text: str, press: ReviewPress) -> list[InlineKeyboardButton]:
        return [InlineKeyboardButton(text, callback_data=REVIEW.encode(press))]

    rows = [
        button(
            t.label(keys.REJECT_REASON[key], threshold=threshold),
            ReviewPress(ReviewAction.REASON, case_id, key),
        )
        for key in ReviewReason.KEYS
    ]
    rows.append(button(t.label("btn_reason_typed"), ReviewPress(ReviewAction.TYPED, case_id)))
    rows.append(button(t.label("btn_back"), ReviewPress(ReviewAction.BACK, case_id)))
    return InlineKeyboardMarkup(rows)


async def post_card(context: BotContext, card: ReviewCard) -> None:
    """Posts the card (with the screenshot when there is one) to the admin group."""
    desk = TelegramReviewDesk(context.bot, context.admins, context.admin_t, context.services.review)
    await desk.post_card(card)


class TelegramReviewDesk:
    """The admins' review desk in their Telegram group, for cases from any channel."""

    def __init__(
        self, bot: Bot, admins: AdminDirectory, t: Translator, review: ReviewService
    ) -> None:
        self._bot, self._admins, self._t, self._review = bot, admins, t, review

    async def keep_screenshot(self, data: bytes, mime_type: str) -> str:
        """A screenshot from another channel (WhatsApp) becomes a Telegram file id, the form a
        case keeps: uploaded silently to the admin group and the message deleted at once (the
        file id stays valid), so the admins see it only on the case's card."""
        filename = "screenshot.png" if mime_type == "image/png" else "screenshot.jpg"
        message = await self._bot.send_photo(
            self._admins.chat_id, InputFile(data, filename=filename), disable_notification=True
        )
        with contextlib.suppress(TelegramError):
            await message.delete()
        return message.photo[-1].file_id

    async def post_card(self, card: ReviewCard) -> None:
        chat_id = self._admins.chat_id
        text = card_text(self._t, card)
        buttons = _decision_buttons(self._t, card.case.id)
        if card.case.screenshot_file_id:
            message = await self._bot.send_photo(
                chat_id,
                card.case.screenshot_file_id,
                caption=text,
                parse_mode=HTML,
                reply_markup=buttons,
            )
        else:
            message = await self._bot.send_message(
                chat_id, text, parse_mode=HTML, reply_markup=buttons
            )
        await self._review.card_posted(card.case.id, message.message_id)


async def on_review_button(update: Update, context: BotContext) -> None:
    """Approve, Reject (then a reason), back to the two buttons, or a page of /tinjau."""
    query = update.callback_query
    assert query
    t = context.admin_t
    press = REVIEW.decode(query.data)
    if press is None or query.message is None:
        await _outdated(update, context)
        return
    if press.action is ReviewAction.PAGE:
        await _turn_page(update, context, press.number)
        return
    card_message_id = query.message.message_id
    try:
        if press.action in {ReviewAction.REJECT, ReviewAction.BACK, ReviewAction.TYPED}:
            case = await context.services.review.check_card(press.number, card_message_id)
            if case.status != "pending":
                text = t("review_already_decided", admin=case.decided_by or "?")
                await query.answer(text, show_alert=True)
                await remove_buttons(query)
                return
            await _show_choices(update, context, press)
            return
        reason = None
        if press.action is ReviewAction.REASON and press.reason is not None:
            threshold = count(context.services.verification.policy.threshold, t.locale)
            reason = t.label(keys.REJECT_REASON[press.reason], threshold=threshold)
        result = await context.services.review.decide(
            press.number,
            actor_of(update),
            approve=press.action is ReviewAction.APPROVE,
            reason=reason,
            card_message_id=card_message_id,
        )
    except CaseGone as gone:
        await _close_card(update, context, gone)
        return
    await _after_decision(update, context, result)


async def _turn_page(update: Update, context: BotContext, page: int) -> None:
    query = update.callback_query
    assert query and query.message
    if not getattr(query.message, "text", None):  # page buttons live on the text list only
        await _outdated(update, context)
        return
    await query.answer()
    text, markup = await _pending_page(context, context.admin_t, page)
    with unchanged_is_fine():  # a second press on the same page button
        await query.edit_message_text(text, parse_mode=HTML, reply_markup=markup)


async def _show_choices(update: Update, context: BotContext, press: ReviewPress) -> None:
    query = update.callback_query
    assert query
    t = context.admin_t
    await query.answer()
    case_id = press.number
    if press.action is ReviewAction.REJECT:
        threshold = count(context.services.verification.policy.threshold, t.locale)
        with unchanged_is_fine():  # two admins pressing Tolak at once
            await query.edit_message_reply_markup(_reason_buttons(t, case_id, threshold))
    elif press.action is ReviewAction.BACK:
        with unchanged_is_fine():
            await query.edit_message_reply_markup(_decision_buttons(t, case_id))
    else:
        await context.bot.send_message(
            context.admins.chat_id,
            t("ask_typed_reason", case_id=case_id),
            reply_markup=ForceReply(selective=True),
        )


async def _outdated(update: Update, context: BotContext) -> None:
    """Button data that does not decode (an old bot version, a modified client): audited, as
    it targets an admin action, and answered."""
    query, user = update.callback_query, update.effective_user
    assert query and user
    await context.services.audit.record(
        actor_of(update), "button", excerpt(query.data or "", 64), "refused: outdated button"
    )
    await query.answer(context.admin_t.label("button_outdated"), show_alert=True)


async def _close_card(update: Update, context: BotContext, gone: CaseGone) -> None:
    """Says why the card no longer works and takes its buttons away."""
    query = update.callback_query
    assert query
    t = context.admin_t
    key = "review_card_replaced" if gone.replaced else "review_case_gone"
    await query.answer(t.label(key, case_id=gone.case_id), show_alert=True)
    await remove_buttons(query)


async def on_typed_reason(update: Update, context: BotContext) -> None:
    """An admin's reply to the 'type a reason' prompt rejects that case with the text."""
    message = update.effective_message
    assert message and message.reply_to_message and message.text
    prompt = message.reply_to_message
    match = _CASE_NUMBER.search(prompt.text or "")
    if not match or prompt.from_user != context.bot.bot:
        return
    case_id = int(match[1])
    t = context.admin_t
    card = await context.services.review.pending_card(case_id)
    # The prompt must be newer than the case's card: an older prompt with the same number
    # was about an erased case whose number a new case took over.
    if card is None or (card.case.card_message_id or 0) > prompt.message_id:
        await message.reply_html(t("review_not_found", case_id=case_id))
        return
    try:
        result = await context.services.review.decide(
            case_id, actor_of(update), approve=False, reason=message.text.strip()[:300]
        )
    except CaseGone:
        await message.reply_html(t("review_not_found", case_id=case_id))
        return
    await _after_decision(update, context, result)


async def _after_decision(update: Update, context: BotContext, result: ReviewResult) -> None:
    t = context.admin_t
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
        else t(
            "review_decided_rejected",
            admin=case.decided_by,
            reason=excerpt(case.reason or "", _NOTE_REASON_LENGTH),
        )
    )
    card = await context.services.review.card(case.id)
    if case.card_message_id and card:
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
    """/tinjau: the pending cases, oldest first, a page at a time; /tinjau N posts case N's
    card again."""
    message = update.effective_message
    assert message
    t = context.admin_t
    if context.args:
        case_id = parse_whole_number(context.args[0], minimum=1, prefix="#")
        if case_id is None or len(context.args) > 1:
            await message.reply_html(t("review_usage", text=excerpt(" ".join(context.args))))
            return
        card = await context.services.review.pending_card(case_id)
        if card is None:
            await message.reply_html(t("review_not_found", case_id=case_id))
            return
        await post_card(context, card)
        return
    text, markup = await _pending_page(context, t, 0)
    await message.reply_html(text, reply_markup=markup)


async def _pending_page(
    context: BotContext, t: Translator, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    total = await context.services.review.pending_count()
    if total == 0:
        return t("review_list_empty"), None
    pages = math.ceil(total / PAGE_SIZE)
    page = min(page, pages - 1)
    cards = await context.services.review.pending(PAGE_SIZE, page * PAGE_SIZE)
    lines = [t("review_list_header")]
    for card in cards:
        case = card.case
        lines.append(
            t(
                "review_list_line",
                case_id=case.id,
                name=excerpt(card.full_name),
                platform=PLATFORM_NAMES[Platform(case.platform)],
                handle=excerpt(case.handle),
                claimed=count(case.claimed_followers, t.locale),
                date=day(case.created_at, t.locale),
            )
        )
    if pages == 1:
        return "\n".join(lines), None
    lines.append(t("review_list_page", page=page + 1, pages=pages, total=total))
    buttons = []
    if page > 0:
        press = ReviewPress(ReviewAction.PAGE, page - 1)
        buttons.append(
            InlineKeyboardButton(t.label("btn_page_prev"), callback_data=REVIEW.encode(press))
        )
    if page < pages - 1:
        press = ReviewPress(ReviewAction.PAGE, page + 1)
        buttons.append(
            InlineKeyboardButton(t.label("btn_page_next"), callback_data=REVIEW.encode(press))
        )
    return "\n".join(lines), InlineKeyboardMarkup([buttons])
