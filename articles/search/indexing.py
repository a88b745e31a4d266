"""Writing to the search index: explicit calls after a commit, never a per-save signal.

Whoosh allows one writer per index: a second one raises LockError at once. Every write here holds
an exclusive lock file beside the index folder (not inside it: rebuild_index deletes the folder),
so import jobs, admin actions and commands in any process wait their turn instead of failing.
Readers take no lock and are never blocked.
"""

import fcntl
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from haystack import connections
from haystack.constants import DJANGO_ID, ID

from articles.models import Article
from articles.search_indexes import with_index_data

ARTICLE_DOCUMENT_PREFIX = "articles.article."
WHOOSH_LOCK_TIMEOUT_SECONDS = 60


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


def update_search_index(*, article_ids: Iterable[int]) -> None:
    """Index the given articles in one writer; drop the unpublished or deleted ones from the index."""
    ids = list(article_ids)
    if not ids:
        return
    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(Article)
    published = list(with_index_data(Article.objects.filter(pk__in=ids, is_published=True)))
    with index_writer_lock():
        if published:
            backend.update(index, published)
        remove_from_search_index(article_ids=set(ids) - {a.pk for a in published}, is_locked=True)


def remove_from_search_index(*, article_ids: Iterable[int], is_locked: bool = False) -> None:
    """Delete the articles' documents from the index in one writer (ids not in the index are ignored)."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    if not is_locked:
        with index_writer_lock():
            remove_from_search_index(article_ids=ids, is_locked=True)
        return
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    backend.index = backend.index.refresh()
    # Our lock excludes our writers; haystack's own commands (update_index, rebuild_index) only take
    # Whoosh's lock, so wait for it a while instead of failing with LockError at once.
    writer = backend.index.writer(timeout=WHOOSH_LOCK_TIMEOUT_SECONDS)
    for pk in ids:
        writer.delete_by_term(ID, f"{ARTICLE_DOCUMENT_PREFIX}{pk}")
    writer.commit()


def read_indexed_articles(*, article_ids: Iterable[int] | None = None) -> dict[int, dict]:
    """Return the stored fields of the article documents in the index (all, or those of article_ids), by article id."""
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    documents: dict[int, dict] = {}
    with backend.index.refresh().searcher() as searcher:
        if article_ids is not None:
            for pk in article_ids:
                fields = searcher.document(**{ID: f"{ARTICLE_DOCUMENT_PREFIX}{pk}"})
                if fields is not None:
                    documents[int(fields[DJANGO_ID])] = fields
            return documents
        for fields in searcher.all_stored_fields():
            if str(fields.get(ID, "")).startswith(ARTICLE_DOCUMENT_PREFIX):
                documents[int(fields[DJANGO_ID])] = fields
    return documents
