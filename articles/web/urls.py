from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import path

from articles.web import api, views
from articles.web.feeds import EntityFeed, SearchFeed
from articles.web.sitemaps import SITEMAPS

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/help/", views.search_help, name="search-help"),
    path("articles/<slug:slug>/", views.article, name="article"),
    path("leaders/", views.entity_list, {"kind": "leader"}, name="leaders"),
    path("leaders/<slug:slug>/", views.entity, {"kind": "leader"}, name="leader"),
    path("countries/", views.entity_list, {"kind": "country"}, name="countries"),
    path("countries/<slug:slug>/", views.entity, {"kind": "country"}, name="country"),
    path("topics/", views.entity_list, {"kind": "topic"}, name="topics"),
    path("topics/<slug:slug>/", views.entity, {"kind": "topic"}, name="topic"),
    path("trends/", views.trends_page, name="trends"),
    path("trends/data.csv", views.trends_csv, name="trends-csv"),
    path("trends/data.json", views.trends_json, name="trends-json"),
    path("roles/", views.role_list, name="roles"),
    path("roles/<slug:slug>/", views.role, name="role"),
    path("api/articles/<slug:slug>/", api.article_json, name="api-article"),
    path("api/search/", api.search_json, name="api-search"),
    path("api/suggest/", api.suggest_json, name="api-suggest"),
    path("co-mentions/", views.co_mentions, name="co-mentions"),
    path("search/feed/", SearchFeed(), name="search-feed"),
    path("search/export.csv", views.export_csv, name="export-csv"),
    path("search/export.json", views.export_json, name="export-json"),
    path("leaders/<slug:slug>/feed/", EntityFeed(kind="leader"), name="leader-feed"),
    path("countries/<slug:slug>/feed/", EntityFeed(kind="country"), name="country-feed"),
    path("topics/<slug:slug>/feed/", EntityFeed(kind="topic"), name="topic-feed"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
    path("robots.txt", views.robots, name="robots"),
    # An index of one sitemap per section: the article sitemap pages (?p=2...) past ArticleSitemap.limit.
    path("sitemap.xml", sitemap_index, {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap-section"}, name="sitemap"),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
]
