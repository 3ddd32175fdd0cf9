"""TAUTKAN on WhatsApp: one person on two channels. Typed alone it shows a one-time code to
type in the other channel; typed with a code (`TAUTKAN 123456`) it redeems one shown there."""

from __future__ import annotations

import math

from handlers.whatsapp.context import Chat

# Why a code was refused (bot.people.linking.LinkProblem values) → what the person reads.
REFUSAL: dict[str, str] = {
    "not_enrolled": "wa_link_not_enrolled",
    "wrong_code": "wa_link_wrong_code",
    "expired": "wa_link_expired",
    "too_many_attempts": "wa_link_too_many_attempts",
    "same_channel": "wa_link_same_channel",
    "already_enrolled": "wa_link_already_enrolled",
    "already_linked": "wa_link_already_linked",
}


async def on_link(chat: Chat, argument: str) -> None:
    code = "".join(argument.split())
    if not code:
        await _issue(chat)
    elif code.isdigit() and len(code) == 6:
        await _redeem(chat, code)
    else:
        await chat.say(chat.t("wa_link_bad_code"))


async def _issue(chat: Chat) -> None:
    try:
        issued = await chat.deps.links.issue(chat.who)
    except chat.deps.link_refused as refused:
        await chat.say(chat.t(_refusal_key(refused)))
        return
    left = issued.expires_at - chat.services.clock.now()
    minutes = max(1, math.ceil(left.total_seconds() / 60))
    await chat.say(chat.t("wa_link_code", code=issued.code, minutes=minutes))


async def _redeem(chat: Chat, code: str) -> None:
    try:
        await chat.deps.links.redeem(chat.who, code)
    except chat.deps.link_refused as refused:
        await chat.say(chat.t(_refusal_key(refused)))
        return
    await chat.say(chat.t("wa_link_done"))


def _refusal_key(refused: Exception) -> str:
    reason = str(getattr(refused, "reason", ""))
    return REFUSAL.get(reason, "wa_link_wrong_code")
