"""check_index: missing, stale and orphaned search documents are reported, and repaired with --repair."""

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from articles.search.consistency import check_search_index
from articles.search.indexing import remove_from_search_index, update_search_index
from articles.search.service import search_articles
from tests.conftest import write_page

PAGE = """Macron Meets Scholz in Paris

Source: Demo Wire
Published: 2023-06-01

French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris on Thursday to discuss energy prices.
"""


@pytest.fixture
def two_articles(imported, tmp_path):
    first = write_page(tmp_path, "a.txt", PAGE)
    second = write_page(tmp_path, "b.txt", PAGE.replace("Paris", "Berlin").replace("energy", "defence"))
    results = imported(first, second)
    assert [r.status for r in results] == ["created", "created"]
    return [Article.objects.get(pk=r.article_id) for r in results]


def test_a_freshly_imported_archive_is_consistent(two_articles, capsys):
    call_command("check_index")
    assert "The index matches the database (2 published articles)" in capsys.readouterr().out


def test_missing_stale_and_orphaned_documents_are_reported_then_repaired(two_articles, capsys):
    kept, removed = two_articles
    remove_from_search_index(article_ids=[kept.pk])  # missing
    Article.objects.filter(pk=removed.pk).update(title="Renamed behind the index's back")
    update_search_index(article_ids=[removed.pk])
    Article.objects.filter(pk=removed.pk).update(title="Renamed again")  # stale
    ghost = Article.objects.create(title="Ghost", slug="ghost", content_hash="x")
    update_search_index(article_ids=[ghost.pk])
    Article.objects.filter(pk=ghost.pk).delete()  # orphaned

    report = check_search_index()
    assert (report.missing, report.stale, report.orphaned) == ([kept.pk], [removed.pk], [ghost.pk])
    with pytest.raises(CommandError, match="check_index --repair"):
        call_command("check_index")

    call_command("check_index", "--repair")
    assert "Repaired" in capsys.readouterr().out
    assert check_search_index().is_consistent
    titles = [hit.article.title for hit in search_articles("Scholz", page=1).hits]
    assert sorted(titles) == ["Macron Meets Scholz in Paris", "Renamed again"]
