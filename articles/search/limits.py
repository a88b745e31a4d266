"""Bounds on the work one search may ask for: words, wildcards and their expansions, filter values,
"did you mean" lookups, and a time budget for the engine.

A query over a limit is refused with InvalidSearchQuery (a 400 that says the limit), not run slowly:
eight clients sending 62 OR'ed two-letter prefixes took other users' median from 26 ms to over a second.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import islice

from haystack import connections
from whoosh import collectors

from articles.exceptions import InvalidSearchQuery
from articles.search.query import ParsedQuery
from articles.settings import SearchLimits, search_limits

# time.monotonic() after which engine searches stop (inside search_time_budget()), or None: no limit.
_DEADLINE: ContextVar[float | None] = ContextVar("search_deadline", default=None)
# A search whose words match more than this share of the limit is heavy: one at a time per process.
# Real searches stay under it (their largest read 45% of the limit on 5,000 articles, p95 14%); at a
# quarter, the few heavy real ones queued behind the attackers' and tripled the p95.
HEAVY_SHARE = 0.5
_HEAVY_SEARCH_SLOT = threading.BoundedSemaphore(1)
# The word-matches limit never falls below this, so a small archive still takes ordinary searches.
MIN_WORD_MATCHES = 5000
# Each word a wildcard expands to cost the engine ~1 ms when the limits were set, about as much as
# reading 25 matches: 4 two-letter wildcards of 100 rare words each took 0.9 s at 10,000 matches. The
# vectorised engine reads a word's postings at once: ~0.18 ms a word, 0.1-0.3 us a match (CPU, 2 cores,
# 20,000 and 100,000 articles, bench/wildcard_cost.py). Yet prefixes of up to 300 or 500 words under
# bench/load.py's attack at 20,000 articles doubled other users' p95 slowdown (x5-6 against x3.5-4.2
# at 100; docs/performance.md, Under attack), so the expansion limit and this charge stay.
WILDCARD_WORD_COST = 25
# Matches between two looks at the clock: a clock read costs about as much as collecting one match.
DEADLINE_CHECK_EVERY = 256


class SearchTimeBudgetError(Exception):
    """Internal: an engine search ran past its time budget; the search layer turns it into a 400."""


@dataclass(frozen=True)
class QueryWork:
    word_matches: int  # see count_word_matches
    allowed: int  # the limit on word_matches for this index

    @property
    def is_heavy(self) -> bool:
        return self.word_matches > HEAVY_SHARE * self.allowed


def check_query_work(parsed: ParsedQuery, *, query: str, limits: SearchLimits | None = None) -> QueryWork:
    """Return the work the query asks of the engine; refuse it when over a limit (words, wildcards, expansions, matches).

    Raises:
        InvalidSearchQuery: a limit is exceeded; the message names it and what to change.
    """
    limits = limits or search_limits()
    if parsed.term_count > limits.max_query_terms:
        raise InvalidSearchQuery(
            f"Your search has {parsed.term_count} words; the limit is {limits.max_query_terms}. "
            "Remove some words, or split the search in two.",
            query=query,
        )
    if len(parsed.wildcards) > limits.max_wildcards:
        raise InvalidSearchQuery(
            f"Your search has {len(parsed.wildcards)} wildcard words (word*); the limit is {limits.max_wildcards}. "
            "Type whole words instead of some of them.",
            query=query,
        )
    for prefix in parsed.wildcards:
        if count_prefix_expansions(prefix, limit=limits.max_prefix_expansions + 1) > limits.max_prefix_expansions:
            raise InvalidSearchQuery(
                f"“{prefix}*” stands for more than {limits.max_prefix_expansions} different words; "
                "type more letters before the *.",
                query=query,
            )
    matches, articles = count_word_matches(parsed)
    allowed = max(MIN_WORD_MATCHES, limits.max_word_matches_per_article * articles)
    if matches > allowed:
        raise InvalidSearchQuery(
            f"Your search's words occur {matches:,} times across the archive's articles; the limit is {allowed:,}. "
            "Remove some common words, OR alternatives or wildcards.",
            query=query,
        )
    return QueryWork(word_matches=matches, allowed=allowed)


@contextmanager
def heavy_search_slot(work: QueryWork, *, seconds: float, query: str) -> Iterator[None]:
    """Run a heavy search only while no other heavy search runs in this process; a light one runs at once.

    Eight clients sending searches near the limits still took most of the CPU from everyone else
    (other users' requests fell from 1,287 to 371 a minute); one at a time per process, they queue
    among themselves instead.

    Raises:
        InvalidSearchQuery: another heavy search held the slot for `seconds`.
    """
    if not work.is_heavy:
        yield
        return
    if not _HEAVY_SEARCH_SLOT.acquire(timeout=seconds):
        raise InvalidSearchQuery(
            "The archive is answering other large searches; try again in a moment, or use fewer common words.",
            query=query,
        )
    try:
        yield
    finally:
        _HEAVY_SEARCH_SLOT.release()


def check_filter_values(name: str, values: tuple[str, ...], *, limits: SearchLimits | None = None) -> None:
    """Refuse more values of one filter parameter than the limit.

    Raises:
        InvalidSearchQuery: too many values.
    """
    limits = limits or search_limits()
    if len(values) > limits.max_filter_values:
        raise InvalidSearchQuery(
            f"The search has {len(values)} '{name}' filters; the limit is {limits.max_filter_values}.", query=""
        )


def count_prefix_expansions(prefix: str, *, limit: int) -> int:
    """Return how many indexed words of the body start with prefix, counting no further than limit.

    Engines other than Whoosh expand prefixes themselves, with their own limits: 0.
    """
    backend = connections["default"].get_backend()
    if not hasattr(backend, "reading"):
        return 0
    with backend.reading() as (searcher, _):
        field = backend.content_field_name  # set by the backend's setup(), which reading() runs first
        if field not in searcher.schema:
            return 0
        return sum(1 for _ in islice(searcher.reader().expand_prefix(field, prefix), limit))


def count_word_matches(parsed: ParsedQuery) -> tuple[int, int]:
    """Return (documents each of the query's words and wildcard expansions occurs in, summed; indexed documents).

    The engine reads that many postings to answer, which is most of a search's cost; a wildcard's
    rare words count WILDCARD_WORD_COST each. Engines other than Whoosh: (0, 0).
    """
    backend = connections["default"].get_backend()
    if not hasattr(backend, "reading"):
        return 0, 0
    with backend.reading() as (searcher, _):
        return _count_word_matches(searcher, parsed, field=backend.content_field_name)


def _count_word_matches(searcher, parsed: ParsedQuery, *, field: str) -> tuple[int, int]:
    if field not in searcher.schema:
        return 0, 0
    reader = searcher.reader()
    analyzer = searcher.schema[field].analyzer
    tokens = {token.text for word in parsed.all_words for token in analyzer(word)}
    matches = sum(reader.doc_frequency(field, token) for token in tokens)
    for prefix in parsed.wildcards:
        matches += sum(
            max(WILDCARD_WORD_COST, reader.doc_frequency(field, term)) for term in reader.expand_prefix(field, prefix)
        )
    return matches, searcher.doc_count()


@contextmanager
def search_time_budget(seconds: float) -> Iterator[None]:
    """Stop the engine searches made inside the block once `seconds` have passed since it began.

    Raises:
        SearchTimeBudgetError: a search was still running (or started) after the deadline.
    """
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def within_time_budget(searcher):
    """Return the Whoosh searcher, its searches stopped at the current budget's deadline.

    Every Whoosh search (search, search_page, our collectors) goes through
    Searcher.search_with_collector. The deadline is checked where documents are produced, in the
    innermost collector's matches(): a collector wrapped around the outside (Whoosh's
    TimeLimitCollector) would call the child's collect() directly and skip a FilterCollector's filter.
    """
    if getattr(searcher, "is_time_budgeted", False):
        return searcher
    unlimited = searcher.search_with_collector

    def search_with_collector(q, collector, context=None):
        deadline = _DEADLINE.get()
        if deadline is not None:
            _stop_at_deadline(collector, deadline)
        return unlimited(q, collector, context)

    searcher.search_with_collector = search_with_collector
    searcher.is_time_budgeted = True
    return searcher


def check_deadline() -> None:
    """Stop an engine search that runs past the current budget's deadline (for searches that use no collector).

    Raises:
        SearchTimeBudgetError: the deadline has passed.
    """
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise SearchTimeBudgetError(deadline)


def _stop_at_deadline(collector, deadline: float) -> None:
    if time.monotonic() > deadline:
        raise SearchTimeBudgetError(deadline)
    innermost = collector
    while isinstance(innermost, collectors.WrappingCollector):
        innermost = innermost.child
    matches = innermost.matches

    def matches_until_deadline():
        for count, docnum in enumerate(matches()):
            if not count % DEADLINE_CHECK_EVERY and time.monotonic() > deadline:
                raise SearchTimeBudgetError(deadline)
            yield docnum

    innermost.matches = matches_until_deadline
