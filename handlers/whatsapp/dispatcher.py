"""Every WhatsApp message a person sends, to the conversation it belongs to.

WhatsApp has no command menu, so keywords do the commands' work: in Indonesian and English,
with or without the slash, in any case and spacing (`DAFTAR`, `/daftar`, `hapus data`).
"halo", "menu" and anything not understood get a short menu (a list message). A pressed
button or chosen row comes back with its id (handlers/whatsapp/choices.py). Typed text that is
no keyword answers what the conversation waits for: a post link or a follower count (kept in
conversation_states), else the open enrollment question (which follows from the draft).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.channels.whatsapp.inbox import masked_wa_id
from bot.channels.whatsapp.ports import MAX_LIST_ROWS, Inbound
from bot.channels.whatsapp.texts import WhatsAppTranslator
from bot.languages import choose_locale
from bot.people.service import ChannelIdentity
from bot.texts import commands
from bot.texts.commands import Command
from bot.texts.markup import Rich
from handlers.whatsapp import (
    account,
    badges,
    choices,
    enrollment,
    linking,
    privacy,
    sharing,
    verification,
)
from handlers.whatsapp.context import CHANNEL, Chat, WhatsAppDeps

_LOGGER = logging.getLogger(__name__)

Action = Callable[[Chat, str], Awaitable[None]]


@dataclass(frozen=True)
class Keyword:
    command: Command
    action: Action
    takes_argument: bool = False


async def _enroll(chat: Chat, _: str) -> None:
    await enrollment.start(chat)


async def _profile(chat: Chat, _: str) -> None:
    await enrollment.show_profile(chat)


async def _status(chat: Chat, _: str) -> None:
    await account.show_status(chat)


async def _stop(chat: Chat, _: str) -> None:
    await account.stop_content(chat)


async def _resume(chat: Chat, _: str) -> None:
    await account.resume_content(chat)


async def _my_data(chat: Chat, _: str) -> None:
    await privacy.send_my_data(chat)


async def _erase(chat: Chat, _: str) -> None:
    await privacy.confirm_erase(chat)


async def _points(chat: Chat, _: str) -> None:
    await account.show_points(chat)


async def _badge(chat: Chat, _: str) -> None:
    await badges.resend_badge(chat)


async def _check_badge(chat: Chat, number: str) -> None:
    if not number.strip():
        await chat.say(chat.t("checkbadge_usage"))
        return
    await badges.show_badge_status(chat, number.strip().upper())


async def _language(chat: Chat, _: str) -> None:
    await account.ask_language(chat)


async def _verify(chat: Chat, _: str) -> None:
    await verification.on_verify_command(chat)


async def _help(chat: Chat, _: str) -> None:
    t = chat.t
    lines = Rich.join(
        "\n",
        (
            t.rich(
                "help_line",
                command=k.command.name_in(t.locale),
                description=t.rich(k.command.description_key),
            )
            for k in (*MENU_KEYWORDS, LINK)
        ),
    )
    await chat.say(t("help", commands=lines))


async def _menu(chat: Chat, _: str) -> None:
    await show_menu(chat, chat.t("wa_menu"))


async def _cancel(chat: Chat, _: str) -> None:
    """BATAL: leaves what the conversation waits for; every answer so far stays stored."""
    state = await chat.state()
    awaited = state.get("await")
    if awaited:
        await chat.stop_waiting()
        await chat.say(
            chat.t("reshare_kept" if awaited == sharing.AWAIT_POST_LINK else "cancelled_review")
        )
        return
    service = chat.services.enrollment
    draft = await service.draft(chat.who)
    if draft is not None and draft.enrollment.editing:
        await service.cancel_edit(chat.who)
    await chat.say(chat.t("cancelled" if draft else "nothing_to_cancel"))


async def _link(chat: Chat, argument: str) -> None:
    await linking.on_link(chat, argument)


LINK = Keyword(commands.Command("tautkan", "link", "wa_cmd_link"), _link, takes_argument=True)
# The short menu, in this order (a list message holds 10 rows).
MENU_KEYWORDS: tuple[Keyword, ...] = (
    Keyword(commands.ENROLL, _enroll),
    Keyword(commands.STATUS, _status),
    Keyword(commands.PROFILE, _profile),
    Keyword(commands.POINTS, _points),
    Keyword(commands.BADGE, _badge),
    Keyword(commands.LANGUAGE, _language),
    Keyword(commands.MY_DATA, _my_data),
    Keyword(commands.STOP, _stop),
    Keyword(commands.DELETE_DATA, _erase),
    Keyword(commands.HELP, _help),
)
OTHER_KEYWORDS: tuple[Keyword, ...] = (
    LINK,
    Keyword(commands.START, _enroll),
    Keyword(commands.RESUME, _resume),
    Keyword(commands.VERIFY, _verify),
    Keyword(commands.CHECK_BADGE, _check_badge, takes_argument=True),
    Keyword(commands.CANCEL, _cancel),
)
# Words that only open the menu; "register" is the English word people type for DAFTAR.
MENU_WORDS = frozenset({"halo", "hallo", "hai", "hi", "hello", "menu"})
EXTRA_WORDS: dict[str, Keyword] = {"register": MENU_KEYWORDS[0]}

KEYWORDS: dict[str, Keyword] = {
    name: keyword for keyword in MENU_KEYWORDS + OTHER_KEYWORDS for name in keyword.command.names
} | EXTRA_WORDS


def keyword_of(text: str) -> tuple[Keyword | None, str]:
    """The keyword a message types, and what follows it (`TAUTKAN 123456`). Case, spaces and
    a leading slash do not matter: `/Hapus Data` is HAPUSDATA."""
    words = text.lower().split()
    if not words:
        return None, ""
    whole = "".join(words).lstrip("/")
    if whole in KEYWORDS:
        return KEYWORDS[whole], ""
    first = KEYWORDS.get(words[0].lstrip("/"))
    if first is not None and first.takes_argument:
        return first, " ".join(text.split()[1:])
    return None, ""


async def show_menu(chat: Chat, body: str) -> None:
    t = chat.t
    rows = [
        (
            choices.encode(choices.MENU, k.command.name_in(t.locale)),
            k.command.name_in(t.locale).upper(),
            t.label(k.command.description_key),
        )
        for k in MENU_KEYWORDS[:MAX_LIST_ROWS]
    ]
    await chat.choose(body, t.label("wa_btn_menu"), rows)


class WhatsAppConversations:
    """The handler the webhook calls for each message (bot.channels.whatsapp.webhook)."""

    def __init__(self, deps: WhatsAppDeps) -> None:
        self._deps = deps

    async def handle(self, message: Inbound) -> None:
        services = self._deps.services
        who = ChannelIdentity(CHANNEL, message.wa_id)
        chosen = await services.people.chosen_language(who)
        locale = choose_locale(chosen, None, services.settings.default_locale)
        chat = Chat(self._deps, message.wa_id, WhatsAppTranslator(locale))
        await services.people.note_activity(who)
        try:
            await self._route(chat, message)
        except Exception:
            _LOGGER.exception("A WhatsApp message from %s failed", masked_wa_id(message.wa_id))
            await chat.say(chat.t("error_generic"))

    async def _route(self, chat: Chat, message: Inbound) -> None:
        if message.kind in ("button", "list") and message.choice_id:
            await self._choice(chat, choices.decode(message.choice_id))
            return
        if message.kind == "text":
            keyword, argument = keyword_of(message.text)
            if keyword is not None:
                await keyword.action(chat, argument)
                return
            if message.text.lower().strip().lstrip("/") in MENU_WORDS:
                await _menu(chat, "")
                return
        state = await chat.state()
        awaited = state.get("await")
        if awaited == verification.AWAIT_SCREENSHOT:
            if message.kind == "image" or (
                message.kind == "document" and (message.mime_type or "").startswith("image/")
            ):
                await verification.on_screenshot(chat, message.media_id)
            else:
                await chat.say(chat.t("screenshot_expected"))
            return
        if message.kind == "text" and awaited == verification.AWAIT_COUNT:
            await verification.on_claimed_count(chat, message.text)
            return
        if message.kind == "text" and awaited == sharing.AWAIT_POST_LINK:
            await sharing.on_post_link(chat, message.text)
            return
        draft = await chat.services.enrollment.draft(chat.who)
        if draft is not None and enrollment.in_enrollment(draft):
            if message.kind == "text":
                await enrollment.on_text(chat, draft, message.text)
            else:
                await enrollment.ask(chat, draft, before=chat.t("text_expected"))
            return
        await show_menu(chat, await self._not_understood(chat))

    async def _not_understood(self, chat: Chat) -> str:
        draft = await chat.services.enrollment.draft(chat.who)
        if draft is None:
            return chat.t("not_understood")
        if not draft.submitted:
            return chat.t("not_understood_draft")
        if draft.enrollment.status == "verified":
            return chat.t("not_understood_verified")
        return chat.t("not_understood_enrolled")

    async def _choice(self, chat: Chat, choice: choices.Choice) -> None:
        kind = choice.kind
        if kind == choices.MENU:
            keyword = KEYWORDS.get(choice.value)
            if keyword is None:
                await chat.say(chat.t("button_outdated"))
            else:
                await keyword.action(chat, "")
        elif kind == choices.LANGUAGE:
            await self._language(chat, choice.value)
        elif kind == choices.ERASE:
            await privacy.on_erase_answer(chat, choice.value == choices.YES)
        elif kind == choices.SHARED:
            await sharing.on_shared(chat, choice.number)
        elif kind == choices.INSTAGRAM_FILE:
            await sharing.on_instagram_file(chat, choice.number)
        elif kind == choices.SKIP_POST_LINK:
            await sharing.on_skip_link(chat)
        elif not (
            await verification.on_choice(chat, choice) or await enrollment.on_choice(chat, choice)
        ):
            await chat.say(chat.t("button_outdated"))

    async def _language(self, chat: Chat, code: str) -> None:
        """Confirms in the chosen language and, mid-enrollment, asks the open question again
        in it."""
        locale = await account.choose_language(chat, code)
        if locale is None:
            return
        chat = Chat(self._deps, chat.wa_id, WhatsAppTranslator(locale))
        await chat.say(chat.t("language_set"))
        draft = await chat.services.enrollment.draft(chat.who)
        if draft is not None and enrollment.in_enrollment(draft):
            await enrollment.ask(chat, draft)
