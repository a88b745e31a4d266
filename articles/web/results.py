"""The results page: one search, then what the reader sees of it (heading, hits with marked titles and their
few telling tags, the histogram, page links, and for an empty page the filter removals that find something).
"""

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

from django.http import QueryDict
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString

from articles.kinds import ENTITY_KINDS, FILTER_FACETS
from articles.search.query import ROLE_PREFIX
from articles.search.rows import ArticleHit
from articles.search.service import (
    SORTS,
    SearchFilters,
    SearchPage,
    search_article_ids,
    search_articles,
)
from articles.search.snippets import HighlightTerms, highlight_terms_for, mark_paragraph, match_spans
from articles.web.charts import results_histogram_chart
from articles.web.search_request import SearchRequest

# Tags shown per hit before "+N more": those the search asked for, then the most mentioned.
HIT_TAGS_SHOWN = 4
# Page links either side of the current one.
PAGE_LINKS_AROUND = 2
# Entities' page URLs remembered (every tag shown on a results page; under a MB).
ENTITY_URLS_KEPT = 10_000


@dataclass(frozen=True)
class HitTag:
    kind: str  # leader | country | topic
    name: str
    url: str
    is_searched: bool  # named by the query or a filter


@dataclass
class HitView:
    hit: ArticleHit
    url: str  # the article's page, read once: the template links it up to four times
    title_html: SafeString  # escaped, query words in <mark>
    tags: list[HitTag]
    more_tags: int  # tags not shown

    @property
    def article(self):
        return self.hit.article


@dataclass(frozen=True)
class FilterChip:
    param: str  # URL parameter that carries it: leader, country, topic, source, from
    value: str
    label: str


@dataclass(frozen=True)
class FilterRemoval:
    chip: FilterChip
    query_string: str  # the search without this filter
    count: int  # what it would find


@dataclass
class ResultsPage:
    result: SearchPage
    heading: str
    hits: list[HitView]
    chips: list[FilterChip]  # the filters in use, each removable
    histogram: SafeString
    page_links: list[int | None]  # None: a gap ("…")
    removals: list[FilterRemoval]  # for an empty page: filters whose removal finds articles
    selected_count: int  # filter values ticked, for the phone's "Filters (2)" button
    sorts: list[str]


def get_results_page(*, wanted: SearchRequest, params: QueryDict) -> ResultsPage:
    """Return the results page for a search request (params: its query string, kept by every link).

    Raises:
        InvalidSearchQuery: see search_articles (PageOutOfRangeError for a page past the last).
    """
    result = search_articles(wanted.query, page=wanted.page, filters=wanted.filters, sort=wanted.sort)
    terms = highlight_terms_for(result.query.highlight_text, prefixes=result.query.prefixes)
    selected = {(facet.param, value.value) for facet in FILTER_FACETS for value in result.facets.get(facet.field, []) if value.is_selected}
    chips = filter_chips(wanted.filters, result=result)
    return ResultsPage(
        result=result,
        heading=results_heading(result),
        hits=hit_views(result.hits, terms=terms, searched=selected),
        chips=chips,
        histogram=results_histogram_chart(bars=result.histogram, undated=result.undated, search_params=params),
        page_links=page_links(current=result.page, last=result.num_pages),
        removals=filter_removals(wanted=wanted, params=params, chips=chips) if not result.total else [],
        selected_count=len(selected) + (1 if wanted.filters.date_from or wanted.filters.date_to else 0),
        sorts=[sort for sort in SORTS if result.is_ranked or sort != "relevance"],
    )


def filter_chips(filters: SearchFilters, *, result: SearchPage) -> list[FilterChip]:
    """Return a chip per filter in use, labelled with the entity's name ("Leader: Vladimir Putin")."""
    chips = []
    for facet in FILTER_FACETS:
        # Every filter value is among the facet's values (selected ones always are), with its name.
        names = {value.value: value.name for value in result.facets.get(facet.field, [])}
        values = filters.values_for(facet)
        chips += [FilterChip(param=facet.param, value=v, label=f"{facet.param.title()}: {names.get(v, v)}") for v in values]
    chips += [
        FilterChip(param=ROLE_PREFIX, value=typed, label=f"Role: {role.name}")
        for typed, role in zip(filters.roles, result.filter_roles)
    ]
    if filters.date_from or filters.date_to:
        label = f"Dates: {filters.date_from or '…'} – {filters.date_to or '…'}"
        chips.append(FilterChip(param="from", value="", label=label))
    return chips


def results_heading(result: SearchPage) -> str:
    """Return "12 articles for “ceasefire”", or for a search by tags alone "12 articles on Vladimir Putin"."""
    count = f"{result.total} article{'' if result.total == 1 else 's'}" if result.total else "No articles"
    if result.query.text and not result.query.is_only_fields:
        text = result.query.text
        return f"{count} for “{text[:120]}{'…' if len(text) > 120 else ''}”"
    names = [
        value.name
        for kind in ENTITY_KINDS
        for value in result.facets.get(kind.field, [])
        if value.is_selected
    ]
    if not names:
        return count
    return f"{count} on {' and '.join([', '.join(names[:-1]), names[-1]] if len(names) > 1 else names)}"


def hit_views(hits: list[ArticleHit], *, terms: HighlightTerms, searched: set[tuple[str, str]]) -> list[HitView]:
    """Return each hit with its title marked and its tags in order of interest, the first few shown."""
    views = []
    for hit in hits:
        ranked = []
        for tag in hit.tags:  # by kind, then name: the order among equally interesting tags
            is_searched = (tag.kind, tag.slug) in searched or bool(terms and match_spans(tag.name, terms))
            ranked.append((not is_searched, -tag.mentions, tag))
        ranked.sort(key=lambda item: item[:2])
        views.append(
            HitView(
                hit=hit,
                url=hit.article.get_absolute_url(),
                title_html=mark_paragraph(hit.article.title, terms),
                tags=[
                    HitTag(kind=tag.kind, name=tag.name, url=entity_url(tag.kind, tag.slug), is_searched=not is_unsearched)
                    for is_unsearched, _, tag in ranked[:HIT_TAGS_SHOWN]
                ],
                more_tags=max(0, len(ranked) - HIT_TAGS_SHOWN),
            )
        )
    return views


def entity_url(kind: str, slug: str) -> str:
    """Return the page of the entity of that kind ("leader") and slug, as its model's get_absolute_url does."""
    return _entity_url(kind, slug, script_prefix=get_script_prefix(), urlconf=get_urlconf())


@lru_cache(maxsize=ENTITY_URLS_KEPT)
def _entity_url(kind: str, slug: str, *, script_prefix: str, urlconf: str | None) -> str:
    # The same for the same URL configuration and script prefix (reverse() reads both, hence the
    # key); reversing was most of building a page's hits, up to forty tags a page.
    return reverse(f"articles:{kind}", args=[slug])


def page_links(*, current: int, last: int) -> list[int | None]:
    """Return the page numbers to link: the first, the last, and two either side of the current, None for gaps."""
    shown = {1, last, *range(max(1, current - PAGE_LINKS_AROUND), min(last, current + PAGE_LINKS_AROUND) + 1)}
    links: list[int | None] = []
    for number in sorted(shown):
        if links and number - links[-1] > 1:
            links.append(None)
        links.append(number)
    return links


def filter_removals(*, wanted: SearchRequest, params: QueryDict, chips: list[FilterChip]) -> list[FilterRemoval]:
    """Return, for a search that found nothing, each filter whose removal alone finds articles, with the count."""
    removals = []
    for chip in chips:
        remaining = params.copy()
        remaining.pop("page", None)
        if chip.param == "from":
            filters = dataclasses.replace(wanted.filters, date_from=None, date_to=None)
            remaining.pop("from", None)
            remaining.pop("to", None)
        elif chip.param == ROLE_PREFIX:
            roles = tuple(role for role in wanted.filters.roles if role != chip.value)
            filters = dataclasses.replace(wanted.filters, roles=roles)
            remaining.setlist(chip.param, list(roles))
        else:
            facet = next(facet for facet in FILTER_FACETS if facet.param == chip.param)
            values = tuple(value for value in wanted.filters.values_for(facet) if value != chip.value)
            filters = dataclasses.replace(wanted.filters, **{facet.plural: values})
            remaining.setlist(chip.param, list(values))
        count = search_article_ids(wanted.query, filters=filters, limit=1).total
        if count:
            removals.append(FilterRemoval(chip=chip, query_string=remaining.urlencode(), count=count))
    return sorted(removals, key=lambda removal: -removal.count)
