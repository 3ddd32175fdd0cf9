"""Insight for the PR team: /statistik with a chart, /peringkat, /ekspor; and /privasi for
people who'd rather not appear on the leaderboard.

Each admin command covers the people of the group's own unit and the units under it (the
national group: everyone); a unit named as the last argument narrows it to that unit, which
must lie inside the group's own."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import MessageLimit, ParseMode

from bot.channels.telegram.context import BotContext, identity_of
from bot.clock import JAKARTA
from bot.insights.exports import EXPORT_FORMATS, EXPORT_KINDS, NATIONAL_ONLY_KINDS
from bot.insights.ranking import ranking_text
from bot.insights.statistics import PERIODS, LeaderboardWindow
from bot.texts import keys
from bot.texts.numbers import parse_whole_number
from bot.units.scope import Scope
from handlers.telegram import callback_data as callbacks
from handlers.telegram.scoping import unit_argument

HTML = ParseMode.HTML
TELEGRAM_UPLOAD_LIMIT = 50 * 1024 * 1024


async def _scope(update: Update, context: BotContext, words: list[str]) -> Scope | None:
    """The unit a command names (inside the acting group's), else the acting group's own.
    None when the named unit was refused (the answer is given already)."""
    if words:
        return await unit_argument(update, context, " ".join(words))
    return await context.admin_scope()


async def show_stats(update: Update, context: BotContext) -> None:
    """/statistik [7|30|90] [unit]: the chart and a short summary of the group's unit (or the
    named one under it), then the breakdown by unit."""
    message = update.effective_message
    assert message
    t = context.admin_t
    args = list(context.args or [])
    days = 30
    # A number first is the period; only ASCII digits count, so "₃₀" gets the format.
    if args and (args[0].isnumeric() or parse_whole_number(args[0]) is not None):
        days = parse_whole_number(args.pop(0)) or 0
    if days not in PERIODS:
        await message.reply_html(t("stats_usage"))
        return
    scope = await _scope(update, context, args)
    if scope is None:
        return
    # matplotlib is imported on the first /statistik, not at start-up: it costs ~50 MB and
    # a second of start-up for a command admins use now and then.
    from bot.insights.chart import render_funnel_chart, summary_text

    report = await context.services.statistics.report(days, scope)
    chart = await asyncio.to_thread(render_funnel_chart, report, t.locale)
    await message.reply_photo(chart, caption=summary_text(report, t.locale)[:1024])
    ranking = ranking_text(report, t.locale)
    if ranking:
        await message.reply_text(ranking[: MessageLimit.MAX_TEXT_LENGTH])


async def show_leaderboard(update: Update, context: BotContext) -> None:
    """/peringkat [minggu|bulan] [unit]: top resharers of the group's unit or a unit under it."""
    message = update.effective_message
    assert message
    t = context.admin_t
    args = list(context.args or [])
    window: LeaderboardWindow = (
        "month" if args and args[0].lower() in {"bulan", "month"} else "week"
    )
    if args and args[0].lower() in {"bulan", "month", "minggu", "week"}:
        args = args[1:]
    scope = await _scope(update, context, args)
    if scope is None:
        return
    board = await context.services.statistics.leaderboard(window, scope=scope)
    header = t(
        "leaderboard_header",
        window=t.rich(keys.LEADERBOARD_WINDOW[window]),
        agency="" if scope.national else t.rich("leaderboard_agency", agency=scope.unit.name),
    )
    if not board.entries:
        await message.reply_html(f"{header}\n{t('leaderboard_empty')}")
        return
    lines = [
        t(
            "leaderboard_line",
            rank=entry.rank,
            name=entry.name,
            agency=entry.agency_name or "—",
            points=entry.points,
            reshares=entry.reshares,
        )
        for entry in board.entries
    ]
    await message.reply_html("\n".join([header, *lines]))


async def send_export(update: Update, context: BotContext) -> None:
    """/ekspor KIND [csv|xlsx] [unit]: the people of the group's unit (or of the named unit
    under it), streamed to a file, then sent into the admin group."""
    message = update.effective_message
    assert message
    t = context.admin_t
    args = list(context.args or [])
    kind = args.pop(0).lower() if args else ""
    fmt = args.pop(0).lower() if args and args[0].lower() in EXPORT_FORMATS else "csv"
    if kind not in EXPORT_KINDS:
        await message.reply_html(t("export_usage"))
        return
    scope = await _scope(update, context, args)
    if scope is None:
        return
    if kind in NATIONAL_ONLY_KINDS and not scope.national:
        await message.reply_html(t("export_national_only", kind=kind))
        return
    full_nip = context.services.settings.export_full_nip
    await message.reply_html(t("export_started", kind=kind, fmt=fmt))
    with tempfile.TemporaryDirectory() as folder:
        # WIB, like the times inside the file; the unit's code when it is not everyone.
        unit = "" if scope.national else f"{scope.unit.code}-"
        stamp = context.services.clock.now().astimezone(JAKARTA)
        name = f"{kind}-{unit}{stamp:%Y%m%d-%H%M}-wib.{fmt}"
        result = await context.services.exporter.export(
            kind,
            fmt,  # type: ignore[arg-type]
            Path(folder) / name,
            full_nip=full_nip,
            scope=scope,
        )
        size = result.path.stat().st_size
        if size > TELEGRAM_UPLOAD_LIMIT:
            await message.reply_html(t("export_too_large", size=f"{size / 1e6:.0f} MB"))
            return
        nip = t("export_nip_full" if full_nip else "export_nip_masked")
        await message.reply_document(
            InputFile(result.path.read_bytes(), filename=name),
            caption=t("export_caption", kind=kind, rows=result.rows, nip=nip),
            parse_mode=HTML,
        )


async def show_privacy(update: Update, context: BotContext) -> None:
    """/privasi: whether the person's name appears on the leaderboard, with a toggle."""
    assert update.effective_message and update.effective_user
    draft = await context.services.enrollment.draft(identity_of(update.effective_user.id))
    if draft is None:
        await update.effective_message.reply_html(context.t("not_enrolled"))
        return
    hidden = await context.services.statistics.leaderboard_hidden(draft.person.id)
    text, markup = _privacy_message(context, hidden)
    await update.effective_message.reply_html(text, reply_markup=markup)


def _privacy_message(context: BotContext, hidden: bool) -> tuple[str, InlineKeyboardMarkup]:
    choice = callbacks.LeaderboardChoice
    key, button, data = (
        ("privacy_status_hidden", "btn_privacy_show", choice.SHOW)
        if hidden
        else ("privacy_status_shown", "btn_privacy_hide", choice.HIDE)
    )
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.t.label(button), callback_data=callbacks.LEADERBOARD.encode(data)
                )
            ]
        ]
    )
    return context.t(key), markup


async def on_privacy_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query and query.data and update.effective_user
    await query.answer()
    draft = await context.services.enrollment.draft(identity_of(update.effective_user.id))
    if draft is None:
        return
    hidden = callbacks.LEADERBOARD.decode(query.data) is callbacks.LeaderboardChoice.HIDE
    await context.services.statistics.set_leaderboard_hidden(draft.person.id, hidden)
    text, markup = _privacy_message(context, hidden)
    with callbacks.unchanged_is_fine():  # a second tap on the same button
        await query.edit_message_text(text, parse_mode=HTML, reply_markup=markup)
