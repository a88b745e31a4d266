"""Query-string values -> search arguments, with errors that say what to type instead."""

from datetime import date

from articles.exceptions import InvalidSearchQuery
from articles.search import SearchFilters


def search_filters_from(params) -> SearchFilters:
    """Return the filters named in the query string.

    Raises:
        InvalidSearchQuery: a date is not YYYY-MM-DD.
    """
    return SearchFilters(
        leaders=_values(params, "leader"),
        countries=_values(params, "country"),
        topics=_values(params, "topic"),
        sources=_values(params, "source"),
        date_from=date_param(params.get("from", ""), name="from"),
        date_to=date_param(params.get("to", ""), name="to"),
    )


def _values(params, name: str) -> tuple[str, ...]:
    # An empty value (a form's blank select, "?leader=") filters nothing.
    return tuple(value for value in params.getlist(name) if value.strip())


def date_param(value: str, *, name: str) -> date | None:
    """Return the YYYY-MM-DD value as a date, or None when empty.

    Raises:
        InvalidSearchQuery: the value is not a date.
    """
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidSearchQuery(f"'{value}' is not a date for '{name}'; use YYYY-MM-DD, e.g. 2024-02-17.", query=value)


def page_number(value: str, *, query: str) -> int:
    """Return the page number.

    Raises:
        InvalidSearchQuery: the value is not a number.
    """
    try:
        return int(value)
    except ValueError:
        raise InvalidSearchQuery(f"Page '{value[:20]}' is not a number; use 1, 2, 3...", query=query)
