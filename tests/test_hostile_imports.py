"""Imports that once lost a page: two different pages that share only a file name (index.html in two
folders, the same member name in two folders of a zip) are two articles, never one overwriting the other."""

import csv
import io
import zipfile

import pytest

from articles.models import Article
from articles.search.service import search_articles

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


@pytest.fixture
def search_index(any_search_index):
    """Each test here runs on each search engine (the PostgreSQL one on PostgreSQL)."""
    return any_search_index


def test_pages_sharing_only_a_file_name_in_two_folders_are_two_articles(imported, tmp_path):
    for folder, text in (("2023", FIRST_PAGE), ("2024", SECOND_PAGE)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.txt").write_text(text, encoding="utf-8")
    results = imported(tmp_path / "2023" / "index.txt", tmp_path / "2024" / "index.txt")
    assert [r.status for r in results] == ["created", "created"], [r.error for r in results]
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "Erdogan Visits Berlin for Trade Talks", "Macron Meets Scholz in Paris"]


def test_zip_members_sharing_only_a_file_name_are_two_articles(imported, tmp_path):
    archive = zip_of(tmp_path, [("2023/index.txt", FIRST_PAGE), ("2024/index.txt", SECOND_PAGE)])
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


def test_an_uploaded_zip_whose_members_share_only_a_file_name_imports_both(db, search_index, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.imports.jobs import create_import_batch, run_import_batch

    archive = zip_of(tmp_path, [("2023/index.txt", FIRST_PAGE), ("2024/index.txt", SECOND_PAGE)])
    batch = create_import_batch(files=[SimpleUploadedFile("pages.zip", archive.read_bytes())])
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


def zip_of(tmp_path, members: list[tuple[str | zipfile.ZipInfo, bytes | str]]):
    archive = tmp_path / "odd.zip"
    with zipfile.ZipFile(archive, "w") as pages:
        for name, content in members:
            pages.writestr(name, content)
    return archive


def test_a_zip_holding_one_name_twice_reports_both_members(imported, tmp_path):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name, which is the point
        archive = zip_of(tmp_path, [("index.txt", FIRST_PAGE), ("index.txt", SECOND_PAGE)])
    results = imported(archive)
    assert len(results) == 2
    assert all(r.status in ("created", "failed") for r in results), [(r.status, r.error) for r in results]
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "Erdogan Visits Berlin for Trade Talks", "Macron Meets Scholz in Paris"]


@pytest.mark.parametrize(
    "members, expected",
    [
        ([("page.html/", b""), ("page.html/inner.txt", FIRST_PAGE)], {"odd.zip/page.html/inner.txt": "created"}),
        ([("empty.txt", b""), ("good.txt", FIRST_PAGE)], {"odd.zip/empty.txt": "failed", "odd.zip/good.txt": "created"}),
        ([("x" * 300 + "/" + "y" * 300 + ".txt", FIRST_PAGE)], {"odd.zip/" + "x" * 300 + "/" + "y" * 300 + ".txt": "created"}),
        ([("line\nbreak\x1b[31m.txt", FIRST_PAGE)], {"odd.zip/line\nbreak\x1b[31m.txt": "created"}),
        ([("caf\u00e9 \u202egnp.txt", FIRST_PAGE)], {"odd.zip/caf\u00e9 \u202egnp.txt": "created"}),
    ],
    ids=["directory named like a page", "zero-byte member", "600-character name", "control characters in the name",
         "accent and right-to-left override in the name"],
)
def test_odd_zip_member_names_import_or_fail_with_a_reason(imported, tmp_path, members, expected):
    results = imported(zip_of(tmp_path, members))
    assert {r.file[r.file.index("odd.zip/"):]: r.status for r in results} == expected, [r.error for r in results]
    assert all(r.error for r in results if r.status == "failed")


def test_odd_zip_member_names_survive_an_upload_batch_and_its_report(db, search_index, tmp_path, admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.imports.jobs import create_import_batch, run_import_batch, write_batch_csv

    long_name = "x" * 700 + "/" + "y" * 700 + ".txt"
    archive = zip_of(tmp_path, [(long_name, FIRST_PAGE), ("line\nbreak.txt", SECOND_PAGE)])
    batch = create_import_batch(files=[SimpleUploadedFile("odd.zip", archive.read_bytes())])
    run_import_batch(batch_id=batch.pk)
    assert sorted(batch.files.values_list("status", flat=True)) == ["created", "created"]
    assert admin_client.get(batch.get_absolute_url()).status_code == 200
    report = io.StringIO()
    write_batch_csv(batch=batch, stream=report)
    assert len(list(csv.reader(io.StringIO(report.getvalue())))) == 3


def test_a_page_re_imported_with_changed_text_is_one_article_found_by_its_new_words_only(imported, tmp_path):
    page = tmp_path / "story.txt"
    page.write_text(FIRST_PAGE)
    imported(page)
    page.write_text(FIRST_PAGE.replace("energy prices", "submarine contracts"))
    [result] = imported(page)
    assert result.status == "updated"
    assert search_articles("submarine").total == 1
    assert search_articles("energy").total == 0
    assert search_articles("Scholz").total == 1


RANDOM_CJK = "".join(chr(0x4E00 + (n * 7919) % 20000) for n in range(1900))


@pytest.mark.parametrize(
    "url", ["https://example.org/" + "a" * 2500, "https://example.org/" + RANDOM_CJK], ids=["2,500 ASCII characters", "1,900 random CJK characters"]
)
def test_a_url_too_long_to_keep_is_dropped_whole_and_the_page_still_imports(imported, tmp_path, url):
    page = tmp_path / "long_url.txt"
    page.write_text(FIRST_PAGE.replace("Published:", f"URL: {url}\nPublished:"), encoding="utf-8")
    [result] = imported(page)
    assert result.status == "created", result.error
    assert Article.objects.get().url == ""  # never a cut URL, which would link somewhere else
    assert len(result.warnings) == 1 and "URL has" in result.warnings[0] and "dropped whole" in result.warnings[0]


@pytest.mark.slow
def test_a_page_with_too_many_words_for_the_postgres_index_fails_with_a_clear_reason(imported, tmp_path, search_index):
    from django.db import connection

    if connection.vendor != "postgresql" or type(search_index).__module__ != "articles.search.postgres":
        pytest.skip("The limit is PostgreSQL's tsvector size (1 MB), met only by the PostgreSQL engine.")
    words = " ".join(f"{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}{chr(97 + n // 676 % 26)}{chr(97 + n // 17576 % 26)}"
                     f"w{n:06d}" for n in range(150_000))
    big = tmp_path / "words.txt"
    big.write_text(f"Many Words Page\n\nGerman Chancellor Olaf Scholz met Italian leaders in Rome.\n\n{words}\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(FIRST_PAGE, encoding="utf-8")
    results = imported(big, good)
    assert [r.status for r in results] == ["failed", "created"]
    assert "too many different words" in results[0].error and "split the page" in results[0].error
    assert Article.objects.count() == 1


LONG_TITLE = "Ministers " + " ".join(f"agree{n}" for n in range(100))  # 799 characters
LONG_HEADING = "What the " + " ".join(f"ministers{n}" for n in range(60))  # 718 characters
LONG_SOURCE = " ".join(["Coastal Wire"] * 30)  # 389 characters
BODY = ("The council approved the plan for the new harbour wall on Monday, the mayor said, "
        "after three years of storms had broken the old one twice.")


@pytest.mark.parametrize("text, expected", [
    ("ten chars!", "ten chars!"),
    ("one two three four", "one two…"),
    ("one, two, three", "one, two…"),
    ("東京都は月曜日新しい防災計画を発表した", "東京都は月曜日新し…"),
    ("abcdefghijklmno", "abcdefghi…"),
], ids=["fits", "words", "a comma before the cut", "no spaces (Japanese)", "one long word"])
def test_values_longer_than_their_column_are_cut_at_a_word_with_an_ellipsis(text, expected):
    from articles.imports.fields import cut_at_word

    assert cut_at_word(text, limit=10) == expected


def test_over_long_title_heading_and_source_are_cut_at_a_word_reported_and_no_text_is_lost(imported, tmp_path):
    page = tmp_path / "long.html"
    page.write_text(f'<html><head><title>{LONG_TITLE}</title><meta property="og:site_name" content="{LONG_SOURCE}"></head>'
                    f"<body><article><h1>{LONG_TITLE}</h1><p>{BODY}</p><h2>{LONG_HEADING}</h2><p>Work starts in May.</p>"
                    "</article></body></html>", encoding="utf-8")
    [result] = imported(page)
    assert result.status == "created", result.error
    article = Article.objects.get()
    for stored, full, limit in ((article.title, LONG_TITLE, 500), (article.source, LONG_SOURCE, 200)):
        assert len(stored) <= limit and stored.endswith("…")
        assert full.startswith(stored[:-1]) and full[len(stored) - 1] == " "  # cut between two words
    sections = list(article.sections.order_by("position"))
    assert sections[0].text == BODY
    assert len(sections[1].heading) <= 500 and sections[1].heading.endswith("…")
    assert sections[1].paragraphs == [LONG_HEADING, "Work starts in May."]  # the full heading is kept as text
    assert [warning.split(" has ")[0] for warning in result.warnings] == ["The title", "The source name", "Section 2's heading"]
    assert "799 characters" in result.warnings[0] and "cut to " in result.warnings[0]


def test_a_page_that_fits_its_columns_has_no_warnings(imported, tmp_path):
    page = tmp_path / "short.txt"
    page.write_text(FIRST_PAGE, encoding="utf-8")
    [result] = imported(page)
    assert (result.status, result.warnings) == ("created", ())


def test_control_characters_and_lone_surrogates_in_a_title_or_byline_do_not_fail_the_import(imported, tmp_path):
    page = tmp_path / "nul.html"
    page.write_text('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
                    '"headline": "Harbour\\u0000 Wall \\u0007Approved\\ud800", "author": {"name": "Ann\\u0000 Smith"}, '
                    '"publisher": {"name": "Coast\\u0001 Wire"}}</script></head>'
                    f"<body><article><h2>Plans&#0; and &#1;costs</h2><p>{BODY}</p></article></body></html>", encoding="utf-8")
    [result] = imported(page)
    assert result.status == "created", result.error
    article = Article.objects.get()
    assert (article.title, article.source) == ("Harbour Wall Approved", "Coast Wire")
    assert article.sections.get().heading.replace("\ufffd", "") == "Plans and costs"


def test_over_long_title_warning_is_in_the_batch_report_page_and_csv(db, search_index, tmp_path, admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.imports.jobs import create_import_batch, run_import_batch, write_batch_csv

    page = f"{LONG_TITLE}\n\nSource: Demo Wire\n\n{BODY}\n".encode()
    batch = create_import_batch(files=[SimpleUploadedFile("long.txt", page)])
    run_import_batch(batch_id=batch.pk)
    [row] = batch.files.all()
    assert row.status == "created" and row.warnings.startswith("The title has 799 characters")
    assert "The title has 799 characters" in admin_client.get(batch.get_absolute_url()).content.decode()
    report = io.StringIO()
    write_batch_csv(batch=batch, stream=report)
    [header, line] = list(csv.DictReader(io.StringIO(report.getvalue())).fieldnames), next(csv.DictReader(io.StringIO(report.getvalue())))
    assert "warnings" in header and line["warnings"] == row.warnings


def zip_with_raw_member_names(tmp_path, members: list[tuple[bytes, str]]):
    """Return a zip whose member names are the given bytes, written without the UTF-8 flag (as many tools do)."""
    archive = tmp_path / "raw.zip"
    placeholders = [(f"n{index:0{len(raw) - 5}d}.txt".encode(), raw) for index, (raw, _) in enumerate(members)]
    with zipfile.ZipFile(archive, "w") as pages:
        for (placeholder, _), (_, content) in zip(placeholders, members):
            pages.writestr(placeholder.decode(), content)
    data = archive.read_bytes()
    for placeholder, raw in placeholders:
        data = data.replace(placeholder, raw)  # in the local header and the central directory
    archive.write_bytes(data)
    return archive


def test_utf8_zip_member_names_without_the_utf8_flag_are_read_as_utf8(imported, tmp_path):
    archive = zip_with_raw_member_names(tmp_path, [("café.txt".encode(), FIRST_PAGE), (b"caf\x82.txt", SECOND_PAGE)])
    results = imported(archive)
    # The second name is not UTF-8: it stays as cp437 reads it ("é" in the DOS code page).
    assert [(r.file.split("/")[-1], r.status) for r in results] == [("café.txt", "created"), ("café.txt", "created")]
    assert sorted(Article.objects.values_list("source_name", flat=True)) == ["café.txt", "café.txt"]
