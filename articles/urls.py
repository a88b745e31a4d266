from django.urls import path

from articles import api, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("articles/<slug:slug>/", views.article, name="article"),
    path("leaders/", views.entity_list, {"kind": "leader"}, name="leaders"),
    path("leaders/<slug:slug>/", views.entity, {"kind": "leader"}, name="leader"),
    path("countries/", views.entity_list, {"kind": "country"}, name="countries"),
    path("countries/<slug:slug>/", views.entity, {"kind": "country"}, name="country"),
    path("topics/", views.entity_list, {"kind": "topic"}, name="topics"),
    path("topics/<slug:slug>/", views.entity, {"kind": "topic"}, name="topic"),
    path("api/articles/<slug:slug>/", api.article_json, name="api-article"),
]
