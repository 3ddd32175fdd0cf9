"""The unit breakdown of a statistics report as plain chat text: the national ranking of the
top-level units, or a unit's own people and its children. Long lists show their top; the
whole list is the "units" export."""

from __future__ import annotations

from bot.insights.statistics import StatsReport, UnitFigures
from bot.languages import Locale
from bot.texts import plain
from bot.texts.formats import count

__all__ = ["RANKING_LINES", "percent", "ranking_text"]

# Enough to read on a phone; 38 provinces and some 80 agencies continue in the export.
RANKING_LINES = 15


def percent(rate: float | None, locale: Locale) -> str:
    if rate is None:
        return "—"
    shown = f"{rate * 100:.1f}"
    return (shown.replace(".", ",") if locale == "id" else shown) + "%"


def _label(figures: UnitFigures, locale: Locale) -> str:
    if figures.unit is None:
        return plain(locale, "stats_ranking_unassigned")
    if figures.own:
        return plain(locale, "stats_ranking_own", unit=figures.unit.name)
    return figures.unit.name


def ranking_text(report: StatsReport, locale: Locale = "id", limit: int = RANKING_LINES) -> str:
    """Empty when there is nothing to break down (no unit under this one, nobody in it)."""
    if not report.breakdown:
        return ""
    if report.national:
        header = plain(locale, "stats_ranking_national")
    else:
        name = report.unit.name if report.unit else ""
        header = plain(locale, "stats_ranking_unit", unit=name)
    shown = report.breakdown[:limit]
    lines = [header]
    rank = 0
    for figures in shown:
        ranked = figures.unit is not None and not figures.own
        rank += ranked
        lines.append(
            plain(
                locale,
                "stats_ranking_line",
                rank=f"{rank}." if ranked else "•",
                unit=_label(figures, locale),
                verified=count(figures.verified, locale),
                enrolled=count(figures.enrolled, locale),
                delivered=count(figures.delivered, locale),
                rate=percent(figures.reshare_rate, locale),
            )
        )
    more = len(report.breakdown) - len(shown)
    if more:
        lines.append(plain(locale, "stats_ranking_more", count=count(more, locale)))
    return "\n".join(lines)
