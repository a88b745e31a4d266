"""A search request's query string -> SearchRequest (words, filters, sort, page), with errors that say what to type.

Every endpoint that takes the search page's parameters (the page, the API, the feed, the exports, the
co-mention table) reads them here, so they accept and refuse the same things.
"""

from dataclasses import dataclass
from datetime import date

from django.http import QueryDict
from django.utils.http import urlencode

from articles.exceptions import InvalidSearchQuery
from articles.kinds import ENTITY_KINDS, FILTER_FACETS
from articles.search.lookup import resolve_filter_value
from articles.search.query import MAX_QUERY_LENGTH, ROLE_PREFIX, normalize_query_text, parse_user_query
from articles.search.service import SORTS, Listing, SearchFilters

# Parameters that move through one result list rather than choosing it.
PAGING_PARAMS = ("page", "sort")


@dataclass(frozen=True)
class SearchRequest:
    query: str
    filters: SearchFilters
    sort: str
    page: int
    params: tuple[tuple[str, str], ...]  # the query string as pairs, for links that keep the search

    def choosing_params(self) -> list[tuple[str, str]]:
        """Return the pairs that choose the result set: q and the filters, without page and sort."""
        return [(key, value) for key, value in self.params if key not in PAGING_PARAMS]


def read_search_request(params: QueryDict, *, default_sort: str = "relevance") -> SearchRequest:
    """Return the search that the query string asks for.

    Raises:
        InvalidSearchQuery: a date is not YYYY-MM-DD, the page is not a number or the sort is unknown.
    """
    # One character past the limit: the parser then cuts the rest and tells the reader it did.
    query = normalize_query_text(params.get("q", ""))[: MAX_QUERY_LENGTH + 1]
    sort = params.get("sort", "") or default_sort
    if sort not in SORTS:
        raise InvalidSearchQuery(f"Unknown sort '{sort[:20]}'; use one of: {', '.join(SORTS)}.", query=query)
    return SearchRequest(
        query=query,
        filters=read_search_filters(params),
        sort=sort,
        page=read_page_number(params.get("page", "") or "1", query=query),
        params=tuple((key, value) for key, values in params.lists() for value in values),
    )


def read_search_filters(params: QueryDict) -> SearchFilters:
    """Return the filters named in the query string.

    Raises:
        InvalidSearchQuery: a date is not YYYY-MM-DD, or the listing is unknown.
    """
    return SearchFilters(
        # An empty value (a form's blank select, "?leader=") filters nothing.
        **{facet.plural: tuple(v for v in params.getlist(facet.param) if v.strip()) for facet in FILTER_FACETS},
        roles=tuple(value[:200] for value in params.getlist(ROLE_PREFIX) if value.strip()),
        date_from=read_date(params.get("from", ""), name="from"),
        date_to=read_date(params.get("to", ""), name="to"),
        listing=read_listing(params.get("listing", "")),
    )


def read_listing(value: str) -> str:
    """Return the listing asked for ("" for the default).

    Raises:
        InvalidSearchQuery: the value is not a Listing.
    """
    if value and value not in Listing.values:
        raise InvalidSearchQuery(
            f"Unknown listing '{value[:20]}'; use listing=stories (each syndicated story once) or listing=copies (every copy).",
            query=value,
        )
    return value


def read_date(value: str, *, name: str) -> date | None:
    """Return the YYYY-MM-DD value as a date, or None when empty.

    Raises:
        InvalidSearchQuery: the value is not a date.
    """
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidSearchQuery(
            f"'{value[:40]}' is not a date for '{name}'; use YYYY-MM-DD, e.g. 2024-02-17.", query=value
        ) from None


def read_page_number(value: str, *, query: str) -> int:
    """Return the page number.

    Raises:
        InvalidSearchQuery: the value is not a number.
    """
    try:
        return int(value)
    except ValueError:
        raise InvalidSearchQuery(f"Page '{value[:20]}' is not a number; use 1, 2, 3...", query=query) from None


def filters_for_field_query(wanted: SearchRequest) -> str | None:
    """Return the query string that says q=leader:putin as ?leader=vladimir-putin, or None when it cannot.

    Only a query made of nothing but tag prefixes, one per kind the search does not filter on yet, moves
    into the filters: the page then ticks them, names them and removes them like any filter. Two values of
    one kind must both apply (leader:a leader:b), which the filter parameters (any of them) cannot say.
    """
    if ":" not in wanted.query:
        return None
    parsed = parse_user_query(wanted.query, resolve=resolve_filter_value)
    kinds = {kind.param for kind in ENTITY_KINDS}
    fields = parsed.required_fields
    named = [param for param, _ in fields]
    if not parsed.is_only_fields or len(set(named)) != len(named) or not set(named) <= kinds:
        return None
    if any(key in named for key, _ in wanted.params):
        return None
    kept = [(key, value) for key, value in wanted.params if key not in ("q", "page")]
    return urlencode(kept + list(fields))
