"""Template helpers for URLs that carry the whole search state (filters live in the query string)."""

from django import template
from django.utils.formats import date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from articles.kinds import filter_facet

register = template.Library()


def _encode(params) -> str:
    return "?" + urlencode(sorted((k, v) for k, vs in params.lists() for v in vs))


@register.simple_tag(takes_context=True)
def toggle_filter(context, name: str, value: str) -> str:
    """Return the current search URL with value added to, or removed from, the filter `name`; page reset."""
    params = context["request"].GET.copy()
    values = params.getlist(name)
    params.setlist(name, [v for v in values if v != value] if value in values else values + [value])
    params.pop("page", None)
    return _encode(params)


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
    return _encode(params)


@register.simple_tag(takes_context=True)
def date_range(context, start, end) -> str:
    """Return the current search URL narrowed to the dates start..end (inclusive)."""
    params = context["request"].GET.copy()
    params["from"], params["to"] = start.isoformat(), end.isoformat()
    params.pop("page", None)
    return _encode(params)


@register.simple_tag(takes_context=True)
def without_dates(context) -> str:
    """Return the current search URL with the date range removed."""
    params = context["request"].GET.copy()
    for name in ("from", "to", "page"):
        params.pop(name, None)
    return _encode(params)


@register.simple_tag(takes_context=True)
def hidden_params(context, *excluded: str):
    """Return hidden inputs carrying the current query string, except the excluded names, into a GET form."""
    pairs = [(k, v) for k, vs in context["request"].GET.lists() if k not in excluded for v in vs]
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', pairs)


@register.filter
def facet_param(field: str) -> str:
    facet = filter_facet(field)
    return facet.param if facet else field


FACET_SET_BY_QUERY_TITLE = ' title="Set by your search words"'


@register.simple_tag
def facet_value_items(facet: str, values) -> SafeString:
    """Return a facet's values as <li> checkboxes.

    Built here rather than by including a template per value: a page shows up to a few hundred
    values, and an include each was a third of the results page's template time.
    """
    name = escape(facet_param(facet))
    items = []
    for v in values:
        is_set_by_query = v.is_set_by_query
        items.append(
            f'<li><label{FACET_SET_BY_QUERY_TITLE if is_set_by_query else ""}><input type="checkbox" name="{name}" '
            f'value="{escape(v.value)}"{" checked" if v.is_selected else ""}{" disabled" if is_set_by_query else ""}> '
            f'<span class="facet-name">{escape(v.name)}</span> <span class="count">{v.count}'
            f'<span class="visually-hidden"> article{"" if v.count == 1 else "s"}</span></span></label></li>\n'
        )
    return mark_safe("".join(items))


@register.filter
def facet_title(field: str) -> str:
    facet = filter_facet(field)
    return facet.title if facet else field.title()


@register.simple_tag
def article_meta(article) -> SafeString:
    """Return the article's date and source line ("4 March 2019 · Demo Wire", or "Undated").

    A tag rather than an included template: a results page shows it once per hit.
    """
    if article.published:
        when = format_html(
            '<time datetime="{}">{}</time>', date_format(article.published, "Y-m-d"), date_format(article.published, "j F Y")
        )
    else:
        when = "Undated"
    source = format_html(" · {}", article.source) if article.source else ""
    return format_html('<p class="meta">{}{}</p>\n', when, source)


# The characters that could close the <script> element or open a comment, as JSON escapes.
JSON_LD_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data: dict):
    """Return data as a <script type="application/ld+json"> element, safe against imported text."""
    import json

    from django.utils.safestring import mark_safe

    text = json.dumps(data, ensure_ascii=False).translate(JSON_LD_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
