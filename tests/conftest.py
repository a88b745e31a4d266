"""Shared fixtures: a real Whoosh index in a temporary folder, media in a temporary folder."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from haystack import connections

FIXTURES = Path(__file__).parent / "fixtures"
SEED_PAGE = FIXTURES / "pages" / "seed_putin_netanyahu.txt"


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Serve static files from the source folders under their own names, as in development.

    Production's hashed names (CompressedManifestStaticFilesStorage) need `collectstatic` first;
    tests/test_production.py covers that path.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def search_index(tmp_path, settings):
    """Point haystack at an empty Whoosh index in a temp dir.

    override_settings alone does not re-point haystack's connections (they are built once),
    hence the explicit reload before and after.
    """
    original = connections.connections_info
    settings.HAYSTACK_CONNECTIONS = {"default": {**original["default"], "PATH": str(tmp_path / "whoosh")}}
    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    connections.reload("default")
    yield connections["default"].get_backend()
    connections.connections_info = original
    connections.reload("default")


@pytest.fixture
def imported(db, search_index):
    """Import files through the real pipeline and return their results by file name."""
    from articles.imports.pipeline import import_paths

    def run(*paths):
        return import_paths([str(p) for p in paths])

    return run


@pytest.fixture
def seed_article(imported):
    from articles.models import Article

    [result] = imported(SEED_PAGE)
    assert result.status == "created", result.error
    return Article.objects.get(slug=result.slug)


def write_page(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


DISCOVERY_PAGE = """Moldova and Russia talk gas

Source: Sample Wire
Published: 2024-05-02

Moldovan President Ion Kettle met Russian President Vladimir Putin in Sochi on Thursday to discuss gas supplies to Chisinau. Kettle said Moldova wanted a fair price for gas and would keep buying from European suppliers as well.

The price of gas

Officials in Chisinau said the talks on gas prices and energy supplies would continue next month. Putin said Russia was ready to sign a long contract.
"""


@pytest.fixture
def discovery_article(imported, tmp_path):
    """An article introducing "Moldovan President Ion Kettle", a leader the gazetteer lacks (issue 5)."""
    from articles.models import Article

    [result] = imported(write_page(tmp_path, "kettle.txt", DISCOVERY_PAGE))
    assert result.status == "created", result.error
    return Article.objects.get(slug=result.slug)


# Browser tests: one live server over the demo archive and one Chromium per test module.


DEMO_PAGES = Path(__file__).parent.parent / "demo" / "pages"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Flags for a sandboxed root CI with no network: no sandbox, no background connections to Google hosts.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ADMIN_PASSWORD = "browser-test-password"


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """A live server over the 33-page demo archive plus an admin user, built once per module.

    Modules using it mark their tests `django_db` (which is what makes pytest-django create the test
    database) and only read: each test's changes are rolled back, the module's data stays.

    pytest-django's live_server fixture would make every test transactional (a flush and a re-import
    per test, seconds each); this server keeps the data for the module instead, and the teardown
    empties the tables and reloads the gazetteer as the migration left them.
    """
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    from articles.entities.tables import seed_entities
    from articles.imports.pipeline import import_paths
    from articles.tagging import load_gazetteer

    folder = tmp_path_factory.mktemp("demo_site")
    original = connections.connections_info
    haystack = {"default": {**original["default"], "PATH": str(folder / "whoosh")}}
    overrides = override_settings(
        HAYSTACK_CONNECTIONS=haystack,
        MEDIA_ROOT=folder / "media",
        STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
        WHITENOISE_USE_FINDERS=True,
    )
    with django_db_blocker.unblock(), overrides:
        connections.connections_info = haystack
        connections.reload("default")
        results = import_paths(sorted(str(path) for path in DEMO_PAGES.iterdir()))
        assert all(result.status == "created" for result in results), [r.error for r in results if r.error]
        get_user_model().objects.create_superuser("admin", "admin@example.org", ADMIN_PASSWORD)
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()  # ALLOWED_HOSTS gains the server's host
        try:
            yield server.url
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            seed_entities(gazetteer=load_gazetteer())
            connections.connections_info = original
            connections.reload("default")


@pytest.fixture(scope="module")
def chromium():
    """The system Chromium, started once per module (Playwright's sync API)."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django then refuses ORM calls from it
    # unless told the caller is synchronous, which it is.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def close_when_idle(context) -> None:
    """Close a browser context once its pages have no request in flight.

    With SQLite in memory the live server shares the test's database connection; a request still being
    answered (a favicon, a late fetch) while the test's transaction rolls back breaks that transaction.
    """
    for page in context.pages:
        page.wait_for_load_state("networkidle")
    context.close()


@pytest.fixture
def phone(chromium):
    """A fresh 390 x 844 page (cookies not shared with other tests)."""
    context = chromium.new_context(viewport=PHONE)
    yield context.new_page()
    close_when_idle(context)


@pytest.fixture
def desktop(chromium):
    """A fresh 1280 x 900 page."""
    context = chromium.new_context(viewport=DESKTOP)
    yield context.new_page()
    close_when_idle(context)


@pytest.fixture(params=["phone", "desktop"])
def any_screen(request, chromium):
    """A fresh page at phone width, then at desktop width (the test runs once for each)."""
    context = chromium.new_context(viewport=PHONE if request.param == "phone" else DESKTOP)
    yield context.new_page()
    close_when_idle(context)


@pytest.fixture
def browser_page(chromium):
    """A fresh 1100 x 800 page, for the browser tests that build their own data (browser_site)."""
    context = chromium.new_context(viewport={"width": 1100, "height": 800})
    yield context.new_page()
    close_when_idle(context)


@pytest.fixture
def browser_site(live_server, search_index, transactional_db):
    """A live server over the seed article alone, rebuilt for each test (the test may add its own data)."""
    from articles.entities.tables import seed_entities
    from articles.imports.pipeline import import_paths
    from articles.tagging import load_gazetteer

    # A transactional test flushes every table afterwards, the gazetteer rows the migration loaded too.
    seed_entities(gazetteer=load_gazetteer())
    [result] = import_paths([str(SEED_PAGE)])
    assert result.status == "created", result.error
    return live_server.url


def log_in_as_admin(page, site_url: str) -> None:
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", ADMIN_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


@pytest.fixture(scope="module")
def running_batch(demo_site):
    """An import batch its job is part-way through: 2 pages created, 1 failed, 2 pending."""
    from articles.models import BatchStatus, ImportBatch, ImportFile, ImportStatus

    batch = ImportBatch.objects.create(
        status=BatchStatus.RUNNING, uploads=[{"name": "pages.zip", "path": "imports/1/pages.zip", "size": 5000}],
        is_scanned=True, total=5, worker="test-run",
    )
    statuses = [ImportStatus.CREATED, ImportStatus.CREATED, ImportStatus.FAILED, ImportStatus.PENDING, ImportStatus.PENDING]
    ImportFile.objects.bulk_create(
        ImportFile(batch=batch, position=n, name=f"page-{n}.html", status=status, error="No article body" if status == "failed" else "")
        for n, status in enumerate(statuses)
    )
    return batch
