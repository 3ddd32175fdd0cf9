"""/audit in an admin group: the entries of the group's unit and the units under it (the
national group: all), narrowed to one person (`/audit 12345`) or one unit (`/audit kemenkeu`)."""

from __future__ import annotations

from telegram import Update

from bot.admin.audit import Actor
from bot.channels.telegram.context import BotContext
from bot.clock import wib_minute
from bot.texts.markup import Rich
from handlers.telegram.listings import reply_listing
from handlers.telegram.scoping import unit_argument

AUDIT_ENTRIES = 100


async def show_audit(update: Update, context: BotContext) -> None:
    """/audit [USER_ID] [unit]: the latest entries in scope. What does not fit in one Telegram
    message comes as a text file as well, so the answer always arrives."""
    message = update.effective_message
    assert message
    t = context.admin_t
    args = list(context.args or [])
    actor = args.pop(0)[:32] if args and args[0].isdigit() else None
    scope = await unit_argument(update, context, " ".join(args)) if args else None
    if args and scope is None:
        return  # unit_argument has answered: no such unit, several, or outside this group's
    scope = scope or await context.admin_scope()
    entries = await context.services.audit.latest(
        limit=AUDIT_ENTRIES, actor=actor, unit_ids=scope.unit_ids
    )
    if not entries:
        await message.reply_html(t("audit_empty"))
        return
    who = Rich.join(
        "",
        [
            t.rich("audit_for", actor=actor) if actor else Rich(),
            t.rich("audit_in_unit", unit=scope.unit.name) if not scope.national else Rich(),
        ],
    )
    header = t.rich("audit_header", who=who)
    lines = [
        t.rich(
            "audit_line",
            at=f"{wib_minute(entry.at)} WIB",
            actor=Actor(entry.actor, entry.actor_name).label,
            action=entry.action,
            arguments=entry.arguments,
            outcome=entry.outcome,
        )
        for entry in entries
    ]
    await reply_listing(
        message,
        t,
        header,
        lines,
        more_key="audit_more_in_file",
        caption_key="audit_file_caption",
        filename="audit.txt",
    )
