"""What a civil servant does with a campaign message on WhatsApp: "Sudah dibagikan" (a reply
button whose id names the delivery), then the optional link to their post."""

from __future__ import annotations

from bot.campaigns.reshares import DeliveryTooOld, NotYourDelivery, ReshareLinkError
from bot.texts import keys
from handlers.whatsapp import choices
from handlers.whatsapp.context import Chat

AWAIT_POST_LINK = "post_link"


async def on_shared(chat: Chat, delivery_id: int | None) -> None:
    """Records the reshare and asks for the link to the post (optional, extra points)."""
    t = chat.t
    if delivery_id is None:
        await chat.say(t("button_outdated"))
        return
    try:
        result = await chat.services.reshares.record(chat.who, delivery_id)
    except NotYourDelivery:
        await chat.say(t("reshare_not_yours"))
        return
    except DeliveryTooOld:
        await chat.say(t("reshare_too_old"))
        return
    if not result.recorded:
        await chat.say(t("reshare_already"))
        return
    text = t(
        "reshare_recorded",
        points=result.points,
        total=result.total_points,
        streak=result.streak_days,
    )
    await chat.wait_for(AWAIT_POST_LINK)
    await chat.buttons(
        f"{text}\n\n{t('ask_post_link')}", [(choices.SKIP_POST_LINK, t.label("btn_skip"))]
    )


async def on_post_link(chat: Chat, text: str) -> None:
    """Adds the post's link (checked against the verified accounts) for extra points."""
    t = chat.t
    try:
        result = await chat.services.reshares.add_link(chat.who, text.strip())
    except ReshareLinkError as error:
        problem = t(keys.RESHARE_PROBLEM[error.reason])
        await chat.buttons(
            f"❌ {problem}\n\n{t('ask_post_link')}",
            [(choices.SKIP_POST_LINK, t.label("btn_skip"))],
        )
        return
    except NotYourDelivery:
        await chat.stop_waiting()
        await chat.say(t("not_enrolled"))
        return
    await chat.stop_waiting()
    await chat.say(
        t(
            "reshare_link_recorded",
            points=result.points,
            total=result.total_points,
            streak=result.streak_days,
        )
    )


async def on_skip_link(chat: Chat) -> None:
    """No link: the reshare stays recorded as it is."""
    await chat.stop_waiting()
    await chat.say(chat.t("reshare_kept"))


async def on_instagram_file(chat: Chat, delivery_id: int | None) -> None:
    """WhatsApp shows the campaign's photo or video in the chat itself: saving it from there
    gives the file to post on Instagram."""
    if delivery_id is None:
        await chat.say(chat.t("button_outdated"))
        return
    try:
        await chat.services.reshares.delivery(chat.who, delivery_id)
    except NotYourDelivery:
        await chat.say(chat.t("reshare_not_yours"))
        return
    except DeliveryTooOld:
        await chat.say(chat.t("reshare_too_old"))
        return
    await chat.say(chat.t("wa_instagram_file"))
