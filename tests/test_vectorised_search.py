"""The vectorised search (search/vectorised.py) finds exactly what Whoosh's own collectors find, and
did-you-mean (search/corrections.py) suggests exactly what Whoosh's corrector suggests.

Same index, same query, same filters and sort, with VECTORISED on and off: the same total, facet
counts, hits in the same order and scores equal as floats. The index is 44 real articles (BBC and
Reuters) written in three segments, then updated (deleted documents and a new segment), and every
query shape of the site's syntax is tried in every sort order, with and without filters, with each
of Whoosh's ways to combine OR clauses.
"""

from collections import Counter
from datetime import date, timedelta

import pytest
from whoosh.query import Or

from articles.models import Article
from articles.search import vectorised as vectorised_search
from articles.search.corrections import suggest_word
from articles.search.query import parse_user_query
from articles.search.service import find_role, resolve_filter_value
from articles.search.writing import prepare_documents, write_new_index
from articles.search_indexes import with_index_data
from tests.conftest import article_index, backend_on

# The site's query syntax (parsed by search/query.py, as search_articles does): every shape it makes.
QUERIES = [
    "*", "minister", "said", "oil prices", "prime minister said", '"prime minister"', '"the prime minister"',
    '"said on"', '"no such phrase here"', "election OR oil", "oil OR bank OR rates OR war", "minister -said",
    "said -minister -government", "-said", "gov*", "pr*", "s*", "gov* -bank", '"prime minister" OR election',
    "(oil OR gas) -minister", "title:minister", "country:britain", "leader:putin", "country:britain minister",
    "date:1987", "nosuchword", "minister nosuchword", "nosuchword OR bank",
]
SORTS = [None, ["-published"], ["published", "id"], ["-published", "title"], ["title"]]
FACETS = ["leaders", "countries", "topics", "year", "source", "story_copy"]
NARROWS = [
    [], ['source:"Reuters"'], ['countries:"united-states"', "NOT story_copy:later"],
    ['source:"BBC News"', "day:[19880101 TO 19951231]"], ['NOT countries:"japan"'],
]
OR_MATCHERS = {"auto": Or.AUTO_MATCHER, "binary tree": Or.DEFAULT_MATCHER, "array": Or.ARRAY_MATCHER}


@pytest.fixture
def updated_index(labelled_archive, tmp_path):
    """Return the folder of an index of the archive in three segments, then with a third of it updated
    (the old copies deleted, the new ones in a fourth segment) and one article removed.

    The pages carry no date or source: each article gets one (a few share a date, for ties).
    """
    for number, pk in enumerate(labelled_archive):
        Article.objects.filter(pk=pk).update(
            published=date(1987, 1, 1) + timedelta(days=number % 30 * 97), source=("Reuters", "BBC News")[number % 2]
        )
    folder = tmp_path / "index"
    writer = backend_on(folder, VECTORISED=False)
    ordered = list(Article.objects.filter(pk__in=labelled_archive).values_list("pk", flat=True))
    parts = [ordered[len(ordered) * n // 3 : len(ordered) * (n + 1) // 3] for n in range(3)]
    batches = [iter([prepare_documents(writer, article_index(), with_index_data(Article.objects.filter(pk__in=part)))]) for part in parts]
    write_new_index(writer.index, batches)
    writer.update(article_index(), with_index_data(Article.objects.filter(pk__in=ordered[5:20])))
    writer.remove(Article.objects.get(pk=ordered[30]))
    return folder


def every_result(backend, *, narrow: list[str]) -> dict:
    """Return, per query and sort, the total, the facet counts and every hit (id, score), in order."""
    results = {}
    for text in QUERIES:
        engine_query = parse_user_query(text, resolve=resolve_filter_value, resolve_role=find_role).engine_query
        for sort in SORTS:
            found = backend.search(engine_query, sort_by=sort, facets=FACETS, narrow_queries=set(narrow), end_offset=1000)
            hits = [(hit.pk, hit.score) for hit in found["results"]]
            results[(text, str(sort))] = (found["hits"], found.get("facets", {}).get("fields"), hits)
    return results


def assert_facets_count_the_hits(backend, *, narrow: list[str]) -> None:
    """Every facet count is the number of hits (all of them on one page) whose stored field holds the value."""
    for text in QUERIES:
        engine_query = parse_user_query(text, resolve=resolve_filter_value, resolve_role=find_role).engine_query
        found = backend.search(engine_query, facets=FACETS, narrow_queries=set(narrow), end_offset=1000)
        for name in FACETS:
            counted = Counter()
            for hit in found["results"]:
                value = getattr(hit, name, None)
                counted.update(value if isinstance(value, list) else [] if value in (None, "") else [value])
            expected = sorted(counted.items(), key=lambda item: (-item[1], item[0]))
            assert [(str(value), count) for value, count in found["facets"]["fields"][name]] == [
                (str(value), count) for value, count in expected
            ], (text, name)


@pytest.mark.parametrize("or_matcher", OR_MATCHERS)
@pytest.mark.parametrize("narrow", NARROWS, ids=lambda narrow: " + ".join(narrow) or "no filter")
def test_vectorised_search_finds_what_whoosh_finds(updated_index, narrow, or_matcher, monkeypatch):
    monkeypatch.setattr(Or, "matcher_type", OR_MATCHERS[or_matcher])
    vectorised = backend_on(updated_index, VECTORISED=True)
    whoosh = backend_on(updated_index, VECTORISED=False)
    with whoosh.reading() as (searcher, _):
        assert len(list(searcher.leaf_searchers())) == 4 and searcher.doc_count() < searcher.doc_count_all()

    expected = every_result(whoosh, narrow=narrow)

    assert every_result(vectorised, narrow=narrow) == expected
    assert_facets_count_the_hits(vectorised, narrow=narrow)
    # Not vacuous: most queries find something, and the scores differ between hits.
    assert sum(1 for total, _, _ in expected.values() if total) > len(expected) / 2
    assert len({score for _, _, hits in expected.values() for _, score in hits}) > 100


@pytest.mark.parametrize("ranked_share", [1, 10**9], ids=["keys of the matches", "ranks of every document"])
def test_sorted_searches_list_what_whoosh_lists_both_ways_of_sorting(updated_index, ranked_share, monkeypatch):
    # A sort reads the matches' own keys when they are a small share of the index, else per-commit ranks.
    monkeypatch.setattr(vectorised_search, "RANKED_SHARE", ranked_share)
    vectorised = backend_on(updated_index, VECTORISED=True)
    whoosh = backend_on(updated_index, VECTORISED=False)

    assert every_result(vectorised, narrow=["NOT story_copy:later"]) == every_result(whoosh, narrow=["NOT story_copy:later"])


def test_pages_past_the_first_list_the_same_hits(updated_index):
    vectorised = backend_on(updated_index, VECTORISED=True)
    whoosh = backend_on(updated_index, VECTORISED=False)
    for sort in SORTS:
        for start in (0, 3, 10, 40):
            pages = [backend.search("said OR minister", sort_by=sort, start_offset=start, end_offset=start + 3) for backend in (vectorised, whoosh)]
            assert [(r.pk, r.score) for r in pages[0]["results"]] == [(r.pk, r.score) for r in pages[1]["results"]]
            assert pages[0]["hits"] == pages[1]["hits"]


# Typed words: misspellings one and two edits away, transpositions, a prefix, words too short or too
# long to be near anything, and a known word.
TYPED_WORDS = ["minster", "minsiter", "goverment", "govenrment", "electoin", "prise", "bnak", "saidd", "s", "oi",
               "internationalisation", "economyy", "rats", "ministers", "parlament", "tradee", "minister"]


@pytest.mark.parametrize("maxdist", [1, 2])
def test_did_you_mean_suggests_what_whoosh_suggests(updated_index, maxdist):
    backend = backend_on(updated_index, VECTORISED=True)
    words_by_prefix: dict = {}
    suggested = {}
    with backend.reading() as (searcher, _):
        reader = searcher.reader()
        corrector = searcher.corrector("vocabulary")
        for word in TYPED_WORDS:
            expected = corrector.suggest(word, limit=1, maxdist=maxdist, prefix=1)
            found = suggest_word(reader, "vocabulary", word, maxdist=maxdist, prefix=1, words_by_prefix=words_by_prefix)
            assert ([found] if found is not None else []) == expected, word
            suggested[word] = found
    assert sum(1 for found in suggested.values() if found) >= len(TYPED_WORDS) / 2


def test_field_lengths_are_what_whoosh_reads_document_by_document(updated_index):
    # The lengths are read as one run of bytes; Whoosh reads each document's byte (None: no length).
    backend = backend_on(updated_index, VECTORISED=True)
    with backend.reading() as (searcher, _):
        without_leaders = 0
        for segment, _ in searcher.leaf_searchers():
            reader = segment.reader()
            for name in ("text", "title", "leaders", "countries", "topics"):
                expected = [reader.doc_field_length(docnum, name) for docnum in range(reader.doc_count_all())]
                read = vectorised_search._read_lengths(reader, name)
                assert [None if length != length else length for length in read.tolist()] == expected, name
                without_leaders += name == "leaders" and expected.count(None)
    assert without_leaders  # documents with no leader: the bytes past the stored run read as none
