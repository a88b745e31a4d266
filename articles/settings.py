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
    # One article's cleaned text: a long feature is ~100 KB; a 19.5 MB page took 455 s and 1.05 GB to
    # import and made 672,000 mention rows.
    "ARTICLES_MAX_ARTICLE_TEXT_BYTES": (2 * MB, 1),
    "ARTICLES_MAX_ARTICLE_SECTIONS": (200, 1),
}


@dataclass(frozen=True)
class ImportLimits:
    max_page_bytes: int  # one page, after unzip/gunzip
    max_upload_bytes: int  # all files of one upload together, as sent
    max_archive_expanded_bytes: int  # all members of one zip, expanded
    max_archive_members: int
    max_zip_ratio: int  # expanded / compressed size of one member
    index_batch_size: int  # pages written to the search index per writer
    max_article_text_bytes: int  # cleaned text of one article, UTF-8
    max_article_sections: int


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


# name -> (default, minimum). Calibration (the attack run: 62 OR'ed two-letter prefixes cost 1.5-3 s, 62 unknown
# words' "did you mean" 1.7 s): real searches use under ten words and a wildcard or two; a two-letter
# prefix expands to a few hundred words of a 5,000-article vocabulary, a real one ("ceasefir*") to a few.
# Each expanded word costs the engine ~1 ms on 2 cores whatever its frequency: 4 x 300 took 1.4 s.
SEARCH_LIMIT_SETTINGS = {
    "ARTICLES_MAX_QUERY_TERMS": (32, 1),
    "ARTICLES_MAX_WILDCARDS": (4, 0),
    "ARTICLES_MAX_PREFIX_EXPANSIONS": (100, 1),
    "ARTICLES_MAX_SPELLING_CORRECTIONS": (5, 0),
    "ARTICLES_MAX_FILTER_VALUES": (20, 1),
    # The engine's work grows with the documents its words occur in (about 40 us each on 2 cores):
    # 32 common words OR'ed read 25,000 on 5,000 articles (1.1 s), where real searches read at most 4,537
    # (p95 1,401). A query may read twice as many as there are articles (never less than 5,000).
    "ARTICLES_MAX_WORD_MATCHES_PER_ARTICLE": (2, 1),
}
# Seconds one engine search may run before it is stopped and answered with a 400.
SEARCH_TIME_BUDGET_SETTING = "ARTICLES_SEARCH_TIME_BUDGET_SECONDS"
SEARCH_TIME_BUDGET_DEFAULT = 2.0


@dataclass(frozen=True)
class SearchLimits:
    max_query_terms: int  # words, phrase words and field values in one query
    max_wildcards: int  # word* prefixes in one query
    max_prefix_expansions: int  # indexed words one prefix may stand for
    max_spelling_corrections: int  # unknown words looked up for "did you mean"
    max_filter_values: int  # values of one filter parameter (leader=, topic=...)
    max_word_matches_per_article: int  # documents the query's words occur in, summed, per indexed article
    search_time_budget_seconds: float


def search_limits() -> SearchLimits:
    """Return the limits on the work one search may ask for, from settings, with defaults.

    Raises:
        ImproperlyConfigured: a setting is not a number at or above its minimum.
    """
    values = {name: _positive_int_setting(name, default, minimum) for name, (default, minimum) in SEARCH_LIMIT_SETTINGS.items()}
    budget = getattr(settings, SEARCH_TIME_BUDGET_SETTING, SEARCH_TIME_BUDGET_DEFAULT)
    if isinstance(budget, bool) or not isinstance(budget, (int, float)) or budget <= 0:
        raise ImproperlyConfigured(
            f"{SEARCH_TIME_BUDGET_SETTING}={budget!r} is not valid; set it to a number of seconds above 0 "
            f"(default {SEARCH_TIME_BUDGET_DEFAULT})."
        )
    return SearchLimits(
        **{name.removeprefix("ARTICLES_").lower(): value for name, value in values.items()},
        search_time_budget_seconds=float(budget),
    )


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


INDEX_BUILD_PROCESSES_SETTING = "ARTICLES_INDEX_BUILD_PROCESSES"
# Two: the machines this runs on have two cores. Each process writes its part of the articles into a
# segment of its own (search/writing.py) with a posting pool of 256 MB.
INDEX_BUILD_PROCESSES_DEFAULT = 2


def index_build_processes() -> int:
    """Return how many processes rebuild_index writes the Whoosh index with (ARTICLES_INDEX_BUILD_PROCESSES).

    Raises:
        ImproperlyConfigured: the setting is not a whole number of at least 1.
    """
    return _positive_int_setting(INDEX_BUILD_PROCESSES_SETTING, INDEX_BUILD_PROCESSES_DEFAULT, 1)


def describe_size(size: int) -> str:
    """Return a size as people read it in a message: '20 MB', '1.5 MB', '2,048 bytes'.

    MB is MB above (1024 * 1024 bytes), the unit the limits are set in, so a 20 MB limit reads
    "20 MB", not "20.9715 MB".
    """
    if size < 100 * 1024:
        return f"{size:,} bytes"
    return f"{size / MB:.1f}".removesuffix(".0") + " MB"
