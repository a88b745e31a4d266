"""Imports that once lost a page: two different pages that share only a file name (index.html in two
folders, the same member name in two folders of a zip) are two articles, never one overwriting the other."""

import io
import zipfile

from articles.models import Article

FIRST_PAGE = """Macron Meets Scholz in Paris

Source: Demo Wire
Published: 2023-06-01

French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris on Thursday to discuss energy prices.
"""
SECOND_PAGE = """Erdogan Visits Berlin for Trade Talks

Source: Demo Wire
Published: 2024-02-01

Turkish President Recep Tayyip Erdogan arrived in Berlin on Monday for talks on trade and migration.
"""


def test_pages_sharing_only_a_file_name_in_two_folders_are_two_articles(imported, tmp_path):
    for folder, text in (("2023", FIRST_PAGE), ("2024", SECOND_PAGE)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.txt").write_text(text, encoding="utf-8")
    results = imported(tmp_path / "2023" / "index.txt", tmp_path / "2024" / "index.txt")
    assert [r.status for r in results] == ["created", "created"], [r.error for r in results]
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "Erdogan Visits Berlin for Trade Talks", "Macron Meets Scholz in Paris"]


def test_zip_members_sharing_only_a_file_name_are_two_articles(imported, tmp_path):
    archive = tmp_path / "pages.zip"
    with zipfile.ZipFile(archive, "w") as pages:
        pages.writestr("2023/index.txt", FIRST_PAGE)
        pages.writestr("2024/index.txt", SECOND_PAGE)
    assert [r.status for r in imported(archive)] == ["created", "created"]
    assert Article.objects.count() == 2


def test_pages_with_different_urls_are_two_articles_even_under_one_file_name(imported, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text(FIRST_PAGE.replace("Published:", "URL: https://example.org/one\nPublished:"))
    [first] = imported(tmp_path / "a" / "story.txt")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "story.txt").write_text(SECOND_PAGE.replace("Published:", "URL: https://example.org/two\nPublished:"))
    [second] = imported(tmp_path / "b" / "story.txt")
    assert (first.status, second.status) == ("created", "created")
    assert Article.objects.count() == 2


def test_an_uploaded_zip_whose_members_share_only_a_file_name_imports_both(db, search_index):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.imports.jobs import create_import_batch, run_import_batch

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as pages:
        pages.writestr("2023/index.txt", FIRST_PAGE)
        pages.writestr("2024/index.txt", SECOND_PAGE)
    batch = create_import_batch(files=[SimpleUploadedFile("pages.zip", buffer.getvalue())])
    run_import_batch(batch_id=batch.pk)
    assert dict(batch.files.values_list("name", "status")) == {"pages.zip/2023/index.txt": "created", "pages.zip/2024/index.txt": "created"}
    assert Article.objects.count() == 2


def test_a_changed_page_re_imported_later_under_its_file_name_is_still_updated_in_place(imported, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text(FIRST_PAGE)
    [first] = imported(tmp_path / "a" / "story.txt")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "story.txt").write_text(FIRST_PAGE.replace("energy prices.", "energy prices and defence."))
    [second] = imported(tmp_path / "b" / "story.txt")
    assert (first.status, second.status) == ("created", "updated")
    assert Article.objects.count() == 1
