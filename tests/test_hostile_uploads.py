"""Hostile uploads: each unsafe archive member is refused with its reason, the rest still imports,
and imported markup is shown as text everywhere (article page, search, admin, feeds)."""

import gzip
import io
import stat
import zipfile
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.imports.jobs import create_import_batch, run_import_batch, write_batch_csv
from articles.imports.zips import PageFile, RefusedFile, iter_pages
from articles.models import Article, ImportFile, ImportStatus

GOOD_PAGE = """Macron Meets Scholz in Paris

Source: Demo Wire
Published: 2023-06-01

French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris on Thursday to discuss energy prices.
"""

HOSTILE_PAGE = """<script>alert('title')</script> Scholz Visits Rome

Source: <img src=x onerror=alert('source')>
Published: 2023-06-02

German Chancellor Olaf Scholz met Italian leaders in Rome <img src=x onerror=alert('body')> on Friday.

Read <a href="javascript:alert('link')">the statement</a> and <script>alert('body')</script> more about Scholz.
"""



def build_zip(members: dict[str, bytes | str], *, symlinks: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in symlinks:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def read_upload(tmp_path, name: str, data: bytes) -> dict[str, PageFile | RefusedFile]:
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    return {item.name: item for item in iter_pages(path, name=name)}


def reason(items: dict, name: str) -> str:
    item = items[name]
    assert isinstance(item, RefusedFile), f"{name} was not refused"
    return item.reason


@pytest.mark.parametrize(
    "member, expected",
    [
        ("../escape.txt", "Unsafe path"),
        ("pages/../../escape.txt", "Unsafe path"),
        ("/etc/cron.d/escape.txt", "Unsafe path"),
        ("..\\windows\\escape.txt", "Unsafe path"),
        ("C:/escape.txt", "Unsafe path"),
        ("payload.exe", "not an HTML or text page"),
        ("photo.png", "not an HTML or text page"),
        ("__MACOSX/._page.pdf", "not an HTML or text page"),
    ],
)
def test_an_unsafe_or_foreign_member_is_refused_and_the_good_one_still_reads(tmp_path, member, expected):
    items = read_upload(tmp_path, "up.zip", build_zip({member: GOOD_PAGE, "good.txt": GOOD_PAGE}))
    assert expected in reason(items, f"up.zip/{member}")
    assert items["up.zip/good.txt"].data == GOOD_PAGE.encode()


def test_a_symbolic_link_member_is_refused(tmp_path):
    items = read_upload(tmp_path, "up.zip", build_zip({"link.txt": "/etc/passwd", "good.txt": GOOD_PAGE}, symlinks=("link.txt",)))
    assert "symbolic link" in reason(items, "up.zip/link.txt")
    assert isinstance(items["up.zip/good.txt"], PageFile)


def test_an_encrypted_member_is_refused(tmp_path):
    data = bytearray(build_zip({"secret.txt": GOOD_PAGE}))
    # Set the "encrypted" flag bit in the local header and the central directory (zipfile cannot encrypt).
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.find(signature) + offset] |= 0x1
    items = read_upload(tmp_path, "up.zip", bytes(data))
    assert "encrypted" in reason(items, "up.zip/secret.txt")


def test_a_zip_bomb_member_is_refused_by_its_expansion_ratio_while_streaming(tmp_path):
    bomb = b"\0" * (3 * 1024 * 1024)  # 3 MB of zeros deflate to about 3 KB: ~1000x
    items = read_upload(tmp_path, "up.zip", build_zip({"bomb.txt": bomb, "good.txt": GOOD_PAGE}))
    assert "zip bomb" in reason(items, "up.zip/bomb.txt")
    assert isinstance(items["up.zip/good.txt"], PageFile)


def test_a_member_whose_header_understates_its_size_is_not_trusted(tmp_path):
    data = bytearray(build_zip({"liar.txt": "A" * 200_000, "good.txt": GOOD_PAGE}))
    # Rewrite the declared uncompressed size (local header and central directory) to 100 bytes.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        position = data.find(signature)
        data[position + offset : position + offset + 4] = (100).to_bytes(4, "little")
    items = read_upload(tmp_path, "up.zip", bytes(data))
    assert isinstance(items["up.zip/liar.txt"], RefusedFile)
    assert isinstance(items["up.zip/good.txt"], PageFile)


def test_the_archive_total_is_counted_while_streaming_and_stops_the_rest(tmp_path, settings):
    settings.ARTICLES_MAX_ARCHIVE_EXPANDED_BYTES = 2 * len(GOOD_PAGE) + 10
    items = read_upload(tmp_path, "up.zip", build_zip({f"p{n}.txt": GOOD_PAGE for n in range(4)}))
    assert [isinstance(items[f"up.zip/p{n}.txt"], PageFile) for n in range(4)] == [True, True, False, False]
    assert "ARTICLES_MAX_ARCHIVE_EXPANDED_BYTES" in reason(items, "up.zip/p3.txt")


def test_a_page_over_the_page_limit_is_refused_naming_the_setting(tmp_path, settings):
    settings.ARTICLES_MAX_PAGE_BYTES = 1000
    items = read_upload(tmp_path, "up.zip", build_zip({"long.txt": GOOD_PAGE * 20, "good.txt": GOOD_PAGE}))
    assert "ARTICLES_MAX_PAGE_BYTES" in reason(items, "up.zip/long.txt")
    assert isinstance(items["up.zip/good.txt"], PageFile)


def test_too_many_members_are_refused_past_the_limit(tmp_path, settings):
    settings.ARTICLES_MAX_ARCHIVE_MEMBERS = 2
    items = read_upload(tmp_path, "up.zip", build_zip({f"p{n}.txt": GOOD_PAGE for n in range(3)}))
    assert "ARTICLES_MAX_ARCHIVE_MEMBERS" in reason(items, "up.zip/p2.txt")
    assert isinstance(items["up.zip/p1.txt"], PageFile)


def test_a_gzip_bomb_page_is_refused(tmp_path):
    bomb = gzip.compress(b"\0" * (21 * 1024 * 1024))
    items = read_upload(tmp_path, "up.zip", build_zip({"bomb.txt.gz": bomb, "good.txt.gz": gzip.compress(GOOD_PAGE.encode())}))
    assert isinstance(items["up.zip/bomb.txt.gz"], RefusedFile)
    assert items["up.zip/good.txt.gz"].data == GOOD_PAGE.encode()


def test_one_level_of_nested_archive_is_read_and_a_deeper_one_is_refused(tmp_path):
    deepest = build_zip({"deep.txt": GOOD_PAGE})
    inner = build_zip({"inner.txt": GOOD_PAGE, "deeper.zip": deepest})
    items = read_upload(tmp_path, "up.zip", build_zip({"inner.zip": inner}))
    assert isinstance(items["up.zip/inner.zip/inner.txt"], PageFile)
    assert "nested" in reason(items, "up.zip/inner.zip/deeper.zip")
    assert "up.zip/inner.zip/deeper.zip/deep.txt" not in items


def test_a_file_that_is_not_a_zip_is_refused_as_a_whole(tmp_path):
    items = read_upload(tmp_path, "fake.zip", b"this is not a zip archive")
    assert "not a readable zip archive" in reason(items, "fake.zip")


def test_a_hostile_archive_imports_its_good_pages_and_reports_every_refusal(db, search_index):
    archive = build_zip(
        {
            "good.txt": GOOD_PAGE,
            "../escape.txt": GOOD_PAGE,
            "link.txt": "/etc/passwd",
            "bomb.txt": b"\0" * (3 * 1024 * 1024),
            "virus.exe": b"MZ",
        },
        symlinks=("link.txt",),
    )
    batch = create_import_batch(files=[SimpleUploadedFile("hostile.zip", archive)])
    run_import_batch(batch_id=batch.pk)
    statuses = dict(batch.files.values_list("name", "status"))
    assert statuses == {
        "hostile.zip/good.txt": "created",
        "hostile.zip/../escape.txt": "failed",
        "hostile.zip/link.txt": "failed",
        "hostile.zip/bomb.txt": "failed",
        "hostile.zip/virus.exe": "failed",
    }
    assert all(row.error for row in batch.files.filter(status=ImportStatus.FAILED))
    assert Article.objects.count() == 1


def test_an_uploaded_file_name_cannot_choose_where_it_is_stored(db, settings):
    batch = create_import_batch(files=[SimpleUploadedFile("../../outside.txt", GOOD_PAGE.encode())])
    [upload] = batch.uploads
    assert upload["name"] == "outside.txt"
    assert upload["path"].startswith(f"imports/{batch.pk}/")
    assert (settings.MEDIA_ROOT / upload["path"]).is_file()


def test_a_report_cell_that_looks_like_a_formula_is_neutralised_in_the_csv(db):
    batch = create_import_batch(files=[SimpleUploadedFile("=HYPERLINK(evil).txt", b"")])
    run_import_batch(batch_id=batch.pk)
    text = io.StringIO()
    write_batch_csv(batch=batch, stream=text)
    assert "'=HYPERLINK(evil).txt" in text.getvalue()


@pytest.fixture
def hostile_article(db, search_index):
    batch = create_import_batch(files=[SimpleUploadedFile("hostile.txt", HOSTILE_PAGE.encode())])
    run_import_batch(batch_id=batch.pk)
    [row] = batch.files.all()
    assert row.status == "created", row.error
    return row.article


@pytest.fixture
def superuser_client(db, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("boss", password=None))
    return client


def assert_no_live_markup(html: str) -> None:
    """Fail if the page, parsed as a browser would, runs anything the hostile page carried."""
    document = BeautifulSoup(html, "lxml")
    for script in document.find_all("script"):
        if script.get("type") in ("application/ld+json", "application/json"):
            assert "<" not in script.get_text(), script  # data: must not be able to close the element
        else:
            assert "alert(" not in script.get_text(), script
    for element in document.find_all(True):
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            assert not (name.startswith("on") and "alert" in value), element
            assert not value.strip().lower().startswith("javascript:"), element
    assert not document.find("img", src="x")


@pytest.mark.parametrize("where", ["article page", "search results", "admin article", "admin import report"])
def test_imported_markup_is_shown_as_text_never_as_live_markup(hostile_article, superuser_client, where):
    urls = {
        "article page": hostile_article.get_absolute_url() + "?q=scholz",
        "search results": "/search/?q=scholz",
        "admin article": reverse("admin:articles_article_change", args=[hostile_article.pk]),
        "admin import report": reverse("admin:articles_importbatch_change", args=[ImportFile.objects.get().batch_id]),
    }
    response = superuser_client.get(urls[where])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Scholz" in html
    assert_no_live_markup(html)
    assert "&lt;script&gt;" in html or "&lt;img" in html


def test_imported_markup_in_a_feed_is_escaped_text(hostile_article, client):
    response = client.get("/search/feed/?q=scholz")
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)
    summaries = [element for element in feed.iter() if element.tag.endswith(("summary", "content"))]
    titles = [element for element in feed.iter() if element.tag.endswith("title")]
    assert any("Scholz" in (element.text or "") for element in summaries)
    for summary in summaries:  # type="html": a reader renders the text as HTML, so it must be escaped
        assert_no_live_markup(summary.text or "")
    for title in titles:  # Atom's default type="text": shown as text by readers, never as markup
        assert title.get("type", "text") == "text"
