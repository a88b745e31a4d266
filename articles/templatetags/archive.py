"""Template helpers for URLs that carry the whole search state (filters live in the query string)."""

from html import escape as escape_html
from urllib.parse import quote

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from articles.exceptions import RoleFormatError
from articles.kinds import filter_facet
from articles.search.query import normalize_query_text
from articles.tagging.types import parse_role

register = template.Library()


def _encode(params) -> str:
    return "?" + urlencode(sorted((k, v) for k, vs in params.lists() for v in vs))


@register.filter
def query_text(value: str | None) -> str:
    """Return a typed query as the search reads and shows it: invisible characters and bidi embeddings removed."""
    return normalize_query_text(value or "")


@register.filter
def role_years(record: dict) -> str:
    """Return the years of a stored role record ("2015–2018" for days from 2015-09-15 to 2018-08-24), "" if unreadable."""
    try:
        return parse_role(record).years
    except (RoleFormatError, AttributeError):
        return ""  # the admin's form names the fix; a page still shows the title


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
# The tags below that build a results page's many values escape with the standard library's escape,
# the one Django's escape() calls after checking for lazy text (a page has a few hundred values).


@register.simple_tag
def facet_value_items(facet: str, values) -> SafeString:
    """Return a facet's values as <li> checkboxes.

    Built here rather than by including a template per value: a page shows up to a few hundred
    values, and an include each was a third of the results page's template time.
    """
    name = escape_html(facet_param(facet))
    items = []
    for v in values:
        is_set_by_query = v.is_set_by_query
        items.append(
            f'<li><label{FACET_SET_BY_QUERY_TITLE if is_set_by_query else ""}><input type="checkbox" name="{name}" '
            f'value="{escape_html(v.value)}"{" checked" if v.is_selected else ""}{" disabled" if is_set_by_query else ""}> '
            f'<span class="facet-name">{escape_html(v.name)}</span> <span class="count">{v.count}'
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


# A hit's most matching sections are its snippet; without one, the start of its first section, cut here.
HIT_START_CHARS = 300
# Other copies of a story named on its hit before "(+N)", and their names cut to this length.
HIT_COPIES_NAMED = 2
COPY_NAME_CHARS = 40


@register.simple_tag
def result_hit(hit_view, *, query: str, is_ranked: bool) -> SafeString:
    """Return a results page's <li> for one hit: title link, date and source, copies, snippets, tags.

    query: the search's typed words, for links that open the article at a matching section;
    is_ranked: the title links there too (words decided the order).
    Built here rather than in the page's template: the template language resolving the ~40 values
    of each of ten hits was half of rendering a results page.
    """
    hit, url = hit_view.hit, escape_html(hit_view.url)
    with_query = f"{url}?q={quote(query)}"
    best = hit.best
    parts = [
        f'<li class="hit">\n        <h2><a href="{with_query if is_ranked else url}{f"#{escape_html(best.anchor)}" if best else ""}">'
        f"{hit_view.title_html}</a></h2>\n        {article_meta(hit.article)}\n        {_story_copies(hit.copies, url=url)}\n\n        "
    ]
    if best:
        heading = f'<a class="section-link" href="{with_query}#{escape_html(best.anchor)}">{best.heading_html}</a>: ' if best.heading else ""
        parts.append(f'\n        <p class="snippet">{heading}{best.html}</p>\n        ')
        if hit.more:
            more = "".join(
                f'<li><a class="section-link" href="{with_query}#{escape_html(snippet.anchor)}">{snippet.heading_html or "Introduction"}</a>: '
                f"{snippet.html}</li>"
                for snippet in hit.more
            )
            parts.append(
                f'\n        <details><summary>{len(hit.more)} more matching section{"" if len(hit.more) == 1 else "s"}</summary>\n'
                f'          <ul class="more-sections">{more}</ul>\n        </details>\n        '
            )
        parts.append("\n        ")
    else:
        start = Truncator(hit.sections[0].text).chars(HIT_START_CHARS) if hit.sections else ""
        parts.append(f'<p class="snippet">{escape_html(start)}</p>')
    parts.append("\n        ")
    if hit_view.tags:
        tags = "".join(
            f'<li><a class="chip {escape_html(tag.kind)}{" searched" if tag.is_searched else ""}" href="{escape_html(tag.url)}">{escape_html(tag.name)}</a></li>'
            for tag in hit_view.tags
        )
        more_tags = (
            f'<li><a class="more-tags" href="{url}#article-tags">+{hit_view.more_tags} more<span class="visually-hidden"> tags</span></a></li>'
            if hit_view.more_tags else ""
        )
        parts.append(f'\n        <ul class="tags" aria-label="Tags">\n          {tags}\n          {more_tags}\n        </ul>\n        ')
    parts.append("\n      </li>")
    return mark_safe("".join(parts))


def _story_copies(copies, *, url: str) -> str:
    """Return the hit's "Also in: …" line naming its story's other copies, or "" for none."""
    if not copies:
        return ""
    named = ", ".join(
        f'<a href="{escape_html(copy.get_absolute_url())}">{escape_html(Truncator(copy.source or copy.title).chars(COPY_NAME_CHARS))}</a>'
        for copy in copies[:HIT_COPIES_NAMED]
    )
    rest = (
        f' <a href="{url}#copies" aria-label="all {len(copies) + 1} copies of this story">(+{len(copies) - HIT_COPIES_NAMED})</a>'
        if len(copies) > HIT_COPIES_NAMED else ""
    )
    return f'<p class="story-copies">Also in: {named}{rest}</p>'


# The characters that could close the <script> element or open a comment, as JSON escapes.
JSON_LD_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data: dict):
    """Return data as a <script type="application/ld+json"> element, safe against imported text."""
    import json

    from django.utils.safestring import mark_safe

    text = json.dumps(data, ensure_ascii=False).translate(JSON_LD_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
