"""The statistics chart (PNG, headless) and the plain-text summary."""

from __future__ import annotations

import struct
import warnings
from dataclasses import replace
from datetime import UTC, datetime

import matplotlib
import pytest

from bot.insights.chart import (
    CHART_DPI,
    CHART_SIZE_INCHES,
    funnel_figure,
    render_funnel_chart,
    summary_text,
)
from bot.insights.statistics import StatsReport
from bot.languages import LOCALES, Locale
from bot.texts import plain
from bot.texts.formats import day
from storage.statistics import CampaignCounts, CurrentTotals, FunnelCounts, GroupCount

REPORT = StatsReport(
    days=30,
    start=datetime(2026, 10, 29, tzinfo=UTC),
    end=datetime(2026, 11, 27, 1, tzinfo=UTC),
    funnel=FunnelCounts(
        started=12345, consented=9876, submitted=5432, verified=4321, suspended=12, erased=3
    ),
    badges_issued=4000,
    totals=CurrentTotals(
        verified=150000,
        active=140000,
        opted_out=8000,
        blocked=2000,
        awaiting_review=321,
        suspended=45,
    ),
    by_agency=(
        GroupCount("kominfo", "Kementerian Komunikasi dan Digital", 90000),
        GroupCount("bali", "Pemerintah Provinsi Bali", 60000),
    ),
    by_province=(GroupCount("jk", "DKI Jakarta", 100000), GroupCount("ba", "Bali", 50000)),
    by_zone=(
        GroupCount("WIB", "WIB", 100000),
        GroupCount("WITA", "WITA", 50000),
        GroupCount("WIT", "WIT", 0),
    ),
    campaigns=(
        CampaignCounts(1, "Vaksinasi Nasional", "done", None, 1234, 5, 6, 0, 0, 152),
        CampaignCounts(2, "Belum terkirim", "scheduled", None, 0, 0, 0, 0, 10, 0),
    ),
)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_chart_is_a_png_of_the_expected_size() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = render_funnel_chart(REPORT, "id")
        english = render_funnel_chart(REPORT, "en")

    expected = (int(CHART_SIZE_INCHES[0] * CHART_DPI), int(CHART_SIZE_INCHES[1] * CHART_DPI))
    assert png_size(data) == png_size(english) == expected
    assert data != english  # the labels differ
    assert matplotlib.get_backend().lower() == "agg"


def test_an_empty_report_still_renders() -> None:
    empty = StatsReport(
        days=7,
        start=REPORT.start,
        end=REPORT.end,
        funnel=FunnelCounts(0, 0, 0, 0, 0, 0),
        badges_issued=0,
        totals=CurrentTotals(0, 0, 0, 0, 0, 0),
        by_agency=(),
        by_province=(),
        by_zone=(
            GroupCount("WIB", "WIB", 0),
            GroupCount("WITA", "WITA", 0),
            GroupCount("WIT", "WIT", 0),
        ),
        campaigns=(),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert png_size(render_funnel_chart(empty, "id"))[0] > 0
    assert "Kampanye: 0" in summary_text(empty, "id")


def test_indonesian_summary_uses_indonesian_separators() -> None:
    text = summary_text(REPORT, "id")

    assert text.splitlines()[0] == "Statistik 30 hari terakhir (29 Oktober 2026 – 27 November 2026)"
    assert "mulai 12.345 · menyetujui 9.876 · diajukan 5.432 · terverifikasi 4.321" in text
    assert "150.000 terverifikasi (140.000 aktif, 8.000 berhenti menerima konten" in text
    assert "Zona waktu: WIB 100.000 · WITA 50.000 · WIT 0" in text
    assert (
        "- Vaksinasi Nasional: terkirim 1.234, gagal 5, diblokir 6, dibagikan ulang 152 (12,3%)"
        in text
    )
    assert "- Belum terkirim: terkirim 0" in text and "(—)" in text
    assert len(text) < 4096


def test_english_summary() -> None:
    text = summary_text(REPORT, "en")

    assert text.startswith("Statistics for the last 30 days")
    assert "started 12,345 · consented 9,876" in text
    assert "reshared 152 (12.3%)" in text


def test_long_campaign_lists_are_cut() -> None:
    many = tuple(
        CampaignCounts(i, f"Kampanye {i} " + "x" * 80, "done", None, 10, 0, 0, 0, 0, 1)
        for i in range(12)
    )
    report = StatsReport(**{**REPORT.__dict__, "campaigns": many})

    text = summary_text(report, "id")

    assert text.count("\n- ") == 5
    assert text.endswith("… dan 7 kampanye lainnya")
    assert "x" * 80 not in text


def test_small_counts_get_whole_number_ticks_each_labelled_once() -> None:
    small = replace(
        REPORT,
        funnel=FunnelCounts(started=2, consented=2, submitted=1, verified=1, suspended=0, erased=0),
        badges_issued=1,
        by_zone=(GroupCount("WIB", "WIB", 1), GroupCount("WITA", "WITA", 0)),
    )
    figure = funnel_figure(small, "id")
    figure.canvas.draw()

    for ax in figure.axes:
        ticks = [tick for tick in ax.get_yticks() if 0 <= tick <= ax.get_ylim()[1]]
        labels = [label.get_text() for label in ax.get_yticklabels() if label.get_text()]
        assert all(float(tick).is_integer() for tick in ticks), ticks
        assert len(labels) == len(set(labels)), labels


@pytest.mark.parametrize("locale", LOCALES)
def test_chart_titles_and_labels_are_the_catalogue_words(locale: Locale) -> None:
    funnel_ax, zone_ax = funnel_figure(REPORT, locale).axes

    bars = [label.get_text() for label in funnel_ax.get_xticklabels()]

    assert funnel_ax.get_title() == plain(locale, "chart_funnel_title", days=30)
    assert zone_ax.get_title() == plain(locale, "chart_zone_title")
    assert funnel_ax.get_ylabel() == plain(locale, "chart_people")
    assert bars == [
        plain(locale, key)
        for key in ("chart_started", "chart_consented", "chart_submitted", "chart_verified")
    ] + [plain(locale, "chart_badges")]


@pytest.mark.parametrize("locale", LOCALES)
def test_summary_lines_are_the_catalogue_words(locale: Locale) -> None:
    lines = summary_text(REPORT, locale).splitlines()

    period = f"{day(REPORT.start, locale)} – {day(REPORT.end, locale)}"
    assert lines[0] == plain(locale, "chart_summary_title", days=30, period=period)
    assert lines[-1] == plain(
        locale,
        "chart_summary_campaign",
        title="Belum terkirim",
        sent=0,
        failed=0,
        blocked=0,
        reshares=0,
        rate="—",
    )
