"""The statistics report as a PNG chart and as a short plain-text summary.

The chart is drawn with matplotlib's object API on the Agg canvas: no pyplot, so no global
figure state, and it is safe to render in a worker thread. The Agg backend is chosen before
anything else of matplotlib loads, because the bot runs headless. Text uses DejaVu Sans,
which ships with matplotlib (no font-cache lookups, no missing-glyph warnings).
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.axes import Axes  # imported after choosing the backend
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.languages import Locale
from bot.statistics import StatsReport
from bot.texts.formats import count, day

__all__ = [
    "CHART_DPI",
    "CHART_SIZE_INCHES",
    "funnel_figure",
    "render_funnel_chart",
    "summary_text",
]

CHART_SIZE_INCHES = (10.0, 5.6)
CHART_DPI = 100  # 1000 x 560 pixels: sharp on a phone, far below Telegram's photo limits
MAX_CAMPAIGNS_IN_TEXT = 5
MAX_AGENCIES_IN_TEXT = 3
MAX_TITLE = 60

_FUNNEL_COLOUR = "#1f5fa8"
_ZONE_COLOUR = "#2e8b57"

_LABELS: dict[Locale, dict[str, str]] = {
    "id": {
        "started": "Mulai daftar",
        "consented": "Menyetujui",
        "submitted": "Diajukan",
        "verified": "Terverifikasi",
        "badges": "Lencana terbit",
        "funnel_title": "Corong pendaftaran, {days} hari terakhir",
        "zone_title": "Terverifikasi per zona waktu (kini)",
        "people": "orang",
    },
    "en": {
        "started": "Started",
        "consented": "Consented",
        "submitted": "Submitted",
        "verified": "Verified",
        "badges": "Badges issued",
        "funnel_title": "Enrollment funnel, last {days} days",
        "zone_title": "Verified by time zone (now)",
        "people": "people",
    },
}


def _bars(ax: Axes, labels: list[str], values: list[int], colour: str, locale: Locale) -> None:
    bars = ax.bar(labels, values, color=colour, width=0.6)
    ax.bar_label(bars, labels=[count(v, locale) for v in values], padding=3, fontsize=9)
    ax.set_ylim(0, max([*values, 1]) * 1.15)  # headroom for the value labels
    # People come in whole numbers: with small counts the default ticks (0, 0.5, 1, 1.5...)
    # would be labelled 0, 0, 1, 1.
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(lambda value, _pos: count(int(value), locale))
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelsize=9)


def render_funnel_chart(report: StatsReport, locale: Locale = "id") -> bytes:
    """A PNG: the funnel for the period, and verified people per time zone now."""
    buffer = io.BytesIO()
    funnel_figure(report, locale).savefig(buffer, format="png", dpi=CHART_DPI)
    return buffer.getvalue()


def funnel_figure(report: StatsReport, locale: Locale = "id") -> Figure:
    text = _LABELS[locale]
    figure = Figure(figsize=CHART_SIZE_INCHES, dpi=CHART_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    funnel_ax, zone_ax = figure.subplots(1, 2, width_ratios=(2.2, 1))
    funnel = report.funnel
    _bars(
        funnel_ax,
        [text[k] for k in ("started", "consented", "submitted", "verified", "badges")],
        [
            funnel.started,
            funnel.consented,
            funnel.submitted,
            funnel.verified,
            report.badges_issued,
        ],
        _FUNNEL_COLOUR,
        locale,
    )
    funnel_ax.set_title(text["funnel_title"].format(days=report.days), fontsize=11)
    funnel_ax.set_ylabel(text["people"])
    zones = [group for group in report.by_zone if group.key]
    _bars(zone_ax, [z.label for z in zones], [z.count for z in zones], _ZONE_COLOUR, locale)
    zone_ax.set_title(text["zone_title"], fontsize=11)
    return figure


def _percent(rate: float | None, locale: Locale) -> str:
    if rate is None:
        return "—"
    shown = f"{rate * 100:.1f}"
    return (shown.replace(".", ",") if locale == "id" else shown) + "%"


def _shorten(title: str) -> str:
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…"


def summary_text(report: StatsReport, locale: Locale = "id") -> str:
    """A few plain-text lines (no markup) that fit one chat message."""

    def n(value: int) -> str:
        return count(value, locale)

    f, t = report.funnel, report.totals
    period = f"{day(report.start, locale)} – {day(report.end, locale)}"
    zones = " · ".join(f"{z.label} {n(z.count)}" for z in report.by_zone)
    agencies = ", ".join(f"{a.label} {n(a.count)}" for a in report.by_agency[:MAX_AGENCIES_IN_TEXT])
    shown = report.campaigns[:MAX_CAMPAIGNS_IN_TEXT]
    more = len(report.campaigns) - len(shown)
    if locale == "id":
        lines = [
            f"Statistik {report.days} hari terakhir ({period})",
            f"Pendaftaran: mulai {n(f.started)} · menyetujui {n(f.consented)}"
            f" · diajukan {n(f.submitted)} · terverifikasi {n(f.verified)}"
            f" · lencana {n(report.badges_issued)}",
            f"Sekarang: {n(t.verified)} terverifikasi ({n(t.active)} aktif, {n(t.opted_out)}"
            f" berhenti menerima konten, {n(t.blocked)} memblokir bot);"
            f" {n(t.awaiting_review)} menunggu verifikasi",
            f"Zona waktu: {zones}",
        ]
        if agencies:
            lines.append(f"Instansi teratas: {agencies}")
        lines.append(f"Kampanye: {n(len(report.campaigns))}")
        lines += [
            f"- {_shorten(c.title)}: terkirim {n(c.sent)}, gagal {n(c.failed)}, diblokir"
            f" {n(c.blocked)}, dibagikan ulang {n(c.reshares)} ({_percent(c.reshare_rate, locale)})"
            for c in shown
        ]
        if more:
            lines.append(f"… dan {n(more)} kampanye lainnya")
    else:
        lines = [
            f"Statistics for the last {report.days} days ({period})",
            f"Enrollment: started {n(f.started)} · consented {n(f.consented)} · submitted"
            f" {n(f.submitted)} · verified {n(f.verified)} · badges {n(report.badges_issued)}",
            f"Now: {n(t.verified)} verified ({n(t.active)} active, {n(t.opted_out)} opted out"
            f" of content, {n(t.blocked)} blocked the bot); {n(t.awaiting_review)} awaiting"
            " verification",
            f"Time zones: {zones}",
        ]
        if agencies:
            lines.append(f"Top agencies: {agencies}")
        lines.append(f"Campaigns: {n(len(report.campaigns))}")
        lines += [
            f"- {_shorten(c.title)}: delivered {n(c.sent)}, failed {n(c.failed)}, blocked"
            f" {n(c.blocked)}, reshared {n(c.reshares)} ({_percent(c.reshare_rate, locale)})"
            for c in shown
        ]
        if more:
            lines.append(f"… and {n(more)} more campaigns")
    return "\n".join(lines)
