"""Shared fixtures: a real Whoosh index in a temporary folder, media in a temporary folder."""

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
