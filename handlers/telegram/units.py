"""PR units on Telegram: the national group invites a unit (/undang), the unit's new group
activates itself with the one-time code (/aktifkan), /unit lists, moves and deactivates unit
groups, and a group the bot was added to waits a while for its code before the bot leaves."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.channels.telegram.admins import ADMIN_STATUSES, actor_of, posted_as_group
from bot.channels.telegram.context import BotContext
from bot.channels.telegram.menus import publish_unit_menu, withdraw_unit_menu
from bot.channels.telegram.texts import Translator
from bot.clock import wib_minute
from bot.texts.excerpt import excerpt
from bot.texts.markup import Rich
from bot.units.scope import Unit
from bot.units.service import ActivationProblem, ActivationRefused, UnitGroup
from bot.units.tree import UnitKey
from handlers.telegram.callback_data import DEACTIVATE_UNIT, KEEP_UNIT, remove_buttons
from handlers.telegram.listings import reply_listing
from handlers.telegram.scoping import unit_argument

HTML = ParseMode.HTML
# Several units match an invitation's name: at most this many are listed to choose from.
_CHOICES = 8
_GROUP_CHATS = {ChatType.GROUP, ChatType.SUPERGROUP}
_ACTIVATION_REFUSALS = {
    ActivationProblem.UNKNOWN: "activate_unknown",
    ActivationProblem.EXPIRED: "activate_expired",
    ActivationProblem.USED: "activate_used",
    ActivationProblem.NATIONAL_GROUP: "activate_national_group",
    ActivationProblem.TOO_MANY: "activate_too_many",
}
# /unit's subcommands, in both languages.
_MOVE = {"pindah", "move"}
_DEACTIVATE = {"nonaktif", "deactivate"}
_APPROVAL = {"persetujuan", "approval"}
_APPROVAL_VALUES: dict[str, bool | None] = {
    "ya": True,
    "yes": True,
    "tidak": False,
    "no": False,
    "bawaan": None,
    "default": None,
}


def _wib(moment: datetime) -> str:
    return f"{wib_minute(moment)} WIB"


async def _refuse_outside_national(update: Update, context: BotContext) -> bool:
    """True (and answered, audited) when a national-only command comes from a unit's group."""
    chat, message = update.effective_chat, update.effective_message
    assert chat and message
    unit_id = context.admins.unit_of_chat(chat.id)
    if unit_id is None:
        return False
    await context.services.audit.record_refusal(
        actor_of(update),
        (message.text or "?").split(maxsplit=1)[0][:64],
        f"chat={chat.id}",
        "refused: national group only",
        unit_id=unit_id,
    )
    await message.reply_html(context.admin_t("national_only"))
    return True


Callback = Callable[[Update, BotContext], Coroutine[Any, Any, None]]


def national_only(callback: Callback) -> Callback:
    """A command only the national admin group may use (/cadangan): a unit's group is
    refused, politely and audited."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: BotContext) -> None:
        if not await _refuse_outside_national(update, context):
            await callback(update, context)

    return guarded


# --- /undang -------------------------------------------------------------------------------


async def invite(update: Update, context: BotContext) -> None:
    """/undang AGENCY: a one-time code for the unit's new admin group, with the steps."""
    message = update.effective_message
    assert message
    t = context.admin_t
    if await _refuse_outside_national(update, context):
        return
    query = " ".join(context.args or []).strip()
    if not query:
        await message.reply_html(t("invite_usage"))
        return
    key = await _one_unit(update, context, query)
    if key is None:
        return
    actor = actor_of(update)
    invitation = await context.services.units.invite(key, actor.user_id)
    await context.services.audit.record(
        actor,
        "unit.invite",
        f"unit={invitation.unit.code}",
        f"code issued, valid until {_wib(invitation.expires_at)}",
    )
    await message.reply_html(
        t(
            "invite_created",
            unit=invitation.unit.name,
            unit_code=invitation.unit.code,
            code=invitation.code,
            expires=_wib(invitation.expires_at),
            bot=context.bot.username,
        )
    )


async def _one_unit(update: Update, context: BotContext, query: str) -> UnitKey | None:
    """The one unit the admin named, or None after saying what matched instead."""
    message = update.effective_message
    assert message
    t = context.admin_t
    found = [key for key in context.services.units.find(query) if not key.national]
    exact = [key for key in found if key.code == query.lower()]
    if exact:
        return exact[0]
    if not found:
        await message.reply_html(t("invite_not_found", query=excerpt(query, 64)))
        return None
    if len(found) > 1:
        choices = Rich.join(
            "\n",
            (t.rich("invite_choice", code=key.code, name=key.name) for key in found[:_CHOICES]),
        )
        await message.reply_html(t("invite_choices", query=excerpt(query, 64), choices=choices))
        return None
    return found[0]


# --- /aktifkan -----------------------------------------------------------------------------


async def activate(update: Update, context: BotContext) -> None:
    """/aktifkan CODE in a new group: one of the group's administrators makes it the admin
    group of the unit the code was made for."""
    chat, message = update.effective_chat, update.effective_message
    assert chat and message
    if chat.type not in _GROUP_CHATS:
        await message.reply_html(context.t("activate_private"))
        return
    t = context.admin_t
    if len(context.args or []) != 1:
        await message.reply_html(t("activate_usage"))
        return
    actor = actor_of(update)
    group_admin = posted_as_group(update) or await _is_group_admin(update, context)
    if not group_admin:
        await context.services.audit.record_refusal(
            actor,
            "unit.activate",
            f"chat={chat.id}",
            "refused: not an administrator of the group"
            if group_admin is False
            else "refused: admin status unconfirmed",
        )
        key = "activate_not_group_admin" if group_admin is False else "admin_check_failed"
        await message.reply_html(t(key))
        return
    try:
        group = await context.services.units.attempt_activation(
            (context.args or [""])[0],
            chat.id,
            actor.user_id,
            national_chat_id=context.admins.chat_id,
        )
    except ActivationRefused as refused:
        await _refuse_activation(update, context, refused)
        return
    await _serve_group(context, group.unit, chat.id)
    await context.services.audit.record(
        actor,
        "unit.activate",
        f"unit={group.unit.code} chat={chat.id}",
        "activated",
        unit_id=group.unit.id,
    )
    await message.reply_html(t("activate_welcome", unit=group.unit.name, unit_code=group.unit.code))


async def _is_group_admin(update: Update, context: BotContext) -> bool | None:
    """Asks Telegram whether the sender administers this group (None: it could not be asked,
    which never counts as yes)."""
    chat, user = update.effective_chat, update.effective_user
    assert chat and user
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError:
        return None
    return member.status in ADMIN_STATUSES


async def _refuse_activation(
    update: Update, context: BotContext, refused: ActivationRefused
) -> None:
    chat, message = update.effective_chat, update.effective_message
    assert chat and message
    t = context.admin_t
    # The code itself is never written anywhere: only what was wrong with it.
    await context.services.audit.record_refusal(
        actor_of(update),
        "unit.activate",
        f"chat={chat.id}",
        f"refused: {refused.problem.value}",
        unit_id=context.admins.unit_of_chat(chat.id),
    )
    if refused.problem is ActivationProblem.GROUP_TAKEN:
        name = refused.unit.name if refused.unit else "?"
        await message.reply_html(t("activate_group_taken", unit=name))
        return
    await message.reply_html(t(_ACTIVATION_REFUSALS[refused.problem]))


async def _serve_group(context: BotContext, unit: Unit, chat_id: int) -> None:
    """The chat is now the unit's admin group: the directory knows it, its administrators
    are read, it has the admin menu, and the bot stays."""
    context.admins.group_added(unit.id, chat_id)
    await context.admins.refresh(context.bot, chat_id)
    await context.services.units.arrival_settled(chat_id)
    await publish_unit_menu(context.bot, chat_id)


# --- a group waiting for its code ----------------------------------------------------------


async def on_bot_added(update: Update, context: BotContext) -> None:
    """The bot was added to a group that is no admin group: with LEAVE_OTHER_GROUPS it waits
    ACTIVATION_GRACE for /aktifkan, and says so there."""
    change = update.my_chat_member
    assert change
    chat_id = change.chat.id
    deadline = await context.services.units.group_arrived(chat_id, str(change.from_user.id))
    await context.services.audit.record(
        str(change.from_user.id), "bot.added", f"chat={chat_id}", "awaiting activation"
    )
    with contextlib.suppress(TelegramError):  # added without the right to write
        await context.bot.send_message(
            chat_id,
            context.admin_t("group_waiting_for_code", deadline=_wib(deadline)),
            parse_mode=HTML,
        )


async def leave_unless_activated(update: Update, context: BotContext) -> None:
    """On the next update from a group whose grace has passed without /aktifkan, the bot
    leaves it (and nothing else handles the update). Deciding on the next update needs no
    timer, so a restart changes nothing: the deadline is stored."""
    chat = update.effective_chat
    if chat is None or chat.type not in _GROUP_CHATS or update.my_chat_member is not None:
        return
    if context.admins.is_admin_group(chat.id) or not context.services.settings.leave_other_groups:
        return
    units = context.services.units
    deadline = await units.activation_deadline(chat.id)
    # A group whose arrival was never seen is left alone, as before PR units existed.
    if deadline is None or context.services.clock.now() < deadline:
        return
    await context.services.audit.record(
        "bot", "bot.left", f"chat={chat.id}", "not activated in time"
    )
    await units.arrival_settled(chat.id)
    with contextlib.suppress(TelegramError):
        await context.bot.send_message(
            chat.id, context.admin_t("group_not_activated"), parse_mode=HTML
        )
        await context.bot.leave_chat(chat.id)
    raise ApplicationHandlerStop


async def group_moved(context: BotContext, old_chat_id: int, new_chat_id: int) -> None:
    """A group still waiting for its code became a supergroup: the wait moves with it."""
    units = context.services.units
    if await units.activation_deadline(old_chat_id) is not None:
        await units.arrival_settled(old_chat_id)
        await units.group_arrived(new_chat_id, "migration")


# --- /unit ---------------------------------------------------------------------------------


async def unit_command(update: Update, context: BotContext) -> None:
    """/unit: the unit groups; /unit pindah|nonaktif|persetujuan … in the national group."""
    message, chat = update.effective_message, update.effective_chat
    assert message and chat
    args = context.args or []
    if not args:
        await _list_groups(update, context)
        return
    if await _refuse_outside_national(update, context):
        return
    action, rest = args[0].lower(), args[1:]
    if action in _MOVE and len(rest) == 2:
        await _move(update, context, rest[0], rest[1])
    elif action in _DEACTIVATE and len(rest) == 1:
        await _ask_deactivate(update, context, rest[0])
    elif action in _APPROVAL and len(rest) == 2 and rest[1].lower() in _APPROVAL_VALUES:
        await _set_approval(update, context, rest[0], _APPROVAL_VALUES[rest[1].lower()])
    else:
        await message.reply_html(context.admin_t("unit_usage"))


def _approval_label(t: Translator, required: bool | None) -> Rich:
    if required is None:
        return t.rich("unit_approval_default")
    return t.rich("unit_approval_on" if required else "unit_approval_off")


async def _list_groups(update: Update, context: BotContext) -> None:
    """Every unit group (the national group), or the group's own line (a unit's group).
    What does not fit in one message comes as a text file as well."""
    message, chat = update.effective_message, update.effective_chat
    assert message and chat
    t = context.admin_t
    units = context.services.units
    own = context.admins.unit_of_chat(chat.id)
    groups = [g for g in await units.groups() if own is None or g.unit.id == own]
    if not groups:
        await message.reply_html(t("unit_list_empty"))
        return
    names = {unit.id: unit.name for unit in await units.all()}
    lines = [_group_line(t, group, names) for group in groups]
    header = t.rich("unit_list_header", count=len(groups))
    await reply_listing(
        message,
        t,
        header,
        lines,
        more_key="unit_list_more_in_file",
        caption_key="unit_list_file_caption",
        filename="unit-groups.txt",
    )


def _group_line(t: Translator, group: UnitGroup, names: dict[int, str]) -> Rich:
    parent = names.get(group.unit.parent_id, "—") if group.unit.parent_id else "—"
    return t.rich(
        "unit_list_line",
        name=group.unit.name,
        code=group.unit.code,
        parent=parent,
        chat_id=group.chat_id,
        at=_wib(group.activated_at),
        by=group.activated_by,
        approval=_approval_label(t, group.second_approval),
    )


async def _named_unit(update: Update, context: BotContext, text: str) -> Unit | None:
    """A unit named in /unit (code or name), not the national programme itself."""
    scope = await unit_argument(update, context, text)
    if scope is None:
        return None
    if scope.unit.national:
        message = update.effective_message
        assert message
        await message.reply_html(context.admin_t("unit_root_fixed"))
        return None
    return scope.unit


async def _move(update: Update, context: BotContext, unit_text: str, chat_text: str) -> None:
    """/unit pindah UNIT CHAT_ID: the unit's admin group is now that chat (the bot must be
    there already)."""
    message = update.effective_message
    assert message
    t = context.admin_t
    unit = await _named_unit(update, context, unit_text)
    if unit is None:
        return
    chat_id = _group_chat_id(chat_text)
    if chat_id is None:
        await message.reply_html(t("unit_move_bad_chat", text=excerpt(chat_text, 32)))
        return
    units = context.services.units
    taken = await units.group_in_chat(chat_id)
    if chat_id == context.admins.chat_id or (taken and taken.unit.id != unit.id):
        await message.reply_html(t("unit_move_chat_taken", chat_id=chat_id))
        return
    try:
        await context.bot.get_chat_member(chat_id, context.bot.id)
    except TelegramError:
        await message.reply_html(t("unit_move_unreachable", chat_id=chat_id))
        return
    before = await units.group_of(unit.id)
    actor = actor_of(update)
    await units.move(unit.id, chat_id, actor.user_id)
    await _serve_group(context, unit, chat_id)
    if before and before.chat_id != chat_id:
        await _retire_group(context, before.chat_id, actor.user_id)
    await context.services.audit.record(
        actor, "unit.move", f"unit={unit.code} chat={chat_id}", "moved"
    )
    with contextlib.suppress(TelegramError):
        await context.bot.send_message(
            chat_id,
            t("activate_welcome", unit=unit.name, unit_code=unit.code),
            parse_mode=HTML,
        )
    await message.reply_html(t("unit_moved", unit=unit.name, chat_id=chat_id))


async def _retire_group(context: BotContext, chat_id: int, actor: str) -> None:
    """A group that no longer serves a unit loses its admin menu, and (LEAVE_OTHER_GROUPS)
    has the usual grace to be activated again before the bot leaves it."""
    await withdraw_unit_menu(context.bot, chat_id)
    if context.services.settings.leave_other_groups:
        await context.services.units.group_arrived(chat_id, actor)


def _group_chat_id(text: str) -> int | None:
    """A group's id as /idgrup shows it: a negative whole number."""
    try:
        value = int(text)
    except ValueError:
        return None
    return value if -(10**15) < value < 0 else None


async def _ask_deactivate(update: Update, context: BotContext, unit_text: str) -> None:
    message = update.effective_message
    assert message
    t = context.admin_t
    unit = await _named_unit(update, context, unit_text)
    if unit is None:
        return
    if await context.services.units.group_of(unit.id) is None:
        await message.reply_html(t("unit_no_group", unit=unit.name))
        return
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t.label("btn_deactivate_unit"), callback_data=DEACTIVATE_UNIT.encode(unit.id)
                ),
                InlineKeyboardButton(t.label("btn_keep_unit"), callback_data=KEEP_UNIT.data),
            ]
        ]
    )
    await message.reply_html(t("unit_deactivate_confirm", unit=unit.name), reply_markup=buttons)


async def on_deactivate_button(update: Update, context: BotContext) -> None:
    """The confirm button of /unit nonaktif, checked again when pressed: only the national
    group deactivates, and the unit must still have a group."""
    query, chat = update.callback_query, update.effective_chat
    assert query and chat
    t = context.admin_t
    if KEEP_UNIT.matches(query.data):
        await query.answer()
        await remove_buttons(query)
        return
    if context.admins.unit_of_chat(chat.id) is not None:
        await context.services.audit.record_refusal(
            actor_of(update),
            "unit.deactivate",
            f"chat={chat.id}",
            "refused: national group only",
            unit_id=context.admins.unit_of_chat(chat.id),
        )
        await query.answer(t.label("national_only"), show_alert=True)
        return
    unit_id = DEACTIVATE_UNIT.decode(query.data)
    unit = await context.services.units.unit(unit_id) if unit_id else None
    group = await context.services.units.group_of(unit.id) if unit else None
    if unit is None or group is None:
        await query.answer(t.label("unit_already_inactive"), show_alert=True)
        await remove_buttons(query)
        return
    await context.services.units.deactivate(unit.id)
    context.admins.group_removed(unit.id)
    await _retire_group(context, group.chat_id, actor_of(update).user_id)
    await context.services.audit.record(
        actor_of(update), "unit.deactivate", f"unit={unit.code} chat={group.chat_id}", "done"
    )
    with contextlib.suppress(TelegramError):
        await context.bot.send_message(
            group.chat_id, t("unit_group_deactivated", unit=unit.name), parse_mode=HTML
        )
    await query.answer()
    if query.message:
        with contextlib.suppress(TelegramError):
            await query.edit_message_text(t("unit_deactivated", unit=unit.name), parse_mode=HTML)


async def _set_approval(
    update: Update, context: BotContext, unit_text: str, required: bool | None
) -> None:
    message = update.effective_message
    assert message
    t = context.admin_t
    unit = await _named_unit(update, context, unit_text)
    if unit is None:
        return
    if not await context.services.units.set_second_approval(unit.id, required):
        await message.reply_html(t("unit_no_group", unit=unit.name))
        return
    setting = {None: "default", True: "yes", False: "no"}[required]
    await context.services.audit.record(
        actor_of(update), "unit.second_approval", f"unit={unit.code} {setting}", "done"
    )
    await message.reply_html(
        t("unit_approval_set", unit=unit.name, approval=_approval_label(t, required))
    )
