"""The app's own settings (ARTICLES_*), read in one place, with defaults.

Read them through import_limits() at call time, never at import time, so tests and
override_settings see the current values.
"""

import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MB = 1024 * 1024

# name -> (default, minimum). Calibration: one news page is rarely above 2 MB; 20 MB leaves room for
# inline images while refusing dumps. A text or HTML page compresses 3-10x; 100x only happens for
# padding, i.e. a zip bomb. 500 MB expanded per archive is ~50,000 typical pages.
LIMIT_SETTINGS = {
    "ARTICLES_MAX_PAGE_BYTES": (20 * MB, 1),
    "ARTICLES_MAX_UPLOAD_BYTES": (200 * MB, 1),
    "ARTICLES_MAX_ARCHIVE_EXPANDED_BYTES": (500 * MB, 1),
    "ARTICLES_MAX_ARCHIVE_MEMBERS": (50_000, 1),
    "ARTICLES_MAX_ZIP_RATIO": (100, 1),
    "ARTICLES_INDEX_BATCH_SIZE": (200, 1),
}


@dataclass(frozen=True)
class ImportLimits:
    max_page_bytes: int  # one page, after unzip/gunzip
    max_upload_bytes: int  # all files of one upload together, as sent
    max_archive_expanded_bytes: int  # all members of one zip, expanded
    max_archive_members: int
    max_zip_ratio: int  # expanded / compressed size of one member
    index_batch_size: int  # pages written to the search index per writer


def import_limits() -> ImportLimits:
    """Return the import limits from settings, with defaults for the ones not set.

    Raises:
        ImproperlyConfigured: a setting is not a whole number at or above its minimum.
    """
    values = {name: _positive_int_setting(name, default, minimum) for name, (default, minimum) in LIMIT_SETTINGS.items()}
    return ImportLimits(**{name.removeprefix("ARTICLES_").lower(): value for name, value in values.items()})


def _positive_int_setting(name: str, default: int, minimum: int) -> int:
    value = getattr(settings, name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not valid; set it to a whole number of at least {minimum} (default {default})."
        )
    return value


def queue_file() -> str:
    """Return the path of the import queue's SQLite file (ARTICLES_QUEUE_FILE setting or environment).

    Raises:
        ImproperlyConfigured: the setting is not a path.
    """
    value = getattr(settings, "ARTICLES_QUEUE_FILE", None) or os.environ.get("ARTICLES_QUEUE_FILE")
    if value is None:
        return str(settings.BASE_DIR / "var" / "import_queue.sqlite3")
    if not isinstance(value, (str, os.PathLike)) or not str(value):
        raise ImproperlyConfigured(f"ARTICLES_QUEUE_FILE={value!r} is not a file path; e.g. var/import_queue.sqlite3.")
    return str(value)


SEARCH_LISTINGS = ("stories", "copies")


def search_listing() -> str:
    """Return what search lists by default (ARTICLES_SEARCH_LISTING): "stories" (each once) or "copies" (all).

    Raises:
        ImproperlyConfigured: the setting is neither.
    """
    value = getattr(settings, "ARTICLES_SEARCH_LISTING", "stories")
    if value not in SEARCH_LISTINGS:
        raise ImproperlyConfigured(
            f"ARTICLES_SEARCH_LISTING={value!r} is not valid; set it to 'stories' (each syndicated story once, "
            "the default) or 'copies' (every copy)."
        )
    return value
