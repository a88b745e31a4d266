"""Charts drawn on the server as inline SVG: no script, no external library, readable by screen readers.

An entity page's mentions per month: one bar per month, each bar a link to the search narrowed to it.
"""

import math
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from articles.settings import search_listing
from articles.web.browsing import EntityProfile

# The viewBox; the SVG scales to its container's width (see .chart in site.css).
CHART_WIDTH = 720
CHART_HEIGHT = 180
# Room for the y-axis maximum on the left and the year labels below.
LEFT_MARGIN = 36
BOTTOM_MARGIN = 22
TOP_MARGIN = 8
# A few months of data would otherwise draw bars a fifth of the chart wide.
MAX_BAR_WIDTH = 48


@dataclass(frozen=True)
class Bar:
    label: str  # what the bar stands for, e.g. "March 2024"; read out with the value
    value: int
    href: str = ""  # empty: the bar is not a link
    tick: str = ""  # axis label drawn under the bar, e.g. the year at each January


def bar_chart_svg(*, bars: list[Bar], title: str, description: str, unit: str = "article") -> SafeString:
    """Return an accessible SVG bar chart (<title>, <desc>, a labelled link per non-empty bar), escaped."""
    if not bars:
        return mark_safe("")
    plot_width = CHART_WIDTH - LEFT_MARGIN
    plot_height = CHART_HEIGHT - BOTTOM_MARGIN - TOP_MARGIN
    slot = plot_width / len(bars)
    gap = slot * 0.15 if slot > 4 else 0
    highest = max(bar.value for bar in bars) or 1
    baseline = TOP_MARGIN + plot_height
    parts = [
        f'<svg class="chart" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" role="group" '
        f'aria-labelledby="chart-title" aria-describedby="chart-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
        f'<text class="axis" x="{LEFT_MARGIN - 6}" y="{TOP_MARGIN + 10}" text-anchor="end" aria-hidden="true">{highest}</text>',
        f'<text class="axis" x="{LEFT_MARGIN - 6}" y="{baseline}" text-anchor="end" aria-hidden="true">0</text>',
        f'<line class="baseline" x1="{LEFT_MARGIN}" y1="{baseline}" x2="{CHART_WIDTH}" y2="{baseline}" aria-hidden="true"/>',
    ]
    for index, bar in enumerate(bars):
        x = LEFT_MARGIN + index * slot
        if bar.tick:
            parts.append(
                f'<text class="axis" x="{x:.1f}" y="{CHART_HEIGHT - 6}" aria-hidden="true">{escape(bar.tick)}</text>'
            )
        if not bar.value:
            continue
        height = max(1.0, plot_height * bar.value / highest)
        label = escape(f"{bar.label}: {bar.value} {unit}{'' if bar.value == 1 else 's'}")
        width = min(max(slot - gap, 1), MAX_BAR_WIDTH)
        rect = (
            f'<rect x="{x + (slot - width) / 2:.1f}" y="{baseline - height:.1f}" width="{width:.1f}" '
            f'height="{height:.1f}"><title>{label}</title></rect>'
        )
        parts.append(f'<a href="{escape(bar.href)}" aria-label="{label}">{rect}</a>' if bar.href else rect)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def monthly_mentions_chart(*, profile: EntityProfile) -> SafeString:
    """Return the entity's articles per month as a bar chart; each bar opens the search for that month."""
    months = profile.months
    if not months:
        return mark_safe("")
    # One year label per tick; past a dozen years, every second (third...) year so labels do not overlap.
    year_step = math.ceil((months[-1].month.year - months[0].month.year + 1) / 12)
    search_url = reverse("articles:search")
    # The chart counts every article (syndicated copies too); its links list the same articles.
    listing = {} if search_listing() == "copies" else {"listing": "copies"}
    bars = [
        Bar(
            label=item.month.strftime("%B %Y"),
            value=item.count,
            href=search_url
            + "?"
            + urlencode(
                {profile.kind: profile.entity.slug, "from": item.month.isoformat(), "to": item.last_day.isoformat(), **listing}
            ),
            tick=str(item.month.year) if (index == 0 or item.month.month == 1) and item.month.year % year_step == 0 else "",
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
