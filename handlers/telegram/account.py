"""Commands for people already in the programme: status, opting out of content, language."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from bot.badges.service import BadgeState
from bot.channels.telegram.context import BotContext, identity_of
from bot.channels.telegram.texts import Translator
from bot.languages import Locale
from bot.people.service import ChannelIdentity
from bot.texts import keys
from bot.texts.formats import count, day
from handlers.telegram import callback_data as callbacks


async def show_status(update: Update, context: BotContext) -> None:
    """Tells where the enrollment stands and what comes next."""
    assert update.effective_user and update.effective_message
    draft = await context.services.enrollment.draft(identity_of(update.effective_user.id))
    if draft is None:
        text = context.t("not_enrolled")
    elif not draft.submitted:
        text = context.t("status_draft")
    else:
        e = draft.enrollment
        moment = {
            "verified": e.verified_at,
            "rejected": e.reapply_after,
        }.get(e.status, e.submitted_at)
        threshold = count(context.services.verification.policy.threshold, context.locale)
        # During a re-verification grace period the person is still verified, but warned.
        grace = e.grace_until if e.status == "verified" else None
        text = context.t(
            "status_verified_grace" if grace else keys.STATUS_TEXT[e.status],
            date=day(moment, context.locale) if moment else "—",
            threshold=threshold,
            suspend_date=day(grace, context.locale) if grace else "",
        )
        if e.status == "verified":
            text += "\n\n" + await _badge_line(context, identity_of(update.effective_user.id))
        if e.content_paused_at:
            text += "\n\n" + context.t("status_paused")
    await update.effective_message.reply_html(text)


async def _badge_line(context: BotContext, who: ChannelIdentity) -> str:
    """A verified person's badge number and how to get the files again."""
    badges = context.services.badges
    badge = await badges.current(who)
    if badge is None:
        return context.t("status_badge_coming")
    state = badges.state_of(badge)
    if state is not BadgeState.VALID:
        return context.t(keys.BADGE_STATE[state], number=badge.number)
    return context.t(
        "status_badge", number=badge.number, date=day(badge.expires_at, context.locale)
    )


async def stop_content(update: Update, context: BotContext) -> None:
    """Stops content deliveries for this person (one command, as voluntary as joining)."""
    assert update.effective_user and update.effective_message
    service, who = context.services.enrollment, identity_of(update.effective_user.id)
    draft = await service.draft(who)
    if draft is None:
        text = context.t("not_enrolled")
    elif draft.enrollment.content_paused_at:
        text = context.t("already_paused")
    else:
        await service.pause_content(who)
        text = context.t("paused")
    await update.effective_message.reply_html(text)


async def resume_content(update: Update, context: BotContext) -> None:
    """Starts content deliveries again."""
    assert update.effective_user and update.effective_message
    service, who = context.services.enrollment, identity_of(update.effective_user.id)
    draft = await service.draft(who)
    if draft is None:
        text = context.t("not_enrolled")
    elif not draft.enrollment.content_paused_at:
        text = context.t("not_paused")
    else:
        await service.resume_content(who)
        text = context.t("resumed")
    await update.effective_message.reply_html(text)


async def ask_language(update: Update, context: BotContext) -> None:
    """Offers Indonesian and English."""
    assert update.effective_message
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "🇮🇩 Bahasa Indonesia", callback_data=callbacks.LANGUAGE.encode("id")
                ),
                InlineKeyboardButton("🇬🇧 English", callback_data=callbacks.LANGUAGE.encode("en")),
            ]
        ]
    )
    await update.effective_message.reply_html(context.t("ask_language"), reply_markup=keyboard)


async def choose_language(update: Update, context: BotContext) -> None:
    """Stores the chosen language and confirms in it."""
    await apply_language(update, context)


async def apply_language(update: Update, context: BotContext) -> Locale:
    """Stores the language of the pressed button, confirms in it, and returns it."""
    query = update.callback_query
    assert query and update.effective_user
    locale: Locale = callbacks.LANGUAGE.decode(query.data) or "id"
    await context.services.people.choose_language(identity_of(update.effective_user.id), locale)
    await query.answer()
    with callbacks.unchanged_is_fine():  # a second tap on the same language
        await query.edit_message_text(Translator(locale)("language_set"), parse_mode=ParseMode.HTML)
    return locale
