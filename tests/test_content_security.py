"""Stored links and page script: only http(s) original URLs reach a page, feed or export, and a
Content-Security-Policy forbids inline script everywhere."""

import json
import re

import pytest

from articles.models import Article, BatchStatus, Section
from tests.conftest import write_page

DUMP_WITH_URL = """Talks in Geneva end without a deal

Source: Sample Wire
Published: 2024-03-04
URL: {url}

Negotiators left Geneva on Monday without a deal after three days of talks on the ceasefire.
"""
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.domain)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x", "//evil.example/x"]
)
def test_a_dump_url_header_that_is_not_http_is_not_stored_or_shown(client, imported, tmp_path, url):
    [result] = imported(write_page(tmp_path, "geneva.txt", DUMP_WITH_URL.format(url=url)))
    assert result.status == "created", result.error
    assert Article.objects.get(slug=result.slug).url == ""
    html = client.get(f"/articles/{result.slug}/").content.decode()
    assert "Original:" not in html
    assert client.get(f"/api/articles/{result.slug}/").json()["original_url"] is None


def test_an_http_dump_url_header_is_kept_and_linked(client, imported, tmp_path):
    [result] = imported(write_page(tmp_path, "geneva.txt", DUMP_WITH_URL.format(url="https://news.example.org/geneva")))
    html = client.get(f"/articles/{result.slug}/").content.decode()
    assert 'Original: <a href="https://news.example.org/geneva"' in html


@pytest.fixture
def stored_javascript_url(db, search_index):
    """A row saved before the check existed, holding a javascript: URL."""
    from articles.search.indexing import update_search_index

    article = Article.objects.create(
        title="Geneva talks", slug="geneva-talks", url="javascript:alert(document.domain)", content_hash="z"
    )
    Section.objects.create(article=article, position=0, anchor="intro", text="Negotiators left Geneva.")
    update_search_index(article_ids=[article.pk])
    return article


def test_a_stored_javascript_url_is_never_output(client, stored_javascript_url):
    slug = stored_javascript_url.slug
    outputs = [
        client.get(f"/articles/{slug}/").content.decode(),
        client.get(f"/api/articles/{slug}/").content.decode(),
        client.get("/search/export.json", {"q": "geneva"}).content.decode(),
        client.get("/search/export.csv", {"q": "geneva"}).content.decode(),
    ]
    assert json.loads(outputs[2])["results"][0]["title"] == "Geneva talks"
    for output in outputs:
        assert "javascript:" not in output


@pytest.mark.parametrize("path", ["/", "/search/?q=gaza", "/leaders/", "/healthz", "/api/search/?q=x", "/admin/login/"])
def test_every_response_forbids_inline_and_foreign_script(client, seed_article, path):
    policy = client.get(path)["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"


STYLE_MARKUP = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


def test_pages_carry_no_inline_style_which_the_policy_would_block(client, seed_article, admin_client):
    paths = [
        "/", "/search/?q=gaza", f"/articles/{seed_article.slug}/?q=gaza", "/leaders/", "/leaders/vladimir-putin/",
        "/roles/", "/roles/president-of-russia/", "/trends/?leader=vladimir-putin", "/countries/", "/topics/",
    ]
    pages = {path: client.get(path) for path in paths}
    for path in ("/admin/", "/admin/articles/article/", f"/admin/articles/article/{seed_article.pk}/change/", "/admin/articles/leader/"):
        pages[path] = admin_client.get(path)
    for path, response in pages.items():
        assert response.status_code == 200, path
        assert not STYLE_MARKUP.search(response.content.decode()), path


def test_pages_carry_no_inline_script_only_files_and_json_ld_data(client, seed_article, admin_client):
    from articles.models import ImportBatch

    batch = ImportBatch.objects.create(status=BatchStatus.RUNNING)
    pages = [
        client.get(path).content.decode()
        for path in ("/", "/search/?q=gaza", f"/articles/{seed_article.slug}/?q=gaza", "/leaders/", "/leaders/vladimir-putin/")
    ]
    pages.append(admin_client.get(f"/admin/articles/importbatch/{batch.pk}/change/").content.decode())
    for html in pages:
        for attributes in SCRIPT_TAG.findall(html):
            assert "src=" in attributes or 'type="application/ld+json"' in attributes, attributes


@pytest.mark.browser
def test_under_the_policy_a_browser_runs_the_pages_scripts_and_reports_no_violation(browser_site, browser_page):
    violations = []
    browser_page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    browser_page.goto(browser_site + "/leaders/")
    browser_page.get_by_label("Show names containing").fill("puti")
    assert browser_page.locator("li:visible a", has_text="Vladimir Putin").count() == 1
    browser_page.goto(browser_site + "/search/?q=Kremlin")
    browser_page.locator(".hit a").first.click()
    browser_page.wait_for_selector("mark.current")
    assert violations == []


@pytest.mark.browser
def test_the_import_report_still_follows_progress_from_its_script_file_under_the_policy(browser_site, browser_page, django_db_blocker):
    from django.contrib.auth.models import User
    from playwright.sync_api import expect

    from articles.models import ImportBatch

    with django_db_blocker.unblock():
        User.objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
        batch = ImportBatch.objects.create(status=BatchStatus.RUNNING)
    violations = []
    browser_page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    browser_page.goto(f"{browser_site}/admin/login/?next=/admin/articles/importbatch/{batch.pk}/change/")
    browser_page.fill("#id_username", "editor")
    browser_page.fill("#id_password", "a-long-test-password")
    browser_page.click("input[type=submit]")
    browser_page.wait_for_selector("#progress-status")
    assert browser_page.inner_text("#progress-status") == "running"
    with django_db_blocker.unblock():
        ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.DONE)
    # The script polls the progress URL and reloads once the job is done.
    expect(browser_page.locator("#progress-status")).to_have_text("done", timeout=20000)
    assert violations == []
