"""Preview before publishing: a previewed batch is cleaned and tagged, shown to the admin, and invisible until published."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.imports.jobs import create_import_batch, run_import_batch
from articles.imports.preview import PreviewError, drop_tag, fix_page, preview_batch, publish_pages, skip_page
from articles.models import Article, ImportStatus
from articles.search.indexing import read_indexed_articles
from articles.search.service import search_articles
from tests.conftest import FIXTURES, write_page

STORIES = FIXTURES / "stories"
UNDATED_BRIEF = """Putin speaks on gas

Source: Demo Wire

Russian President Vladimir Putin said on Monday that gas deliveries to Europe would continue.
"""


@pytest.fixture
def staff_client(db, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("editor", is_staff=True, is_superuser=True))
    return client


def upload(path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")


@pytest.fixture
def previewed(db, search_index, tmp_path):
    """A preview batch of the wire story and an undated brief, run by the job: nothing published yet."""
    brief = write_page(tmp_path, "brief.txt", UNDATED_BRIEF)
    batch = create_import_batch(files=[upload(STORIES / "wire.txt"), upload(brief)], is_preview=True)
    return run_import_batch(batch_id=batch.pk)


def reader_sees(client, article: Article) -> dict[str, bool]:
    return {
        "page": client.get(article.get_absolute_url()).status_code == 200,
        "api": client.get(reverse("articles:api-article", args=[article.slug])).status_code == 200,
        "search": article.title in [hit.article.title for hit in search_articles("grain OR gas").hits],
        "index": article.pk in read_indexed_articles(),
        "feed": article.title in client.get("/leaders/vladimir-putin/feed/").content.decode()
        + client.get("/search/feed/", {"q": "grain"}).content.decode(),
        "sitemap": article.slug in client.get("/sitemap-articles.xml").content.decode(),
    }


def test_a_previewed_batch_is_cleaned_and_tagged_but_nothing_is_visible_or_indexed(previewed, client):
    articles = list(Article.objects.order_by("pk"))
    assert [a.title for a in articles] == ["Ministers agree on grain corridor after late talks", "Putin speaks on gas"]
    assert not any(a.is_published for a in articles)
    assert articles[1].leaders.filter(slug="vladimir-putin").exists()
    for article in articles:
        assert reader_sees(client, article) == dict.fromkeys(("page", "api", "search", "index", "feed", "sitemap"), False)


def test_publishing_makes_the_pages_visible_and_indexed(previewed, client):
    assert publish_pages(batch=previewed) == 2
    for article in Article.objects.all():
        assert reader_sees(client, article) == dict.fromkeys(("page", "api", "search", "index", "feed", "sitemap"), True)


def test_publishing_selected_pages_leaves_the_others_unpublished(previewed):
    wire_row = previewed.files.get(position=0)
    assert publish_pages(batch=previewed, row_ids=[wire_row.pk]) == 1
    assert dict(Article.objects.values_list("title", "is_published")) == {
        "Ministers agree on grain corridor after late talks": True, "Putin speaks on gas": False,
    }


def test_preview_lists_title_date_source_headings_words_tags_with_sentences_and_warnings(previewed):
    wire, brief = preview_batch(batch=previewed, limit=10)
    assert (wire.article.source, str(wire.article.published), wire.word_count) == ("Demo Wire", "2024-03-04", 184)
    assert wire.warnings == []
    assert brief.article.published is None
    assert [w.code for w in brief.warnings] == ["no-date", "short"]
    [putin] = [tag for tag in brief.tags if tag.name == "Vladimir Putin"]
    assert putin.sentence.startswith("Russian President Vladimir Putin said on Monday")


def test_a_page_like_a_published_article_is_warned_as_a_duplicate(db, search_index, imported):
    imported(STORIES / "wire.txt")
    batch = create_import_batch(files=[upload(STORIES / "edited.txt")], is_preview=True)
    [page] = preview_batch(batch=run_import_batch(batch_id=batch.pk), limit=10)
    [warning] = [w for w in page.warnings if w.code == "duplicate"]
    assert warning.message.startswith("Looks like a copy of “Ministers agree on grain corridor after late talks” (Demo Wire")
    assert page.article.story_id is None  # grouped only when published
    publish_pages(batch=batch)
    assert Article.objects.get(pk=page.article.pk).story_id is not None


def test_a_page_whose_cleaning_kept_little_of_its_text_is_warned(db, search_index):
    chrome = "<nav>" + " ".join(f"<a href='/s{i}'>Section link number {i}</a>" for i in range(200)) + "</nav>"
    page = (STORIES / "wire.txt").read_text().split("\n\n", 3)[3]
    html = f"<!doctype html><html><head><title>Grain deal</title></head><body>{chrome}<article><h1>Grain deal</h1>" + "".join(
        f"<p>{p}</p>" for p in page.split("\n\n")
    ) + "</article></body></html>"
    batch = create_import_batch(files=[SimpleUploadedFile("grain.html", html.encode())], is_preview=True)
    [preview] = preview_batch(batch=run_import_batch(batch_id=batch.pk), limit=10)
    assert [w.message for w in preview.warnings if w.code == "little-kept"][0].startswith("Cleaning kept ")


def test_fix_drop_and_skip_change_the_preview_before_publishing(previewed):
    wire_row, brief_row = previewed.files.order_by("position")
    fix_page(row=wire_row, title="Grain corridor to reopen", published=None)
    drop_tag(row=brief_row, kind="leader", name="Vladimir Putin")
    assert not Article.objects.get(pk=brief_row.article_id).leaders.exists()
    skip_page(row=brief_row)
    assert publish_pages(batch=previewed) == 1
    assert list(Article.objects.values_list("title", "published", "is_published")) == [("Grain corridor to reopen", None, True)]
    brief_row.refresh_from_db()
    assert brief_row.status == ImportStatus.SKIPPED
    with pytest.raises(PreviewError, match="only unpublished previewed pages can be changed"):
        fix_page(row=previewed.files.get(position=0), title="Again", published=None)


def test_previewing_a_page_already_published_leaves_the_article_as_it_is(db, search_index, imported, tmp_path):
    imported(STORIES / "wire.txt")
    changed = write_page(tmp_path, "wire.txt", (STORIES / "wire.txt").read_text().replace("twelve countries", "thirteen countries"))
    batch = run_import_batch(batch_id=create_import_batch(files=[upload(changed)], is_preview=True).pk)
    assert batch.files.get().status == ImportStatus.UNCHANGED
    assert "twelve countries" in Article.objects.get().sections.first().text


def test_the_batch_page_shows_the_preview_and_the_full_article_preview_is_staff_only(previewed, staff_client, client):
    page = staff_client.get(reverse("admin:articles_importbatch_change", args=[previewed.pk])).content.decode()
    assert "Preview: nothing of this batch is published until you publish it" in page
    assert "No date found" in page and "Publish all previewed pages" in page
    row = previewed.files.get(position=0)
    preview_url = reverse("admin:articles_importbatch_preview", args=[previewed.pk, row.pk])
    full = staff_client.get(preview_url).content.decode()
    assert "Preview: this page is not published" in full and "Ministers agree on grain corridor" in full
    assert client.get(preview_url).status_code == 302  # readers are sent to the login page


def test_upload_form_can_choose_preview_first(staff_client, search_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        staff_client.post(
            reverse("admin:articles_importbatch_add"),
            {"files": [upload(STORIES / "wire.txt")], "source": "", "published": "", "is_preview": "on"},
        )
    from articles.models import ImportBatch

    assert ImportBatch.objects.get().is_preview


@pytest.fixture
def preview_site(live_server, search_index, transactional_db, django_user_model, tmp_path):
    from articles.entities.tables import seed_entities
    from articles.tagging import load_gazetteer

    # A transactional test flushes every table afterwards, the gazetteer rows the migration loaded too.
    seed_entities(gazetteer=load_gazetteer())
    django_user_model.objects.create_user("editor", password="preview-pass", is_staff=True, is_superuser=True)
    brief = write_page(tmp_path, "brief.txt", UNDATED_BRIEF)
    batch = create_import_batch(files=[upload(STORIES / "wire.txt"), upload(brief)], is_preview=True)
    run_import_batch(batch_id=batch.pk)
    return live_server.url, batch


@pytest.mark.browser
def test_preview_screen_fix_drop_publish_in_a_browser(preview_site, browser_page):
    site, batch = preview_site
    page = browser_page
    wire = Article.objects.get(title__startswith="Ministers agree")
    assert page.goto(site + wire.get_absolute_url()).status == 404
    page.goto(site + reverse("admin:login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "preview-pass")
    page.click("input[type=submit]")
    page.goto(site + reverse("admin:articles_importbatch_change", args=[batch.pk]))
    brief = page.locator("#page-1")
    assert "No date found" in brief.inner_text() and "Very short" in brief.inner_text()
    assert "Russian President Vladimir Putin said on Monday" in brief.inner_text()
    brief.get_by_role("button", name="Drop tag Vladimir Putin").click()
    page.wait_for_load_state()
    assert "tag “Vladimir Putin” dropped" in page.locator(".messagelist").first.inner_text()
    page.locator("#page-1").get_by_label("Date").fill("2024-03-06")
    page.locator("#page-1").get_by_role("button", name="Save title and date").click()
    page.wait_for_load_state()
    assert "2024-03-06" in page.locator("#page-1").inner_text()
    page.locator("#page-0").get_by_role("link", name="Full preview of the article page").click()
    assert "Preview: this page is not published" in page.locator(".preview-banner").inner_text()
    page.go_back()
    page.get_by_label("Select page 0").check()
    page.get_by_role("button", name="Publish selected pages").click()
    page.wait_for_load_state()
    assert "1 page(s) published" in page.locator(".messagelist").first.inner_text()
    assert page.goto(site + wire.get_absolute_url()).status == 200
    assert not Article.objects.get(title="Putin speaks on gas").is_published


HEADING_TOPIC_PAGE = """Donors meet in Cairo

Source: Demo Wire
Published: 2024-03-04

Donor countries met in Cairo on Monday to discuss funding for hospitals, schools and water supplies across the region, officials said. The meeting lasted most of the day and ended without a final statement.

Gaza ceasefire

Delegates said a Gaza ceasefire would make deliveries easier, but the talks were about money for reconstruction and the next meeting is planned for June in Amman.
"""


def test_a_tag_found_in_a_heading_but_barely_in_the_text_is_warned(db, search_index, tmp_path):
    page = write_page(tmp_path, "donors.txt", HEADING_TOPIC_PAGE)
    batch = run_import_batch(batch_id=create_import_batch(files=[upload(page)], is_preview=True).pk)
    [preview] = preview_batch(batch=batch, limit=10)
    assert [w.message for w in preview.warnings if w.code == "heading-tag"] == [
        "“Gaza ceasefire” is named in a heading but only 1 time in the text; drop it if the article is not about it."
    ]


UNDATED_PREMIER_BRIEF = """Premier Li meets investors

Source: Demo Wire

Premier Li met foreign investors in Beijing and promised that China would open more of its markets to them.
"""


def test_a_leader_chosen_without_a_date_is_proposed_with_the_note_that_says_so(db, search_index, tmp_path, staff_client):
    page = write_page(tmp_path, "premier.txt", UNDATED_PREMIER_BRIEF)
    batch = run_import_batch(batch_id=create_import_batch(files=[upload(page)], is_preview=True).pk)
    [preview] = preview_batch(batch=batch, limit=10)
    [premier] = [tag for tag in preview.tags if tag.kind == "leader"]
    assert premier.name == "Li Qiang"
    assert premier.note == "The article has no date: taken to be the latest holder of the title “Premier”."
    html = staff_client.get(reverse("admin:articles_importbatch_change", args=[batch.pk])).content.decode()
    assert "taken to be the latest holder of the title “Premier”" in html


def test_a_right_to_left_override_in_a_title_cannot_reorder_the_preview_line(db, search_index, staff_client, tmp_path):
    # U+202E in a page's title would otherwise run on into the date and source that follow it on the line:
    # the cleaner removes it, and the title is isolated in <bdi> all the same.
    page = write_page(tmp_path, "rtl.txt", UNDATED_BRIEF.replace("\n", "\u202e Kremlin\n", 1))
    batch = run_import_batch(batch_id=create_import_batch(files=[upload(page)], is_preview=True).pk)
    html = staff_client.get(reverse("admin:articles_importbatch_change", args=[batch.pk])).content.decode()
    assert "Putin speaks on gas Kremlin</bdi></strong> · no date · <bdi>" in html
    assert "\u202e" not in html


@pytest.mark.parametrize("action, data", [
    ("publish", {"page": ["²"]}),
    ("publish", {"page": ["9" * 30]}),
    ("publish", {"page": ["abc"]}),
    ("drop-tag", {"kind": "bogus", "name": "Vladimir Putin"}),
    ("drop-tag", {}),
], ids=repr)
def test_a_preview_action_naming_no_page_or_kind_says_so_and_changes_nothing(previewed, staff_client, action, data):
    row = previewed.files.get(position=1)  # the brief: it names Putin
    url = reverse("admin:articles_importbatch_page", args=[previewed.pk, row.pk, action]) if action != "publish" \
        else reverse("admin:articles_importbatch_publish", args=[previewed.pk])
    response = staff_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "Nothing was published" in response.content.decode() or "No entity kind" in response.content.decode()
    assert not Article.objects.filter(is_published=True).exists()
    assert row.article.leaders.filter(name="Vladimir Putin").exists()
