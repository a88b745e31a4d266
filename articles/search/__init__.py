"""Searching the archive: the only code that builds haystack queries.

search_articles(query, page=, filters=, sort=) -> SearchPage: one engine search per page view
(hits, total and facet counts together), then the shown articles' rows and their matching sections.
"""

import math
from dataclasses import dataclass, field
from datetime import date

from haystack.query import SearchQuerySet

from articles.exceptions import InvalidSearchQuery
from articles.models import Article, Country, Leader, Topic
from articles.search.query import ParsedQuery, parse_user_query
from articles.search.snippets import HighlightTerms, SectionSnippet, highlight_terms_for, section_snippets

PAGE_SIZE = 10
# A page far past the end costs a full search; nobody reads page 500 of a result list.
MAX_PAGE = 500
FACET_LIMIT = 10
SORTS = {"relevance": None, "newest": "-published", "oldest": "published"}
FACET_MODELS = {"leaders": Leader, "countries": Country, "topics": Topic}


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


@dataclass(frozen=True)
class FacetValue:
    value: str  # slug, or the source or year itself
    name: str
    count: int
    is_selected: bool = False


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
        InvalidSearchQuery: the page number or sort order cannot be used.
    """
    if sort not in SORTS:
        raise InvalidSearchQuery(f"Unknown sort '{sort}'; use one of: {', '.join(SORTS)}.", query=query)
    if not 1 <= page <= MAX_PAGE:
        raise InvalidSearchQuery(f"Page {page} is out of range; pages run from 1 to {MAX_PAGE}.", query=query)
    parsed = parse_user_query(query)
    queryset = _build_queryset(parsed, filters=filters, sort=sort)
    start = (page - 1) * PAGE_SIZE
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
    )


def _build_queryset(parsed: ParsedQuery, *, filters: SearchFilters, sort: str) -> SearchQuerySet:
    queryset = SearchQuerySet().models(Article).raw_search(parsed.engine_query)
    for field_name, values in (
        ("leaders", filters.leaders),
        ("countries", filters.countries),
        ("topics", filters.topics),
        ("source", filters.sources),
    ):
        if values:
            queryset = queryset.narrow(" OR ".join(f'{field_name}:"{_quote(v)}"' for v in values))
    if filters.date_from:
        queryset = queryset.filter(published__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(published__lte=filters.date_to)
    for facet in ("leaders", "countries", "topics", "source", "year"):
        queryset = queryset.facet(facet)
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
        if article is None:  # deleted since it was indexed; the next index repair removes it
            continue
        snippets = section_snippets(article.sections.all(), terms) if terms else []
        hits.append(ArticleHit(article=article, snippets=snippets))
    return hits


def _named_facets(facet_counts: dict, *, filters: SearchFilters) -> dict[str, list[FacetValue]]:
    selected = {
        "leaders": set(filters.leaders),
        "countries": set(filters.countries),
        "topics": set(filters.topics),
        "source": set(filters.sources),
        "year": set(),
    }
    named: dict[str, list[FacetValue]] = {}
    for facet, pairs in facet_counts.items():
        pairs = [(value, count) for value, count in pairs if value][:FACET_LIMIT]
        model = FACET_MODELS.get(facet)
        names = dict(model.objects.filter(slug__in=[v for v, _ in pairs]).values_list("slug", "name")) if model else {}
        named[facet] = [
            FacetValue(value=value, name=names.get(value, value), count=count, is_selected=value in selected[facet])
            for value, count in pairs
        ]
    return named
