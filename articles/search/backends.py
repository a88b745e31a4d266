"""haystack's Whoosh backend, extended where the stock one is slow or wrong for an archive.

What changes (measured reasons in ../shared/notes/haystack-whoosh-facts.md):
- one searcher per process, shared by its threads under a lock (search/searchers.py), reopened when
  the index's latest commit is another one: a commit is named by its generation and random segment
  ids, which rebuild_index and clear_index never repeat (the generation alone restarts at 0, and a
  long-lived worker served the old index); index files are read, not memory-mapped (see setup());
- narrow queries become one set of allowed document numbers, passed as Whoosh's ``filter=``, instead
  of separate, materialised searches; a negative one ("NOT story_copy:later") becomes the set of
  documents it excludes, not the set of every other document; the model restriction is dropped when
  it restricts nothing;
- one pass over every match gives the page, the exact total and the facet counts, in every sort
  order (Whoosh's top-N shortcuts skip matches and undercount): the matcher tree Whoosh builds is
  evaluated a posting list at a time over numpy arrays, with Whoosh's own scores and order
  (search/vectorised.py), or by Whoosh's collectors for a tree it does not handle; facet counts
  come from per-commit tables of each document's values, counted over the matched set;
- text fields use our analyzer (accent folding, Snowball stemming) unless the field names its own
  ``analyzer=``; single-valued string facet fields are exact IDs, not stemmed TEXT ("polit");
- mixed sort directions work (MultiFacet) instead of raising;
- the query is parsed across the content field and, when the index has one, the title, with title
  matches weighted higher;
- "did you mean" (suggest_spelling, and haystack's spelling_suggestion) reads an unstemmed vocabulary
  field when the index has one, else Whoosh's unstemmed spelling copy of the content field.
Selected in HAYSTACK_CONNECTIONS; the rest of the site only uses haystack's backend API
(SearchQuerySet, update, remove, clear), so Solr or Elasticsearch can replace it by configuration.

haystack's contract. django-haystack 3.4.0's own Whoosh test suite (86 tests, run by
tests/test_haystack_suite.py) passes on this engine with one failure, an intended difference:
- test_order_by: mixed sort directions (``order_by("-pub_date", "id")``) sort as asked, where the
  stock engine raises SearchBackendError ("Whoosh requires all order_by fields to use the same sort
  direction"). An archive needs "newest first, then by title".
Other behaviours worth knowing, none of which the suite checks against us:
- a results page past the last one is empty but keeps the total in ``hits`` (stock: 0 hits);
- ``highlight()`` marks the query's own terms as the index holds them (prefixes expanded, stems and
  accent-folded forms matched), not the words of filter values as the stock engine does;
- this module and what it imports read no models (articles/search/__init__.py imports nothing; the
  site's search is in service.py), so the engine works in a project without the articles app.
"""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from django.conf import settings
from django.utils.encoding import force_str
from haystack.backends import log_query
from haystack.backends.whoosh_backend import (
    WhooshEngine,
    WhooshHtmlFormatter,
    WhooshSearchBackend,
    WhooshSearchQuery,
)
from haystack.constants import DJANGO_CT
from haystack.constants import ID as ID_FIELD
from haystack.exceptions import SearchBackendError
from haystack.fields import FacetField
from haystack.utils import get_identifier, get_model_ct
from whoosh import collectors
from whoosh import query as whoosh_query
from whoosh.fields import ID, TEXT
from whoosh.highlight import ContextFragmenter
from whoosh.highlight import highlight as whoosh_highlight
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser
from whoosh.searching import ResultsPage
from whoosh.sorting import FieldFacet, MultiFacet

from articles.search import vectorised
from articles.search.analysis import build_text_analyzer, build_vocabulary_analyzer
from articles.search.commits import (
    Commit,
    count_facets,
    docnums_in_day_range,
    indexed_content_types,
    tables_for,
)
from articles.search.corrections import suggest_word
from articles.search.searchers import SharedSearcher, shared_searcher_for
from articles.search.writing import prepare_documents, update_documents

# Title words count three times body words: a headline match is the strongest signal of relevance.
TITLE_BOOST = 3.0
VOCABULARY_FIELD = "vocabulary"
DAY_RANGE_PATTERN = re.compile(r"^day:\[(\d{8}) TO (\d{8})\]$")
WRITER_LOCK_TIMEOUT_SECONDS = 60


class ArchiveWhooshBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        # VECTORISED: False runs every search through Whoosh's own collectors (the reference the
        # vectorised path is tested against; search/vectorised.py).
        self.is_vectorised = connection_options.get("VECTORISED", True)
        self._shared = SharedSearcher()
        self.configured_path = self.path

    @property
    def setup_complete(self) -> bool:
        # False again once rebuild_index points the configured path at a new folder (search/rebuild.py):
        # every haystack entry point then calls setup(), which opens that folder.
        return self._is_set_up and not (self.use_file_storage and self.path != _live_index_folder(self.configured_path))

    @setup_complete.setter
    def setup_complete(self, value: bool) -> None:
        self._is_set_up = value

    def setup(self):
        if self.use_file_storage:
            self.path = _live_index_folder(self.configured_path)
        super().setup()
        if self.use_file_storage:
            # Memory-mapped, Whoosh copies each segment file whole into a BytesIO per searcher (111 MiB
            # for a 74 MB index at 20,000 articles); read through the OS's page cache, a searcher
            # holds a few file handles.
            self.storage.supports_mmap = False
        # Title matches weigh more when the index has a title field; the content field alone otherwise.
        fields = [self.content_field_name] + [name for name in ("title",) if name in self.schema]
        self.parser = MultifieldParser(fields, schema=self.schema, fieldboosts={"title": TITLE_BOOST})
        # haystack's __fuzzy filter writes "word~2/1"; Whoosh reads it only with this plugin.
        self.parser.add_plugins([FuzzyTermPlugin])
        # One holder per process for a folder index (every thread's backend gets the same one);
        # threads still reading the old folder's searcher keep it until their block ends.
        self._shared = shared_searcher_for(self.configured_path, folder=self.path) if self.use_file_storage else SharedSearcher()

    def build_schema(self, fields):
        """Return haystack's schema with our text analysis, and facet strings as exact IDs.

        Only single-valued string fields change: numbers, dates, booleans, n-grams and multi-valued
        fields keep haystack's Whoosh types, faceted or not. A field's own analyzer= is kept.
        """
        content_field_name, schema = super().build_schema(fields)
        has_vocabulary = any(f.index_fieldname == VOCABULARY_FIELD for f in fields.values())
        for search_field in fields.values():
            name = search_field.index_fieldname
            if search_field.field_type != "string" or search_field.is_multivalued:
                continue
            schema.remove(name)
            if isinstance(search_field, FacetField):
                schema.add(name, ID(stored=search_field.stored, sortable=True))
            elif name == VOCABULARY_FIELD:
                schema.add(name, TEXT(analyzer=build_vocabulary_analyzer(), phrase=False, stored=False))
            else:
                # haystack's spelling suggestions read unstemmed words: our vocabulary field when the
                # index has one, else Whoosh's own spelling copy of the document field.
                is_spelled = search_field.document and not has_vocabulary
                schema.add(name, TEXT(
                    analyzer=search_field.analyzer or build_text_analyzer(), stored=search_field.stored,
                    field_boost=search_field.boost, spelling=is_spelled, sortable=not search_field.document,
                ))
        return content_field_name, schema

    @contextmanager
    def reading(self) -> Iterator[tuple[object, Commit]]:
        """Hold the process's searcher for the block: yield (searcher, its commit), the latest commit's.

        Every use of the searcher goes inside such a block: it is shared by the process's threads,
        and another thread may replace it after the block.
        """
        if not self.setup_complete:
            self.setup()
        with self._shared.reading(self.index) as (searcher, commit):
            yield searcher, commit

    def searcher(self):
        """Return the process's searcher, reopened if the index has a newer commit.

        For one-thread use (tests, benchmarks, commands); in a server, use reading().
        """
        with self.reading() as (searcher, _):
            return searcher

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
        if VOCABULARY_FIELD not in self.schema:
            return words
        with self.reading() as (searcher, commit):
            return self._corrected_words(searcher, words, commit=commit)

    def _corrected_words(self, searcher, words: list[str], *, commit: Commit) -> list[str]:
        reader = searcher.reader()
        words_by_prefix = tables_for(commit).spelling_words
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
            suggestion = suggest_word(
                reader, VOCABULARY_FIELD, tokens[0], maxdist=1, prefix=1, words_by_prefix=words_by_prefix
            ) or suggest_word(reader, VOCABULARY_FIELD, tokens[0], maxdist=2, prefix=1, words_by_prefix=words_by_prefix)
            corrected.append(suggestion or word)
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
        if not self.setup_complete:
            self.setup()
        query_string = force_str(query_string)
        # haystack's contract: no query matches nothing, and a one-letter one is a stop word ("*" is all).
        if len(query_string) == 0 or (len(query_string) == 1 and query_string != "*"):
            return {"results": [], "hits": 0}
        if date_facets or query_facets:
            # Fall back to the stock implementation for what we do not extend.
            return super().search(
                query_string, sort_by=sort_by, start_offset=start_offset, end_offset=end_offset,
                highlight=highlight, facets=facets, date_facets=date_facets, query_facets=query_facets,
                narrow_queries=narrow_queries, spelling_query=spelling_query, models=models,
                result_class=result_class, limit_to_registered_models=limit_to_registered_models,
            )
        with self.reading() as (searcher, commit):
            return self._search(
                searcher, query_string, commit=commit, sort_by=sort_by, start_offset=start_offset,
                end_offset=end_offset, highlight=highlight, facets=facets, narrow_queries=narrow_queries,
                spelling_query=spelling_query, models=models, result_class=result_class,
                limit_to_registered_models=limit_to_registered_models,
            )

    def _search(
        self, searcher, query_string, *, commit: Commit, sort_by, start_offset, end_offset, highlight, facets,
        narrow_queries, spelling_query, models, result_class, limit_to_registered_models,
    ):
        if not searcher.doc_count():
            return no_results(facets=facets)
        parsed = self.parse_query(query_string)
        if parsed is None or parsed is whoosh_query.NullQuery:
            return no_results(facets=facets)
        extra_filters = self._model_filters(searcher, models, limit_to_registered_models, commit=commit)
        page_num, page_length = self.calculate_page(start_offset, end_offset)
        # Plain sets, not Queries: Whoosh turns a Query filter into a BitSet whose truth test counts
        # every bit, once per matching document (400 ms for 4,000 hits on 20,000 articles).
        allowed, excluded = self._filter_docnums(searcher, narrow_queries or (), extra_filters, commit=commit)
        if allowed is not None and allowed <= excluded:  # nothing left; Whoosh reads an empty filter set as "no filter"
            return no_results(facets=facets)
        sortedby = self._sort_facet(sort_by) if sort_by else None
        try:
            if not self.is_vectorised:
                raise vectorised.NotVectorisable("VECTORISED is off")
            raw_page, matched = vectorised.collect_page(
                searcher, parsed, page_num, page_length, allowed=allowed, excluded=excluded, sortedby=sortedby,
                arrays=tables_for(commit).search_arrays,
            )
        except vectorised.NotVectorisable:
            raw_page, matched = collect_page(
                searcher, parsed, page_num, page_length, allowed=allowed, excluded=excluded, sortedby=sortedby,
                is_recording=bool(facets),
            )
        results = self._process_results(
            raw_page, query_string=query_string, spelling_query=spelling_query, result_class=result_class
        )
        if highlight:
            self._highlight(results["results"], parsed, searcher)
        if facets:
            counts = count_facets(searcher, matched, facets, commit=commit)
            results["facets"] = {"fields": counts, "dates": {}, "queries": {}}
        if raw_page.pagenum < page_num:
            # Whoosh returns the last page for a page number past the end; an empty page is right.
            results["results"] = []
        return results

    def _filter_docnums(self, searcher, narrow_queries, extra_filters, *, commit: Commit) -> tuple[set[int] | None, set[int]]:
        """Return (the documents every positive narrow query and extra filter allows, or None if there
        is none; the documents a negative one excludes).

        A negative narrow query ("NOT story_copy:later", on every search of the stories listing) read
        as its complement listed every other document of the index (147 ms a search at 20,000
        articles); the documents it excludes are a few.
        """
        allowed_sets, excluded = [], set()
        for narrow in narrow_queries:
            text = force_str(narrow).strip()
            is_negative = text.startswith("NOT ")
            docnums = self._narrow_docnums(searcher, text[4:] if is_negative else text, commit=commit)
            if is_negative:
                excluded |= docnums
            else:
                allowed_sets.append(docnums)
        allowed_sets += [set(searcher.docs_for_query(extra)) for extra in extra_filters]
        if not allowed_sets:
            return None, excluded
        allowed_sets.sort(key=len)
        allowed = allowed_sets[0]
        for other in allowed_sets[1:]:
            allowed = allowed & other
        return allowed, excluded

    def _narrow_docnums(self, searcher, text: str, *, commit: Commit) -> set[int]:
        days = DAY_RANGE_PATTERN.match(text)
        if days:
            return docnums_in_day_range(searcher, days.group(1), days.group(2), commit=commit)
        query = self.parse_query(text)
        if self.is_vectorised:
            try:
                return set(vectorised.match_docnums(searcher, query).tolist())
            except vectorised.NotVectorisable:
                pass  # Whoosh's own walk below
        return set(searcher.docs_for_query(query))

    def more_like_this(
        self,
        model_instance,
        additional_query_string=None,
        start_offset=0,
        end_offset=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        """Return the documents most like the instance's, by the key terms of its stored document field.

        The stock engine opens new searchers and materialises its restrictions as separate searches
        (over a second at 20,000 articles); this reuses the process's searcher and one filter set.
        """
        narrow_queries = [additional_query_string] if additional_query_string and additional_query_string != "*" else []
        page_num, page_length = self.calculate_page(start_offset, end_offset)
        with self.reading() as (searcher, commit):
            docnum = searcher.document_number(**{ID_FIELD: get_identifier(model_instance)})
            if docnum is None:
                return {"results": [], "hits": 0}
            extra_filters = self._model_filters(searcher, models, limit_to_registered_models, commit=commit)
            allowed, excluded = self._filter_docnums(searcher, narrow_queries, extra_filters, commit=commit)
            if excluded:  # more_like() takes an allowed set only
                allowed = (set(range(searcher.doc_count_all())) if allowed is None else allowed) - excluded
            if allowed is not None and not allowed:
                return {"results": [], "hits": 0}
            similar = searcher.more_like(docnum, self.content_field_name, top=page_num * page_length, filter=allowed)
            raw_page = ResultsPage(similar, page_num, page_length)
            if raw_page.pagenum < page_num:
                return {"results": [], "hits": 0}
            return self._process_results(raw_page, result_class=result_class)

    def update(self, index, iterable, commit=True):
        """Add or replace the objects' documents in one writer and one commit that merges only small segments.

        Waits up to WRITER_LOCK_TIMEOUT_SECONDS for Whoosh's writer lock, where the stock engine's
        AsyncWriter buffers in a thread. The documents are prepared before the lock is taken.
        """
        if not self.setup_complete:
            self.setup()
        documents = prepare_documents(self, index, iterable)
        self.index = self.index.refresh()
        update_documents(self.index, documents, timeout=WRITER_LOCK_TIMEOUT_SECONDS)

    def remove(self, obj_or_string, commit=True):
        """Delete one document (an object or its "app.model.pk" identifier); a missing one is ignored.

        Waits up to WRITER_LOCK_TIMEOUT_SECONDS for Whoosh's writer lock, which haystack's own commands
        (update_index, rebuild_index) hold, where the stock engine raises LockError at once.
        """
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        writer = self.index.writer(timeout=WRITER_LOCK_TIMEOUT_SECONDS)
        writer.delete_by_term(ID_FIELD, get_identifier(obj_or_string))
        # A deletion needs no segment merge; merging on every delete rewrote small segments each time.
        writer.commit(merge=False)

    def _model_filters(self, searcher, models, limit_to_registered_models, *, commit: Commit) -> list:
        """Return the Whoosh filter restricting a search to the models asked for, or none if it restricts nothing.

        The models are the given ones, else the registered ones when limit_to_registered_models (or
        the HAYSTACK_LIMIT_TO_REGISTERED_MODELS setting) says so. A restriction that keeps every
        document of the index still costs a pass over all of them, so it is left out.
        """
        if models:
            content_types = {get_model_ct(model) for model in models}
        else:
            if limit_to_registered_models is None:
                limit_to_registered_models = getattr(settings, "HAYSTACK_LIMIT_TO_REGISTERED_MODELS", True)
            if not limit_to_registered_models:
                return []
            content_types = set(self.build_models_list())
        if indexed_content_types(searcher, commit=commit) <= content_types:
            return []
        return [whoosh_query.Or([whoosh_query.Term(DJANGO_CT, ct) for ct in sorted(content_types)])]

    def _highlight(self, results, parsed, searcher) -> None:
        """Set each result's highlighted text: its stored document field with the query's words in <em>.

        The words are the query's own terms as the index holds them (prefixes expanded), matched by
        the field's analyzer, so stems and accent-folded forms are marked too. Whoosh escapes the text.
        """
        name = self.content_field_name
        terms = {
            text.decode("utf-8") if isinstance(text, bytes) else text
            for fieldname, text in parsed.existing_terms(searcher.reader(), phrases=True, expand=True)
            if fieldname == name
        }
        analyzer = self.schema[name].analyzer
        for result in results:
            text = getattr(result, name, None)
            if text:
                marked = whoosh_highlight(text, terms, analyzer, ContextFragmenter(), WhooshHtmlFormatter("em"))
                result.highlighted = {name: [marked]}

    def create_spelling_suggestion(self, query_string):
        """Return the query with each unknown word replaced by the closest indexed word, unstemmed."""
        if VOCABULARY_FIELD not in self.schema:
            return super().create_spelling_suggestion(query_string)
        cleaned = force_str(query_string)
        for reserved in (*self.RESERVED_WORDS, *self.RESERVED_CHARACTERS):
            cleaned = cleaned.replace(reserved, "")
        return " ".join(self.suggest_spelling(cleaned.split())) if cleaned.split() else None

    def _sort_facet(self, sort_by):
        facets = []
        for order in sort_by:
            name = order.lstrip("-")
            if name not in self.schema:
                raise SearchBackendError(f"Cannot sort by '{name}': it is not a field of the index.")
            facets.append(FieldFacet(name, reverse=order.startswith("-")))
        return facets[0] if len(facets) == 1 else MultiFacet(facets)


class ArchiveWhooshEngine(WhooshEngine):
    backend = ArchiveWhooshBackend
    query = WhooshSearchQuery


class _RecordingCollector(collectors.WrappingCollector):
    """Passes every collected document on, and remembers its number for the facet counts."""

    def prepare(self, top_searcher, q, context) -> None:
        super().prepare(top_searcher, q, context)
        self.seen: set[int] = set()

    def collect(self, sub_docnum):
        self.seen.add(self.offset + sub_docnum)
        return self.child.collect(sub_docnum)


def collect_page(searcher, parsed, page_num, page_length, *, allowed, excluded, sortedby, is_recording):
    """Return (the results page, every matching document number as a sorted array if is_recording)
    from one pass of Whoosh's collectors: for the queries search/vectorised.py does not evaluate.

    Every match is visited, so the total and the facet counts are exact in every sort order.
    Whoosh's TopCollector by default (replace=10) swaps in a narrower matcher once its top N are
    full, skipping documents that cannot enter the top N: "said" counted 1,709 of 15,418 articles
    at 20,000. replace=0 and no block-quality skipping keep every match. A second, unscored pass
    for the facet counts evaluated each query twice (hundreds of ms for a phrase of common words
    at 100,000 articles).
    """
    limit = page_num * page_length
    if sortedby is not None:
        top = collectors.SortingCollector(sortedby, limit=limit)
    else:
        top = collectors.TopCollector(limit=limit, usequality=False, replace=0)
    recorder = _RecordingCollector(top) if is_recording else top
    if allowed is not None or excluded:
        outer = collectors.FilterCollector(recorder, allow=allowed, restrict=excluded or None)
    else:
        outer = recorder
    searcher.search_with_collector(parsed, outer)
    matched = np.array(sorted(recorder.seen) if is_recording else [], dtype=np.int64)
    return ResultsPage(outer.results(), page_num, page_length), matched


def no_results(*, facets) -> dict:
    """Return haystack's search result for no matches, with empty facet counts if facets were asked for."""
    results = {"results": [], "hits": 0, "spelling_suggestion": None}
    if facets:
        results["facets"] = {"fields": {name: [] for name in facets}, "dates": {}, "queries": {}}
    return results


def _every_document(node):
    return whoosh_query.Every() if isinstance(node, whoosh_query.Every) else node


def _live_index_folder(configured_path: str) -> str:
    # rebuild_index swaps a symbolic link at the configured path to a freshly built folder; the real
    # path names the folder a searcher reads now. (rebuild.py imports the models, so not from there.)
    return os.path.realpath(configured_path)
