"""Whoosh searches evaluated over numpy arrays: Whoosh's own matches, scores and order, computed a
posting list at a time instead of a posting at a time.

Exact totals and facet counts need every match visited, and Whoosh's matchers visit them one by one in
pure Python (a common word at 100,000 articles: ~75,000 postings, ~100 ms). Here the matcher tree
Whoosh builds for each segment is read as a plan: each term's postings are read into arrays (document
numbers, weights), scored with the same BM25F formula in the same float64 operations, and combined
node by node as the tree says (a union adds the two sides' scores, an intersection adds them, a NOT
keeps the left side's), so every score is the same float as Whoosh's and the order (score, then
document number; or the sort key, then document number) is the same. A tree with a node this module
does not know raises NotVectorisable, and the caller runs Whoosh's own collectors instead.

Pinned to Whoosh-Reloaded's W3 codec: posting blocks and field-length columns are read through the
codec's own file objects and attributes (named below). tests/test_vectorised_search.py compares every
result with Whoosh's own path, in every sort order, with filters, deletions and several segments.
"""

import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from io import BytesIO
from itertools import accumulate, chain
from pickle import load as pickle_load
from pickle import loads

import numpy as np
from whoosh import sorting
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.columns import NumericColumn
from whoosh.formats import Positions
from whoosh.matching import (
    ArrayUnionMatcher,
    IntersectionMatcher,
    InverseMatcher,
    ListMatcher,
    UnionMatcher,
    WrappingMatcher,
)
from whoosh.matching.binary import AndNotMatcher
from whoosh.matching.mcore import NullMatcherClass
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import Query
from whoosh.query.spans import SpanNear2
from whoosh.reading import SegmentReader, TermNotFound
from whoosh.scoring import BM25FScorer, WeightScorer
from whoosh.searching import Results, ResultsPage
from whoosh.system import _INT_SIZE, unpack_int
from whoosh.util.numeric import byte_to_length

from articles.search.limits import check_deadline

# byte -> field length, as W3's doc_field_length decodes it; byte 0 reads as None there (no length),
# which no scored posting has: NaN here, refused if it ever reaches a score.
_LENGTH_OF_BYTE = np.array([np.nan] + [float(byte_to_length(b)) for b in range(1, 256)])
_EMPTY_IDS = np.zeros(0, dtype=np.int64)


class NotVectorisable(Exception):
    """Internal: the query's matcher tree has a node this module does not evaluate; use Whoosh's path."""


@dataclass
class Matches:
    ids: np.ndarray  # sorted segment document numbers (int64)
    scores: np.ndarray | None  # float64, one per id; None when the caller asked for no scores

    @property
    def scored(self) -> np.ndarray:
        """Return the scores of an evaluation that asked for them."""
        if self.scores is None:
            raise NotVectorisable("scores asked of an unscored evaluation")
        return self.scores

    def kept(self, mask: np.ndarray) -> "Matches":
        """Return the matches where mask is true."""
        return Matches(self.ids[mask], None if self.scores is None else self.scores[mask])


@dataclass
class _Postings:
    ids: np.ndarray
    weights: np.ndarray
    values: list | None  # each posting's encoded value (positions), when asked for

    @property
    def positions(self) -> list:
        if self.values is None:
            raise NotVectorisable("positions asked of postings read without them")
        return self.values


@dataclass
class SearchArrays:
    """What searches of one commit keep between them: per segment and field, each document's length;
    per sort order, each document's rank. Built on first use, under the searcher's lock."""

    field_lengths: dict[tuple[int, str], np.ndarray] = field(default_factory=dict)
    sort_ranks: dict[tuple, np.ndarray] = field(default_factory=dict)


@dataclass
class _Segment:
    reader: SegmentReader
    number: int  # position among the searcher's segments
    arrays: SearchArrays
    postings: dict[int, _Postings] = field(default_factory=dict)  # by id() of the leaf matcher

    @property
    def segment_id(self) -> str:
        return self.reader.segment().segment_id()

    def lengths(self, fieldname: str) -> np.ndarray:
        key = (self.number, fieldname)
        lengths = self.arrays.field_lengths.get(key)
        if lengths is None:
            lengths = self.arrays.field_lengths[key] = _read_lengths(self.reader, fieldname)
        return lengths


def collect_page(searcher, parsed, page_num: int, page_length: int, *, allowed, excluded, sortedby, arrays: SearchArrays):
    """Return (the results page, every matching document number as a sorted array), as Whoosh's
    collectors would give them (see backends.collect_page), from one evaluation of the query.

    Raises:
        NotVectorisable: the query or sort has a part this module does not evaluate.
    """
    if searcher.weighting.use_final:
        raise NotVectorisable("weighting with final()")
    is_scored = sortedby is None
    doc_ids, scores = [], []
    for number, (subsearcher, offset) in enumerate(searcher.leaf_searchers()):
        check_deadline()
        segment = _Segment(subsearcher.reader(), number, arrays)
        matches = evaluate(parsed.matcher(subsearcher, searcher.context()), segment, is_scored=is_scored)
        doc_ids.append(matches.ids + offset)
        if is_scored:
            scores.append(matches.scored)
    matched = np.concatenate(doc_ids) if doc_ids else _EMPTY_IDS
    keep = _filter_mask(matched, allowed=allowed, excluded=excluded, doc_count=searcher.doc_count_all())
    limit = page_num * page_length
    items: list[tuple[object, int]]
    if is_scored:
        matched_scores = np.concatenate(scores) if scores else np.zeros(0)
        if keep is not None:
            matched, matched_scores = matched[keep], matched_scores[keep]
        items = _top_by_score(matched, matched_scores, limit)
    else:
        if keep is not None:
            matched = matched[keep]
        items = _top_by_sort(searcher, matched, sortedby, limit, arrays)
    results = Results(searcher, parsed, items)
    results._total = len(matched)  # Results reads it from a collector otherwise; we have none
    return ResultsPage(results, page_num, page_length), matched


def match_docnums(searcher, query) -> np.ndarray:
    """Return the sorted document numbers the query matches, as searcher.docs_for_query gives them.

    Raises:
        NotVectorisable: the query has a part this module does not evaluate.
    """
    if type(query).docs is not Query.docs:
        raise NotVectorisable(f"{type(query).__name__} finds its documents its own way")
    doc_ids = []
    arrays = SearchArrays()  # unscored: no lengths or ranks to keep
    for number, (subsearcher, offset) in enumerate(searcher.leaf_searchers()):
        segment = _Segment(subsearcher.reader(), number, arrays)
        try:
            matcher = query.matcher(subsearcher, subsearcher.boolean_context())
        except TermNotFound:  # Query.docs() finds nothing then
            continue
        doc_ids.append(evaluate(matcher, segment, is_scored=False).ids + offset)
    return np.concatenate(doc_ids) if doc_ids else _EMPTY_IDS


def evaluate(matcher, segment: _Segment, *, is_scored: bool) -> Matches:
    """Return a segment matcher's matches (and their scores if is_scored), as iterating it would give them.

    Raises:
        NotVectorisable: a node of the tree is of a kind not handled here.
    """
    kind = type(matcher)
    if kind is W3LeafMatcher:
        return _leaf_matches(matcher, segment, is_scored=is_scored)
    if kind is NullMatcherClass:
        return Matches(_EMPTY_IDS, np.zeros(0) if is_scored else None)
    if kind is UnionMatcher:
        return _union(evaluate(matcher.a, segment, is_scored=is_scored), evaluate(matcher.b, segment, is_scored=is_scored))
    if kind is IntersectionMatcher:
        return _intersection(evaluate(matcher.a, segment, is_scored=is_scored), evaluate(matcher.b, segment, is_scored=is_scored))
    if kind is AndNotMatcher:
        kept = evaluate(matcher.a, segment, is_scored=is_scored)
        left_out = evaluate(matcher.b, segment, is_scored=False)
        mask = ~np.isin(kept.ids, left_out.ids, assume_unique=True)
        return kept.kept(mask)
    if kind is WrappingMatcher:
        return _boosted(evaluate(matcher.child, segment, is_scored=is_scored), matcher.boost)
    if kind is FilterMatcher:
        return _boosted(_filtered(evaluate(matcher.child, segment, is_scored=is_scored), matcher), matcher.boost)
    if kind is InverseMatcher:
        return _inverse(matcher, segment, is_scored=is_scored)
    if kind is SpanNear2.SpanNear2Matcher:
        return _boosted(_phrase(matcher, segment, is_scored=is_scored), matcher.boost)
    if kind is ArrayUnionMatcher:
        return _array_union(matcher, segment, is_scored=is_scored)
    if kind is ListMatcher:
        return _listed(matcher, is_scored=is_scored)
    raise NotVectorisable(kind.__name__)


# -- nodes ------------------------------------------------------------------------------------------


def _union(a: Matches, b: Matches) -> Matches:
    # UnionMatcher.score(): a's or b's score where one matches, a.score() + b.score() where both do.
    if not len(a.ids):
        return b
    if not len(b.ids):
        return a
    # Both sides are sorted: a stable sort of the two runs end to end is a linear merge (numpy's
    # union1d hashes or sorts from scratch), and puts a document's a entry just before its b entry.
    ids = np.concatenate((a.ids, b.ids))
    order = np.argsort(ids, kind="stable")
    ids = ids[order]
    is_repeat = ids[1:] == ids[:-1]
    if a.scores is None:
        return Matches(ids[np.concatenate(([True], ~is_repeat))], None)
    scores = np.concatenate((a.scored, b.scored))[order]
    both = np.flatnonzero(is_repeat)
    scores[both] = scores[both] + scores[both + 1]
    is_kept = np.ones(len(ids), dtype=bool)
    is_kept[both + 1] = False
    return Matches(ids[is_kept], scores[is_kept])


def _intersection(a: Matches, b: Matches) -> Matches:
    ids, in_a, in_b = np.intersect1d(a.ids, b.ids, assume_unique=True, return_indices=True)
    if a.scores is None:
        return Matches(ids, None)
    return Matches(ids, a.scored[in_a] + b.scored[in_b])


def _boosted(matches: Matches, boost: float) -> Matches:
    # WrappingMatcher.score() is child.score() * boost, even for a boost of 1.0 (which changes no float).
    if matches.scores is None:
        return matches
    return Matches(matches.ids, matches.scores * boost)


def _filtered(matches: Matches, matcher: FilterMatcher) -> Matches:
    # The segment reader wraps a term's postings in one of these to leave out deleted documents.
    listed = np.fromiter(matcher._ids, dtype=np.int64, count=len(matcher._ids))
    mask = np.isin(matches.ids, listed)
    if matcher._exclude:
        mask = ~mask
    return matches.kept(mask)


def _inverse(matcher: InverseMatcher, segment: _Segment, *, is_scored: bool) -> Matches:
    # Not.matcher(): every document up to the limit that the child does not match and that is not
    # deleted, each scored with the matcher's constant weight.
    missing = matcher.missing
    if getattr(missing, "__func__", None) is not SegmentReader.is_deleted or missing.__self__ is not segment.reader:
        raise NotVectorisable("InverseMatcher without the segment's deletions")
    ids = np.arange(matcher.limit, dtype=np.int64)
    left_out = evaluate(matcher.child, segment, is_scored=False).ids
    deleted = _deleted_ids(segment.reader)
    mask = ~np.isin(ids, left_out, assume_unique=True)
    if len(deleted):
        mask &= ~np.isin(ids, deleted, assume_unique=True)
    ids = ids[mask]
    return Matches(ids, np.full(len(ids), float(matcher._weight)) if is_scored else None)


def _array_union(matcher: ArrayUnionMatcher, segment: _Segment, *, is_scored: bool) -> Matches:
    # Whoosh adds each submatcher's score * boost into a float64 array, submatcher by submatcher, and
    # matches the documents whose sum is above zero (or every listed one when unscored).
    parts = [evaluate(sub, segment, is_scored=matcher._scored) for sub in matcher._submatchers]
    ids = _EMPTY_IDS
    for part in parts:
        ids = np.union1d(ids, part.ids)
    if not matcher._scored:
        return Matches(ids, None if not is_scored else np.ones(len(ids)))
    sums = np.zeros(len(ids))
    for part in parts:
        sums[np.searchsorted(ids, part.ids)] += part.scored * matcher._boost
    keep = sums > 0
    return Matches(ids[keep], sums[keep] if is_scored else None)


def _listed(matcher: ListMatcher, *, is_scored: bool) -> Matches:
    # Every() and inlined postings. Scored by the list's weights (ListMatcher.weight()) when it has no scorer.
    ids = np.asarray(matcher._ids, dtype=np.int64)
    if not is_scored:
        return Matches(ids, None)
    if matcher._scorer:
        raise NotVectorisable("ListMatcher with a scorer")
    if matcher._all_weights:
        scores = np.full(len(ids), float(matcher._all_weights))
    elif matcher._weights:
        scores = np.asarray(matcher._weights, dtype=np.float64)
    else:
        scores = np.ones(len(ids))
    return Matches(ids, scores)


def _phrase(matcher, segment: _Segment, *, is_scored: bool) -> Matches:
    """A phrase: its terms' intersection (scored as Whoosh's binary tree of intersections), kept where
    the terms stand at consecutive positions.

    SpanNear2 with slop 1, in order and at distance at least 1 keeps a document when a span of the
    first term is followed by the second term at exactly end + 1, that span by the third, and so on:
    the terms at positions p, p+1, ..., p+n-1 for some p.
    """
    if not (matcher.slop == 1 and matcher.ordered and matcher.mindist == 1):
        raise NotVectorisable("SpanNear2 other than a phrase")
    terms = [_term_postings(term, segment) for term in matcher.ms]
    candidates = evaluate(matcher.child, segment, is_scored=is_scored)
    if not len(candidates.ids):
        return candidates
    rows = [np.searchsorted(term.ids, candidates.ids) for term in terms]
    encoded = [[term.positions[row] for row in term_rows] for term, term_rows in zip(terms, rows)]
    if all(type(_leaf_of(term).format) is Positions for term in matcher.ms):
        try:
            keep = _consecutive_in_arrays(encoded)
        except _UnexpectedEncoding:
            keep = _consecutive_one_by_one(encoded, [_decode_positions] * len(terms))
    else:
        keep = _consecutive_one_by_one(encoded, [_positions_decoder(term) for term in matcher.ms])
    return candidates.kept(keep)


class _UnexpectedEncoding(Exception):
    pass


def _consecutive_one_by_one(encoded: list[list[bytes]], decoders: list) -> np.ndarray:
    """Return, per candidate document, whether the terms stand at consecutive positions (decoded one by one)."""
    keep = np.zeros(len(encoded[0]), dtype=bool)
    for i in range(len(encoded[0])):
        starts = set(decoders[0](encoded[0][i]))
        for k in range(1, len(encoded)):
            if not starts:
                break
            starts &= {position - k for position in decoders[k](encoded[k][i])}
        keep[i] = bool(starts)
    return keep


# A candidate's number times this, plus a position: one int64 per (document, position).
_POSITION_STRIDE = 1 << 32


def _consecutive_in_arrays(encoded: list[list[bytes]]) -> np.ndarray:
    """Return what _consecutive_one_by_one does, from every candidate's positions in one array per term.

    Raises:
        _UnexpectedEncoding: a value is not formats.Positions' (a length, then a protocol 2 pickle).
    """
    count = len(encoded[0])
    keys = None
    for k, values in enumerate(encoded):
        lists = _decode_position_lists(values)
        lengths = np.fromiter(map(len, lists), dtype=np.int64, count=count)
        positions = _running_sums(np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(lengths.sum())), lengths)
        owners = np.repeat(np.arange(count, dtype=np.int64), lengths)
        # The phrase's k-th word at p + k: keyed by the p it would start the phrase at.
        starts = positions - k
        is_possible = starts >= 0
        term_keys = owners[is_possible] * _POSITION_STRIDE + starts[is_possible]
        keys = term_keys if keys is None else np.intersect1d(keys, term_keys, assume_unique=True)
    keep = np.zeros(count, dtype=bool)
    assert keys is not None  # a phrase has words
    keep[keys // _POSITION_STRIDE] = True
    return keep


def _decode_position_lists(values: list[bytes]) -> list[list[int]]:
    """Return each value's position deltas, by unpickling one list of all of them.

    formats.Positions writes a value as 4 bytes (the count) and the protocol 2 pickle of the deltas,
    with or without its final STOP; the pickles' bodies, joined inside one outer list, unpickle in one call.
    """
    if not all(value[_INT_SIZE : _INT_SIZE + 2] == b"\x80\x02" for value in values):
        raise _UnexpectedEncoding()
    body_start = _INT_SIZE + 2
    bodies = [value[body_start:-1] if value.endswith(b".") else value[body_start:] for value in values]
    lists = loads(b"\x80\x02](" + b"".join(bodies) + b"e.")
    if len(lists) != len(values):
        raise _UnexpectedEncoding()
    return lists


def _running_sums(deltas: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Return the running sums of deltas, restarted at the start of each run of `lengths`."""
    sums = np.cumsum(deltas)
    ends = np.cumsum(lengths)
    before = np.concatenate(([0], sums))[ends - lengths]  # the sum up to each run's start
    return sums - np.repeat(before, lengths)


def _leaf_of(matcher):
    return matcher.child if type(matcher) is FilterMatcher else matcher


def _term_postings(matcher, segment: _Segment) -> _Postings:
    """Return a phrase term's postings with their positions (a leaf, or a leaf less the deleted documents)."""
    if type(matcher) is W3LeafMatcher:
        return _read_postings(matcher, segment, with_values=True)
    if type(matcher) is FilterMatcher and type(matcher.child) is W3LeafMatcher:
        postings = _read_postings(matcher.child, segment, with_values=True)
        kept = _filtered(Matches(postings.ids, None), matcher).ids
        rows = np.searchsorted(postings.ids, kept)
        return _Postings(kept, postings.weights[rows], [postings.positions[row] for row in rows])
    raise NotVectorisable(f"phrase term {type(matcher).__name__}")


def _positions_decoder(matcher):
    leaf = _leaf_of(matcher)
    if not leaf.format.supports("positions"):
        raise NotVectorisable("phrase over a field without positions")
    if type(leaf.format) is Positions:
        return _decode_positions
    return leaf.format.decoder("positions")


def _decode_positions(encoded: bytes):
    # formats.Positions.decode_positions(), with the running sum in C.
    if not encoded.endswith(b"."):
        encoded += b"."
    return accumulate(loads(encoded[_INT_SIZE:]))


# -- leaves -----------------------------------------------------------------------------------------


def _leaf_matches(matcher: W3LeafMatcher, segment: _Segment, *, is_scored: bool) -> Matches:
    postings = _read_postings(matcher, segment, with_values=False)
    if not is_scored:
        return Matches(postings.ids, None)
    scorer = matcher.scorer
    if type(scorer) is WeightScorer:
        return Matches(postings.ids, postings.weights)
    if type(scorer) is not BM25FScorer:
        raise NotVectorisable(f"scorer {type(scorer).__name__}")
    fieldname = matcher.term()[0]
    lengths = segment.lengths(fieldname)[postings.ids]
    # scoring.bm25(), operation for operation, so each score is the same float.
    idf, weights, avgfl, b, k1 = scorer.idf, postings.weights, scorer.avgfl, scorer.B, scorer.K1
    scores = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))
    if np.isnan(scores).any():
        raise NotVectorisable(f"a posting of {fieldname!r} in a document of no length")
    return Matches(postings.ids, scores)


def _read_postings(matcher: W3LeafMatcher, segment: _Segment, *, with_values: bool) -> _Postings:
    """Return every posting of a leaf, block by block from the start of its list (the tree's
    constructors may have moved the matcher on), as W3LeafMatcher's _goto/_read_* decode them."""
    known = segment.postings.get(id(matcher))
    if known is not None and (known.values is not None or not with_values):
        return known
    key = (segment.segment_id, matcher.term())
    if not with_values:
        cached = _POSTINGS_CACHE.get(key)
        if cached is not None:
            segment.postings[id(matcher)] = cached
            return cached
    postfile = matcher._postfile
    position = matcher._baseoffset
    deltas: list[int] = []
    block_sizes: list[int] = []
    weights: list = []
    values: list | None = [] if with_values else None
    fixed_size = matcher._fixedsize
    while True:
        # One read for the block's length, one for the block (info and data): Whoosh's pickle.load on
        # the file reads it in many small pieces.
        length = unpack_int(postfile.get(position, _INT_SIZE))[0]
        is_last = length < 0
        block = BytesIO(postfile.get(position + _INT_SIZE, abs(length)))
        next_position = position + _INT_SIZE + abs(length)
        count, _, _, compression, _, _ = pickle_load(block)
        data = block.read()
        block_ids, block_weights, block_values = loads(zlib.decompress(data) if compression else data)
        deltas.extend(block_ids)
        block_sizes.append(count)
        # _read_weights(): no weights are 1.0, one float is every posting's (through a float32 array).
        if block_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(block_weights, float):
            weights.extend([float(np.float32(block_weights))] * count)
        else:
            weights.extend(block_weights)
        if values is not None:
            values.extend(_block_values(block_values, count, fixed_size))
        if is_last:
            break
        position = next_position
    ids = np.asarray(deltas, dtype=np.int64)
    if not matcher._byteids:
        # Each block's ids are delta-encoded from 0: a running sum, restarted at each block.
        ids = _running_sums(ids, np.asarray(block_sizes, dtype=np.int64))
    postings = _Postings(ids, np.asarray(weights, dtype=np.float64), values)
    segment.postings[id(matcher)] = postings
    _POSTINGS_CACHE.put(key, postings)
    return postings


class _PostingsCache:
    """The decoded document numbers and weights (not positions) of the terms read last, up to a
    budget of bytes, shared by the process's searches.

    Decoding is most of a term's cost (unpickling and unzipping its blocks, positions included:
    25 ms for a word in 40,000 documents of a segment), and common words come back in search after
    search. A segment's postings never change, and a segment's id is never reused, so entries need
    no invalidation: a new commit's new segments are new keys, old ones age out. Cached arrays are
    read-only, so no search can change another's.
    """

    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = budget_bytes
        self._entries: OrderedDict[tuple, _Postings] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> _Postings | None:
        with self._lock:
            postings = self._entries.get(key)
            if postings is not None:
                self._entries.move_to_end(key)
            return postings

    def put(self, key: tuple, postings: _Postings) -> None:
        ids, weights = postings.ids, postings.weights
        ids.flags.writeable = False
        weights.flags.writeable = False
        size = ids.nbytes + weights.nbytes + _ENTRY_OVERHEAD_BYTES
        if size > self.budget_bytes:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = _Postings(ids, weights, None)
            self._bytes += size
            while self._bytes > self.budget_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped.ids.nbytes + dropped.weights.nbytes + _ENTRY_OVERHEAD_BYTES


# 32 MiB holds about two million postings (8 bytes of document number and 8 of weight each): every
# word of a few hundred searches at 100,000 articles, a tenth of a worker's memory there.
POSTINGS_CACHE_BYTES = 32 * 1024 * 1024
_ENTRY_OVERHEAD_BYTES = 400  # the key, the entry and two array headers
_POSTINGS_CACHE = _PostingsCache(POSTINGS_CACHE_BYTES)


def _block_values(encoded, count: int, fixed_size) -> list:
    # W3LeafMatcher._read_values()
    if fixed_size is None or fixed_size < 0:
        return list(encoded)
    if fixed_size == 0:
        return [None] * count
    return [encoded[i : i + fixed_size] for i in range(0, len(encoded), fixed_size)]


def _read_lengths(reader: SegmentReader, fieldname: str) -> np.ndarray:
    """Return each document's length in the field as BM25FScorer reads it (doc_field_length, default 1)."""
    column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    if column is None:
        return np.ones(reader.doc_count_all())
    return _LENGTH_OF_BYTE[_length_bytes(column, doc_count=reader.doc_count_all())]


def _length_bytes(column, *, doc_count: int) -> np.ndarray:
    """Return a length column's bytes, one a document, as its load() gives them.

    load() unpacks the column a document at a time in Python (9 ms a field and segment at 20,000
    articles, paid by the first search that scores the field after each commit); the stored bytes
    are one run from the column's start, and the documents past it read as the column's default.
    """
    if type(column) is not NumericColumn.Reader or column._typecode != "B" or column._doccount != doc_count:
        return np.frombuffer(column.load(), dtype=np.uint8)
    stored = min(column._count, doc_count)
    lengths = np.full(doc_count, column._default, dtype=np.uint8)
    lengths[:stored] = np.frombuffer(column._dbfile.get(column._basepos, stored), dtype=np.uint8)
    return lengths


def _deleted_ids(reader: SegmentReader) -> np.ndarray:
    deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
    return np.fromiter(sorted(deleted), dtype=np.int64, count=len(deleted))


# -- filters, top N ---------------------------------------------------------------------------------


def _filter_mask(doc_ids: np.ndarray, *, allowed, excluded, doc_count: int) -> np.ndarray | None:
    # FilterCollector: a document is kept if it is in the allowed set (when there is one) and not in
    # the excluded one. An empty allowed set means no filter there, as Whoosh reads it.
    mask = None
    if allowed:
        allowed_mask = np.zeros(doc_count, dtype=bool)
        allowed_mask[np.fromiter(allowed, dtype=np.int64, count=len(allowed))] = True
        mask = allowed_mask[doc_ids]
    if excluded:
        excluded_mask = np.zeros(doc_count, dtype=bool)
        excluded_mask[np.fromiter(excluded, dtype=np.int64, count=len(excluded))] = True
        kept = ~excluded_mask[doc_ids]
        mask = kept if mask is None else mask & kept
    return mask


def _top_by_score(doc_ids: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[object, int]]:
    # TopCollector: highest score first, then lowest document number.
    if len(doc_ids) > limit:
        threshold = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        candidates = np.nonzero(scores >= threshold)[0]
        doc_ids, scores = doc_ids[candidates], scores[candidates]
    order = np.lexsort((doc_ids, -scores))[:limit]
    return [(float(scores[i]), int(doc_ids[i])) for i in order]


def _top_by_sort(searcher, doc_ids: np.ndarray, sortedby, limit: int, arrays: SearchArrays) -> list[tuple[object, int]]:
    # SortingCollector: (sort key, document number) pairs in ascending order, the first `limit`.
    facet = sorting.MultiFacet.from_sortedby(sortedby)
    if _sort_order_key(facet) not in arrays.sort_ranks and len(doc_ids) * RANKED_SHARE < searcher.doc_count_all():
        # A few matches: their keys, sorted as SortingCollector sorts its (key, document) pairs,
        # cost less than ranking every document of the commit (~0.2 s at 100,000).
        ids = [int(docnum) for docnum in doc_ids]
        return sorted(zip(_sort_keys(searcher, facet, ids), ids))[:limit]
    ranks = _sort_ranks(searcher, facet, arrays)
    order = np.lexsort((doc_ids, ranks[doc_ids]))[:limit]
    top = [int(doc_ids[i]) for i in order]
    return list(zip(_sort_keys(searcher, facet, top), top))


# Searches in a sort order rank every document once per commit when they match more than 1/20th of it.
RANKED_SHARE = 20


def _sort_order_key(facet: sorting.MultiFacet) -> tuple:
    parts = []
    for part in facet.facets:
        if type(part) is not sorting.FieldFacet or part.maptype is not None or part.allow_overlap:
            raise NotVectorisable(f"sort by {part!r}")
        parts.append((part.fieldname, part.reverse))
    return tuple(parts)


def _sort_ranks(searcher, facet: sorting.MultiFacet, arrays: SearchArrays) -> np.ndarray:
    """Return each document's place in the sort order (equal keys share a place), built once per commit."""
    key = _sort_order_key(facet)
    ranks = arrays.sort_ranks.get(key)
    if ranks is not None:
        return ranks
    keys = _sort_keys(searcher, facet, range(searcher.doc_count_all()))
    order = sorted(range(len(keys)), key=keys.__getitem__)
    ranks = np.zeros(len(keys), dtype=np.int64)
    rank, previous = 0, None
    for position, docnum in enumerate(order):
        if position and keys[docnum] != previous:
            rank += 1
        ranks[docnum] = rank
        previous = keys[docnum]
    arrays.sort_ranks[key] = ranks
    return ranks


def _sort_keys(searcher, facet: sorting.MultiFacet, doc_ids) -> list:
    """Return the documents' sort keys, from the categorizer SortingCollector uses."""
    categorizer = facet.categorizer(searcher)
    if categorizer.needs_current:
        raise NotVectorisable("a sort that reads the matcher")
    segments = list(searcher.leaf_searchers())
    keys = []
    current = None
    for docnum in doc_ids:
        number = _segment_of(segments, docnum)
        if number != current:
            subsearcher, offset = segments[number]
            categorizer.set_searcher(subsearcher, offset)
            current = number
        keys.append(categorizer.key_for(None, docnum - segments[number][1]))
    return keys


def _segment_of(segments: list, docnum: int) -> int:
    for number in range(len(segments) - 1, -1, -1):
        if docnum >= segments[number][1]:
            return number
    raise IndexError(docnum)
