"""Charts drawn on the server as inline SVG: no script, no external library, readable by screen readers.

An entity page's mentions per month, and a results page's matches per year or month: one bar per
period, empty periods included (as gaps), each non-empty bar a link to the search narrowed to it.

The SVG has no viewBox: bars are placed in percent of its width and its text is drawn at the page's
own size, so labels stay readable on a phone instead of shrinking with the chart.

The trends page: one line per series, each point a link to the search for that series and period.
"""

import calendar
import math
from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from articles.search.service import HistogramBar
from articles.web.browsing import EntityProfile
from articles.web.trends import TrendMeasure, Trends, TrendUnit

CHART_HEIGHT = 180  # px; the width is the container's (see .chart in site.css)
# Room for the period labels below the bars and the values above the tallest one.
BOTTOM_MARGIN = 22
TOP_MARGIN = 18
# Axis labels shown at most: about five characters each fit side by side in a 390 px phone screen.
MAX_TICKS = 7
# Bars narrower than this (in percent of the width) get no value printed above them.
MIN_VALUE_LABEL_SLOT = 100 / 16


@dataclass(frozen=True)
class Bar:
    label: str  # what the bar stands for, e.g. "March 2024"; read out with the value
    value: int
    href: str = ""  # empty: the bar is not a link
    tick: str = ""  # axis label drawn under the bar, e.g. the year at each January


def bar_chart_svg(
    *, bars: list[Bar], title: str, description: str, unit: str = "article", id_prefix: str = "chart"
) -> SafeString:
    """Return an accessible SVG bar chart (<title>, <desc>, a labelled link per non-empty bar), escaped."""
    if not bars:
        return mark_safe("")
    plot_height = CHART_HEIGHT - BOTTOM_MARGIN - TOP_MARGIN
    slot = 100 / len(bars)
    width = slot * 0.8 if len(bars) > 3 else min(slot * 0.8, 20)
    highest = max(bar.value for bar in bars) or 1
    baseline = TOP_MARGIN + plot_height
    is_valued = slot >= MIN_VALUE_LABEL_SLOT
    parts = [
        f'<svg class="chart" width="100%" height="{CHART_HEIGHT}" role="group" '
        f'aria-labelledby="{id_prefix}-title" aria-describedby="{id_prefix}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
        f'<text class="axis" x="-6" y="{TOP_MARGIN + 4}" text-anchor="end" aria-hidden="true">{highest}</text>',
        f'<text class="axis" x="-6" y="{baseline}" text-anchor="end" aria-hidden="true">0</text>',
        f'<line class="gridline" x1="0" y1="{TOP_MARGIN}" x2="100%" y2="{TOP_MARGIN}" aria-hidden="true"/>',
        f'<line class="baseline" x1="0" y1="{baseline}" x2="100%" y2="{baseline}" aria-hidden="true"/>',
    ]
    for index in _spaced_ticks(bars):
        parts.append(
            f'<text class="axis" x="{index * slot + slot / 2:.2f}%" y="{CHART_HEIGHT - 5}" text-anchor="middle" '
            f'aria-hidden="true">{escape(bars[index].tick)}</text>'
        )
    for index, bar in enumerate(bars):
        if not bar.value:
            continue
        height = max(1.0, plot_height * bar.value / highest)
        label = escape(f"{bar.label}: {bar.value} {unit}{'' if bar.value == 1 else 's'}")
        x = index * slot + (slot - width) / 2
        shape = (
            f'<rect x="{x:.2f}%" y="{baseline - height:.1f}" width="{width:.2f}%" height="{height:.1f}"><title>{label}</title></rect>'
        )
        if is_valued:
            shape += (
                f'<text class="value" x="{index * slot + slot / 2:.2f}%" y="{baseline - height - 4:.1f}" '
                f'text-anchor="middle" aria-hidden="true">{bar.value}</text>'
            )
        parts.append(f'<a href="{escape(bar.href)}" aria-label="{label}">{shape}</a>' if bar.href else shape)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _spaced_ticks(bars: list[Bar]) -> list[int]:
    """Return the indexes of the bars whose tick is drawn: at least len/MAX_TICKS bars apart, so none overlap."""
    candidates = [index for index, bar in enumerate(bars) if bar.tick]
    min_gap = len(bars) / MAX_TICKS
    # A chart starting in December labels 2019 there and 2020 one bar later ("20192020"): the first
    # label gives way when the next one is too close.
    if len(candidates) > 1 and candidates[1] - candidates[0] < min_gap:
        candidates = candidates[1:]
    kept: list[int] = []
    for index in candidates:
        if not kept or index - kept[-1] >= min_gap:
            kept.append(index)
    return kept


def monthly_mentions_chart(*, profile: EntityProfile) -> SafeString:
    """Return the entity's articles per month as a bar chart; each bar opens the search for that month."""
    months = profile.months
    if not months:
        return mark_safe("")
    search_url = reverse("articles:search")
    bars = [
        Bar(
            label=item.month.strftime("%B %Y"),
            value=item.count,
            href=search_url
            + "?"
            + urlencode(
                {profile.kind: profile.entity.slug, "from": item.month.isoformat(), "to": item.last_day.isoformat()}
            ),
            tick=str(item.month.year) if index == 0 or item.month.month == 1 else "",
        )
        for index, item in enumerate(months)
    ]
    first, last = months[0].month.strftime("%B %Y"), months[-1].month.strftime("%B %Y")
    busiest = max(months, key=lambda item: item.count)
    return bar_chart_svg(
        bars=bars,
        title=f"Articles mentioning {profile.entity.name} per month",
        description=(
            f"{sum(item.count for item in months)} dated articles from {first} to {last}; "
            f"the most in {busiest.month.strftime('%B %Y')} ({busiest.count}). Each bar links to that month's articles."
        ),
    )


def results_histogram_chart(*, bars: list[HistogramBar], undated: int, search_params) -> SafeString:
    """Return a search's matches per year (or month) as a bar chart, empty periods included; each bar narrows the dates.

    search_params: the search's query string (a QueryDict), which each bar's link keeps.
    """
    if not bars:
        return mark_safe("")
    is_monthly = len(bars[0].label) == 7
    periods = fill_empty_periods(bars, is_monthly=is_monthly)
    chart_bars = []
    for index, bar in enumerate(periods):
        params = search_params.copy()
        params["from"], params["to"] = bar.date_from.isoformat(), bar.date_to.isoformat()
        params.pop("page", None)
        if is_monthly:
            label = bar.date_from.strftime("%B %Y")
            tick = str(bar.date_from.year) if index == 0 or bar.date_from.month == 1 else ""
        else:
            label = tick = bar.label
        chart_bars.append(Bar(label=label, value=bar.count, href="?" + params.urlencode() if bar.count else "", tick=tick))
    dated = sum(bar.count for bar in periods)
    period = "month" if is_monthly else "year"
    return bar_chart_svg(
        bars=chart_bars,
        title=f"Matching articles per {period}",
        description=(
            f"{dated} dated matching article{'s' if dated != 1 else ''} from {chart_bars[0].label} to {chart_bars[-1].label}"
            + (f", and {undated} undated" if undated else "")
            + f". Each bar narrows the search to that {period}."
        ),
        id_prefix="histogram",
    )


def fill_empty_periods(bars: list[HistogramBar], *, is_monthly: bool) -> list[HistogramBar]:
    """Return one bar per year (month) from the first bar's to the last's, the missing ones with count 0."""
    counts = {bar.date_from: bar for bar in bars}
    start, end = min(counts), max(counts)
    filled = []
    current = start
    while current <= end:
        if is_monthly:
            last_day = current.replace(day=calendar.monthrange(current.year, current.month)[1])
            label = current.strftime("%Y-%m")
            following = date(current.year + current.month // 12, current.month % 12 + 1, 1)
        else:
            last_day, label, following = date(current.year, 12, 31), str(current.year), date(current.year + 1, 1, 1)
        filled.append(counts.get(current) or HistogramBar(label=label, count=0, date_from=current, date_to=last_day))
        current = following
    return filled


# The trends chart: a narrower viewBox than the bar chart, so its labels stay legible at 390 px.
LINE_CHART_WIDTH = 480
LINE_CHART_HEIGHT = 240
LINE_LEFT_MARGIN = 48
LINE_BOTTOM_MARGIN = 24
LINE_TOP_MARGIN = 10
LINE_RIGHT_MARGIN = 10
POINT_RADIUS = 4
# Year labels under the axis: at most this many, so they never overlap.
LINE_MAX_TICKS = 6


@dataclass(frozen=True)
class LinePoint:
    label: str  # read out with the value, e.g. "Vladimir Putin, March 2024: 3 articles"
    value: float
    href: str


@dataclass(frozen=True)
class Line:
    name: str
    points: list[LinePoint]


def line_chart_svg(*, lines: list[Line], ticks: list[str], title: str, description: str, value_suffix: str = "") -> SafeString:
    """Return an accessible SVG line chart: one line per series (styled .series-N), each non-zero point a labelled link.

    ticks has one label per point position ("" for none), e.g. the year under each January.
    """
    if not lines or not lines[0].points:
        return mark_safe("")
    positions = len(lines[0].points)
    plot_width = LINE_CHART_WIDTH - LINE_LEFT_MARGIN - LINE_RIGHT_MARGIN
    plot_height = LINE_CHART_HEIGHT - LINE_BOTTOM_MARGIN - LINE_TOP_MARGIN
    step = plot_width / max(positions - 1, 1)
    highest = max((point.value for line in lines for point in line.points), default=0) or 1
    baseline = LINE_TOP_MARGIN + plot_height

    def x_of(index: int) -> float:
        return LINE_LEFT_MARGIN + (index * step if positions > 1 else plot_width / 2)

    def y_of(value: float) -> float:
        return baseline - plot_height * value / highest

    top_label = f"{highest:.1f}{value_suffix}" if value_suffix else f"{highest:g}"
    parts = [
        f'<svg class="chart line-chart" viewBox="0 0 {LINE_CHART_WIDTH} {LINE_CHART_HEIGHT}" role="group" '
        f'aria-labelledby="trend-title" aria-describedby="trend-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="trend-title">{escape(title)}</title>',
        f'<desc id="trend-desc">{escape(description)}</desc>',
        f'<text class="axis" x="{LINE_LEFT_MARGIN - 6}" y="{LINE_TOP_MARGIN + 10}" text-anchor="end" aria-hidden="true">{escape(top_label)}</text>',
        f'<text class="axis" x="{LINE_LEFT_MARGIN - 6}" y="{baseline}" text-anchor="end" aria-hidden="true">0</text>',
        f'<line class="baseline" x1="{LINE_LEFT_MARGIN}" y1="{baseline}" x2="{LINE_CHART_WIDTH - LINE_RIGHT_MARGIN}" y2="{baseline}" aria-hidden="true"/>',
    ]
    shown_ticks = [(index, tick) for index, tick in enumerate(ticks) if tick]
    every = math.ceil(len(shown_ticks) / LINE_MAX_TICKS) if shown_ticks else 1
    for index, tick in shown_ticks[::every]:
        parts.append(
            f'<text class="axis" x="{x_of(index):.1f}" y="{LINE_CHART_HEIGHT - 6}" text-anchor="middle" aria-hidden="true">{escape(tick)}</text>'
        )
    # Series with equal values would hide each other's points: each line is shifted sideways by a
    # little more than a point's radius, so every point's centre stays visible and clickable.
    spread = min(POINT_RADIUS + 1, step / (len(lines) + 1)) if positions > 1 else POINT_RADIUS + 1
    for number, line in enumerate(lines):
        shift = (number - (len(lines) - 1) / 2) * spread

        def x_of_point(index: int, shift: float = shift) -> float:
            return x_of(index) + shift

        coordinates = " ".join(f"{x_of_point(i):.1f},{y_of(p.value):.1f}" for i, p in enumerate(line.points))
        parts.append(f'<g class="series series-{number}" aria-label="{escape(line.name)}">')
        parts.append(f'<polyline points="{coordinates}" aria-hidden="true"/>')
        for index, point in enumerate(line.points):
            if not point.value:
                continue  # as in the bar chart: no mark for nothing; the table links every period
            label = escape(point.label)
            parts.append(
                f'<a href="{escape(point.href)}" aria-label="{label}"><circle cx="{x_of_point(index):.1f}" '
                f'cy="{y_of(point.value):.1f}" r="{POINT_RADIUS}"><title>{label}</title></circle></a>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))


def trends_chart(*, trends: Trends) -> SafeString:
    """Return the trends as a line chart of counts or shares; each point opens the search for that series and period."""
    is_share = trends.request.measure is TrendMeasure.SHARE
    lines = [
        Line(
            name=series.label,
            points=[
                LinePoint(
                    label=f"{series.label}, {point.period.title}: "
                    + (f"{point.share:.1f}% of all articles ({point.count})" if is_share else _articles(point.count)),
                    value=point.share if is_share else point.count,
                    href=point.search_url,
                )
                for point in series.points
            ],
        )
        for series in trends.series
    ]
    is_monthly = trends.unit is TrendUnit.MONTH
    ticks = [
        period.label[:4] if not is_monthly or index == 0 or period.label.endswith("-01") else ""
        for index, period in enumerate(trends.periods)
    ]
    if not trends.periods:
        return mark_safe("")
    first, last = trends.periods[0].title, trends.periods[-1].title
    names = ", ".join(series.label for series in trends.series)
    measure = "share of all articles" if is_share else "articles"
    return line_chart_svg(
        lines=lines,
        ticks=ticks,
        title=f"{measure.capitalize()} per {trends.unit.label} mentioning {names}",
        description=f"From {first} to {last}; the table below gives every value. Each point links to that {trends.unit.label}'s articles.",
        value_suffix="%" if is_share else "",
    )


def _articles(count: int) -> str:
    return f"{count} article{'' if count == 1 else 's'}"
