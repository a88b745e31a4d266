"""Whoosh writers: building a new index (rebuild_index) and adding documents to the live one (imports).

A Whoosh writer turns its documents into one segment at commit; each commit's merge policy may then
rewrite older segments into it. The two ways of writing here differ on purpose:

- build (write_new_index): the index is new and empty, so documents are added without looking up an
  older copy (update_document's delete by id finds nothing there), by one writer per part, each in
  its own process, and committed once. Parts are contiguous runs of the archive's order (newest
  first, Article.Meta.ordering), committed in that order, so document numbers follow it: searches
  break ties by document number, so equal scores list the newest first, the same on every rebuild. No segment is rewritten: the old build committed every 500 articles, and
  Whoosh's merges rewrote the growing index again and again (most of its time at 100,000 articles).
- update (update_documents): one writer per batch replaces the batch's documents (update_document
  deletes the older copy by the unique id field), then commits merging only small segments, never
  the large ones a build wrote (MERGE_SMALL, see commit_policy).

Used by search/backends.py (update) and search/rebuild.py; reads no models.
"""

import logging
import multiprocessing
import traceback
from collections.abc import Iterable, Iterator, Sequence

from haystack.exceptions import SkipDocument
from whoosh.writing import MERGE_SMALL

from articles.exceptions import SearchIndexBuildError
from articles.search.segments import ArchiveSegmentWriter

logger = logging.getLogger(__name__)


def prepare_documents(backend, index, objects: Iterable) -> list[dict]:
    """Return the objects' documents as Whoosh takes them (haystack's full_prepare, values converted)."""
    documents = []
    for obj in objects:
        try:
            document = index.full_prepare(obj)
        except SkipDocument:
            continue
        # Whoosh 2.5+ has no document boosts; haystack's stock update drops the key too.
        document.pop("boost", None)
        documents.append({key: backend._from_python(value) for key, value in document.items()})
    return documents


def update_documents(whoosh_index, documents: Sequence[dict], *, timeout: float) -> None:
    """Add or replace documents in one writer and one commit, waiting up to timeout s for Whoosh's lock."""
    if not documents:
        return
    writer = ArchiveSegmentWriter(whoosh_index, timeout=timeout)
    try:
        for document in documents:
            writer.update_document(**document)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=MERGE_SMALL)


def write_new_index(whoosh_index, parts: Sequence[Iterator[list[dict]]]) -> int:
    """Write each part's batches of documents into a segment of its own and commit them all, in part order.

    The index must be new (no documents). One part is written in this process; more are written by
    one forked process each, while this one reads and prepares the batches, handing them out in
    turn. Returns the number of documents written.

    Raises:
        SearchIndexBuildError: a writer process failed; nothing is committed.
    """
    if len(parts) <= 1:
        writer = ArchiveSegmentWriter(whoosh_index)
        count = 0
        try:
            for documents in parts[0] if parts else ():
                for document in documents:
                    writer.add_document(**document)
                count += len(documents)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(merge=False)
        return count
    return _write_in_processes(whoosh_index, parts)


def _write_in_processes(whoosh_index, parts: Sequence[Iterator[list[dict]]]) -> int:
    # Whoosh's MpWriter deals documents to its processes as they come, so document numbers (and the
    # order of tied results) would depend on timing; here each process owns a contiguous part.
    # The parent's writer holds the index lock and commits the table of contents; the part writers
    # do not lock (_lk=False), as MpWriter's own sub-writers do.
    context = multiprocessing.get_context("fork")
    folder = str(getattr(whoosh_index.storage, "folder", ""))
    writer = whoosh_index.writer()
    workers = []
    try:
        for _ in parts:
            receiving, sending = context.Pipe(duplex=True)
            process = context.Process(target=_write_part, args=(whoosh_index.storage, whoosh_index.indexname, receiving))
            process.start()
            receiving.close()
            workers.append((process, sending))
        try:
            count = _deal_batches(parts, [connection for _, connection in workers])
        except BrokenPipeError:
            count = 0  # a process stopped early: _collect_segments raises with its reason
        segments = _collect_segments(workers, folder=folder)
    except BaseException:
        for process, _ in workers:
            if process.is_alive():
                process.kill()
            process.join()
        writer.cancel()
        raise
    # The parent's own segment is empty: close it and commit the parts' segments in order (what
    # MpWriter does with multisegment=True).
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()
    return count


def _collect_segments(workers: list, *, folder: str) -> list:
    """Tell every part process to finish, then return their segments in part order (none for an empty part).

    Raises:
        SearchIndexBuildError: a process failed, or stopped without a word.
    """
    try:
        # Every process finishes its segment (sorting and writing its postings, half its work) at once.
        for _, connection in workers:
            connection.send(None)
        segments = []
        for process, connection in workers:
            outcome, value = connection.recv()
            process.join()
            if outcome != "done":
                raise SearchIndexBuildError(f"An index writer process failed:\n{value}", path=folder)
            if value is not None:
                segments.append(value)
        return segments
    except (EOFError, BrokenPipeError) as error:
        # A process that failed said why before it ended; one that was killed (out of memory) did not.
        for _, connection in workers:
            try:
                outcome, value = connection.recv() if connection.poll() else ("done", None)
            except EOFError:
                continue
            if outcome != "done":
                raise SearchIndexBuildError(f"An index writer process failed:\n{value}", path=folder) from error
        codes = [process.exitcode for process, _ in workers]
        raise SearchIndexBuildError(
            f"An index writer process stopped (exit codes {codes}); see the system log, e.g. for the "
            "out-of-memory killer, and run rebuild_index again.", path=folder,
        ) from error


def _deal_batches(parts: Sequence[Iterator[list[dict]]], connections: list) -> int:
    """Send each part's batches to its process, one batch of each part in turn; return the documents sent."""
    count = 0
    pending = list(zip(parts, connections))
    while pending:
        still = []
        for batches, connection in pending:
            documents = next(batches, None)
            if documents is None:
                continue
            if documents:
                connection.send(documents)
                count += len(documents)
            still.append((batches, connection))
        pending = still
    return count


def _write_part(storage, indexname: str, connection) -> None:
    """Runs in a forked process: add the batches received until None, then send back the finished segment."""
    try:
        writer = ArchiveSegmentWriter(storage.open_index(indexname), _lk=False)
        while (documents := connection.recv()) is not None:
            for document in documents:
                writer.add_document(**document)
        # Not _finish() or cancel(): they delete the temporary folder every writer of the index shares;
        # the parent's writer does at its end.
        if writer.doc_count():
            segment = writer._finalize_segment()
        else:
            segment = None
            writer._close_segment()
        connection.send(("done", segment))
    except BaseException:  # noqa: BLE001 - the parent raises it; a forked process must not unwind into the caller's code
        connection.send(("failed", traceback.format_exc()))
