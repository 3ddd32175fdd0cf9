"""Badges in Telegram: delivery after verification, /lencana, /cekbadge, the verify_ deep
link, and /cabut for admins."""

from __future__ import annotations

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ParseMode

from bot.badges.service import BadgeService, BadgeView, IssuedBadge, OutOfScope
from bot.channels.telegram.admins import actor_of
from bot.channels.telegram.context import BotContext, identity_of
from bot.channels.telegram.texts import Translator
from bot.people.service import ChannelIdentity, PersonLocales
from bot.texts import keys
from bot.texts.excerpt import excerpt
from bot.texts.formats import day
from handlers.telegram import callback_data as callbacks
from handlers.telegram.scoping import refuse_out_of_scope

HTML = ParseMode.HTML
DEEP_LINK_PREFIX = "verify_"


class BadgeDelivery:
    """Sends a badge the core issued: a preview photo, the baked PNG as a document (byte for
    byte), and the story variant."""

    def __init__(self, bot: Bot, badges: BadgeService, locales: PersonLocales) -> None:
        self._bot = bot
        self._badges = badges
        self._locales = locales

    async def send(self, who: ChannelIdentity, issued: IssuedBadge) -> None:
        badge, images = issued.badge, issued.images
        t = Translator(await self._locales.locale_of(who))
        chat_id = int(who.user_id)
        url = self._badges.urls.page(badge.number)
        preview = await self._bot.send_photo(
            chat_id,
            images.square,
            caption=t("badge_preview_caption", number=badge.number),
            parse_mode=HTML,
        )
        # A document keeps the PNG byte for byte (sendPhoto recompresses and drops the chunk).
        document = await self._bot.send_document(
            chat_id,
            InputFile(images.square, filename=f"{badge.number}.png"),
            caption=t("badge_document_caption", url=url),
            parse_mode=HTML,
        )
        story = await self._bot.send_document(
            chat_id,
            InputFile(images.story, filename=f"{badge.number}-story.png"),
            caption=t("badge_story_caption"),
            parse_mode=HTML,
        )
        assert document.document and story.document
        await self._badges.remember_files(
            badge,
            document.document.file_id,
            preview.photo[-1].file_id if preview.photo else None,
            story.document.file_id,
        )


def status_text(t: Translator, view: BadgeView, url: str) -> str:
    reason = t.rich("badge_reason_line", reason=view.reason) if view.reason else ""
    return t(
        "badge_status_details",
        state=t.rich(keys.BADGE_STATE[view.state], number=view.number),
        holder=view.holder_name,
        agency=view.agency,
        issued=day(view.issued_at, t.locale),
        expires=day(view.expires_at, t.locale),
        reason=reason,
        url=url,
    )


async def show_badge_status(update: Update, context: BotContext, number: str) -> None:
    assert update.effective_message
    badges = context.services.badges
    view = await badges.view(number)
    if view is None:
        await update.effective_message.reply_html(
            context.t("badge_not_found", number=excerpt(number))
        )
        return
    await update.effective_message.reply_html(
        status_text(context.t, view, badges.urls.page(view.number))
    )


async def check_badge(update: Update, context: BotContext) -> None:
    """/cekbadge NUMBER: the same status as the public page."""
    assert update.effective_message
    if not context.args:
        await update.effective_message.reply_html(context.t("checkbadge_usage"))
        return
    await show_badge_status(update, context, context.args[0])


async def resend_badge(update: Update, context: BotContext) -> None:
    """/lencana: the holder's current badge again, square and story, by file id (no new
    upload); without a badge, what the person's enrollment is waiting for."""
    assert update.effective_message and update.effective_user
    who = identity_of(update.effective_user.id)
    badges = context.services.badges
    badge = await badges.current(who)
    if badge is None or badge.document_file_id is None:
        missing = await badges.undelivered(who)
        if missing is not None:
            await context.messenger.send_badge(who, missing)
            return
        draft = await context.services.enrollment.draft(who)
        status = draft.enrollment.status if draft else None
        key = {None: "not_enrolled", "draft": "status_draft", "verified": "badge_coming"}
        await update.effective_message.reply_html(context.t(key.get(status, "badge_none")))
        return
    state = badges.state_of(badge)
    if state.value != "valid":
        await show_badge_status(update, context, badge.number)
        return
    if badge.preview_file_id:
        await update.effective_message.reply_photo(
            badge.preview_file_id,
            caption=context.t("badge_preview_caption", number=badge.number),
            parse_mode=HTML,
        )
    await update.effective_message.reply_document(
        badge.document_file_id,
        caption=context.t("badge_document_caption", url=badges.urls.page(badge.number)),
        parse_mode=HTML,
    )
    # Badges issued before story file ids were kept have their story uploaded once here.
    story: str | InputFile = badge.story_file_id or InputFile(
        (await badges.images(badge)).story, filename=f"{badge.number}-story.png"
    )
    sent = await update.effective_message.reply_document(
        story, caption=context.t("badge_story_caption"), parse_mode=HTML
    )
    if badge.story_file_id is None and sent.document:
        await badges.remember_files(
            badge, badge.document_file_id, badge.preview_file_id, sent.document.file_id
        )


# --- Admins: /cabut NUMBER REASON, then a confirmation button ------------------------------
# The holder must be in the acting group's unit both when the command runs and when the
# button is pressed (a button may be forwarded, replayed or forged in another group).


async def ask_revoke(update: Update, context: BotContext) -> None:
    assert update.effective_message
    t = context.admin_t
    if not context.args or len(context.args) < 2:
        await update.effective_message.reply_html(t("revoke_usage"))
        return
    number, reason = context.args[0].upper(), " ".join(context.args[1:])[:200]
    badges = context.services.badges
    view = await badges.view(number)
    if view is None:
        await update.effective_message.reply_html(t("badge_not_found", number=excerpt(number)))
        return
    scope = await context.admin_scope()
    if not scope.covers(await badges.holder_unit(number)):
        await refuse_out_of_scope(update, context, f"badge={number}")
        return
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t.label("btn_revoke_yes"), callback_data=callbacks.REVOKE_BADGE.encode(number)
                ),
                InlineKeyboardButton(
                    t.label("btn_revoke_no"), callback_data=callbacks.KEEP_BADGE.data
                ),
            ]
        ]
    )
    # The reason travels in the confirmation message itself, so a restart loses nothing.
    await update.effective_message.reply_html(
        t("revoke_confirm", number=number, holder=view.holder_name, reason=reason),
        reply_markup=buttons,
    )


async def on_revoke_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query and query.data and query.message
    t = context.admin_t
    if callbacks.KEEP_BADGE.matches(query.data):
        await query.answer()
        await query.edit_message_text(t("revoke_kept"), parse_mode=HTML)
        return
    number = callbacks.REVOKE_BADGE.decode(query.data)
    if number is None:
        await query.answer()
        await query.edit_message_text(t("button_outdated"), parse_mode=HTML)
        return
    text = getattr(query.message, "text", "") or ""
    reason = text.splitlines()[-1].split(": ", 1)[-1].strip() if text else "-"
    admin = actor_of(update)
    try:
        badge, holder = await context.services.badges.revoke(
            number, reason, admin, scope=await context.admin_scope()
        )
    except OutOfScope:
        await refuse_out_of_scope(update, context, f"badge={number}")
        return
    except KeyError:
        await query.answer()
        await query.edit_message_text(t("badge_not_found", number=number), parse_mode=HTML)
        return
    await query.answer()
    await query.edit_message_text(
        t("revoke_done", number=badge.number, admin=admin.name, reason=reason), parse_mode=HTML
    )
    await context.messenger.say(holder, "badge_revoked_holder", number=badge.number, reason=reason)
