"""The statistics report as a PNG chart and as a short plain-text summary.

The chart is drawn with matplotlib's object API on the Agg canvas: no pyplot, so no global
figure state, and it is safe to render in a worker thread. The Agg backend is chosen before
anything else of matplotlib loads, because the bot runs headless. Text uses DejaVu Sans,
which ships with matplotlib (no font-cache lookups, no missing-glyph warnings). Every word
comes from the catalogue of the reader's language (the chart_ keys).
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.axes import Axes  # imported after choosing the backend
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.insights.ranking import percent
from bot.insights.statistics import StatsReport
from bot.languages import Locale
from bot.texts import plain
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

# The funnel's bars, left to right, by the catalogue key of their labels.
_FUNNEL_KEYS = (
    "chart_started",
    "chart_consented",
    "chart_submitted",
    "chart_verified",
    "chart_badges",
)


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
    figure = Figure(figsize=CHART_SIZE_INCHES, dpi=CHART_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    funnel_ax, zone_ax = figure.subplots(1, 2, width_ratios=(2.2, 1))
    funnel = report.funnel
    _bars(
        funnel_ax,
        [plain(locale, key) for key in _FUNNEL_KEYS],
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
    funnel_ax.set_title(plain(locale, "chart_funnel_title", days=report.days), fontsize=11)
    funnel_ax.set_ylabel(plain(locale, "chart_people"))
    zones = [group for group in report.by_zone if group.key]
    _bars(zone_ax, [z.label for z in zones], [z.count for z in zones], _ZONE_COLOUR, locale)
    zone_ax.set_title(plain(locale, "chart_zone_title"), fontsize=11)
    if not report.national and report.unit:
        figure.suptitle(report.unit.name, fontsize=12)
    return figure


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
    lines = [
        plain(locale, "chart_summary_title", days=report.days, period=period),
        *(
            [plain(locale, "chart_summary_unit", unit=report.unit.name)]
            if report.unit and not report.national
            else []
        ),
        plain(
            locale,
            "chart_summary_funnel",
            started=n(f.started),
            consented=n(f.consented),
            submitted=n(f.submitted),
            verified=n(f.verified),
            badges=n(report.badges_issued),
        ),
        plain(
            locale,
            "chart_summary_now",
            verified=n(t.verified),
            active=n(t.active),
            opted_out=n(t.opted_out),
            blocked=n(t.blocked),
            awaiting=n(t.awaiting_review),
        ),
        plain(locale, "chart_summary_zones", zones=zones),
    ]
    if agencies:
        lines.append(plain(locale, "chart_summary_agencies", agencies=agencies))
    if not report.national:
        # A unit sees its people's share of every campaign, then the campaigns it composed.
        delivered = sum(f.delivered for f in report.breakdown)
        reshares = sum(f.reshares for f in report.breakdown)
        lines.append(
            plain(
                locale,
                "chart_summary_activity",
                delivered=n(delivered),
                reshares=n(reshares),
                rate=percent(reshares / delivered if delivered else None, locale),
            )
        )
    lines.append(plain(locale, "chart_summary_campaigns", count=n(len(report.campaigns))))
    lines += [
        plain(
            locale,
            "chart_summary_campaign",
            title=_shorten(c.title),
            sent=n(c.sent),
            failed=n(c.failed),
            blocked=n(c.blocked),
            reshares=n(c.reshares),
            rate=percent(c.reshare_rate, locale),
        )
        for c in shown
    ]
    if more:
        lines.append(plain(locale, "chart_summary_more", count=n(more)))
    return "\n".join(lines)
