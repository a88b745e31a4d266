"""sitemap.xml: an index of sitemaps for every published article and every leader, country and topic page with articles."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from articles.models import NEWEST_FIRST
from articles.web.browsing import entities_with_counts, published_articles


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    # URLs per sitemap page (the protocol allows 50,000); 5,000 keeps one page near a second to
    # build on a 100,000-article archive. The index at /sitemap.xml lists every page.
    limit = 5_000

    def items(self):
        return published_articles().order_by(*NEWEST_FIRST).only("slug", "updated")

    def lastmod(self, item):
        return item.updated

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every article to find the newest, for the index page.
        return self.items().aggregate(latest=Max("updated"))["latest"]


class EntitySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def __init__(self, *, kind: str):
        self.kind = kind

    def items(self):
        return entities_with_counts(kind=self.kind)


SITEMAPS = {
    "articles": ArticleSitemap,
    "leaders": EntitySitemap(kind="leader"),
    "countries": EntitySitemap(kind="country"),
    "topics": EntitySitemap(kind="topic"),
}
