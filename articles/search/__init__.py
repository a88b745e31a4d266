"""Searching the archive: the only code that builds haystack queries.

search_articles(query, page=, filters=, sort=) -> SearchPage: one engine search per page view
(hits, total and facet counts together), then the shown articles' rows and their matching sections.
"""

import calendar
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from haystack import connections
from haystack.query import SearchQuerySet

from articles.exceptions import InvalidSearchQuery
from articles.models import Article, Country, Leader, Topic
from articles.search.lookup import resolve_filter_value
from articles.search.limits import (
    QueryWork,
    SearchTimeBudgetError,
    check_filter_values,
    check_query_work,
    heavy_search_slot,
    search_time_budget,
)
from articles.search.query import CONTROL_CHARACTERS, WORD_PATTERN, ParsedQuery, day_range_clause, parse_user_query
from articles.settings import SearchLimits, search_limits
from articles.search.snippets import HighlightTerms, SectionSnippet, highlight_terms_for, section_snippets

PAGE_SIZE = 10
# A page far past the end costs a full search; nobody reads page 500 of a result list.
MAX_PAGE = 500
# Facet values shown at once, and behind "show more".
FACET_SHOWN = 8
FACET_MORE = 50
SORTS = {"relevance": None, "newest": "-published", "oldest": "published"}
FACET_MODELS = {"leaders": Leader, "countries": Country, "topics": Topic}
FILTER_FACETS = {"leaders": "leader", "countries": "country", "topics": "topic", "source": "source"}
# A histogram by month reads well up to about three years; beyond that, by year.
MONTHLY_HISTOGRAM_MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class SearchFilters:
    leaders: tuple[str, ...] = ()  # slugs; several in one facet match any (OR)
    countries: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None

    def is_empty(self) -> bool:
        return not (self.leaders or self.countries or self.topics or self.sources or self.date_from or self.date_to)

    def values_for(self, facet: str) -> tuple[str, ...]:
        return {"leaders": self.leaders, "countries": self.countries, "topics": self.topics, "source": self.sources}.get(
            facet, ()
        )


@dataclass(frozen=True)
class FacetValue:
    value: str  # slug, or the source or year itself
    name: str
    count: int
    is_selected: bool = False


@dataclass(frozen=True)
class FilterChip:
    param: str  # URL parameter that carries it: leader, country, topic, source, from
    value: str
    label: str


@dataclass(frozen=True)
class HistogramBar:
    label: str  # "2023" or "2023-10"
    count: int
    date_from: date
    date_to: date
    height: float  # 0..1 of the tallest bar


@dataclass
class ArticleHit:
    article: Article
    snippets: list[SectionSnippet] = field(default_factory=list)

    @property
    def best(self) -> SectionSnippet | None:
        return self.snippets[0] if self.snippets else None

    @property
    def more(self) -> list[SectionSnippet]:
        return self.snippets[1:]


@dataclass
class SearchPage:
    query: ParsedQuery
    hits: list[ArticleHit]
    total: int
    page: int
    page_size: int
    facets: dict[str, list[FacetValue]]
    sort: str
    chips: list[FilterChip] = field(default_factory=list)
    histogram: list[HistogramBar] = field(default_factory=list)
    suggestion: str = ""  # "did you mean", as a whole query

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.total, self.page * self.page_size)


def search_articles(
    query: str, *, page: int = 1, filters: SearchFilters = SearchFilters(), sort: str = "relevance"
) -> SearchPage:
    """Return one page of articles matching the query and filters, with facet counts and snippets.

    Raises:
        InvalidSearchQuery: the page number, sort order or date range cannot be used.
    """
    if sort not in SORTS:
        raise InvalidSearchQuery(f"Unknown sort '{sort}'; use one of: {', '.join(SORTS)}.", query=query)
    if not 1 <= page <= MAX_PAGE:
        raise InvalidSearchQuery(f"Page {page} is out of range; pages run from 1 to {MAX_PAGE}.", query=query)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise InvalidSearchQuery(
            f"The date range ends ({filters.date_to}) before it starts ({filters.date_from}); swap the dates.", query=query
        )
    limits = search_limits()
    check_filters(filters, limits=limits)
    parsed = parse_user_query(query, resolve=resolve_filter_value)
    work = check_query_work(parsed, query=query, limits=limits)
    is_monthly = _is_monthly(filters)
    queryset = _build_queryset(parsed, filters=filters, sort=sort, time_facet="month" if is_monthly else "year")
    start = (page - 1) * PAGE_SIZE
    with _time_budget(limits, work=work, query=query):
        results = list(queryset[start : start + PAGE_SIZE])
    # Read after slicing: the slice's search already returned the count and facets.
    total = queryset.count()
    facet_counts = queryset.facet_counts().get("fields", {})
    terms = highlight_terms_for(parsed.highlight_text, prefixes=parsed.prefixes)
    return SearchPage(
        query=parsed,
        hits=_load_hits([int(r.pk) for r in results], terms=terms),
        total=total,
        page=page,
        page_size=PAGE_SIZE,
        facets=_named_facets(facet_counts, filters=filters),
        sort=sort,
        chips=_filter_chips(filters),
        histogram=_histogram(facet_counts.get("month" if is_monthly else "year", []), is_monthly=is_monthly),
        suggestion=_spelling_suggestion(parsed, limit=limits.max_spelling_corrections) if total == 0 else "",
    )


@dataclass(frozen=True)
class MatchingIds:
    ids: list[int]  # in the requested order, at most the limit
    total: int  # all matches, which may be more than len(ids)

    @property
    def is_capped(self) -> bool:
        return self.total > len(self.ids)


def search_article_ids(query: str, *, filters: SearchFilters, sort: str = "newest", limit: int) -> MatchingIds:
    """Return the ids of up to `limit` articles matching the query and filters, in sort order, and the total.

    The same search as search_articles, without facets, rows or snippets (co-mentions, exports).

    Raises:
        InvalidSearchQuery: the sort order is not one of SORTS.
    """
    if sort not in SORTS:
        raise InvalidSearchQuery(f"Unknown sort '{sort}'; use one of: {', '.join(SORTS)}.", query=query)
    limits = search_limits()
    check_filters(filters, limits=limits)
    parsed = parse_user_query(query, resolve=resolve_filter_value)
    work = check_query_work(parsed, query=query, limits=limits)
    pks = _filtered_queryset(parsed, filters=filters, sort=sort).values_list("pk", flat=True)
    with _time_budget(limits, work=work, query=query):
        ids = [int(pk) for pk in pks[:limit]]
    return MatchingIds(ids=ids, total=pks.count())  # read from the slice's search, no second one


# A filter value is a slug (leader, country, topic) or a source name; a comma or quote in a slug made
# the engine's query parser fail (a 500).
SLUG_PATTERN = re.compile(r"^[-a-zA-Z0-9_]{1,200}$")
FILTER_EXAMPLES = {"leader": "vladimir-putin", "country": "france", "topic": "elections"}


def check_filters(filters: SearchFilters, *, limits: SearchLimits) -> None:
    """Refuse filter values that cannot name anything: not a slug, too long, or too many of them.

    Raises:
        InvalidSearchQuery: the message names the parameter and the value.
    """
    for facet, param in FILTER_FACETS.items():
        values = filters.values_for(facet)
        check_filter_values(param, values, limits=limits)
        for value in values:
            if facet == "source" and (len(value) > 200 or CONTROL_CHARACTERS.search(value)):
                raise InvalidSearchQuery(
                    f"'{value[:40]}' is not a source name; use the name shown in the Source filter.", query=value
                )
            if facet != "source" and not SLUG_PATTERN.match(value):
                raise InvalidSearchQuery(
                    f"'{value[:40]}' is not a {param} this archive knows; use the slug from its link, "
                    f"e.g. {param}={FILTER_EXAMPLES[param]}.",
                    query=value,
                )


@contextmanager
def _time_budget(limits: SearchLimits, *, work: QueryWork, query: str) -> Iterator[None]:
    seconds = limits.search_time_budget_seconds
    try:
        with heavy_search_slot(work, seconds=seconds, query=query), search_time_budget(seconds):
            yield
    except SearchTimeBudgetError:
        raise InvalidSearchQuery(
            f"This search took too long (over {limits.search_time_budget_seconds:g} s) and was stopped; "
            "use fewer OR words or wildcards, or add a filter or a date range.",
            query=query,
        ) from None


def _build_queryset(parsed: ParsedQuery, *, filters: SearchFilters, sort: str, time_facet: str) -> SearchQuerySet:
    queryset = _filtered_queryset(parsed, filters=filters, sort=sort)
    for facet in (*FILTER_FACETS, time_facet):
        queryset = queryset.facet(facet)
    return queryset


def _filtered_queryset(parsed: ParsedQuery, *, filters: SearchFilters, sort: str) -> SearchQuerySet:
    queryset = SearchQuerySet().models(Article).raw_search(parsed.engine_query)
    for facet in FILTER_FACETS:
        values = filters.values_for(facet)
        if values:
            queryset = queryset.narrow(" OR ".join(f'{facet}:"{_quote(v)}"' for v in values))
    if filters.date_from or filters.date_to:
        queryset = queryset.narrow(day_range_clause(filters.date_from, filters.date_to))
    if SORTS[sort]:
        queryset = queryset.order_by(SORTS[sort])
    return queryset


def _quote(value: str) -> str:
    return value.replace("\\", "").replace('"', "")


def _load_hits(ids: list[int], *, terms: HighlightTerms) -> list[ArticleHit]:
    articles = Article.objects.filter(pk__in=ids, is_published=True).prefetch_related(
        "sections", "leaders", "countries", "topics"
    )
    by_id = {a.pk: a for a in articles}
    hits = []
    for pk in ids:
        article = by_id.get(pk)
        if article is None:  # deleted since it was indexed; check_index --repair removes it
            continue
        snippets = section_snippets(article.sections.all(), terms) if terms else []
        hits.append(ArticleHit(article=article, snippets=snippets))
    return hits


def _named_facets(facet_counts: dict, *, filters: SearchFilters) -> dict[str, list[FacetValue]]:
    named: dict[str, list[FacetValue]] = {}
    for facet in FILTER_FACETS:
        selected = set(filters.values_for(facet))
        pairs = [(value, count) for value, count in facet_counts.get(facet, []) if value][:FACET_MORE]
        # A selected value stays visible even when it is not among the top counts.
        shown = {value for value, _ in pairs}
        pairs += [(value, 0) for value in sorted(selected - shown)]
        names = _names_for(facet, [value for value, _ in pairs])
        named[facet] = [
            FacetValue(value=value, name=names.get(value, value), count=count, is_selected=value in selected)
            for value, count in pairs
        ]
    return named


def _names_for(facet: str, values: list[str]) -> dict[str, str]:
    model = FACET_MODELS.get(facet)
    if model is None:
        return {}
    return dict(model.objects.filter(slug__in=values).values_list("slug", "name"))


def _filter_chips(filters: SearchFilters) -> list[FilterChip]:
    chips = []
    for facet, param in FILTER_FACETS.items():
        values = filters.values_for(facet)
        names = _names_for(facet, list(values))
        chips += [FilterChip(param=param, value=v, label=f"{param.title()}: {names.get(v, v)}") for v in values]
    if filters.date_from or filters.date_to:
        label = f"Dates: {filters.date_from or '…'} – {filters.date_to or '…'}"
        chips.append(FilterChip(param="from", value="", label=label))
    return chips


def _is_monthly(filters: SearchFilters) -> bool:
    if not (filters.date_from and filters.date_to):
        return False
    return (filters.date_to - filters.date_from).days <= MONTHLY_HISTOGRAM_MAX_DAYS


def _histogram(pairs: list[tuple[str, int]], *, is_monthly: bool) -> list[HistogramBar]:
    counts = {value: count for value, count in pairs if value}
    if not counts:
        return []
    tallest = max(counts.values())
    bars = []
    for label in sorted(counts):
        year = int(label[:4])
        if is_monthly:
            month = int(label[5:7])
            start, end = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        else:
            start, end = date(year, 1, 1), date(year, 12, 31)
        bars.append(HistogramBar(label=label, count=counts[label], date_from=start, date_to=end, height=counts[label] / tallest))
    return bars


def _spelling_suggestion(parsed: ParsedQuery, *, limit: int) -> str:
    """Return the typed query with unknown words replaced by close words of the index, or "".

    Only the first `limit` words are looked up: each unknown word costs the corrector ~25 ms.
    """
    backend = connections["default"].get_backend()
    if not parsed.words or not hasattr(backend, "suggest_spelling") or not limit:
        return ""
    typed_words = [w for phrase in parsed.words for w in WORD_PATTERN.findall(phrase)][:limit]
    corrected = backend.suggest_spelling(typed_words)
    if [w.lower() for w in corrected] == [w.lower() for w in typed_words]:
        return ""
    suggestion = parsed.text
    for typed, better in zip(typed_words, corrected):
        if typed.lower() != better.lower():
            suggestion = suggestion.replace(typed, better, 1)
    return suggestion
