"""How admin handlers keep to their unit: refusing what lies outside it, and reading a unit
named in a command (`/statistik pemprov-yo`)."""

from __future__ import annotations

from telegram import Update

from bot.channels.telegram.admins import action_of, actor_of
from bot.channels.telegram.context import BotContext
from bot.units.scope import Scope

# Several units match a name: at most this many are offered to choose from.
_CHOICES = 8


async def refuse_out_of_scope(update: Update, context: BotContext, subject: str) -> None:
    """Refuses an action on someone or something outside the acting group's unit: audited
    with that unit, answered without a word about what lies outside."""
    chat = update.effective_chat
    unit_id = context.admins.unit_of_chat(chat.id) if chat else None
    await context.services.audit.record_refusal(
        actor_of(update),
        action_of(update),
        subject[:200],
        "refused: outside the unit",
        unit_id=unit_id,
    )
    t = context.admin_t
    if update.callback_query:
        await update.callback_query.answer(t.label("out_of_scope"), show_alert=True)
    elif update.effective_message:
        await update.effective_message.reply_html(t("out_of_scope"))


async def unit_argument(update: Update, context: BotContext, text: str) -> Scope | None:
    """The scope of the unit a command names (by code or name), which is always inside the
    acting group's own. Answers itself, and returns None, when no unit or several match or
    the unit lies outside."""
    message = update.effective_message
    assert message
    t = context.admin_t
    acting = await context.admin_scope()
    found = await context.services.units.lookup(text)
    if not found:
        await message.reply_html(t("unit_not_found", query=text[:64]))
        return None
    inside = [unit for unit in found if acting.covers(unit.id)]
    if not inside:
        await refuse_out_of_scope(update, context, f"unit={found[0].code}")
        return None
    if len(inside) > 1:
        choices = ", ".join(unit.code for unit in inside[:_CHOICES])
        await message.reply_html(t("unit_ambiguous", query=text[:64], codes=choices))
        return None
    return await context.services.units.scope(inside[0].id)
