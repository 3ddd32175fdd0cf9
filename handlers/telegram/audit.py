"""/audit in an admin group: the entries of the group's unit and the units under it (the
national group: all), narrowed to one person (`/audit 12345`) or one unit (`/audit kemenkeu`)."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.constants import ParseMode

from bot.admin.audit import Actor
from bot.channels.telegram.context import BotContext
from bot.channels.telegram.rendering import to_html
from bot.clock import wib_minute
from bot.texts.markup import Rich
from handlers.telegram.scoping import unit_argument

TELEGRAM_TEXT_LIMIT = 4096
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
    page = [to_html(header)]
    for line in map(to_html, lines):
        # Room for the "more in the file" note; entities do not count, so this is safe.
        if len("\n".join([*page, line])) > TELEGRAM_TEXT_LIMIT - 200:
            break
        page.append(line)
    shown = len(page) - 1
    if shown == len(lines):
        await message.reply_html("\n".join(page))
        return
    page.append(t("audit_more_in_file", count=len(lines) - shown))
    await message.reply_html("\n".join(page))
    everything = Rich.join("\n", [header, *lines]).plain()
    await message.reply_document(
        InputFile(everything.encode(), filename="audit.txt"),
        caption=t("audit_file_caption", count=len(lines)),
        parse_mode=ParseMode.HTML,
    )
