"""Database vs search index: which articles are missing from the index, stale in it, or orphaned there.

The database is the source of truth. A document is
- missing: a published article has none;
- stale: its stored fields (title, slug, date, source, tags, story) differ from what the article would index now;
- orphaned: it names an article that is deleted or unpublished.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from haystack import connections

from articles.models import Article
from articles.search.indexing import (
    is_index_kept_by_database,
    read_indexed_articles,
    refresh_search_index,
    remove_from_search_index,
)
from articles.search_indexes import with_index_data

# Stored fields compared for staleness. The body is stored too (result.text, highlight, more_like_this)
# but not compared: reading it back would hold every article's text in memory at once.
COMPARED_FIELDS = ("title", "slug", "published", "source", "year", "leaders", "countries", "topics", "story", "story_copy")
CHECK_CHUNK = 500


@dataclass
class IndexReport:
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    orphaned: list[int] = field(default_factory=list)
    # PostgreSQL engine: whole-archive facet counts (listing pages read them) that differ from the documents.
    wrong_facet_counts: int = 0
    checked: int = 0
    note: str = ""  # what the engine guarantees, shown by check_index

    @property
    def is_consistent(self) -> bool:
        return not (self.missing or self.stale or self.orphaned or self.wrong_facet_counts)


def check_search_index() -> IndexReport:
    """Return the article ids whose index documents are missing, stale or orphaned."""
    backend = connections["default"].get_backend()
    if is_index_kept_by_database():
        # The PostgreSQL engine compares every document with the one its rows give, in SQL.
        return IndexReport(
            **backend.check_documents(),
            wrong_facet_counts=backend.check_facet_counts(),
            checked=Article.objects.filter(is_published=True).count(),
            note="The PostgreSQL engine writes each document in its article's transaction (database triggers), "
            "so the two cannot drift; every document was recomputed and compared.",
        )
    indexed = read_indexed_articles(fields=COMPARED_FIELDS)
    published_ids = set(Article.objects.filter(is_published=True).values_list("pk", flat=True))
    report = IndexReport(checked=len(published_ids))
    report.missing = sorted(published_ids - indexed.keys())
    report.orphaned = sorted(indexed.keys() - published_ids)
    present = sorted(published_ids & indexed.keys())
    for start in range(0, len(present), CHECK_CHUNK):
        report.stale += _stale_ids(present[start : start + CHECK_CHUNK], indexed)
    return report


def find_unindexed_articles(*, article_ids: Iterable[int]) -> list[int]:
    """Return the published articles among article_ids whose index document is missing or stale.

    For an import that finds its pages already saved: a run killed after saving and before indexing
    left them out of the index.
    """
    if is_index_kept_by_database():
        return []  # each document was written in its article's transaction: none can be left out
    ids = sorted(set(Article.objects.filter(pk__in=set(article_ids), is_published=True).values_list("pk", flat=True)))
    indexed = read_indexed_articles(fields=COMPARED_FIELDS, article_ids=ids)
    missing = [pk for pk in ids if pk not in indexed]
    return sorted(missing + _stale_ids([pk for pk in ids if pk in indexed], indexed))


def _stale_ids(article_ids: list[int], indexed: dict[int, dict]) -> list[int]:
    search_index = connections["default"].get_unified_index().get_index(Article)
    stale = []
    for article in with_index_data(Article.objects.filter(pk__in=article_ids)):
        expected = search_index.full_prepare(article)
        stored = indexed[article.pk]
        if any(_comparable(expected.get(name)) != _comparable(stored.get(name)) for name in COMPARED_FIELDS):
            stale.append(article.pk)
    return stale


def repair_search_index(report: IndexReport) -> None:
    """Index the missing and stale articles and delete the orphaned documents."""
    to_update = report.missing + report.stale
    for start in range(0, len(to_update), CHECK_CHUNK):
        refresh_search_index(article_ids=to_update[start : start + CHECK_CHUNK])
    if is_index_kept_by_database():
        refresh_search_index(article_ids=report.orphaned)  # recomputing an orphan's document deletes it
        if report.wrong_facet_counts:
            connections["default"].get_backend().recount_facets()
    else:
        remove_from_search_index(article_ids=report.orphaned)


def _comparable(value):
    # The prepared value and haystack's converted value of the same field, in one form: engines
    # return dates as datetimes at midnight and lists as lists or comma-joined strings.
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ",".join(sorted(str(v) for v in value))
    return str(value)
