"""Rebuilding the Whoosh index without a moment of empty results.

The configured index path (SEARCH_INDEX_DIR / whoosh:///path) is a symbolic link to the live folder,
e.g. var/whoosh_index -> var/whoosh_index-build-20261204T160000-4242. A rebuild writes a complete
new folder beside it, then points the link at it with one rename (atomic on POSIX). Searches keep
answering from the old folder until then; the backend notices the new target on its next call
(backends.py, setup_complete) and opens it. haystack's own rebuild_index deletes the folder first:
every search answered 0 hits for 21 s.

The previous folder is kept until the next rebuild, for searches still reading it.
"""

import logging
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from haystack import connections

from articles.models import Article
from articles.search.indexing import index_writer_lock
from articles.search.writing import prepare_documents, write_new_index
from articles.search_indexes import with_index_data
from articles.settings import index_build_processes

logger = logging.getLogger(__name__)

BUILD_MARKER = "-build-"
DEFAULT_BATCH_SIZE = 500
# Below this many articles a second writer process costs more (a fork, a segment) than it saves.
MIN_ARTICLES_PER_PROCESS = 2000
ARCHIVE_ORDER = Article._meta.ordering


@dataclass(frozen=True)
class RebuildReport:
    indexed: int
    folder: str  # the new live folder


def live_index_folder(configured_path: str) -> str:
    """Return the folder the configured index path leads to now (itself when it is not a link)."""
    return os.path.realpath(configured_path)


def is_folder_index() -> bool:
    """Return whether the default connection is a Whoosh index in a folder (the only kind rebuilt here)."""
    backend = connections["default"].get_backend()
    return bool(getattr(backend, "use_file_storage", False) and hasattr(backend, "configured_path"))


def rebuild_search_index(*, batch_size: int = DEFAULT_BATCH_SIZE, on_progress: Callable[[int], None] | None = None) -> RebuildReport:
    """Index every published article into a new folder beside the live index, then swap it in.

    Holds the index writer lock throughout, so imports keep saving articles and their index updates
    wait, then go to the new index: nothing written meanwhile is lost.

    Raises:
        OSError: the new folder cannot be written or the link cannot be replaced; the live index is untouched.
    """
    live_backend = connections["default"].get_backend()
    configured = Path(os.path.abspath(live_backend.configured_path))
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    new_folder = configured.with_name(f"{configured.name}{BUILD_MARKER}{stamp}-{uuid.uuid4().hex[:8]}")
    with index_writer_lock():
        try:
            indexed = _build(new_folder, batch_size=batch_size, on_progress=on_progress)
            previous = _swap_in(configured, new_folder, stamp=stamp)
        except BaseException:
            shutil.rmtree(new_folder, ignore_errors=True)
            raise
    _remove_old_builds(configured, keep={new_folder, previous})
    logger.info("rebuild_index: %s documents, live folder %s", indexed, new_folder)
    return RebuildReport(indexed=indexed, folder=str(new_folder))


def _build(folder: Path, *, batch_size: int, on_progress: Callable[[int], None] | None) -> int:
    live = connections["default"]
    backend = type(live.get_backend())("default", **{**live.options, "PATH": str(folder)})
    backend.setup()
    index = live.get_unified_index().get_index(Article)
    # In the archive's order (newest first): document numbers follow it, and ties in search results
    # are listed by document number (search/writing.py).
    ids = list(Article.objects.filter(is_published=True).order_by(*ARCHIVE_ORDER).values_list("pk", flat=True))
    count = min(index_build_processes(), max(1, len(ids) // MIN_ARTICLES_PER_PROCESS))
    # Contiguous runs of that order, one per writer.
    parts = [ids[len(ids) * n // count : len(ids) * (n + 1) // count] for n in range(count)]
    batches = [_prepared_batches(backend, index, part, batch_size=batch_size, on_progress=on_progress) for part in parts]
    return write_new_index(backend.index, batches)


def _prepared_batches(
    backend, index, ids: list[int], *, batch_size: int, on_progress: Callable[[int], None] | None
) -> Iterator[list[dict]]:
    """Yield the documents of the published articles among ids, a batch at a time, read in a few queries each."""
    for start in range(0, len(ids), batch_size):
        # Rows read per batch: an article deleted since the id list was taken is simply not there.
        chunk = Article.objects.filter(pk__in=ids[start : start + batch_size], is_published=True).order_by(*ARCHIVE_ORDER)
        articles = list(with_index_data(chunk))
        yield prepare_documents(backend, index, articles)
        if on_progress:
            on_progress(len(articles))


def _swap_in(configured: Path, new_folder: Path, *, stamp: str) -> Path | None:
    """Point the configured path at new_folder; return the folder it led to before (None if none)."""
    previous = None
    if configured.is_symlink():
        previous = Path(os.path.realpath(configured))
    elif configured.exists():
        # First rebuild of an index created as a plain folder: move it aside, link in its place.
        previous = configured.with_name(f"{configured.name}{BUILD_MARKER}{stamp}-before")
        os.rename(configured, previous)
    link = configured.with_name(f".{configured.name}.link-{os.getpid()}")
    if link.is_symlink():
        link.unlink()
    os.symlink(new_folder.name, link)  # relative: the folders can move together
    os.replace(link, configured)
    return previous


def _remove_old_builds(configured: Path, *, keep: set) -> None:
    kept = {os.path.realpath(folder) for folder in keep if folder is not None}
    for folder in configured.parent.glob(f"{configured.name}{BUILD_MARKER}*"):
        if os.path.realpath(folder) not in kept and folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
