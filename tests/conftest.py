"""Shared fixtures: a real Whoosh index and media in temporary folders, a live site driven by headless Chromium.

Markers: tests that use `browser_page` are marked `browser` (and skipped without Chromium);
`slow` marks the long ones. The fast subset: pytest -m "not browser and not slow".
"""

import os
from pathlib import Path

import pytest
from haystack import connections

FIXTURES = Path(__file__).parent / "fixtures"
SEED_PAGE = FIXTURES / "pages" / "seed_putin_netanyahu.txt"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Flags for a sandboxed root CI with no network: no sandbox, no background connections to Google hosts.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    """Mark every test that drives a browser `browser`, and skip those when Chromium is not installed."""
    skip = pytest.mark.skip(reason=f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "browser_page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(skip)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole run; each test gets its own page (browser_page)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django then refuses ORM calls
    # from it unless told the caller is synchronous, which it is.
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


@pytest.fixture
def browser_page(chromium):
    """A fresh page (its own cookies and storage) in the shared Chromium, 1100 x 800."""
    context = chromium.new_context(viewport={"width": 1100, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def browser_site(live_server, search_index, transactional_db):
    """The live site's URL, with the gazetteer and the seed article in it."""
    from articles.entities.tables import seed_entities
    from articles.imports.pipeline import import_paths
    from articles.tagging import load_gazetteer

    # A transactional test flushes every table afterwards, the gazetteer rows the migration loaded too.
    seed_entities(gazetteer=load_gazetteer())
    [result] = import_paths([str(SEED_PAGE)])
    assert result.status == "created", result.error
    return live_server.url


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
    django_settings.MEDIA_ROOT = folder / "media"
    connections.connections_info = {"default": engine}
    connections.reload("default")
    with django_db_blocker.unblock():
        last_leader = Leader.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
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
    connections.connections_info = original_connections
    connections.reload("default")
    django_settings.MEDIA_ROOT = original_media


@pytest.fixture(params=SEARCH_ENGINES)
def any_search_index(request, tmp_path, settings):
    """Point haystack at our Whoosh engine in a temp dir, or at the PostgreSQL engine on the test database.

    The PostgreSQL case runs only when the tests run on PostgreSQL (DATABASE_URL=postgres://…); its
    documents live in the test database, written by triggers, so they roll back with each test.
    """
    if request.param == "postgres":
        request.getfixturevalue("db")
    engine = search_engine_connection(request.param, folder=tmp_path)
    original = connections.connections_info
    settings.HAYSTACK_CONNECTIONS = {"default": engine}
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
    """An article introducing "Moldovan President Ion Kettle", a leader the gazetteer lacks."""
    from articles.models import Article

    [result] = imported(write_page(tmp_path, "kettle.txt", DISCOVERY_PAGE))
    assert result.status == "created", result.error
    return Article.objects.get(slug=result.slug)


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
