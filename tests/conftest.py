"""Shared fixtures: a real Whoosh index and media in temporary folders, a live site driven by headless Chromium.

Markers: tests that use a browser fixture (BROWSER_FIXTURES) are marked `browser` (skipped without Chromium);
`slow` marks the long ones. The fast subset: pytest -m "not browser and not slow".
"""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from haystack import connections

FIXTURES = Path(__file__).parent / "fixtures"
SEED_PAGE = FIXTURES / "pages" / "seed_putin_netanyahu.txt"
BROWSER_FIXTURES = {"browser_page", "phone", "desktop", "any_screen", "chromium"}


def pytest_collection_modifyitems(config, items):
    """Mark every test that drives a browser `browser` (the chromium fixture skips it without Chromium)."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


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


@pytest.fixture(autouse=True)
def list_every_copy(settings):
    """Search lists every copy, not each story once (the site's default, ARTICLES_SEARCH_LISTING="stories").

    Most test pages are filled in from one template, so they are near-duplicates of each other by
    design; tests of story listing (test_stories.py) set "stories" themselves.
    """
    settings.ARTICLES_SEARCH_LISTING = "copies"


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


SEARCH_ENGINES = ["whoosh", "postgres"]


def search_engine_connection(engine: str, *, folder: Path) -> dict:
    """Return the haystack connection for our Whoosh engine in folder, or the PostgreSQL engine.

    Skips the test when the PostgreSQL engine is asked for and the tests do not run on PostgreSQL.
    """
    from django.db import connection

    from newsindex.search_url import parse_search_url

    if engine == "postgres":
        if connection.vendor != "postgresql":
            pytest.skip("The PostgreSQL search engine needs the tests on PostgreSQL: set DATABASE_URL=postgres://….")
        return parse_search_url("postgres://", whoosh_path=folder)
    return {**connections.connections_info["default"], "PATH": str(folder / "whoosh")}


@pytest.fixture(scope="module", params=SEARCH_ENGINES)
def read_only_archive(request, tmp_path_factory, django_db_setup, django_db_blocker):
    """Return a function that imports pages once for a whole test module, for tests that only read them.

    Runs the module once per search engine (the PostgreSQL one only on PostgreSQL). The pages are
    committed outside the tests' transactions (a test that writes must not use this), into a search
    index and media folder of the module's own, and deleted after the module, with any leaders the
    import discovered. Importing once per module instead of once per test saves about half a second a test.
    """
    from django.conf import settings as django_settings

    from articles.imports.pipeline import import_paths
    from articles.models import Article, Leader

    folder = tmp_path_factory.mktemp("archive")
    with django_db_blocker.unblock():
        engine = search_engine_connection(request.param, folder=folder)
    original_media, original_connections = django_settings.MEDIA_ROOT, connections.connections_info
    original_haystack = django_settings.HAYSTACK_CONNECTIONS
    django_settings.MEDIA_ROOT = folder / "media"
    # Both: haystack's engines read their options from the setting, the handler from connections_info.
    django_settings.HAYSTACK_CONNECTIONS = connections.connections_info = {"default": engine}
    connections.reload("default")
    with django_db_blocker.unblock():
        last_leader = Leader.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        if request.param == "postgres":
            connections["default"].get_backend().clear()  # what rebuild_index does: the triggers keep the documents
    imported_ids: list[int] = []

    def import_once(*paths):
        with django_db_blocker.unblock():
            results = import_paths([str(p) for p in paths])
        imported_ids.extend(r.article_id for r in results if r.article_id)
        return results

    yield import_once
    with django_db_blocker.unblock():
        Article.objects.filter(pk__in=imported_ids).delete()
        Leader.objects.filter(pk__gt=last_leader).delete()
        from articles.search.postgres import stop_keeping_search_documents

        stop_keeping_search_documents()
    connections.connections_info = original_connections
    django_settings.HAYSTACK_CONNECTIONS = original_haystack
    connections.reload("default")
    django_settings.MEDIA_ROOT = original_media


@pytest.fixture(params=SEARCH_ENGINES)
def any_search_index(request, tmp_path, settings):
    """Point haystack at our Whoosh engine in a temp dir, or at the PostgreSQL engine on the test database.

    The PostgreSQL case runs only when the tests run on PostgreSQL (DATABASE_URL=postgres://…); its
    documents live in the test database, written by triggers that clear() creates (the test database
    is migrated for Whoosh, which keeps none), so they roll back with each test.
    """
    if request.param == "postgres":
        request.getfixturevalue("db")
    engine = search_engine_connection(request.param, folder=tmp_path)
    original = connections.connections_info
    settings.HAYSTACK_CONNECTIONS = {"default": engine}
    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    connections.reload("default")
    if request.param == "postgres":
        connections["default"].get_backend().clear()  # the triggers, created in the test's transaction
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


@pytest.fixture
def labelled_archive(imported, tmp_path):
    """Import 44 real news articles (BBC and Reuters, from the tagging labels) and return their ids."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for line in (FIXTURES / "tagging" / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        write_page(folder, f"{item['id']}.txt", "\n\n".join(item["sections"]) + "\n")
    results = imported(folder)
    ids = sorted(r.article_id for r in results if r.article_id)
    assert len(ids) > 40
    return ids


def backend_on(folder: Path, **options):
    """A backend of the configured search engine on the index in folder, with extra connection options."""
    live = connections["default"]
    backend = type(live.get_backend())("default", **{**live.options, "PATH": str(folder), **options})
    backend.setup()
    return backend


def article_index():
    """haystack's index of Article, as the configured engine uses it."""
    from articles.models import Article

    return connections["default"].get_unified_index().get_index(Article)


DISCOVERY_PAGE = """Moldova and Russia talk gas

Source: Sample Wire
Published: 2024-05-02

Moldovan President Ion Kettle met Russian President Vladimir Putin in Sochi on Thursday to discuss gas supplies to Chisinau. Kettle said Moldova wanted a fair price for gas and would keep buying from European suppliers as well.

The price of gas

Officials in Chisinau said the talks on gas prices and energy supplies would continue next month. Putin said Russia was ready to sign a long contract.
"""


@pytest.fixture
def discovery_article(imported, tmp_path):
    """An article introducing "Moldovan President Ion Kettle", a leader the gazetteer lacks."""
    from articles.models import Article

    [result] = imported(write_page(tmp_path, "kettle.txt", DISCOVERY_PAGE))
    assert result.status == "created", result.error
    return Article.objects.get(slug=result.slug)


# Undated articles among dated ones: where each list puts them.

HARBOUR_PAGE = """{title}

Source: Sample Wire
{published}
Dock workers in {city} said on Tuesday that ships bound for Germany were waiting outside the harbour.
"""
# (file, title, date or "" for none), in import order; ids follow it.
HARBOUR_ARTICLES = [
    ("undated-first.txt", "Cranes idle in Gdansk", ""),
    ("older.txt", "Ships wait off Rotterdam", "2023-05-02"),
    ("undated-second.txt", "Tugs circle off Antwerp", ""),
    ("newer.txt", "Ferries delayed at Kiel", "2024-02-10"),
    ("same-day.txt", "Barges queue at Duisburg", "2023-05-02"),
]
# Newest first: the dated ones by date, then the undated ones (the least new); the later import first on ties.
HARBOUR_NEWEST_FIRST = [
    "Ferries delayed at Kiel",
    "Barges queue at Duisburg",
    "Ships wait off Rotterdam",
    "Tugs circle off Antwerp",
    "Cranes idle in Gdansk",
]


@pytest.fixture
def harbour_articles(imported, tmp_path):
    """Five articles naming Germany, two of them undated, imported out of date order."""
    paths = [
        write_page(tmp_path, name, HARBOUR_PAGE.format(
            title=title, published=f"Published: {day}\n" if day else "", city=title.split()[-1],
        ))
        for name, title, day in HARBOUR_ARTICLES
    ]
    results = imported(*paths)
    assert [r.status for r in results] == ["created"] * len(paths), [r.error for r in results]
    return results


# Reading what a reader sees through the API.

ALIAS_PAGE = """Grey Cardinal visits Minsk

Source: Sample Wire
Published: 2024-06-11

The Grey Cardinal arrived in Minsk on Tuesday for talks on gas prices. Officials said the Grey Cardinal would stay two days.
"""


def article_tags(client, slug: str, kind: str) -> list[str]:
    """Return the slugs of the article's tags of one kind ("leaders"), as the API lists them."""
    return [tag["slug"] for tag in client.get(f"/api/articles/{slug}/").json()[kind]]


def search_titles(client, **params) -> list[str]:
    """Return the titles of the first page of /api/search/ for these parameters."""
    return [hit["title"] for hit in client.get("/api/search/", params).json()["results"]]


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
