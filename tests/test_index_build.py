"""How the Whoosh index is written must not change what it holds or finds.

The reference is haystack's stock Whoosh writer (WhooshSearchBackend.update, what the product used
before) with every article in one writer. The product's build writes parts in parallel processes
(search/writing.py); both must hold the same stored documents and terms and give the same hits, in
the same order, with the same scores, totals and facet counts.
"""

from pathlib import Path

import pytest
from haystack.backends.whoosh_backend import WhooshSearchBackend

from articles.exceptions import SearchIndexBuildError
from articles.models import Article
from articles.search.rebuild import rebuild_search_index
from articles.search.writing import prepare_documents, write_new_index
from articles.search_indexes import with_index_data
from tests.conftest import article_index, backend_on

QUERIES = ["*", "minister", "election OR oil", '"prime minister"', "gov*", "bank rates", "said"]
SORTS = [None, ["-published"], ["published", "id"]]
FACETS = ["leaders", "countries", "topics", "year", "source", "story_copy"]


def stored_documents(backend) -> dict:
    with backend.index.searcher() as searcher:
        return {fields["id"]: fields for fields in searcher.all_stored_fields()}


def term_frequencies(backend) -> dict:
    with backend.index.reader() as reader:
        return {(name, text): (reader.doc_frequency(name, text), reader.frequency(name, text)) for name, text in reader.all_terms()}


def every_result(backend) -> dict:
    """Return, per query and sort, the total, the facet counts and every hit with its score, in order."""
    results = {}
    for query in QUERIES:
        for sort in SORTS:
            found = backend.search(query, sort_by=sort, facets=FACETS, end_offset=1000)
            hits = [(hit.pk, hit.score) for hit in found["results"]]
            results[(query, str(sort))] = (found["hits"], found["facets"]["fields"], hits)
    return results


def stock_index(folder: Path, ids: list[int]):
    backend = backend_on(folder)
    WhooshSearchBackend.update(backend, article_index(), list(with_index_data(Article.objects.filter(pk__in=ids))))
    return backend


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_an_index_written_in_parts_holds_and_finds_what_the_stock_writer_does(labelled_archive, tmp_path, processes):
    reference = stock_index(tmp_path / "stock", labelled_archive)
    built = backend_on(tmp_path / "built")
    # In the archive's order (newest first), as rebuild_index hands them out.
    ordered = list(Article.objects.filter(pk__in=labelled_archive).values_list("pk", flat=True))
    parts = [ordered[len(labelled_archive) * n // processes : len(labelled_archive) * (n + 1) // processes] for n in range(processes)]
    batches = [
        iter([prepare_documents(built, article_index(), with_index_data(Article.objects.filter(pk__in=part[:10]))),
              prepare_documents(built, article_index(), with_index_data(Article.objects.filter(pk__in=part[10:])))])
        for part in parts
    ]

    assert write_new_index(built.index, batches) == len(labelled_archive)

    assert stored_documents(built) == stored_documents(reference)
    assert term_frequencies(built) == term_frequencies(reference)
    assert every_result(built) == every_result(reference)


def test_rebuild_index_holds_and_finds_what_the_stock_writer_does(labelled_archive, search_index, tmp_path):
    reference = stock_index(tmp_path / "stock", labelled_archive)

    rebuilt = backend_on(Path(rebuild_search_index(batch_size=7).folder))

    assert stored_documents(rebuilt) == stored_documents(reference)
    assert every_result(rebuilt) == every_result(reference)


def test_reindexing_articles_replaces_their_documents_without_duplicates(labelled_archive, search_index):
    from articles.search.indexing import update_search_index

    def found(query):
        result = search_index.search(query, end_offset=1000)
        return result["hits"], sorted(hit.pk for hit in result["results"])

    before = {query: found(query) for query in QUERIES}
    update_search_index(article_ids=labelled_archive[:20])
    update_search_index(article_ids=labelled_archive[10:30])

    assert found("*") == (len(labelled_archive), sorted(str(pk) for pk in labelled_archive))
    # Scores may move (Whoosh keeps a replaced document's lengths until its segment is merged); hits may not.
    assert {query: found(query) for query in QUERIES} == before


def test_a_failing_writer_process_fails_the_build_and_commits_nothing(labelled_archive, tmp_path):
    built = backend_on(tmp_path / "built")
    documents = prepare_documents(built, article_index(), with_index_data(Article.objects.filter(pk__in=labelled_archive)))
    # A field the schema does not have: Whoosh's add_document refuses it in the second writer process.
    broken = [{**documents[-1], "no_such_field": "x"}]

    with pytest.raises(SearchIndexBuildError, match="An index writer process failed"):
        write_new_index(built.index, [iter([documents[:-1]]), iter([broken])])

    assert built.index.refresh().doc_count() == 0


# One text per quirk of analysis: the product's writer analyses planned fields itself (search/writing.py)
# and must index exactly what Whoosh's own analysis does.
ANALYSED_TEXTS = {
    "plain news": "The Prime Minister said on Tuesday that the talks were running late.",
    "stop words first": "the of and to a minister",
    "only stop words": "The and of to it is",
    "empty": "",
    "accents": "Erdoğan met Lula da Silva in São Paulo; café, naïve, Zürich.",
    "abbreviations and numbers": "U.S. GDP rose 3.5% in Q1 2024, said the I.M.F. (1,000,000 jobs).",
    "apostrophes and hyphens": "Britain's long-term plan isn't ready: the minister's re-election bid.",
    "repeated words": "oil oil OIL Oil prices, oil and oil; prices rose rose rose",
    "one-letter words": "a b c d e f g x y z I",
    "greek and turkish case": "ΟΔΟΣ Σίσυφος İstanbul DİYARBAKIR ΣΑΣ",
    "underscores and wildcards": "snake_case_word file_name.txt star* *",
    "long text": " ".join(["The minister's talks on oil and rates ran late in Zürich."] * 40),
}


def analysis_schema():
    from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer, StopFilter
    from whoosh.fields import ID, KEYWORD, TEXT, Schema

    from articles.search.analysis import build_text_analyzer, build_vocabulary_analyzer

    return Schema(
        body=TEXT(analyzer=build_text_analyzer(), stored=True),
        vocabulary=TEXT(analyzer=build_vocabulary_analyzer(), phrase=False),
        # Whoosh's own chain: a tokenizer whose expression has a group, its Porter stemmer, a
        # field boost, and a separate spelling copy of the unstemmed words.
        title=TEXT(analyzer=StemmingAnalyzer(), field_boost=2.0, spelling=True),
        # A stop filter that keeps the stopped words' positions, no lowercasing.
        unrenumbered=TEXT(analyzer=RegexTokenizer() | StopFilter(renumber=False)),
        # Filters in another order: analysed by Whoosh itself.
        reordered=TEXT(analyzer=RegexTokenizer() | StopFilter() | LowercaseFilter()),
        tags=KEYWORD(commas=True, scorable=True),
        slug=ID(stored=True, sortable=True),
        boosted=ID(field_boost=1.5),
    )


def every_posting(index) -> dict:
    """Return each term's postings (document, weight, value bytes), each document's field lengths and stored fields."""
    with index.reader() as reader:
        postings = {}
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            found = []
            while matcher.is_active():
                found.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            postings[(fieldname, text)] = found
        lengths = {
            (docnum, name): reader.doc_field_length(docnum, name)
            for docnum in range(reader.doc_count_all()) for name in index.schema.scorable_names()
        }
        return {"postings": postings, "lengths": lengths, "stored": list(reader.all_stored_fields())}


@pytest.mark.parametrize("text", ANALYSED_TEXTS.values(), ids=ANALYSED_TEXTS.keys())
def test_the_index_writer_indexes_each_text_as_whoosh_analyses_it(tmp_path, text):
    from whoosh import index as whoosh_index
    from whoosh.writing import SegmentWriter

    from articles.search.segments import ArchiveSegmentWriter

    documents = [
        {"body": text, "vocabulary": text, "title": text, "unrenumbered": text, "reordered": text, "tags": "oil,rates",
         "slug": text[:30], "boosted": text},
        {"body": "Oil rates, said the minister.", "vocabulary": "Oil rates", "title": text[:20], "tags": "oil", "slug": ""},
    ]
    indexes = {}
    for name, writer_class in (("whoosh", SegmentWriter), ("archive", ArchiveSegmentWriter)):
        (tmp_path / name).mkdir()
        index = whoosh_index.create_in(str(tmp_path / name), analysis_schema())
        writer = writer_class(index)
        for document in documents:
            writer.add_document(**document)
        writer.commit()
        indexes[name] = index

    assert every_posting(indexes["archive"]) == every_posting(indexes["whoosh"])


def test_the_index_writer_writes_the_same_segment_files_as_whoosh(tmp_path):
    """Byte for byte: posting blocks (many documents per term: several blocks), term table, lengths, stored fields."""
    from whoosh import index as whoosh_index
    from whoosh.writing import SegmentWriter

    from articles.search.segments import ArchiveSegmentWriter

    texts = list(ANALYSED_TEXTS.values())
    documents = [
        {"body": text, "vocabulary": text, "title": texts[n % 5], "unrenumbered": text, "reordered": text, "tags": f"t{n % 7},oil" + (",first128" if n < 128 else ""),
         # Terms with exactly one and two full blocks (128 postings each), and with more.
         "slug": f"s{n % 3}", "boosted": "first256" if n < 256 else text[:n % 9]}
        for n, text in enumerate(texts * 40)
    ]
    files = {}
    for name, writer_class in (("whoosh", SegmentWriter), ("archive", ArchiveSegmentWriter)):
        (tmp_path / name).mkdir()
        index = whoosh_index.create_in(str(tmp_path / name), analysis_schema())
        # Not one compound file: it lists its parts with the time they were written.
        writer = writer_class(index, compound=False)
        for document in documents:
            writer.add_document(**document)
        writer.commit()
        segment_id = index.reader().segment().segment_id()
        files[name] = {
            path.name.replace(segment_id, "SEGMENT"): path.read_bytes()
            for path in (tmp_path / name).iterdir() if segment_id in path.name
        }

    assert sorted(files["archive"]) == sorted(files["whoosh"])
    assert files["archive"] == files["whoosh"]
