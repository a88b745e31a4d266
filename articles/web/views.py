"""HTTP -> one domain call -> template. No search or tagging logic here."""


from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import urlencode

from articles.web import browsing
from articles.web import charts
from articles.web.comentions import count_co_mentions
from articles.exceptions import InvalidSearchQuery
from articles.web.reading import get_article_page, news_article_json_ld
from articles.web.exports import export_search, write_csv
from articles.search import SORTS, search_articles
from articles.search.params import page_number, search_filters_from

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
        page = page_number(request.GET.get("page", "1"), query=query)
        result = search_articles(query, page=page, filters=filters, sort=request.GET.get("sort", "relevance") or "relevance")
    except InvalidSearchQuery as error:
        return render(request, "articles/search_error.html", {"message": str(error), "query": query}, status=400)
    return render(request, "articles/search.html", {"result": result, "filters": filters, "sorts": list(SORTS)})


def search_help(request):
    return render(request, "articles/search_help.html")


def article(request, slug):
    page = get_article_page(slug=slug, query=request.GET.get("q", "")[:500])
    json_ld = news_article_json_ld(page.article, absolute_url=request.build_absolute_uri(page.article.get_absolute_url()))
    return render(request, "articles/article.html", {"view": page, "article": page.article, "json_ld": json_ld})


def entity(request, slug, kind):
    profile = browsing.get_entity_profile(kind=kind, slug=slug)
    page = Paginator(profile.articles, browsing.ENTITY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "articles/entity.html",
        {
            "profile": profile,
            "entity": profile.entity,
            "kind": kind,
            "page": page,
            "chart": charts.monthly_mentions_chart(profile=profile),
        },
    )


def entity_list(request, kind):
    name_filter = request.GET.get("filter", "")[:100]
    return render(
        request,
        "articles/entity_list.html",
        {"groups": browsing.list_entities(kind=kind, name_filter=name_filter), "kind": kind, "name_filter": name_filter},
    )


# Co-mentions, exports and discovery files (issue 6); the feeds are in feeds.py.


def co_mentions(request):
    query = request.GET.get("q", "")
    params = [(key, value) for key, values in request.GET.lists() for value in values if key not in ("page", "sort")]
    try:
        filters = search_filters_from(request.GET)
        table = count_co_mentions(query, filters=filters, search_params=params)
    except InvalidSearchQuery as error:
        return render(request, "articles/search_error.html", {"message": str(error), "query": query}, status=400)
    return render(
        request,
        "articles/comentions.html",
        {"table": table, "query": query, "filters": filters, "search_params": urlencode(params)},
    )


def export_csv(request):
    return _export(request, kind="csv")


def export_json(request):
    return _export(request, kind="json")


def _export(request, *, kind: str):
    query = request.GET.get("q", "")
    try:
        filters = search_filters_from(request.GET)
        exported = export_search(
            query, filters=filters, sort=request.GET.get("sort", "relevance") or "relevance", base_url=request.build_absolute_uri("/")[:-1]
        )
    except InvalidSearchQuery as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    if kind == "csv":
        response = HttpResponse(write_csv(exported.rows), content_type="text/csv; charset=utf-8")
    else:
        response = JsonResponse(
            {"count": exported.total, "exported": len(exported.rows), "max_rows": exported.limit, "results": exported.rows}
        )
    response["Content-Disposition"] = f'attachment; filename="newsindex-search.{kind}"'
    response["X-Total-Count"] = str(exported.total)
    return response


def opensearch(request):
    return render(request, "opensearch.xml", content_type="application/opensearchdescription+xml; charset=utf-8")


def robots(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")
