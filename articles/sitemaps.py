"""sitemap.xml: every published article, and every leader, country and topic page that lists some."""

from django.contrib.sitemaps import Sitemap

from articles.browsing import entities_with_counts, published_articles


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    # Below the 50,000-URL limit of one sitemap file; Django splits into ?p=2... past it.
    limit = 10_000

    def items(self):
        return published_articles().order_by("-published", "-id").only("slug", "updated")

    def lastmod(self, item):
        return item.updated


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
