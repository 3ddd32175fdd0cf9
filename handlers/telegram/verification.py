"""Verification in the person's chat: results after submitting, the ownership code, /verifikasi,
and sending a screenshot for manual review (flow: handlers/telegram/verification.mmd)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.badges.service import IssuedBadge
from bot.channels.telegram.context import BotContext, identity_of
from bot.channels.telegram.conversations import persistent_conversation
from bot.channels.telegram.texts import Translator
from bot.enrollment.display import PLATFORM_NAMES
from bot.enrollment.social_handles import Platform
from bot.people.service import ChannelIdentity, PersonLocales
from bot.texts import commands, keys
from bot.texts.formats import count, day
from bot.verification.follower_counts import AmbiguousCount, CountError, parse_follower_count
from bot.verification.outcomes import VerificationNews
from bot.verification.review import NoOpenCase
from bot.verification.rules import Policy
from bot.verification.service import CannotVerifyYet, RecheckTooSoon
from handlers.telegram import callback_data as callbacks
from handlers.telegram import review
from handlers.telegram import verification_views as views
from handlers.telegram.badges import BadgeDelivery

HTML = ParseMode.HTML
END = ConversationHandler.END


class ReviewStep(IntEnum):
    """States of sending a screenshot for manual review."""

    SCREENSHOT = 1
    COUNT = 2


class PersonMessenger:
    """Messages to a person outside any update of theirs (background checks, admin decisions),
    and the badge a decision issued, after the news."""

    def __init__(
        self, bot: Bot, locales: PersonLocales, policy: Policy, badges: BadgeDelivery
    ) -> None:
        self._bot = bot
        self._locales = locales
        self._policy = policy
        self._badges = badges

    async def translator(self, who: ChannelIdentity) -> Translator:
        return Translator(await self._locales.locale_of(who))

    async def say(self, who: ChannelIdentity, key: str, /, **values: object) -> None:
        t = await self.translator(who)
        await self._bot.send_message(int(who.user_id), t(key, **values), parse_mode=HTML)

    async def verification_news(self, who: ChannelIdentity, news: VerificationNews) -> None:
        t = await self.translator(who)
        for text, markup in views.news_messages(t, news, self._policy):
            await self._bot.send_message(
                int(who.user_id), text, parse_mode=HTML, reply_markup=markup
            )
        await self.after_news(who, news)

    async def after_news(self, who: ChannelIdentity, news: VerificationNews) -> None:
        """The congratulations come first, then the badge the core issued or extended."""
        if news.badge is not None:
            await self.send_badge(who, news.badge)

    async def send_badge(self, who: ChannelIdentity, issued: IssuedBadge) -> None:
        await self._badges.send(who, issued)


async def _send_news(update: Update, context: BotContext, news: VerificationNews) -> None:
    assert update.effective_chat and update.effective_user
    policy = context.services.verification.policy
    for text, markup in views.news_messages(context.t, news, policy):
        await update.effective_chat.send_message(text, parse_mode=HTML, reply_markup=markup)
    await context.messenger.after_news(identity_of(update.effective_user.id), news)


async def check_after_submit(update: Update, context: BotContext) -> None:
    """Runs the first round of checks right after the enrollment is confirmed."""
    assert update.effective_chat and update.effective_user
    await update.effective_chat.send_message(context.t("verify_checking"), parse_mode=HTML)
    news = await context.services.verification.check_all(identity_of(update.effective_user.id))
    await _send_news(update, context, news)


async def on_code_button(update: Update, context: BotContext) -> None:
    """Reads the bio again after Sudah, or issues a new code."""
    query = update.callback_query
    assert query and update.effective_user
    done = callbacks.CODE_DONE.decode(query.data)
    platform = done or callbacks.CODE_NEW.decode(query.data)
    if platform is None:
        await query.answer(context.t.label("button_outdated"), show_alert=True)
        return
    await query.answer()
    await callbacks.remove_buttons(query)
    who, service = identity_of(update.effective_user.id), context.services.verification
    if done is not None:
        news = await service.confirm_ownership(who, platform)
    else:
        news = await service.renew_code(who, platform)
    await _send_news(update, context, news)


async def on_verify_command(update: Update, context: BotContext) -> None:
    """/verifikasi: checks every account again, at most once per cooldown."""
    assert update.effective_message and update.effective_user
    try:
        news = await context.services.verification.request_recheck(
            identity_of(update.effective_user.id)
        )
    except RecheckTooSoon as too_soon:
        minutes = max(1, int(too_soon.wait.total_seconds() // 60) + 1)
        await update.effective_message.reply_html(context.t("recheck_too_soon", minutes=minutes))
        return
    except CannotVerifyYet as not_yet:
        if not_yet.reapply_after:
            when = day(not_yet.reapply_after, context.locale)
            await update.effective_message.reply_html(context.t("cannot_verify_until", date=when))
        else:
            await update.effective_message.reply_html(context.t("cannot_verify_yet"))
        return
    await update.effective_message.reply_html(context.t("verify_checking"))
    await _send_news(update, context, news)


# --- Manual review: screenshot, then the count ---------------------------------------------


async def on_manual_start(update: Update, context: BotContext) -> ReviewStep | int:
    """Opens a review case and asks for the screenshot."""
    query = update.callback_query
    assert query and update.effective_user and update.effective_chat
    platform = callbacks.MANUAL_REVIEW.decode(query.data)
    if platform is None:
        await query.answer(context.t.label("button_outdated"), show_alert=True)
        return END
    await query.answer()
    await callbacks.remove_buttons(query)
    try:
        code = await context.services.review.begin(identity_of(update.effective_user.id), platform)
    except NoOpenCase:
        await update.effective_chat.send_message(context.t("review_no_case"), parse_mode=HTML)
        return END
    handle = code.handle if platform == Platform.FACEBOOK else f"@{code.handle}"
    await update.effective_chat.send_message(
        context.t(
            "ask_screenshot", platform=PLATFORM_NAMES[platform], handle=handle, code=code.code
        ),
        parse_mode=HTML,
    )
    return ReviewStep.SCREENSHOT


async def on_screenshot(update: Update, context: BotContext) -> ReviewStep | int:
    """Stores the screenshot and asks for the follower count it shows."""
    message = update.effective_message
    assert message and update.effective_user
    file_id = message.photo[-1].file_id if message.photo else None
    if file_id is None and message.document:
        file_id = message.document.file_id
    if file_id is None:
        await message.reply_html(context.t("screenshot_expected"))
        return ReviewStep.SCREENSHOT
    try:
        await context.services.review.attach_screenshot(
            identity_of(update.effective_user.id), file_id
        )
    except NoOpenCase:
        await message.reply_html(context.t("review_no_case"))
        return END
    await message.reply_html(context.t("ask_claimed_count"))
    return ReviewStep.COUNT


async def on_claimed_count(update: Update, context: BotContext) -> ReviewStep | int:
    """Stores the count (asking back when `M` is ambiguous) and sends the case to the admins."""
    message = update.effective_message
    assert message
    text = message.text or ""
    try:
        followers = parse_follower_count(text, locale_hint=context.locale)
    except AmbiguousCount as ambiguous:
        rows = [
            [
                InlineKeyboardButton(
                    count(c, context.locale), callback_data=callbacks.COUNT_CHOICE.encode(c)
                )
            ]
            for c in ambiguous.candidates
        ]
        await message.reply_html(
            context.t("count_ambiguous", text=text), reply_markup=InlineKeyboardMarkup(rows)
        )
        return ReviewStep.COUNT
    except CountError as error:
        problem = context.t(keys.COUNT_PROBLEM[error.reason])
        await message.reply_html(f"❌ {problem}\n{context.t('count_example')}")
        return ReviewStep.COUNT
    return await _submit_case(update, context, followers)


async def on_count_choice(update: Update, context: BotContext) -> ReviewStep | int:
    """Stores the count picked after an ambiguous answer."""
    query = update.callback_query
    assert query
    followers = callbacks.COUNT_CHOICE.decode(query.data)
    if followers is None:
        await query.answer(context.t.label("button_outdated"), show_alert=True)
        return ReviewStep.COUNT
    await query.answer()
    await callbacks.remove_buttons(query)
    return await _submit_case(update, context, followers)


async def _submit_case(update: Update, context: BotContext, followers: int) -> int:
    assert update.effective_chat and update.effective_user
    try:
        card = await context.services.review.claim(identity_of(update.effective_user.id), followers)
    except NoOpenCase:
        await update.effective_chat.send_message(context.t("review_no_case"), parse_mode=HTML)
        return END
    await review.post_card(context, card)
    await update.effective_chat.send_message(context.t("review_sent"), parse_mode=HTML)
    return END


async def on_review_cancel(update: Update, context: BotContext) -> int:
    """Leaves the screenshot flow; the account stays waiting for a screenshot."""
    assert update.effective_message
    await update.effective_message.reply_html(context.t("cancelled_review"))
    return END


def manual_review_conversation() -> ConversationHandler[BotContext]:
    private = filters.ChatType.PRIVATE
    entry: list[BaseHandler[Update, BotContext, Any]] = [
        CallbackQueryHandler(on_manual_start, pattern=callbacks.MANUAL_REVIEW.pattern)
    ]
    return persistent_conversation(
        "manual_review",
        entry,
        {
            ReviewStep.SCREENSHOT: [
                MessageHandler(private & (filters.PHOTO | filters.Document.IMAGE), on_screenshot),
                MessageHandler(private & ~filters.COMMAND, on_screenshot),
            ],
            ReviewStep.COUNT: [
                MessageHandler(private & filters.TEXT & ~filters.COMMAND, on_claimed_count),
                CallbackQueryHandler(on_count_choice, pattern=callbacks.COUNT_CHOICE.pattern),
            ],
        },
        [CommandHandler(commands.CANCEL.names, on_review_cancel)],
    )
