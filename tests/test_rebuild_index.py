"""rebuild_index builds beside the live index and swaps it in: searches meanwhile answer from the old one."""

import os
import threading

import pytest
from django.core.management import call_command

from articles.search.service import search_articles
from tests.conftest import HARBOUR_NEWEST_FIRST, search_titles, write_page

PAGES = 12


@pytest.fixture
def geneva_articles(transactional_db, search_index, tmp_path):
    from articles.entities.tables import seed_entities
    from articles.imports.pipeline import import_paths
    from articles.tagging import load_gazetteer

    # A transactional test flushes every table afterwards, the gazetteer rows the migration loaded too.
    seed_entities(gazetteer=load_gazetteer())
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(PAGES):
        write_page(folder, f"geneva{n}.txt", f"Geneva round {n} ends\n\nNegotiators met in Geneva for round {n} of talks on Gaza.\n")
    results = import_paths([str(folder)])
    assert [r.status for r in results] == ["created"] * PAGES
    return results


def test_searches_during_a_rebuild_always_answer_from_a_complete_index(geneva_articles, search_index):
    assert search_articles("geneva").total == PAGES
    totals, errors = [], []
    rebuilding = threading.Event()
    rebuilding.set()

    def search_until_done():
        try:
            while rebuilding.is_set():
                totals.append(search_articles("geneva").total)
            totals.append(search_articles("geneva").total)
        except Exception as error:  # reported below; a thread's exception would be lost
            errors.append(error)

    searcher = threading.Thread(target=search_until_done)
    searcher.start()
    try:
        # One article per commit: the build takes a while, and each commit is a moment the old way showed partial counts.
        call_command("rebuild_index", "--noinput", "--batch-size", "1", "--no-progress")
        call_command("rebuild_index", "--noinput", "--batch-size", "1", "--no-progress")
    finally:
        rebuilding.clear()
        searcher.join()
    assert errors == []
    assert len(totals) > 2
    assert set(totals) == {PAGES}


def test_a_rebuild_picks_up_a_change_the_index_missed_and_keeps_only_the_previous_folder(geneva_articles, search_index):
    from articles.models import Article

    path = search_index.configured_path
    Article.objects.filter(title="Geneva round 0 ends").update(is_published=False)  # saved, index not told
    for _ in range(3):
        call_command("rebuild_index", "--noinput", "--no-progress")
    assert os.path.islink(path)
    assert search_articles("geneva").total == PAGES - 1
    builds = [name for name in os.listdir(os.path.dirname(path)) if name.startswith(os.path.basename(path) + "-build-")]
    assert len(builds) == 2  # the live folder and the one before it
    call_command("check_index")


def test_a_rebuild_lists_equally_relevant_undated_articles_after_the_dated_ones(client, harbour_articles):
    # A rebuild writes the archive newest first and equal scores keep that order, so the database's
    # place for undated articles would otherwise decide theirs.
    call_command("rebuild_index", "--noinput", "--no-progress")
    assert search_titles(client, q="harbour") == HARBOUR_NEWEST_FIRST  # five equal scores
