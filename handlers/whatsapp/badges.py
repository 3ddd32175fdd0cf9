"""Badges on WhatsApp: the issued badge as an image (the preview; WhatsApp recompresses
images) and as documents (the baked PNG byte for byte, and the story variant), and LENCANA.

WhatsApp media ids expire after 30 days, so each sending uploads the files again rather than
keeping ids (Telegram keeps its file ids through BadgeService.remember_files)."""

from __future__ import annotations

from bot.badges.service import BadgeService, BadgeState, IssuedBadge
from bot.channels.whatsapp.ports import WhatsAppMessages
from bot.channels.whatsapp.texts import WhatsAppTranslator
from bot.texts import keys
from bot.texts.excerpt import excerpt
from bot.texts.formats import day
from handlers.whatsapp.context import Chat

PNG = "image/png"


async def send_badge(
    messages: WhatsAppMessages,
    badges: BadgeService,
    t: WhatsAppTranslator,
    wa_id: str,
    issued: IssuedBadge,
) -> None:
    badge, images = issued.badge, issued.images
    square = await messages.upload_media(
        images.square, mime_type=PNG, filename=f"{badge.number}.png"
    )
    await messages.send_image(
        wa_id, square, caption=t("badge_preview_caption", number=badge.number)
    )
    await messages.send_document(
        wa_id,
        square,
        filename=f"{badge.number}.png",
        caption=t("badge_document_caption", url=badges.urls.page(badge.number)),
    )
    story_name = f"{badge.number}-story.png"
    story = await messages.upload_media(images.story, mime_type=PNG, filename=story_name)
    await messages.send_document(
        wa_id, story, filename=story_name, caption=t("badge_story_caption")
    )


async def resend_badge(chat: Chat) -> None:
    """LENCANA: the current badge again; without one, what the enrollment is waiting for."""
    badges = chat.services.badges
    badge = await badges.current(chat.who)
    if badge is None:
        issued = await badges.undelivered(chat.who)
        if issued is not None:
            await send_badge(chat.deps.messages, badges, chat.t, chat.wa_id, issued)
            return
        draft = await chat.services.enrollment.draft(chat.who)
        status = draft.enrollment.status if draft else None
        key = {None: "not_enrolled", "draft": "status_draft", "verified": "badge_coming"}
        await chat.say(chat.t(key.get(status, "badge_none")))
        return
    if badges.state_of(badge) is not BadgeState.VALID:
        await show_badge_status(chat, badge.number)
        return
    issued = IssuedBadge(badge, await badges.images(badge))
    await send_badge(chat.deps.messages, badges, chat.t, chat.wa_id, issued)


async def show_badge_status(chat: Chat, number: str) -> None:
    """The same status as the public page (CEKBADGE NUMBER, or a badge that is not valid)."""
    badges, t = chat.services.badges, chat.t
    view = await badges.view(number)
    if view is None:
        await chat.say(t("badge_not_found", number=excerpt(number)))
        return
    reason = t.rich("badge_reason_line", reason=view.reason) if view.reason else ""
    await chat.say(
        t(
            "badge_status_details",
            state=t.rich(keys.BADGE_STATE[view.state], number=view.number),
            holder=view.holder_name,
            agency=view.agency,
            issued=day(view.issued_at, t.locale),
            expires=day(view.expires_at, t.locale),
            reason=reason,
            url=badges.urls.page(view.number),
        )
    )
