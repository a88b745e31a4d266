"""Writing to the search index: explicit calls after a commit, never a per-save signal.

Only haystack's backend API is used here (update, remove, SearchQuerySet), so every engine that
SEARCH_URL can select works the same; what is Whoosh-specific lives in search/backends.py.
Whoosh allows one writer per index: a second one raises LockError at once. Every write here holds
an exclusive lock file beside the index folder (not inside it: rebuild_index deletes the folder),
so import jobs, admin actions and commands in any process wait their turn instead of failing.
Engines without a PATH (Solr, Elasticsearch) take no lock. Readers are never blocked.
"""

import fcntl
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from haystack import connections
from haystack.query import SearchQuerySet

from articles.models import Article
from articles.search_indexes import with_index_data

ARTICLE_DOCUMENT_PREFIX = "articles.article."
# Documents read per search when reading the whole index back (check_index).
READ_CHUNK = 5000


@contextmanager
def index_writer_lock() -> Iterator[None]:
    """Hold the index's writer lock (shared by every process on this machine) until the block ends."""
    path = connections["default"].options.get("PATH")
    if not path:
        yield  # in-memory index: one process, no file lock
        return
    lock_path = os.path.abspath(path).rstrip(os.sep) + ".writer.lock"
    os.makedirs(os.path.dirname(lock_path), exist_ok=True)
    with open(lock_path, "a+b") as lock_file:
        # flock locks belong to the open file, so two threads of one process exclude each other too,
        # and the kernel releases the lock if the holder is killed.
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def is_index_kept_by_database() -> bool:
    """Return whether the engine's documents are written by the database in each article's own transaction.

    True for the PostgreSQL engine (search/postgres.py): its triggers have already written the
    document of every article a caller has just saved, so there is nothing left to index.
    """
    return getattr(connections["default"].get_backend(), "is_kept_by_database", False)


def update_search_index(*, article_ids: Iterable[int]) -> None:
    """Index the given articles in one writer; drop the unpublished or deleted ones from the index.

    Does nothing where the database keeps the index (is_index_kept_by_database): recomputing what the
    triggers wrote in the same transaction doubled the database's text parsing of every import.
    """
    ids = list(article_ids)
    if not ids or is_index_kept_by_database():
        return
    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(Article)
    published = list(with_index_data(Article.objects.filter(pk__in=ids, is_published=True)))
    with index_writer_lock():
        if published:
            backend.update(index, published)
        remove_from_search_index(article_ids=set(ids) - {a.pk for a in published}, is_locked=True)


def remove_from_search_index(*, article_ids: Iterable[int], is_locked: bool = False) -> None:
    """Delete the articles' documents from the index, one haystack remove() each (ids not in it are ignored)."""
    ids = sorted(set(article_ids))
    if not ids or is_index_kept_by_database():
        return  # the triggers deleted the documents with their articles
    if not is_locked:
        with index_writer_lock():
            remove_from_search_index(article_ids=ids, is_locked=True)
        return
    backend = connections["default"].get_backend()
    for pk in ids:
        backend.remove(f"{ARTICLE_DOCUMENT_PREFIX}{pk}")


def refresh_search_index(*, article_ids: Iterable[int]) -> None:
    """Recompute the given articles' documents from their rows on every engine, deleting those of
    unpublished or deleted articles (check_index --repair: documents changed behind the engine's back)."""
    ids = sorted({int(pk) for pk in article_ids})
    if not ids:
        return
    if is_index_kept_by_database():
        connections["default"].get_backend().refresh_documents(article_ids=ids)
        return
    update_search_index(article_ids=ids)


def read_indexed_articles(*, fields: Sequence[str] = (), article_ids: Iterable[int] | None = None) -> dict[int, dict]:
    """Return the article documents in the index (all, or those of article_ids) as {article id: {field: value}}.

    Values are what haystack's SearchResult gives: converted by the index's fields (dates, lists).
    Only haystack's API is used, so this reads any engine.
    """
    results = SearchQuerySet().models(Article)
    documents: dict[int, dict] = {}
    if article_ids is not None:
        ids = [int(pk) for pk in article_ids]
        for start in range(0, len(ids), READ_CHUNK):
            chunk = ids[start : start + READ_CHUNK]
            for values in results.filter(django_id__in=chunk).values("pk", *fields)[: len(chunk)]:
                documents[int(values.pop("pk"))] = values
        return documents
    results = results.values("pk", *fields)
    total = results.count()
    for start in range(0, total, READ_CHUNK):
        for values in results[start : start + READ_CHUNK]:
            documents[int(values.pop("pk"))] = values
    return documents
