"""Trends side by side: articles per month (or year) for up to six leaders, countries, topics, roles or queries.

Every count is the search's own count for that series and period (search.count_articles_by_month),
so a point and the search it links to always agree.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode

from articles.exceptions import InvalidSearchQuery
from articles.kinds import ENTITY_KINDS, kind_named
from articles.models import Article
from articles.search.lookup import resolve_filter_value
from articles.search.query import ROLE_PREFIX
from articles.search.service import SearchFilters, count_articles_by_month, resolve_filter_roles
from articles.web.search_request import MAX_QUERY_LENGTH, SearchRequest, read_date

# More lines than this on one chart cannot be told apart, even with dashes and markers.
MAX_SERIES = 6
QUERY_PARAM = "q"
SERIES_PARAMS = (*(kind.param for kind in ENTITY_KINDS), ROLE_PREFIX, QUERY_PARAM)
# Past three years of months the points crowd at 390 px; count per year instead.
MAX_MONTHS = 36


class TrendMeasure(models.TextChoices):
    COUNT = "count", "Articles"
    SHARE = "share", "Share of all articles"


class TrendUnit(models.TextChoices):
    MONTH = "month", "month"
    YEAR = "year", "year"


@dataclass(frozen=True)
class SeriesRequest:
    param: str  # "leader", "country", "topic", "role" or "q"
    value: str  # a slug, a role name or slug, or query words


@dataclass(frozen=True)
class TrendRequest:
    series: tuple[SeriesRequest, ...]
    date_from: date | None = None
    date_to: date | None = None
    measure: TrendMeasure = TrendMeasure.COUNT

    def params(self) -> list[tuple[str, str]]:
        """Return the query string pairs that ask for these trends again."""
        pairs = [(s.param, s.value) for s in self.series]
        pairs += [(name, value.isoformat()) for name, value in (("from", self.date_from), ("to", self.date_to)) if value]
        return pairs


@dataclass(frozen=True)
class Period:
    label: str  # "2024-03" or "2024"
    start: date  # within the requested dates
    end: date
    total: int  # all dated articles in the period, for the share

    @property
    def title(self) -> str:
        """Return "March 2024" or "2024"."""
        return self.start.strftime("%B %Y") if len(self.label) == 7 else self.label


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    count: int
    search_url: str  # the search for this series in this period; its total is count

    @property
    def share(self) -> float:
        """Return the percentage of all articles of the period."""
        return 100 * self.count / self.period.total if self.period.total else 0.0


@dataclass(frozen=True)
class TrendSeries:
    request: SeriesRequest
    label: str  # "Vladimir Putin", "“sanctions”"
    url: str  # the entity or role page, or the search
    points: tuple[TrendPoint, ...]

    @property
    def total(self) -> int:
        return sum(point.count for point in self.points)


@dataclass(frozen=True)
class Trends:
    request: TrendRequest
    unit: TrendUnit
    periods: tuple[Period, ...]
    series: tuple[TrendSeries, ...]

    @property
    def rows(self) -> list[tuple[Period, list[TrendPoint]]]:
        """Return per period its points, one per series: the table under the chart."""
        return [(period, [series.points[index] for series in self.series]) for index, period in enumerate(self.periods)]


def read_trend_request(params: QueryDict) -> TrendRequest:
    """Return the series, dates and measure the query string asks for, in the order given.

    Raises:
        InvalidSearchQuery: more than MAX_SERIES series, a bad date, or an unknown measure.
    """
    series = tuple(
        SeriesRequest(param=key, value=value.strip()[:MAX_QUERY_LENGTH])
        for key, values in params.lists()
        if key in SERIES_PARAMS
        for value in values
        if value.strip()
    )
    if len(series) > MAX_SERIES:
        raise InvalidSearchQuery(
            f"{len(series)} series asked for; a chart compares at most {MAX_SERIES}: remove "
            f"{len(series) - MAX_SERIES} of the leader=, country=, topic=, role= or q= parameters.",
            query=params.get(QUERY_PARAM, ""),
        )
    measure = params.get("show", "") or TrendMeasure.COUNT
    if measure not in TrendMeasure.values:
        raise InvalidSearchQuery(
            f"Unknown show='{measure[:20]}'; use show=count or show=share.", query=params.get(QUERY_PARAM, "")
        )
    return TrendRequest(
        series=series,
        date_from=read_date(params.get("from", ""), name="from"),
        date_to=read_date(params.get("to", ""), name="to"),
        measure=TrendMeasure(measure),
    )


def build_trends(request: TrendRequest) -> Trends:
    """Return each series' articles per month (per year past MAX_MONTHS months) and all articles per period.

    Raises:
        InvalidSearchQuery: a series names no leader, country, topic or role, or the dates are reversed.
    """
    if request.date_from and request.date_to and request.date_from > request.date_to:
        raise InvalidSearchQuery(
            f"The date range ends ({request.date_to}) before it starts ({request.date_from}); swap the dates.", query=""
        )
    searches = [_series_search(series, request=request) for series in request.series]
    monthly = [count_articles_by_month(search.query, filters=search.filters) for search in searches]
    all_articles = count_articles_by_month("", filters=SearchFilters(date_from=request.date_from, date_to=request.date_to))
    months = sorted({month for counts in monthly for month in counts})
    if not months:
        return Trends(request=request, unit=TrendUnit.MONTH, periods=(), series=())
    # A range past the archive's dated articles (from=0001-01-01, to=9999-12-31) is charted over them
    # only: the periods beyond are empty in every series, and 8,000 empty years made a 1.4 MB answer.
    first, last = months[0], months[-1]
    if request.date_from or request.date_to:
        archive_first, archive_last = _archive_months()
        if request.date_from:
            first = max(_month_label(request.date_from), archive_first)
        if request.date_to:
            last = min(_month_label(request.date_to), archive_last)
    unit = TrendUnit.YEAR if _month_count(first, last) > MAX_MONTHS else TrendUnit.MONTH
    periods = _periods(first, last, unit=unit, request=request, all_articles=all_articles)
    series = tuple(
        TrendSeries(
            request=search.request,
            label=search.label,
            url=search.url,
            points=tuple(
                TrendPoint(period=period, count=_count_in(counts, period), search_url=_search_url(search, period))
                for period in periods
            ),
        )
        for search, counts in zip(searches, monthly)
    )
    return Trends(request=request, unit=unit, periods=periods, series=series)


def compare_url(search: SearchRequest) -> str:
    """Return the trends URL comparing a search's words and each of its chosen leaders, countries, topics and roles."""
    pairs = [(QUERY_PARAM, search.query)] if search.query.strip() else []
    pairs += [(kind.param, slug) for kind in ENTITY_KINDS for slug in search.filters.values_for(kind)]
    pairs += [(ROLE_PREFIX, role) for role in search.filters.roles]
    return reverse("articles:trends") + "?" + urlencode(pairs[:MAX_SERIES])


@dataclass(frozen=True)
class _SeriesSearch:
    """The search one series counts: its words and filters within the requested dates."""

    request: SeriesRequest
    label: str
    url: str  # the entity or role page, or the search
    query: str
    filters: SearchFilters


def _series_search(series: SeriesRequest, *, request: TrendRequest) -> _SeriesSearch:
    dates = {"date_from": request.date_from, "date_to": request.date_to}
    if series.param == QUERY_PARAM:
        url = reverse("articles:search") + "?" + urlencode({QUERY_PARAM: series.value})
        return _SeriesSearch(series, f"“{series.value}”", url, series.value, SearchFilters(**dates))
    if series.param == ROLE_PREFIX:
        filters = SearchFilters(roles=(series.value,), **dates)
        [role] = resolve_filter_roles(filters)
        return _SeriesSearch(series, role.name, reverse("articles:role", args=[role.slug]), "", filters)
    kind = kind_named(series.param)
    slug = resolve_filter_value(kind.param, series.value)
    if not slug:
        raise InvalidSearchQuery(
            f"No {kind.param} '{series.value[:80]}'; use a name or the slug from its page, as listed at /{kind.plural}/.",
            query=series.value,
        )
    entity = kind.model.objects.get(slug=slug)
    return _SeriesSearch(series, entity.name, entity.get_absolute_url(), "", SearchFilters(**{kind.plural: (slug,)}, **dates))


def _month_label(day: date) -> str:
    # Not strftime("%Y-%m"): it writes the year 1 as "1", not "0001".
    return f"{day.year:04d}-{day.month:02d}"


def _archive_months() -> tuple[str, str]:
    """Return the months of the archive's first and last dated articles ("0001-01", "9999-12" when none)."""
    bounds = Article.objects.filter(is_published=True).aggregate(first=models.Min("published"), last=models.Max("published"))
    return (
        _month_label(bounds["first"]) if bounds["first"] else "0001-01",
        _month_label(bounds["last"]) if bounds["last"] else "9999-12",
    )


def _month_count(first: str, last: str) -> int:
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1


def _periods(first: str, last: str, *, unit: TrendUnit, request: TrendRequest, all_articles: dict[str, int]) -> tuple[Period, ...]:
    year, month = int(first[:4]), int(first[5:7])
    last_year, last_month = int(last[:4]), int(last[5:7])
    periods = []
    if unit is TrendUnit.YEAR:
        for each_year in range(year, last_year + 1):
            start, end = _clip(date(each_year, 1, 1), date(each_year, 12, 31), request)
            total = sum(count for label, count in all_articles.items() if label.startswith(f"{each_year:04d}-"))
            periods.append(Period(label=f"{each_year:04d}", start=start, end=end, total=total))
        return tuple(periods)
    while (year, month) <= (last_year, last_month):
        label = f"{year:04d}-{month:02d}"
        start, end = _clip(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), request)
        periods.append(Period(label=label, start=start, end=end, total=all_articles.get(label, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(periods)


def _clip(start: date, end: date, request: TrendRequest) -> tuple[date, date]:
    """Return the period narrowed to the requested dates, so its count is the count of its search."""
    return max(start, request.date_from or start), min(end, request.date_to or end)


def _count_in(counts: dict[str, int], period: Period) -> int:
    if len(period.label) == 4:
        return sum(count for label, count in counts.items() if label.startswith(f"{period.label}-"))
    return counts.get(period.label, 0)


def _search_url(search: _SeriesSearch, period: Period) -> str:
    pairs = [(QUERY_PARAM, search.query)] if search.query else []
    pairs += [(kind.param, slug) for kind in ENTITY_KINDS for slug in search.filters.values_for(kind)]
    pairs += [(ROLE_PREFIX, role) for role in search.filters.roles]
    pairs += [("from", period.start.isoformat()), ("to", period.end.isoformat())]
    return reverse("articles:search") + "?" + urlencode(pairs)


def trends_table(trends: Trends) -> tuple[list[str], list[list]]:
    """Return the header and rows of the numbers the chart draws: per period, all articles and each series' count and share."""
    header = ["period", "from", "to", "all_articles"]
    for series in trends.series:
        header += [f"{series.label} articles", f"{series.label} share %"]
    rows = []
    for index, period in enumerate(trends.periods):
        row = [period.label, period.start.isoformat(), period.end.isoformat(), period.total]
        for series in trends.series:
            point = series.points[index]
            row += [point.count, round(point.share, 2)]
        rows.append(row)
    return header, rows


def serialize_trends(trends: Trends, *, absolute_base: str) -> dict:
    """Return the trends as the JSON export documents them: periods, and per series its counts and shares in that order."""
    return {
        "unit": trends.unit.value,
        "periods": [
            {"period": p.label, "from": p.start.isoformat(), "to": p.end.isoformat(), "all_articles": p.total}
            for p in trends.periods
        ],
        "series": [
            {
                "label": series.label,
                "param": series.request.param,
                "value": series.request.value,
                "url": absolute_base + series.url,
                "counts": [point.count for point in series.points],
                "shares": [round(point.share, 2) for point in series.points],
                "searches": [absolute_base + point.search_url for point in series.points],
            }
            for series in trends.series
        ],
    }
