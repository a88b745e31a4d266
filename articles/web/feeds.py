"""Atom feeds: the newest articles of any search, and of each leader, country and topic.

Summaries are sent as Atom type="html", so the article text is HTML-escaped here first: a reader
that renders the summary shows "<script>" as text, never runs it.
"""

from datetime import UTC, datetime, time

from django.contrib.syndication.views import Feed
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.text import Truncator

from articles.kinds import kind_named
from articles.models import NEWEST_FIRST, Article
from articles.search.query import remove_control_characters
from articles.search.service import search_articles
from articles.web.browsing import listed
from articles.web.errors import ErrorFormat, answers_search_errors
from articles.web.search_request import read_search_request

FEED_SIZE = 20
SUMMARY_WORDS = 60


def xml_safe(value):
    """Return value with the characters XML cannot hold (controls, U+FFFE, U+FFFF) in its text (or its list's texts) replaced by spaces."""
    if isinstance(value, str):
        return remove_control_characters(value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value


class XmlSafeAtomFeed(Atom1Feed):
    """Atom whose texts hold no character XML 1.0 cannot carry: Django's writer raises on control characters
    (a 500) and writes U+FFFF as it is (a feed no reader parses), yet an admin's pasted title or tag name
    may hold one (Word's line break is \\x0b)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_safe, args), **{name: xml_safe(value) for name, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_safe, args), **{name: xml_safe(value) for name, value in kwargs.items()})


class ArticleFeed(Feed):
    """What every feed of ours shares: Atom, one entry per article, an escaped text summary."""

    feed_type = XmlSafeAtomFeed

    def item_title(self, item: Article) -> str:
        return item.title

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_description(self, item: Article) -> str:
        sections = list(item.sections.all()[:1])
        return escape(Truncator(sections[0].text).words(SUMMARY_WORDS)) if sections else ""

    def item_pubdate(self, item: Article) -> datetime:
        if item.published:
            return datetime.combine(item.published, time.min, tzinfo=UTC)
        return item.created

    def item_updateddate(self, item: Article) -> datetime:
        return item.updated

    def item_categories(self, item: Article) -> list[str]:
        return [e.name for e in (*item.leaders.all(), *item.countries.all(), *item.topics.all())]


class SearchFeed(ArticleFeed):
    """/search/feed/?<the search page's parameters>: the newest matching articles."""

    def __call__(self, request, *args, **kwargs):
        return answers_search_errors(ErrorFormat.TEXT)(super().__call__)(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs) -> dict:
        wanted = read_search_request(request.GET, default_sort="newest")
        # Control characters cannot go into the feed's XML (its title repeats the query).
        return {"query": remove_control_characters(wanted.query), "filters": wanted.filters, "params": request.GET}

    def title(self, obj: dict) -> str:
        return f"newsindex: {obj['query']}" if obj["query"] else "newsindex: search"

    def subtitle(self, obj: dict) -> str:
        return "The newest articles matching this search in the newsindex archive."

    def link(self, obj: dict) -> str:
        return reverse("articles:search") + _query_string(obj["params"])

    def feed_url(self, obj: dict) -> str:
        return reverse("articles:search-feed") + _query_string(obj["params"])

    def items(self, obj: dict) -> list[Article]:
        articles: list[Article] = []
        page = 1
        while True:  # search pages hold PAGE_SIZE hits; a feed takes FEED_SIZE
            result = search_articles(obj["query"], page=page, filters=obj["filters"], sort="newest")
            articles += [hit.article for hit in result.hits]
            if len(articles) >= FEED_SIZE or not result.has_next:
                # The hits carry their sections and tags as values; the feed reads them from the rows.
                articles = articles[:FEED_SIZE]
                prefetch_related_objects(articles, "sections", "leaders", "countries", "topics")
                return articles
            page += 1


class EntityFeed(ArticleFeed):
    """/leaders/<slug>/feed/ and the same for countries and topics: the entity's newest articles."""

    def __init__(self, *, kind: str):
        super().__init__()
        self.kind = kind

    def get_object(self, request, slug: str, **kwargs):
        return get_object_or_404(kind_named(self.kind).model, slug=slug)

    def title(self, obj) -> str:
        return f"newsindex: {obj.name}"

    def subtitle(self, obj) -> str:
        return f"The newest articles in the newsindex archive that mention {obj.name}."

    def link(self, obj) -> str:
        return obj.get_absolute_url()

    def items(self, obj) -> list[Article]:
        return list(
            Article.objects.filter(listed(), **{kind_named(self.kind).field: obj})
            .order_by(*NEWEST_FIRST)
            .prefetch_related("sections", "leaders", "countries", "topics")[:FEED_SIZE]
        )



def _query_string(params) -> str:
    """Return "?..." with the search's parameters, less page and sort (a feed is always newest first)."""
    pairs = [(key, value) for key, values in params.lists() for value in values if key not in ("page", "sort")]
    return "?" + urlencode(pairs) if pairs else ""
