"""What the searches of one Whoosh index commit share: the commit's identity and its tables.

A commit is named by values that never repeat (see Commit); the tables (each document's facet
values, the documents sorted by day, the content types present) are built once per commit and
shared by every thread searching it. Used by search/backends.py only.
"""

import os
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import numpy as np
from haystack.constants import DJANGO_CT
from whoosh.index import TOC, EmptyIndexError

from articles.search.vectorised import SearchArrays

DAY_FIELD = "day"


@dataclass(frozen=True)
class Commit:
    """One commit of one index: a value that never names two different sets of documents.

    The generation number alone repeats: rebuild_index and clear_index recreate the index, and its
    generations restart from 0, so a long-lived process kept serving the old index's searcher and
    facet tables. Segment ids are random and new for every segment ever written, so (generation,
    segment ids) cannot repeat across rebuilds.
    """

    storage: str | int  # the index's folder (id() of an in-memory storage): two indexes never share tables
    generation: int
    segments: tuple[str, ...]


def latest_commit(index) -> Commit | None:
    """Return the index's latest commit on disk, or None while no index is there (a rebuild's first step)."""
    folder = getattr(index.storage, "folder", None)
    if not isinstance(folder, str):
        return _read_commit(index)
    generation = TOC._latest_generation(index.storage, index.indexname)
    if generation < 0:
        return None
    path = os.path.join(folder, TOC._filename(index.indexname, generation))
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return _read_commit(index)  # a commit landed in between: read whatever is latest now
    # Reading a table of contents unpickles the schema (~1 ms, twice a page); a .toc file is written
    # once and never changed, so the same file (inode, time, size) names the same commit.
    signature = (path, status.st_ino, status.st_mtime_ns, status.st_size)
    known = _COMMITS_BY_TOC_FILE.get(signature)
    if known is not None:
        return known
    commit = _read_commit(index)
    if commit is not None and commit.generation == generation:
        if len(_COMMITS_BY_TOC_FILE) >= COMMITS_KEPT:
            _COMMITS_BY_TOC_FILE.clear()
        _COMMITS_BY_TOC_FILE[signature] = commit
    return commit


def _read_commit(index) -> Commit | None:
    try:
        toc = TOC.read(index.storage, index.indexname)
    except (EmptyIndexError, FileNotFoundError):
        return None
    return Commit(storage_key(index.storage), toc.generation, tuple(segment.segment_id() for segment in toc.segments))


def storage_key(storage) -> str | int:
    """Return what identifies an index's storage in this process: its folder, or the in-memory store's id().

    Not id() of a folder's storage object: haystack gives every thread its own backend, with its own
    storage object, and the threads must share one searcher and one set of facet tables.
    """
    folder = getattr(storage, "folder", None)
    return folder if isinstance(folder, str) else id(storage)


def commit_of(searcher, *, storage) -> Commit:
    """Return the commit a searcher reads."""
    reader = searcher.reader()
    segments = (getattr(leaf, "segment", lambda: None)() for leaf, _ in reader.leaf_readers())
    return Commit(storage_key(storage), reader.generation(), tuple(s.segment_id() for s in segments if s is not None))


@dataclass
class CommitTables:
    """What a commit's searches share: for each facet field, every document's values as (document,
    value) arrays; the (day, docnum) pairs sorted by day for date filters; the arrays of
    search/vectorised.py (field lengths, sort ranks).

    Segments never change once written, so the tables are built once per commit; then each search
    counts facets over its matching documents only, with numpy over the (document, value) pairs
    (Whoosh's own overlapping facets rebuild the values table on every search).
    """

    facet_arrays: dict[str, "FacetArrays"] = field(default_factory=dict)
    days_sorted: list[tuple[str, int]] | None = None
    content_types: frozenset[str] | None = None
    search_arrays: SearchArrays = field(default_factory=SearchArrays)
    spelling_words: dict = field(default_factory=dict)  # see corrections.suggest_word


@dataclass(frozen=True)
class FacetArrays:
    """One facet field's (document, value) pairs as arrays, in document order, for counting with numpy."""

    values: list  # the distinct values, in order of first appearance
    starts: np.ndarray  # document d's pairs are codes[starts[d]:starts[d + 1]]
    codes: np.ndarray  # each pair's value, as a position in values


# Keep the latest few commits: a thread whose searcher reads an older commit may still be searching.
COMMITS_KEPT = 4
_COMMIT_TABLES: dict[Commit, CommitTables] = {}
_COMMIT_TABLES_LOCK = threading.Lock()
_COMMITS_BY_TOC_FILE: dict[tuple[str, int, int, int], Commit] = {}  # see latest_commit


def count_facets(searcher, matched: np.ndarray, fields, *, commit: Commit) -> dict[str, list[tuple[str, int]]]:
    """Return, per facet field, (value, number of matched documents) pairs, most frequent first.

    matched holds each matching document number once.
    """
    tables = tables_for(commit)
    counts = {}
    for name in fields:
        arrays = facet_arrays(searcher, name, tables)
        # The matched documents' pairs only (not a mask over every pair: a few matches cost a few pairs).
        firsts = arrays.starts[matched]
        lengths = arrays.starts[matched + 1] - firsts
        before = np.cumsum(lengths) - lengths  # where each document's pairs go in the gathered list
        rows = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(firsts - before, lengths)
        per_value = np.bincount(arrays.codes[rows], minlength=len(arrays.values))
        pairs = [(arrays.values[code], int(per_value[code])) for code in np.flatnonzero(per_value)]
        counts[name] = sorted(pairs, key=lambda item: (-item[1], item[0]))
    return counts


def facet_arrays(searcher, name: str, tables: CommitTables) -> FacetArrays:
    """Return one field's (document, value) pairs as arrays, built once per commit from the index."""
    arrays = tables.facet_arrays.get(name)
    if arrays is not None:
        return arrays
    codes_of: dict = {}
    starts: list[int] = [0]
    codes: list[int] = []
    for values in read_document_values(searcher, name):
        codes.extend(codes_of.setdefault(value, len(codes_of)) for value in values)
        starts.append(len(codes))
    arrays = tables.facet_arrays[name] = FacetArrays(
        values=list(codes_of), starts=np.asarray(starts, dtype=np.int64), codes=np.asarray(codes, dtype=np.int32)
    )
    return arrays


def tables_for(commit: Commit) -> CommitTables:
    """Return the shared tables of a commit, empty the first time it is asked for."""
    with _COMMIT_TABLES_LOCK:
        tables = _COMMIT_TABLES.get(commit)
        if tables is None:
            while len(_COMMIT_TABLES) >= COMMITS_KEPT:
                _COMMIT_TABLES.pop(next(iter(_COMMIT_TABLES)))
            tables = _COMMIT_TABLES[commit] = CommitTables()
    return tables


def read_document_values(searcher, name: str) -> list[list[str]]:
    """Return each document's values of one field (docnum -> list), read from the index's postings."""
    reader = searcher.reader()
    values: list[list[str]] = [[] for _ in range(reader.doc_count_all())]
    schema_field = searcher.schema[name]
    if name in reader.indexed_field_names():
        # sortable_terms: one term per value (numeric fields also index coarser terms for ranges).
        for term in schema_field.sortable_terms(reader, name):
            text = schema_field.from_bytes(term)
            for docnum in reader.postings(name, term).all_ids():
                values[docnum].append(text)
    return values


def indexed_content_types(searcher, *, commit: Commit) -> frozenset[str]:
    """Return the content types ("app.model") the commit's documents belong to (deleted ones may be included)."""
    tables = tables_for(commit)
    if tables.content_types is None:
        tables.content_types = frozenset(searcher.reader().field_terms(DJANGO_CT))
    return tables.content_types


def docnums_in_day_range(searcher, low: str, high: str, *, commit: Commit) -> set[int]:
    """Return the documents published from day low to day high (YYYYMMDD, inclusive).

    Reads a per-commit list of (day, docnum) sorted by day, found with two bisections: a term range
    over the day field unions every day's postings in Python (760 ms for half a year on 100,000
    articles), this slices the list (a few ms).
    """
    tables = tables_for(commit)
    if tables.days_sorted is None:
        days = facet_arrays(searcher, DAY_FIELD, tables)  # the same arrays the day facet counts from
        dated = np.flatnonzero(np.diff(days.starts))
        first_codes = days.codes[days.starts[dated]]
        tables.days_sorted = sorted((days.values[code], int(docnum)) for code, docnum in zip(first_codes, dated))
    pairs = tables.days_sorted
    start = bisect_left(pairs, (low, -1))
    end = bisect_right(pairs, (high, float("inf")))
    return {docnum for _, docnum in pairs[start:end]}
