"""HTTP -> one domain call -> template. No search or tagging logic here."""


from datetime import date

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from articles.kinds import LEADER
from articles.search.roles import roles_held_by
from articles.web import browsing, charts, roles, trends
from articles.web.comentions import count_co_mentions
from articles.web.errors import ErrorFormat, answers_search_errors
from articles.web.exports import export_search, write_csv, write_table_csv
from articles.web.reading import get_article_page, news_article_json_ld
from articles.web.results import get_results_page
from articles.web.search_request import filters_for_field_query, read_date, read_search_request


def home(request):
    return render(
        request,
        "articles/home.html",
        {
            "recent": browsing.recently_added_articles(),
            "top_leaders": browsing.top_entities(kind="leader"),
            "top_countries": browsing.top_entities(kind="country"),
            "top_topics": browsing.top_entities(kind="topic"),
        },
    )


@answers_search_errors(ErrorFormat.PAGE)
def search(request):
    wanted = read_search_request(request.GET)
    redirect_to = filters_for_field_query(wanted)
    if redirect_to is not None:
        return redirect(reverse("articles:search") + "?" + redirect_to)
    page = get_results_page(wanted=wanted, params=request.GET)
    return render(
        request,
        "articles/search.html",
        {"view": page, "result": page.result, "filters": wanted.filters, "compare_url": trends.compare_url(wanted)},
    )


def search_help(request):
    return render(request, "articles/search_help.html")


def article(request, slug):
    page = get_article_page(slug=slug, query=request.GET.get("q", "")[:500])
    json_ld = news_article_json_ld(page.article, absolute_url=request.build_absolute_uri(page.article.get_absolute_url()))
    return render(request, "articles/article.html", {"view": page, "article": page.article, "json_ld": json_ld})


def entity(request, slug, kind):
    order = browsing.read_article_order(request.GET.get("sort", ""))
    profile = browsing.get_entity_profile(kind=kind, slug=slug, order=order)
    page = browsing.page_of_articles(profile=profile, number=request.GET.get("page"))
    return render(
        request,
        "articles/entity.html",
        {
            "profile": profile,
            "entity": profile.entity,
            "kind": kind,
            "page": page,
            "order": order,
            "chart": charts.monthly_mentions_chart(profile=profile),
            "roles": roles_held_by(slug) if kind == LEADER.param else [],
        },
    )


def entity_list(request, kind):
    name_filter = request.GET.get("filter", "")[:100]
    return render(
        request,
        "articles/entity_list.html",
        {"groups": browsing.list_entities(kind=kind, name_filter=name_filter), "kind": kind, "name_filter": name_filter},
    )


def role_list(request):
    return render(request, "articles/roles/role_list.html", {"places": roles.list_roles_by_place()})


@answers_search_errors(ErrorFormat.PAGE)
def role(request, slug):
    on = read_date(request.GET.get("on", ""), name="on")
    page = roles.get_role_page(slug=slug, on=on, today=date.today())
    return render(request, "articles/roles/role.html", {"view": page, "role": page.role})


@answers_search_errors(ErrorFormat.PAGE)
def trends_page(request):
    # The page's "add a line" form sends kind= and add=; redirect to the URL that names the series.
    if request.GET.get("add", "").strip() and request.GET.get("kind") in trends.SERIES_PARAMS:
        params = request.GET.copy()
        params.appendlist(params.pop("kind")[0], params.pop("add")[0].strip())
        return redirect(request.path + "?" + params.urlencode())
    wanted = trends.read_trend_request(request.GET)
    result = trends.build_trends(wanted)
    return render(
        request,
        "articles/trends.html",
        {
            "trends": result,
            "chart": charts.trends_chart(trends=result),
            "measures": trends.TrendMeasure,
            "max_series": trends.MAX_SERIES,
            "series_params": trends.SERIES_PARAMS,
            "data_params": urlencode(wanted.params()),
        },
    )


@answers_search_errors(ErrorFormat.TEXT)
def trends_csv(request):
    header, rows = trends.trends_table(trends.build_trends(trends.read_trend_request(request.GET)))
    response = HttpResponse(write_table_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="newsindex-trends.csv"'
    return response


@answers_search_errors(ErrorFormat.JSON)
def trends_json(request):
    result = trends.build_trends(trends.read_trend_request(request.GET))
    return JsonResponse(trends.serialize_trends(result, absolute_base=request.build_absolute_uri("/")[:-1]))


# Co-mentions, exports and discovery files; the feeds are in feeds.py.


@answers_search_errors(ErrorFormat.PAGE)
def co_mentions(request):
    wanted = read_search_request(request.GET)
    params = wanted.choosing_params()
    table = count_co_mentions(wanted.query, filters=wanted.filters, search_params=params)
    return render(
        request,
        "articles/comentions.html",
        {"table": table, "query": wanted.query, "filters": wanted.filters, "search_params": urlencode(params)},
    )


@answers_search_errors(ErrorFormat.TEXT)
def export_csv(request):
    return _export(request, file_format="csv")


@answers_search_errors(ErrorFormat.TEXT)
def export_json(request):
    return _export(request, file_format="json")


def _export(request, *, file_format: str):
    wanted = read_search_request(request.GET)
    exported = export_search(
        wanted.query, filters=wanted.filters, sort=wanted.sort, base_url=request.build_absolute_uri("/")[:-1]
    )
    if file_format == "csv":
        response = HttpResponse(write_csv(exported.rows), content_type="text/csv; charset=utf-8")
    else:
        response = JsonResponse(
            {
                "count": exported.total, "counts": exported.counts.value, "exported": len(exported.rows),
                "max_rows": exported.limit, "results": exported.rows,
            }
        )
    response["Content-Disposition"] = f'attachment; filename="newsindex-search.{file_format}"'
    response["X-Total-Count"] = str(exported.total)
    response["X-Counts"] = exported.counts.value  # "stories" or "copies": what a row and the total are
    return response


def opensearch(request):
    return render(request, "opensearch.xml", content_type="application/opensearchdescription+xml; charset=utf-8")


def robots(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")
