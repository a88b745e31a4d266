"""haystack's Whoosh backend, extended where the stock one is slow or wrong for an archive.

What changes (measured reasons in ../shared/notes/haystack-whoosh-facts.md):
- one searcher per thread, refreshed instead of reopened on every query (164 ms -> ~20 ms);
- narrow queries become one set of allowed document numbers, passed as Whoosh's ``filter=``, instead
  of separate, materialised searches; the model restriction is dropped when it restricts nothing;
- facet counts come from per-commit tables of each document's values, counted over the matched set
  (Whoosh's overlapping facets rebuild that table on every search);
- text fields use our analyzer (accent folding, Snowball stemming); facet fields are exact IDs, not
  stemmed TEXT ("polit");
- mixed sort directions work (MultiFacet) instead of raising;
- the query is parsed across body and title, with title matches weighted higher;
- "did you mean" reads an unstemmed vocabulary field (suggest_spelling).
Selected in HAYSTACK_CONNECTIONS; the views only use haystack's SearchQuerySet, so Solr or
Elasticsearch can replace it by configuration.
"""

import re
import threading
from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import chain

from django.utils.encoding import force_str
from haystack.backends import log_query
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT
from haystack.exceptions import SearchBackendError
from haystack.fields import FacetField
from haystack.utils import get_model_ct
from whoosh import collectors
from whoosh import query as whoosh_query
from whoosh.searching import ResultsPage
from whoosh.fields import ID, TEXT
from whoosh.qparser import MultifieldParser
from whoosh.sorting import FieldFacet, MultiFacet

from articles.search.analysis import build_text_analyzer, build_vocabulary_analyzer
from articles.search.limits import within_time_budget
from articles.search.rebuild import live_index_folder

# Title words count three times body words: a headline match is the strongest signal of relevance.
TITLE_BOOST = 3.0
VOCABULARY_FIELD = "vocabulary"
DAY_FIELD = "day"
DAY_RANGE_PATTERN = re.compile(r"^day:\[(\d{8}) TO (\d{8})\]$")


class ArchiveWhooshBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self._local = threading.local()
        self.configured_path = self.path

    @property
    def setup_complete(self) -> bool:
        # False again once rebuild_index points the configured path at a new folder (search/rebuild.py):
        # every haystack entry point then calls setup(), which opens that folder.
        return self._is_set_up and not (self.use_file_storage and self.path != live_index_folder(self.configured_path))

    @setup_complete.setter
    def setup_complete(self, value: bool) -> None:
        self._is_set_up = value

    def setup(self):
        if self.use_file_storage:
            self.path = live_index_folder(self.configured_path)
        super().setup()
        self.parser = MultifieldParser(
            [self.content_field_name, "title"], schema=self.schema, fieldboosts={"title": TITLE_BOOST}
        )
        self._local = threading.local()

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        analyzer = build_text_analyzer()
        for field in fields.values():
            name = field.index_fieldname
            if isinstance(field, FacetField) and not field.is_multivalued:
                schema.remove(name)
                schema.add(name, ID(stored=True, sortable=True))
            elif name == VOCABULARY_FIELD:
                schema.remove(name)
                schema.add(name, TEXT(analyzer=build_vocabulary_analyzer(), phrase=False, stored=False))
            elif field.field_type == "string" and not field.is_multivalued:
                schema.remove(name)
                # The body is not stored: snippets come from the sections in the database.
                schema.add(name, TEXT(analyzer=analyzer, stored=not field.document, field_boost=field.boost))
        return content_field_name, schema

    def searcher(self):
        """Return this thread's searcher, refreshed to the index's latest commit."""
        if not self.setup_complete:
            self.setup()
        current = getattr(self._local, "searcher", None)
        if current is None or not current.up_to_date():
            # A new searcher, not Searcher.refresh(): refresh reuses segment readers by id, so after
            # a commit that only deletes, totals and facets still counted the deleted documents.
            if current is not None:
                current.close()
            current = within_time_budget(self.index.searcher())
        self._local.searcher = current
        return current

    def parse_query(self, query_string: str):
        """Return the Whoosh query for a haystack query string ("*" matches every document)."""
        if not self.setup_complete:
            self.setup()
        if query_string.strip() in ("*", "(*)", ""):
            return whoosh_query.Every()
        # The parser turns "*" into Every(field), which walks every term of the field; plain Every()
        # reads the document list.
        return self.parser.parse(query_string).accept(_every_document)

    def suggest_spelling(self, words: list[str]) -> list[str]:
        """Return the words with each one unknown to the index replaced by its closest indexed word."""
        searcher = self.searcher()
        if VOCABULARY_FIELD not in self.schema:
            return words
        reader = searcher.reader()
        corrector = searcher.corrector(VOCABULARY_FIELD)
        analyzer = self.schema[VOCABULARY_FIELD].analyzer
        corrected = []
        for word in words:
            tokens = [t.text for t in analyzer(word)]
            if len(tokens) != 1 or reader.doc_frequency(VOCABULARY_FIELD, tokens[0]):
                corrected.append(word)
                continue
            # Whoosh ranks every word within maxdist by frequency alone, so a frequent word two edits
            # away beats the right one an edit away ("hostges" -> "hosts"): try distance 1 first.
            # A shared first letter keeps suggestions sane.
            suggestions = corrector.suggest(tokens[0], limit=1, maxdist=1, prefix=1) or corrector.suggest(
                tokens[0], limit=1, maxdist=2, prefix=1
            )
            corrected.append(suggestions[0] if suggestions else word)
        return corrected

    @log_query
    def search(
        self,
        query_string,
        sort_by=None,
        start_offset=0,
        end_offset=None,
        fields="",
        highlight=False,
        facets=None,
        date_facets=None,
        query_facets=None,
        narrow_queries=None,
        spelling_query=None,
        within=None,
        dwithin=None,
        distance_point=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        if date_facets or query_facets:
            # Fall back to the stock implementation for what we do not extend.
            return super().search(
                query_string, sort_by=sort_by, start_offset=start_offset, end_offset=end_offset,
                facets=facets, date_facets=date_facets, query_facets=query_facets,
                narrow_queries=narrow_queries, models=models, result_class=result_class,
                limit_to_registered_models=limit_to_registered_models,
            )
        searcher = self.searcher()
        if not searcher.doc_count():
            return {"results": [], "hits": 0, "facets": {}, "spelling_suggestion": None}
        parsed = self.parse_query(force_str(query_string))
        if parsed is None or parsed is whoosh_query.NullQuery:
            return {"results": [], "hits": 0, "facets": {}, "spelling_suggestion": None}

        index_key = (self.path, searcher.reader().generation())
        extra_filters = []
        if models and set(models) != set(self._indexed_models()):
            # Restricting to every indexed model is a no-op that still costs a pass over all documents.
            extra_filters.append(whoosh_query.Or([whoosh_query.Term(DJANGO_CT, get_model_ct(m)) for m in models]))
        page_num, page_length = self.calculate_page(start_offset, end_offset)
        search_kwargs = {"pagelen": page_length}
        allowed = None
        if narrow_queries or extra_filters:
            # A plain set, not the Query: Whoosh turns a Query filter into a BitSet whose truth test
            # counts every bit, once per matching document (400 ms for 4,000 hits on 20,000 articles).
            allowed = self._allowed_docnums(searcher, narrow_queries or (), extra_filters, index_key=index_key)
            if not allowed:  # Whoosh reads an empty filter set as "no filter"
                return {"results": [], "hits": 0, "facets": {"fields": {}, "dates": {}, "queries": {}}, "spelling_suggestion": None}
            search_kwargs["filter"] = allowed
        if sort_by:
            search_kwargs["sortedby"] = self._sort_facet(sort_by)
        if facets:
            raw_page, matched = _search_page_recording_matches(
                searcher, parsed, page_num, page_length, allowed=allowed, sortedby=search_kwargs.get("sortedby")
            )
        else:
            raw_page = searcher.search_page(parsed, page_num, **search_kwargs)
        results = self._process_results(raw_page, query_string=query_string, result_class=result_class)
        if facets:
            counts = count_facets(searcher, matched, facets, index_key=index_key)
            results["facets"] = {"fields": counts, "dates": {}, "queries": {}}
        if raw_page.pagenum < page_num:
            # Whoosh returns the last page for a page number past the end; an empty page is right.
            results["results"] = []
        return results

    def _allowed_docnums(self, searcher, narrow_queries, extra_filters, *, index_key: tuple) -> set[int]:
        """Return the documents every narrow query and extra filter allows, smallest set first."""
        sets = []
        for narrow in narrow_queries:
            days = DAY_RANGE_PATTERN.match(force_str(narrow).strip())
            if days:
                sets.append(docnums_in_day_range(searcher, days.group(1), days.group(2), index_key=index_key))
            else:
                sets.append(set(searcher.docs_for_query(self.parse_query(force_str(narrow)))))
        sets += [set(searcher.docs_for_query(extra)) for extra in extra_filters]
        sets.sort(key=len)
        allowed = sets[0]
        for other in sets[1:]:
            allowed = allowed & other
        return allowed

    def _indexed_models(self):
        from haystack import connections

        return connections[self.connection_alias].get_unified_index().get_indexed_models()

    def _sort_facet(self, sort_by):
        facets = []
        for order in sort_by:
            name = order.lstrip("-")
            if name not in self.schema:
                raise SearchBackendError(f"Cannot sort by '{name}': it is not a field of the index.")
            facets.append(FieldFacet(name, reverse=order.startswith("-")))
        return facets[0] if len(facets) == 1 else MultiFacet(facets)


class ArchiveWhooshQuery(WhooshSearchQuery):
    pass


class ArchiveWhooshEngine(WhooshEngine):
    backend = ArchiveWhooshBackend
    query = ArchiveWhooshQuery


class _RecordingCollector(collectors.WrappingCollector):
    """Passes every collected document on, and remembers its number for the facet counts."""

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context)
        self.seen: set[int] = set()

    def collect(self, sub_docnum):
        self.seen.add(self.offset + sub_docnum)
        return self.child.collect(sub_docnum)


def _search_page_recording_matches(searcher, parsed, page_num, page_length, *, allowed, sortedby):
    """Return (the results page, every matching document number) from one pass over the matches.

    A second, unscored pass for the facet counts evaluated each query twice; a phrase of common
    words costs hundreds of milliseconds a pass at 100,000 articles. Block-quality skipping is off:
    it would leave documents out of the facet counts.
    """
    limit = page_num * page_length
    if sortedby is not None:
        top = collectors.SortingCollector(sortedby, limit=limit)
    else:
        top = collectors.TopCollector(limit=limit, usequality=False)
    recorder = _RecordingCollector(top)
    outer = collectors.FilterCollector(recorder, allow=allowed) if allowed is not None else recorder
    searcher.search_with_collector(parsed, outer)
    return ResultsPage(outer.results(), page_num, page_length), recorder.seen


def _every_document(node):
    return whoosh_query.Every() if isinstance(node, whoosh_query.Every) else node


# Per index generation: for each facet field, the values of every document (docnum -> tuple).
# Segments never change once written, so the table is built once per index commit and then each
# search counts facets over its matching documents only, in C-speed Counter updates; Whoosh's own
# overlapping facets rebuild this table on every search.
_FACET_TABLES: dict[tuple, dict[str, list[tuple]]] = {}
_FACET_TABLES_LOCK = threading.Lock()


def count_facets(searcher, matched: set[int], fields, *, index_key: tuple) -> dict[str, list[tuple[str, int]]]:
    """Return, per facet field, (value, number of matched documents) pairs, most frequent first.

    index_key names the index and its commit generation, e.g. (path, generation).
    """
    tables = _facet_tables(index_key)
    counts = {}
    for name in fields:
        table = tables.get(name) or _build_facet_table(searcher, name, tables)
        counter = Counter(chain.from_iterable(table[docnum] for docnum in matched))
        counts[name] = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return counts


def _facet_tables(key: tuple) -> dict[str, list[tuple]]:
    with _FACET_TABLES_LOCK:
        tables = _FACET_TABLES.get(key)
        if tables is None:
            # Keep the latest few generations: readers of an older commit may still be searching.
            while len(_FACET_TABLES) >= 4:
                _FACET_TABLES.pop(next(iter(_FACET_TABLES)))
            tables = _FACET_TABLES[key] = {}
    return tables


def _build_facet_table(searcher, name: str, tables: dict) -> list[tuple]:
    reader = searcher.reader()
    values: list[list[str]] = [[] for _ in range(reader.doc_count_all())]
    field = searcher.schema[name]
    if name in reader.indexed_field_names():
        for term in reader.lexicon(name):
            text = field.from_bytes(term)
            for docnum in reader.postings(name, term).all_ids():
                values[docnum].append(text)
    table = [tuple(v) for v in values]
    tables[name] = table
    return table


def docnums_in_day_range(searcher, low: str, high: str, *, index_key: tuple) -> set[int]:
    """Return the documents published from day low to day high (YYYYMMDD, inclusive).

    Reads a per-commit list of (day, docnum) sorted by day, found with two bisections: a term range
    over the day field unions every day's postings in Python (760 ms for half a year on 100,000
    articles), this slices the list (a few ms).
    """
    tables = _facet_tables(index_key)
    pairs = tables.get("__days_sorted")
    if pairs is None:
        day_table = tables.get(DAY_FIELD) or _build_facet_table(searcher, DAY_FIELD, tables)
        pairs = sorted((values[0], docnum) for docnum, values in enumerate(day_table) if values)
        tables["__days_sorted"] = pairs
    start = bisect_left(pairs, (low, -1))
    end = bisect_right(pairs, (high, float("inf")))
    return {docnum for _, docnum in pairs[start:end]}
