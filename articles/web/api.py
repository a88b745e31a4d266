"""JSON views: the same domain calls as the pages, serialised."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from articles.kinds import ENTITY_KINDS, LEADER, kind_of_field
from articles.search.roles import KnownRole
from articles.search.service import FacetValue, SearchPage, search_articles
from articles.web.browsing import published_articles, suggest_entities
from articles.web.errors import ErrorFormat, answers_search_errors
from articles.web.links import original_url
from articles.web.search_request import read_search_request


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
        **serialize_tags(article),
    }


def serialize_tags(article) -> dict[str, list[dict]]:
    """Return {"leaders": [{"name", "slug"}], "countries": [...], "topics": [...]} for the article."""
    return {
        kind.plural: [{"name": e.name, "slug": e.slug} for e in getattr(article, kind.field).all()] for kind in ENTITY_KINDS
    }


@answers_search_errors(ErrorFormat.JSON)
def search_json(request):
    """/api/search/: the search page's parameters in, one page of hits with snippets and facets out."""
    wanted = read_search_request(request.GET)
    result = search_articles(wanted.query, page=wanted.page, filters=wanted.filters, sort=wanted.sort)
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
        "counts": result.listing.value,
        "page": result.page,
        "num_pages": result.num_pages,
        "page_size": result.page_size,
        "notice": result.query.notice or None,
        "did_you_mean": result.suggestion or None,
        "roles": [serialize_role(role, absolute_base=absolute_base) for role in result.roles],
        "results": [
            {
                "slug": hit.article.slug,
                "url": absolute_base + hit.article.get_absolute_url(),
                "title": hit.article.title,
                "published": hit.article.published.isoformat() if hit.article.published else None,
                "source": hit.article.source,
                "snippets": [{"anchor": s.anchor, "heading": s.heading or None, "html": str(s.html)} for s in hit.snippets],
                "story": hit.article.story_id,
                "copies": [
                    {"url": absolute_base + copy.get_absolute_url(), "title": copy.title, "source": copy.source}
                    for copy in hit.copies
                ],
                **{kind.plural: [{"name": t.name, "slug": t.slug} for t in hit.tags if t.kind == kind.param] for kind in ENTITY_KINDS},
            }
            for hit in result.hits
        ],
        "facets": {
            **{facet: [_facet_value(facet, value) for value in values] for facet, values in result.facets.items()},
            **_time_facet(result),
        },
    }


def serialize_role(role: KnownRole, *, absolute_base: str) -> dict:
    """Return a role and the holders searched for, each with the years they held it (null: open) and the days where known."""
    return {
        "slug": role.slug,
        "name": role.name,
        "url": absolute_base + reverse("articles:role", args=[role.slug]),
        "holders": [
            {
                "slug": period.leader_slug,
                "name": period.leader_name,
                "title": period.title,
                "from": period.start_year,
                "to": period.end_year,
                "from_day": period.start_day.isoformat() if period.start_day else None,
                "to_day": period.end_day.isoformat() if period.end_day else None,
                "url": absolute_base + reverse(f"articles:{LEADER.param}", args=[period.leader_slug]),
            }
            for period in role.periods
        ],
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
    if kind_of_field(facet) is not None:
        return {"slug": value.value, "name": value.name, "count": value.count, "selected": value.is_selected}
    return {"value": value.value, "count": value.count, "selected": value.is_selected}
