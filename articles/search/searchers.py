"""The process's one Whoosh searcher, shared by all its threads and reopened when the index changes.

One searcher per thread multiplied a worker's memory by its thread count (224 MiB with one thread,
618 MiB with four at 20,000 articles) for no throughput: Python runs one thread at a time, and one
worker answered 57.1 searches/s with one thread, 55.7 with four.

A Whoosh searcher is not safe for two threads at once: its postings readers seek and then read
one shared file object, so another thread's seek in between reads the wrong block. Each use
therefore holds the searcher's lock for its engine work only (parse, match, count, highlight);
the rest of a page (database rows, snippets, the template) runs outside it. The lock also
guarantees that a searcher is closed only when no thread is reading it: the searcher is replaced
on the first use after a new commit, and only by the outermost holder of the lock.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from articles.search.commits import Commit, commit_of, latest_commit
from articles.search.limits import within_time_budget


class SharedSearcher:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._depth = 0  # nested holds of the lock by its owner; only the outermost one reopens
        self._searcher: Any = None  # whoosh.searching.Searcher; None until the first use
        self._commit: Any = None  # Commit of self._searcher

    @contextmanager
    def reading(self, index) -> Iterator[tuple[object, Commit]]:
        """Hold the searcher for the block: yield (searcher, the commit it reads), the latest commit's on entry."""
        with self._lock:
            if not self._depth:
                self._open_latest(index)
            self._depth += 1
            try:
                yield self._searcher, self._commit
            finally:
                self._depth -= 1

    def close(self) -> None:
        """Close the searcher (the next use opens a new one)."""
        with self._lock:
            if self._searcher is not None and not self._depth:
                self._searcher.close()
                self._searcher, self._commit = None, None

    def _open_latest(self, index) -> None:
        if self._searcher is not None and latest_commit(index) in (None, self._commit):
            return
        # A new searcher, not Searcher.refresh(): refresh reuses segment readers by id, so after a
        # commit that only deletes, totals and facets still counted the deleted documents.
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = within_time_budget(index.searcher())
        self._commit = commit_of(self._searcher, storage=index.storage)


# haystack keeps its connections per thread, so each thread of a worker has its own backend object:
# the process's searcher holders live here, one per configured index path, with the folder they read.
_HOLDERS: dict[str, tuple[str, SharedSearcher]] = {}
_HOLDERS_LOCK = threading.Lock()


def shared_searcher_for(configured_path: str, *, folder: str) -> SharedSearcher:
    """Return the process's searcher holder for the index configured at configured_path, reading folder.

    When rebuild_index has swapped in a new folder, the old folder's holder is replaced, and closed
    once the thread reading it (if any) is done.
    """
    with _HOLDERS_LOCK:
        entry = _HOLDERS.get(configured_path)
        if entry is not None and entry[0] == folder:
            return entry[1]
        holder = SharedSearcher()
        _HOLDERS[configured_path] = (folder, holder)
    if entry is not None:
        entry[1].close()
    return holder
