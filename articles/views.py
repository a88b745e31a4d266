"""HTTP -> one domain call -> template. No search or tagging logic here."""

from datetime import date

from django.core.paginator import Paginator
from django.shortcuts import render

from articles import browsing
from articles.exceptions import InvalidSearchQuery
from articles.search import SORTS, SearchFilters, search_articles

SEARCH_ENTITY_PARAMS = {"leader": "leaders", "country": "countries", "topic": "topics"}


def home(request):
    return render(
        request,
        "articles/home.html",
        {
            "recent": browsing.recent_articles(),
            "top_leaders": browsing.top_entities(kind="leader"),
            "top_countries": browsing.top_entities(kind="country"),
            "top_topics": browsing.top_entities(kind="topic"),
        },
    )


def search(request):
    query = request.GET.get("q", "")
    try:
        filters = search_filters_from(request.GET)
        page = _page_number(request.GET.get("page", "1"), query=query)
        result = search_articles(query, page=page, filters=filters, sort=request.GET.get("sort", "relevance") or "relevance")
    except InvalidSearchQuery as error:
        return render(request, "articles/search_error.html", {"message": str(error), "query": query}, status=400)
    return render(request, "articles/search.html", {"result": result, "filters": filters, "sorts": list(SORTS)})


def article(request, slug):
    view = browsing.get_article_view(slug=slug, query=request.GET.get("q", "")[:500])
    return render(request, "articles/article.html", {"view": view, "article": view.article})


def entity(request, slug, kind):
    entity_row, articles = browsing.entity_with_articles(kind=kind, slug=slug)
    page = Paginator(articles, browsing.ENTITY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "articles/entity.html",
        {"entity": entity_row, "kind": kind, "page": page, "search_param": kind},
    )


def entity_list(request, kind):
    return render(
        request,
        "articles/entity_list.html",
        {"entities": browsing.entities_with_counts(kind=kind), "kind": kind},
    )


def search_filters_from(params) -> SearchFilters:
    """Return the filters named in the query string.

    Raises:
        InvalidSearchQuery: a date is not YYYY-MM-DD.
    """
    return SearchFilters(
        leaders=tuple(params.getlist("leader")),
        countries=tuple(params.getlist("country")),
        topics=tuple(params.getlist("topic")),
        sources=tuple(params.getlist("source")),
        date_from=_date_param(params.get("from", ""), name="from"),
        date_to=_date_param(params.get("to", ""), name="to"),
    )


def _date_param(value: str, *, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidSearchQuery(f"'{value}' is not a date for '{name}'; use YYYY-MM-DD, e.g. 2024-02-17.", query=value)


def _page_number(value: str, *, query: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidSearchQuery(f"Page '{value[:20]}' is not a number.", query=query)
