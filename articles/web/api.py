"""JSON views: the same domain calls as the pages, serialised."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from articles.web.browsing import published_articles, suggest_entities
from articles.exceptions import InvalidSearchQuery
from articles.search import FacetValue, SearchPage, search_articles
from articles.search.params import page_number, search_filters_from
from articles.web.links import original_url

ENTITY_FACETS = ("leaders", "countries", "topics")


def article_json(request, slug):
    article = get_object_or_404(
        published_articles().prefetch_related("sections", "leaders", "countries", "topics"), slug=slug
    )
    return JsonResponse(serialize_article(article, absolute_url=request.build_absolute_uri(article.get_absolute_url())))


def serialize_article(article, *, absolute_url: str) -> dict:
    """Return the article as the API documents it."""
    return {
        "slug": article.slug,
        "url": absolute_url,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source,
        "original_url": original_url(article) or None,
        "sections": [
            {"position": s.position, "heading": s.heading or None, "anchor": s.anchor, "text": s.text}
            for s in article.sections.all()
        ],
        "leaders": [{"name": e.name, "slug": e.slug} for e in article.leaders.all()],
        "countries": [{"name": e.name, "slug": e.slug} for e in article.countries.all()],
        "topics": [{"name": e.name, "slug": e.slug} for e in article.topics.all()],
    }


def search_json(request):
    """/api/search/: the search page's parameters in, one page of hits with snippets and facets out."""
    query = request.GET.get("q", "")
    try:
        filters = search_filters_from(request.GET)
        page = page_number(request.GET.get("page", "1"), query=query)
        result = search_articles(query, page=page, filters=filters, sort=request.GET.get("sort", "relevance") or "relevance")
    except InvalidSearchQuery as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(serialize_search_page(result, absolute_base=request.build_absolute_uri("/")[:-1]))


def suggest_json(request):
    """/api/suggest/?q=: leaders, countries and topics whose name or alias starts with q, for autocomplete.

    With format=opensearch: the OpenSearch Suggestions shape browsers' address bars read,
    [query, [names], [kinds], [urls]].
    """
    typed = request.GET.get("q", "")[:100]
    suggestions = suggest_entities(prefix=typed)
    if request.GET.get("format") == "opensearch":
        absolute = request.build_absolute_uri
        return JsonResponse(
            [typed, [s.name for s in suggestions], [s.kind for s in suggestions], [absolute(s.url) for s in suggestions]],
            safe=False,
            content_type="application/x-suggestions+json",
        )
    return JsonResponse(
        [{"kind": s.kind, "name": s.name, "slug": s.slug, "url": s.url} for s in suggestions],
        safe=False,
    )


def serialize_search_page(result: SearchPage, *, absolute_base: str) -> dict:
    """Return one search page as the API documents it; snippet "html" is escaped text with <mark> only."""
    return {
        "count": result.total,
        "page": result.page,
        "num_pages": result.num_pages,
        "page_size": result.page_size,
        "notice": result.query.notice or None,
        "did_you_mean": result.suggestion or None,
        "results": [
            {
                "slug": hit.article.slug,
                "url": absolute_base + hit.article.get_absolute_url(),
                "title": hit.article.title,
                "published": hit.article.published.isoformat() if hit.article.published else None,
                "source": hit.article.source,
                "snippets": [{"anchor": s.anchor, "heading": s.heading or None, "html": str(s.html)} for s in hit.snippets],
                "leaders": [{"name": e.name, "slug": e.slug} for e in hit.article.leaders.all()],
                "countries": [{"name": e.name, "slug": e.slug} for e in hit.article.countries.all()],
                "topics": [{"name": e.name, "slug": e.slug} for e in hit.article.topics.all()],
            }
            for hit in result.hits
        ],
        "facets": {
            **{facet: [_facet_value(facet, value) for value in values] for facet, values in result.facets.items()},
            **_time_facet(result),
        },
    }


def _time_facet(result: SearchPage) -> dict:
    """Return the hits per year ("year") or, for a date range of up to about three years, per month ("month")."""
    bars = result.histogram
    if not bars:
        return {"year": []}
    name = "month" if len(bars[0].label) == 7 else "year"
    return {
        name: [
            {"value": bar.label, "count": bar.count, "from": bar.date_from.isoformat(), "to": bar.date_to.isoformat()}
            for bar in bars
        ]
    }


def _facet_value(facet: str, value: FacetValue) -> dict:
    if facet in ENTITY_FACETS:
        return {"slug": value.value, "name": value.name, "count": value.count, "selected": value.is_selected}
    return {"value": value.value, "count": value.count, "selected": value.is_selected}
