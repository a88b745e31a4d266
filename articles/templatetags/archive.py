"""Template helpers for URLs that carry the whole search state (filters live in the query string)."""

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def toggle_filter(context, name: str, value: str) -> str:
    """Return the current search URL with value added to, or removed from, the filter `name`; page reset."""
    params = context["request"].GET.copy()
    values = params.getlist(name)
    params.setlist(name, [v for v in values if v != value] if value in values else values + [value])
    params.pop("page", None)
    return "?" + urlencode(sorted((k, v) for k, vs in params.lists() for v in vs))


@register.simple_tag(takes_context=True)
def with_param(context, name: str, value) -> str:
    """Return the current URL's query string with one parameter replaced (or removed when empty)."""
    params = context["request"].GET.copy()
    if value in (None, ""):
        params.pop(name, None)
    else:
        params[name] = str(value)
    if name != "page":
        params.pop("page", None)
    return "?" + urlencode(sorted((k, v) for k, vs in params.lists() for v in vs))


FACET_PARAMS = {"leaders": "leader", "countries": "country", "topics": "topic", "source": "source"}
FACET_TITLES = {"leaders": "Leaders", "countries": "Countries", "topics": "Topics", "source": "Sources", "year": "Years"}


@register.filter
def facet_param(facet: str) -> str:
    return FACET_PARAMS.get(facet, facet)


@register.filter
def facet_title(facet: str) -> str:
    return FACET_TITLES.get(facet, facet.title())


@register.simple_tag(takes_context=True)
def year_range(context, year: str) -> str:
    """Return the current search URL narrowed to one calendar year."""
    params = context["request"].GET.copy()
    params["from"], params["to"] = f"{year}-01-01", f"{year}-12-31"
    params.pop("page", None)
    return "?" + urlencode(sorted((k, v) for k, vs in params.lists() for v in vs))
