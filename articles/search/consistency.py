"""Database vs search index: which articles are missing from the index, stale in it, or orphaned there.

The database is the source of truth. A document is
- missing: a published article has none;
- stale: its stored fields (title, slug, date, source, tags) differ from what the article would index now;
- orphaned: it names an article that is deleted or unpublished.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from haystack import connections

from articles.models import Article
from articles.search.indexing import read_indexed_articles, remove_from_search_index, update_search_index
from articles.search_indexes import with_index_data

# Stored fields compared for staleness; the body is not stored in the index (see backends.py).
COMPARED_FIELDS = ("title", "slug", "published", "source", "year", "leaders", "countries", "topics")
CHECK_CHUNK = 500


@dataclass
class IndexReport:
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    orphaned: list[int] = field(default_factory=list)
    checked: int = 0

    @property
    def is_consistent(self) -> bool:
        return not (self.missing or self.stale or self.orphaned)


def check_search_index() -> IndexReport:
    """Return the article ids whose index documents are missing, stale or orphaned."""
    indexed = read_indexed_articles()
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
    ids = sorted(set(Article.objects.filter(pk__in=set(article_ids), is_published=True).values_list("pk", flat=True)))
    indexed = read_indexed_articles(article_ids=ids)
    missing = [pk for pk in ids if pk not in indexed]
    return sorted(missing + _stale_ids([pk for pk in ids if pk in indexed], indexed))


def _stale_ids(article_ids: list[int], indexed: dict[int, dict]) -> list[int]:
    search_index = connections["default"].get_unified_index().get_index(Article)
    backend = connections["default"].get_backend()
    stale = []
    for article in with_index_data(Article.objects.filter(pk__in=article_ids)):
        expected = search_index.full_prepare(article)
        stored = indexed[article.pk]
        if any(_stored_value(backend, expected.get(name)) != _normalise(stored.get(name)) for name in COMPARED_FIELDS):
            stale.append(article.pk)
    return stale


def repair_search_index(report: IndexReport) -> None:
    """Index the missing and stale articles and delete the orphaned documents."""
    to_update = report.missing + report.stale
    for start in range(0, len(to_update), CHECK_CHUNK):
        update_search_index(article_ids=to_update[start : start + CHECK_CHUNK])
    remove_from_search_index(article_ids=report.orphaned)


def _stored_value(backend, value):
    # What haystack's backend writes (its _from_python), read back the way Whoosh returns it.
    if value is None or value == [] or value == "":
        return None
    return _normalise(backend._from_python(value))


def _normalise(value):
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)
