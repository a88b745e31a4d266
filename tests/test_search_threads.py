"""One Whoosh searcher per process, shared by its threads: the same answers as one thread at a time,
and a searcher in use is never closed under a thread that reads it when the index changes.
"""

import threading
from datetime import date, timedelta

import pytest

from articles.models import Article, Section
from articles.search.indexing import update_search_index

FACETS = ["source", "year"]
QUERIES = ["bank", "harvest", "bank OR harvest", "bank AND NOT harvest", "grain", "farmers"]
NARROWS = [[], ['source:"Body Wire"'], ['NOT source:"Body Wire"'], ['NOT source:"Body Wire"', "day:[20240101 TO 20240520]"]]
THREADS = 6
ROUNDS = 5


@pytest.fixture
def wire_archive(db, search_index):
    """Forty articles from two wires over forty days, some about a bank, some about a harvest."""
    saved = []
    for number in range(40):
        topic = "bank" if number % 3 else "harvest"
        article = Article.objects.create(
            title=f"{topic.title()} report {number}", slug=f"report-{number}",
            published=date(2024, 6, 1) - timedelta(days=number),
            source="Body Wire" if number % 2 else "Title Wire", content_hash=str(number),
        )
        text = f"Farmers spoke to the {topic} about grain." if number % 4 else f"The {topic} report is out."
        Section.objects.create(article=article, position=0, heading="", anchor="intro", text=text)
        saved.append(article)
    update_search_index(article_ids=[a.pk for a in saved])
    return saved


def answer(backend, query: str, narrows: list[str]) -> tuple:
    """Return what a page shows of one engine search: total, hits in order, facet counts."""
    results = backend.search(query, end_offset=10, facets=FACETS, narrow_queries=set(narrows))
    return results["hits"], [r.pk for r in results["results"]], results["facets"]["fields"]


def test_threads_searching_at_once_get_what_one_thread_gets(wire_archive, search_index):
    expected = {(q, tuple(n)): answer(search_index, q, n) for q in QUERIES for n in NARROWS}
    assert expected[("bank", ())][0] > 10  # more matches than one page: every match is counted
    got: list[tuple] = []
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def search_repeatedly() -> None:
        start.wait()
        try:
            for _ in range(ROUNDS):
                for (query, narrows) in expected:
                    got.append(((query, narrows), answer(search_index, query, list(narrows))))
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=search_repeatedly) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(got) == THREADS * ROUNDS * len(expected)
    assert all(result == expected[key] for key, result in got)


def test_a_negative_filter_leaves_out_exactly_the_documents_it_names(wire_archive, search_index):
    every = {a.pk for a in wire_archive if "Bank" in a.title}
    body_wire = {a.pk for a in wire_archive if "Bank" in a.title and a.source == "Body Wire"}
    results = search_index.search("bank", end_offset=100, facets=FACETS, narrow_queries={'NOT source:"Body Wire"'})
    assert results["hits"] == len(every - body_wire)
    assert {int(r.pk) for r in results["results"]} == every - body_wire
    assert dict(results["facets"]["fields"]["source"]) == {"Title Wire": len(every - body_wire)}


def test_a_search_waits_for_a_reader_and_then_sees_the_new_commit(wire_archive, search_index):
    reader_ready, commit_done = threading.Event(), threading.Event()
    counts: dict[str, int] = {}

    def hold_the_searcher() -> None:
        with search_index.reading() as (searcher, _):
            reader_ready.set()
            commit_done.wait(timeout=30)
            # The index has a new commit now; this thread's searcher must still be open and unchanged.
            counts["reader"] = len(list(searcher.docs_for_query(search_index.parse_query("bank"))))

    def search_after_commit() -> None:
        counts["searcher"] = search_index.search("bank", end_offset=10)["hits"]

    before = search_index.search("bank", end_offset=10)["hits"]
    holder = threading.Thread(target=hold_the_searcher)
    holder.start()
    assert reader_ready.wait(timeout=30)
    article = Article.objects.create(title="Bank report new", slug="report-new", published=date(2024, 6, 2),
                                     source="Title Wire", content_hash="new")
    Section.objects.create(article=article, position=0, heading="", anchor="intro", text="The bank report.")
    update_search_index(article_ids=[article.pk])
    later = threading.Thread(target=search_after_commit)
    later.start()
    commit_done.set()
    holder.join(timeout=30)
    later.join(timeout=30)
    assert counts == {"reader": before, "searcher": before + 1}


def test_the_threads_of_a_process_read_one_searcher_and_a_new_thread_can_start_with_a_prefix(wire_archive, search_index):
    from haystack import connections

    from articles.search.limits import count_prefix_expansions

    searchers, totals, errors = [], [], []

    def search_in_a_fresh_thread() -> None:
        # haystack gives each thread its own backend object; the searcher must still be the process's one.
        try:
            # A prefix query's limit check is a new thread's first use of the index ("farm*": farmers).
            totals.append(count_prefix_expansions("farm", limit=100))
            with connections["default"].get_backend().reading() as (searcher, _):
                searchers.append(searcher)
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=search_in_a_fresh_thread) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert totals == [1, 1, 1]
    assert len({id(searcher) for searcher in searchers}) == 1
