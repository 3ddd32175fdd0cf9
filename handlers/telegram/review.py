"""Manual review in the admin groups: the review card (in the group of the person's PR unit,
or the nearest one above it), Approve/Reject, /tinjau. Every press and command is checked
against the pressing group's scope when it acts."""

from __future__ import annotations

import contextlib
import logging
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
from telegram.error import ChatMigrated, TelegramError

from bot.channels.telegram.admins import AdminDirectory, actor_of
from bot.channels.telegram.context import BotContext
from bot.channels.telegram.texts import Translator
from bot.enrollment.display import PLATFORM_NAMES
from bot.enrollment.social_handles import Platform
from bot.texts import keys
from bot.texts.excerpt import excerpt
from bot.texts.formats import count, day
from bot.texts.markup import Rich
from bot.texts.numbers import parse_whole_number
from bot.units.scope import Scope
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
from handlers.telegram.scoping import refuse_out_of_scope

HTML = ParseMode.HTML
_LOGGER = logging.getLogger(__name__)
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


def _desk(context: BotContext) -> TelegramReviewDesk:
    return TelegramReviewDesk(context.bot, context.admins, context.admin_t, context.services.review)


async def post_card(context: BotContext, card: ReviewCard) -> None:
    """Posts the card (with the screenshot when there is one) to the group that reviews the
    person's unit."""
    await _desk(context).post_card(card)


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
        """To the person's unit group, else the nearest ancestor's, else the national group.
        A unit group the bot cannot reach (removed, deleted) must not lose the case: the
        card then goes to the national group."""
        chat_id = await self._admins.review_chat(card.unit_id)
        if chat_id != self._admins.chat_id:
            try:
                await self.post_card_in(card, chat_id)
                return
            except ChatMigrated as moved:
                # The unit's group became a supergroup while nobody wrote there: follow it.
                await self._admins.follow_migration(chat_id, moved.new_chat_id)
                await self.post_card_in(card, moved.new_chat_id)
                return
            except TelegramError as error:
                _LOGGER.error("A unit group could not take a review card: %s", error)
        await self.post_card_in(card, self._admins.chat_id)

    async def post_card_in(self, card: ReviewCard, chat_id: int) -> None:
        """Posts the card in this admin group; only a press on it there decides the case."""
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
        await self._review.card_posted(
            card.case.id, message.message_id, self._admins.card_chat_key(chat_id)
        )


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
    # The case's person must be this group's business now: button data is never trusted.
    target = await context.services.review.card(press.number)
    if target is not None and not (await context.admin_scope()).covers(target.unit_id):
        await refuse_out_of_scope(update, context, f"case={press.number}")
        return
    card_message_id = query.message.message_id
    card_chat = context.admins.card_chat_key(query.message.chat.id)
    try:
        if press.action in {ReviewAction.REJECT, ReviewAction.BACK, ReviewAction.TYPED}:
            case = await context.services.review.check_card(
                press.number, card_message_id, card_chat
            )
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
            card_chat_id=card_chat,
            unit_id=context.admins.unit_of_chat(query.message.chat.id),
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
    scope = await context.admin_scope()
    text, markup = await _pending_page(context, context.admin_t, page, scope)
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
        assert query.message
        await context.bot.send_message(
            query.message.chat.id,
            t("ask_typed_reason", case_id=case_id),
            reply_markup=ForceReply(selective=True),
        )


async def _outdated(update: Update, context: BotContext) -> None:
    """Button data that does not decode (an old bot version, a modified client): audited, as
    it targets an admin action, and answered."""
    query, user = update.callback_query, update.effective_user
    assert query and user
    chat = update.effective_chat
    await context.services.audit.record(
        actor_of(update),
        "button",
        excerpt(query.data or "", 64),
        "refused: outdated button",
        unit_id=context.admins.unit_of_chat(chat.id) if chat else None,
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
    if not (await context.admin_scope()).covers(card.unit_id):
        await refuse_out_of_scope(update, context, f"case={case_id}")
        return
    try:
        result = await context.services.review.decide(
            case_id,
            actor_of(update),
            approve=False,
            reason=message.text.strip()[:300],
            unit_id=context.admins.unit_of_chat(message.chat.id),
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
        # The note goes under the card, in whichever admin group holds it.
        chat_id = case.card_chat_id or context.admins.chat_id
        if card.case.screenshot_file_id:
            await context.bot.edit_message_caption(
                chat_id, case.card_message_id, caption=text, parse_mode=HTML
            )
        else:
            await context.bot.edit_message_text(
                text, chat_id, case.card_message_id, parse_mode=HTML
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
    scope = await context.admin_scope()
    if context.args:
        case_id = parse_whole_number(context.args[0], minimum=1, prefix="#")
        if case_id is None or len(context.args) > 1:
            await message.reply_html(t("review_usage", text=excerpt(" ".join(context.args))))
            return
        card = await context.services.review.pending_card(case_id)
        if card is None:
            await message.reply_html(t("review_not_found", case_id=case_id))
            return
        if not scope.covers(card.unit_id):
            await refuse_out_of_scope(update, context, f"case={case_id}")
            return
        # Posted again here, in the group that asked: this card now decides the case.
        await _desk(context).post_card_in(card, message.chat.id)
        return
    text, markup = await _pending_page(context, t, 0, scope)
    await message.reply_html(text, reply_markup=markup)


async def _pending_page(
    context: BotContext, t: Translator, page: int, scope: Scope
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A page of the pending cases of the people in `scope`."""
    review = context.services.review
    total = await review.pending_count(scope.unit_ids)
    if total == 0:
        return t("review_list_empty"), None
    pages = math.ceil(total / PAGE_SIZE)
    page = min(page, pages - 1)
    cards = await review.pending(PAGE_SIZE, page * PAGE_SIZE, scope.unit_ids)
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
