"""Searching the archive: the only code that builds haystack queries.

search_articles(query, page=, filters=, sort=) -> SearchPage: one engine search per page view
(hits, total and facet counts together), then the shown articles' rows and their matching sections.
"""

import calendar
import logging
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import TextChoices
from haystack import connections
from haystack.query import SearchQuerySet

from articles.exceptions import InvalidSearchQuery, PageOutOfRangeError
from articles.kinds import FILTER_FACETS, FilterFacet
from articles.models import Article
from articles.search.limits import (
    QueryWork,
    SearchTimeBudgetError,
    check_filter_values,
    check_query_work,
    heavy_search_slot,
    search_time_budget,
)
from articles.search.lookup import resolve_filter_value
from articles.search.query import (
    CONTROL_CHARACTERS,
    ROLE_PREFIX,
    WORD_PATTERN,
    ParsedQuery,
    day_range_clause,
    parse_user_query,
    role_clause,
)
from articles.search.roles import KnownRole, find_role
from articles.search.rows import ArticleHit, load_entity_names, load_hits
from articles.search.snippets import highlight_terms_for
from articles.search_indexes import STORY_LATER_COPY
from articles.settings import SearchLimits, search_limits, search_listing

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
# A page far past the end costs a full search; nobody reads page 500 of a result list.
MAX_PAGE = 500
# Facet values shown at once, and behind "show more".
FACET_SHOWN = 8
FACET_MORE = 50
SORTS = {"relevance": None, "newest": "-published", "oldest": "published"}
# Undated articles go after the dated ones in both date orders. Where an engine sorts a missing value
# differs (Whoosh: first or last depending on field type and direction, and a reversed ID sort over one
# raises), so the dated and the undated matches are fetched apart.
DATED_CLAUSE = day_range_clause(None, None)
# A histogram by month reads well up to about three years; beyond that, by year.
MONTHLY_HISTOGRAM_MAX_DAYS = 3 * 366
HISTOGRAM_LABEL_PATTERNS = {True: re.compile(r"^\d{4}-\d{2}$"), False: re.compile(r"^\d{4}$")}


class Listing(TextChoices):
    """What one hit is, and so what totals, facets and exports count."""

    STORIES = "stories", "stories"  # each story once, by its first copy; articles in no story as themselves
    COPIES = "copies", "copies"  # every article, syndicated copies included


@dataclass(frozen=True)
class SearchFilters:
    leaders: tuple[str, ...] = ()  # slugs; several in one facet match any (OR)
    countries: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # role slugs or names ("president-of-france"); several match all (AND)
    date_from: date | None = None
    date_to: date | None = None
    listing: str = ""  # a Listing value; empty: the ARTICLES_SEARCH_LISTING setting

    @property
    def resolved_listing(self) -> Listing:
        return Listing(self.listing or search_listing())

    def is_empty(self) -> bool:
        return not (
            self.leaders or self.countries or self.topics or self.sources or self.roles or self.date_from or self.date_to
        )

    def values_for(self, facet: FilterFacet) -> tuple[str, ...]:
        return getattr(self, facet.plural)


@dataclass(frozen=True)
class FacetValue:
    value: str  # slug, or the source or year itself
    name: str
    count: int
    is_selected: bool = False
    is_set_by_query: bool = False  # selected by a prefix in the query (leader:putin), not by a filter


@dataclass(frozen=True)
class HistogramBar:
    label: str  # "2023" or "2023-10"
    count: int
    date_from: date
    date_to: date


@dataclass
class SearchPage:
    query: ParsedQuery
    hits: list[ArticleHit]
    total: int
    page: int
    page_size: int
    facets: dict[str, list[FacetValue]]
    sort: str
    listing: Listing = Listing.STORIES  # type: ignore[assignment]  # (TextChoices members, without django-stubs)
    filter_roles: list[KnownRole] = field(default_factory=list)  # what the role= filters name, in their order
    histogram: list[HistogramBar] = field(default_factory=list)  # periods with matches only, in order
    undated: int = 0  # matches without a publication date (not in the histogram)
    suggestion: str = ""  # "did you mean", as a whole query
    roles: list[KnownRole] = field(default_factory=list)  # typed as role:"..." or filtered by role=, with holders

    @property
    def is_ranked(self) -> bool:
        """True when words decide the order (relevance); a search by filters alone lists newest first."""
        return bool(self.query.words or self.query.prefixes)

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


def common_words_notice(parsed: ParsedQuery) -> str:
    """Return why a search of only very common words ("the", "of the") found nothing, and what to do."""
    return f"Words as common as “{parsed.words[0]}” are left out of the index; add a less common word."


def search_articles(
    query: str, *, page: int = 1, filters: SearchFilters = SearchFilters(), sort: str = "relevance"
) -> SearchPage:
    """Return one page of articles matching the query and filters, with facet counts and snippets.

    Raises:
        InvalidSearchQuery: the page number, sort order, date range or a role filter cannot be used.
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
    parsed = parse_user_query(query, resolve=resolve_filter_value, resolve_role=find_role)
    work = check_query_work(parsed, query=query, limits=limits)
    filter_roles = resolve_filter_roles(filters)
    if sort == "relevance" and not (parsed.words or parsed.prefixes):
        sort = "newest"  # nothing to rank by
    is_monthly = _is_monthly(filters)
    queryset = _build_queryset(
        parsed, filters=filters, roles=filter_roles, sort=sort, time_facet="month" if is_monthly else "year"
    )
    start = (page - 1) * PAGE_SIZE
    with _time_budget(limits, work=work, query=query):
        results = list(queryset[start : start + PAGE_SIZE])
    # Read after slicing: the slice's search already returned the count and facets.
    total = queryset.count()
    facet_counts = queryset.facet_counts().get("fields", {})
    last_page = max(1, math.ceil(total / PAGE_SIZE))
    if page > last_page:
        raise PageOutOfRangeError(
            f"Page {page} is past the last page of this search ({last_page}, {total} result{'s' if total != 1 else ''}); "
            f"go to page {last_page}.",
            query=query,
            last_page=last_page,
        )
    time_counts = facet_counts.get("month" if is_monthly else "year", [])
    undated = total - sum(count for value, count in time_counts if value)
    ids = [int(r.pk) for r in results]
    if SORTS[sort] and undated:
        ids = _dated_first_ids(
            parsed, filters=filters, roles=filter_roles, sort=sort, start=start, stop=start + PAGE_SIZE, dated=total - undated
        )
    if not total and parsed.is_common_words_only:
        parsed = replace(parsed, notice=" ".join(filter(None, (parsed.notice, common_words_notice(parsed)))))
    terms = highlight_terms_for(parsed.highlight_text, prefixes=parsed.prefixes)
    facets = _named_facets(facet_counts, filters=filters, query_fields=parsed.required_fields)
    return SearchPage(
        query=parsed,
        hits=load_hits(ids, terms=terms, with_copies=filters.resolved_listing == Listing.STORIES),
        total=total,
        page=page,
        page_size=PAGE_SIZE,
        facets=facets,
        sort=sort,
        listing=filters.resolved_listing,
        filter_roles=filter_roles,
        histogram=_histogram(time_counts, is_monthly=is_monthly),
        undated=undated,
        suggestion=_spelling_suggestion(parsed, limit=limits.max_spelling_corrections) if total == 0 else "",
        roles=list(dict.fromkeys([*parsed.roles, *filter_roles])),
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
        InvalidSearchQuery: the sort order is not one of SORTS, or a role filter names no role.
    """
    if sort not in SORTS:
        raise InvalidSearchQuery(f"Unknown sort '{sort}'; use one of: {', '.join(SORTS)}.", query=query)
    limits = search_limits()
    check_filters(filters, limits=limits)
    parsed = parse_user_query(query, resolve=resolve_filter_value, resolve_role=find_role)
    work = check_query_work(parsed, query=query, limits=limits)
    roles = resolve_filter_roles(filters)
    queryset = _filtered_queryset(parsed, filters=filters, roles=roles, sort=sort)
    pks = queryset.values_list("pk", flat=True)
    with _time_budget(limits, work=work, query=query):
        ids = [int(pk) for pk in pks[:limit]]
    total = pks.count()  # read from the slice's search, no second one
    if SORTS[sort] and ids:
        dated = queryset.narrow(DATED_CLAUSE).count()
        if dated < total:
            ids = _dated_first_ids(parsed, filters=filters, roles=roles, sort=sort, start=0, stop=limit, dated=dated)
    return MatchingIds(ids=ids, total=total)


def _dated_first_ids(
    parsed: ParsedQuery, *, filters: SearchFilters, roles: list[KnownRole], sort: str, start: int, stop: int, dated: int
) -> list[int]:
    """Return the ids at positions start..stop of the date-sorted matches, the `dated` dated ones first."""
    # Slices keep the requested window's size and start (haystack's Whoosh paging turns [3:5] into the
    # page of size 2 that holds offset 3, i.e. [2:4]); the rows past `dated` or before the window are cut here.
    ids = []
    if start < dated:
        by_date = _filtered_queryset(parsed, filters=filters, roles=roles, sort=sort).narrow(DATED_CLAUSE)
        ids += list(by_date.values_list("pk", flat=True)[start:stop])[: dated - start]
    if stop > dated:
        # Undated ones tie on the date: ordered by slug, so consecutive pages neither repeat nor skip one.
        undated = _filtered_queryset(parsed, filters=filters, roles=roles, sort="relevance").narrow(f"NOT {DATED_CLAUSE}").order_by("slug")
        ids += list(undated.values_list("pk", flat=True)[: stop - dated])[max(0, start - dated) :]
    return [int(pk) for pk in ids]


def count_articles_by_month(query: str, *, filters: SearchFilters) -> dict[str, int]:
    """Return {"2024-03": n} for the dated articles matching the query and filters: the search's own counts.

    Raises:
        InvalidSearchQuery: a role filter names no role, or the search is over a limit (as in search_articles).
    """
    limits = search_limits()
    check_filters(filters, limits=limits)
    parsed = parse_user_query(query, resolve=resolve_filter_value, resolve_role=find_role)
    work = check_query_work(parsed, query=query, limits=limits)
    queryset = _filtered_queryset(parsed, filters=filters, roles=resolve_filter_roles(filters), sort="relevance")
    queryset = queryset.facet("month")
    # One hit is enough: its search also counts the facets. Unsliced, haystack would turn every
    # match into a result object (4 s for 1,500 matches at 20,000 articles).
    with _time_budget(limits, work=work, query=query):
        list(queryset[:1])
    return {month: count for month, count in queryset.facet_counts().get("fields", {}).get("month", []) if month}


def resolve_filter_roles(filters: SearchFilters) -> list[KnownRole]:
    """Return the roles the role filters name.

    Raises:
        InvalidSearchQuery: a role filter names no role.
    """
    roles = []
    for typed in filters.roles:
        role = find_role(typed)
        if role is None:
            raise InvalidSearchQuery(
                f"No role '{typed[:80]}'; name an office and a country or organisation, e.g. {ROLE_PREFIX}=president-of-france "
                "(the roles the archive knows are listed at /roles/).",
                query=typed,
            )
        roles.append(role)
    return roles


# A filter value is a slug (leader, country, topic) or a source name; a comma or quote in a slug made
# the engine's query parser fail (a 500).
SLUG_PATTERN = re.compile(r"^[-a-zA-Z0-9_]{1,200}$")
FILTER_EXAMPLES = {"leader": "vladimir-putin", "country": "france", "topic": "elections"}  # by KindName


def check_filters(filters: SearchFilters, *, limits: SearchLimits) -> None:
    """Refuse filter values that cannot name anything: not a slug, too long, or too many of them.

    Raises:
        InvalidSearchQuery: the message names the parameter and the value.
    """
    for facet in FILTER_FACETS:
        values = filters.values_for(facet)
        param = facet.param
        check_filter_values(param, values, limits=limits)
        for value in values:
            if facet.kind is None and (len(value) > 200 or CONTROL_CHARACTERS.search(value)):
                raise InvalidSearchQuery(
                    f"'{value[:40]}' is not a source name; use the name shown in the Source filter.", query=value
                )
            if facet.kind is not None and not SLUG_PATTERN.match(value):
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


def _build_queryset(
    parsed: ParsedQuery, *, filters: SearchFilters, roles: list[KnownRole], sort: str, time_facet: str
) -> SearchQuerySet:
    queryset = _filtered_queryset(parsed, filters=filters, roles=roles, sort=sort)
    for facet_field in (*(facet.field for facet in FILTER_FACETS), time_facet):
        queryset = queryset.facet(facet_field)
    return queryset


def _filtered_queryset(
    parsed: ParsedQuery, *, filters: SearchFilters, roles: list[KnownRole], sort: str
) -> SearchQuerySet:
    queryset = SearchQuerySet().models(Article).raw_search(parsed.engine_query)
    for role in roles:
        queryset = queryset.narrow(role_clause(role))
    for facet in FILTER_FACETS:
        values = filters.values_for(facet)
        if values:
            queryset = queryset.narrow(" OR ".join(f'{facet.field}:"{_strip_quotes(v)}"' for v in values))
    if filters.date_from or filters.date_to:
        queryset = queryset.narrow(day_range_clause(filters.date_from, filters.date_to))
    if filters.resolved_listing == Listing.STORIES:
        # "not later" rather than "first": a document indexed before stories existed has no story_copy.
        queryset = queryset.narrow(f"NOT story_copy:{STORY_LATER_COPY}")
    if SORTS[sort]:
        queryset = queryset.order_by(SORTS[sort])
    return queryset


def _strip_quotes(value: str) -> str:
    return value.replace("\\", "").replace('"', "")


def _named_facets(
    facet_counts: dict, *, filters: SearchFilters, query_fields: tuple[tuple[str, str], ...]
) -> dict[str, list[FacetValue]]:
    shown_pairs: dict[str, list[tuple[str, int]]] = {}
    selected_by: dict[str, tuple[set[str], set[str]]] = {}
    for facet in FILTER_FACETS:
        # leader:putin in the query selects the facet value as ?leader=vladimir-putin does.
        by_query = {value for param, value in query_fields if param == facet.param} - set(filters.values_for(facet))
        selected = set(filters.values_for(facet)) | by_query
        pairs = [(value, count) for value, count in facet_counts.get(facet.field, []) if value][:FACET_MORE]
        # A selected value stays visible even when it is not among the top counts.
        shown = {value for value, _ in pairs}
        shown_pairs[facet.field] = pairs + [(value, 0) for value in sorted(selected - shown)]
        selected_by[facet.field] = (selected, by_query)
    names = load_entity_names(
        {facet.kind: [value for value, _ in shown_pairs[facet.field]] for facet in FILTER_FACETS if facet.kind is not None}
    )
    named: dict[str, list[FacetValue]] = {}
    for facet in FILTER_FACETS:
        selected, by_query = selected_by[facet.field]
        named[facet.field] = [
            FacetValue(
                value=value,
                name=names[facet.kind.param].get(value, value) if facet.kind is not None else value,
                count=count,
                is_selected=value in selected,
                is_set_by_query=value in by_query,
            )
            for value, count in shown_pairs[facet.field]
        ]
    return named


def _is_monthly(filters: SearchFilters) -> bool:
    if not (filters.date_from and filters.date_to):
        return False
    return (filters.date_to - filters.date_from).days <= MONTHLY_HISTOGRAM_MAX_DAYS


def _histogram(pairs: list[tuple[str, int]], *, is_monthly: bool) -> list[HistogramBar]:
    pattern = HISTOGRAM_LABEL_PATTERNS[is_monthly]
    counts = {value: count for value, count in pairs if value and pattern.match(str(value))}
    if len(counts) < len([value for value, _ in pairs if value]):
        # An engine that analyses facet strings (haystack's stock Whoosh engine splits "2023-10") gives
        # no usable months: the page goes without the histogram rather than fail.
        logger.warning("Date histogram left out: the engine's facet values are not dates (%s).", pairs[:3])
        return []
    bars = []
    for label in sorted(counts):
        year = int(label[:4])
        if is_monthly:
            month = int(label[5:7])
            start, end = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        else:
            start, end = date(year, 1, 1), date(year, 12, 31)
        bars.append(HistogramBar(label=label, count=counts[label], date_from=start, date_to=end))
    return bars


def _spelling_suggestion(parsed: ParsedQuery, *, limit: int) -> str:
    """Return the typed query with unknown words replaced by close words of the index, or "".

    Only the first `limit` words are looked up: each unknown word costs the corrector ~25 ms.
    """
    backend = connections["default"].get_backend()
    if not parsed.words or not limit:
        return ""
    if not hasattr(backend, "suggest_spelling"):
        logger.info("No 'did you mean' for %r: the %s engine has no suggest_spelling().", parsed.text, type(backend).__name__)
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

