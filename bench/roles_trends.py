"""Time role search, role pages and trends on the archive bench/search.py builds, and check trends against search.

Usage: .venv/bin/python bench/roles_trends.py [--articles 20000] [--runs 5]

Reuses bench/search.py's database and index (var/bench-search-N; run that first to build them).
Prints the median milliseconds of each request, and how many trend points differ from the total of
the search they link to (must be 0).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROLE_QUERIES = [
    'role:"president of the united states"',
    'role:"uk prime minister" date:1987',
    'role:"german chancellor" OR role:"president of france"',
    'role:"UN Secretary-General" iraq',
]
PAGES = [
    "/roles/",
    "/roles/president-of-united-states/?on=2005-01-01",
    "/trends/?leader=george-w-bush&leader=tony-blair&country=iraq&q=oil",
    "/trends/?leader=george-w-bush&leader=tony-blair&country=iraq&q=oil&from=2004-01-01&to=2005-12-31",
    "/trends/?role=uk+prime+minister&role=us+president&from=2004-01-01&to=2005-12-31&show=share",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    workdir = ROOT / "var" / f"bench-search-{arguments.articles}"
    if not (workdir / "db.sqlite3").exists():
        sys.exit(f"No archive at {workdir}; build it with: .venv/bin/python bench/search.py --articles {arguments.articles}")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsindex.settings",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        SEARCH_INDEX_DIR=str(workdir / "index"),
        MEDIA_ROOT=str(workdir / "media"),
        ALLOWED_HOSTS="testserver",
    )
    import django

    django.setup()
    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import override_settings

    from articles.search.roles import find_role
    from articles.search.service import search_articles
    from articles.web.search_request import read_search_request
    from articles.web.trends import build_trends, read_trend_request

    # Production's hashed static names need collectstatic; the page's cost is the same without them.
    override_settings(STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }).enable()
    client = Client()
    print(f"{arguments.articles} articles, median of {arguments.runs} runs")
    print(f"  find_role alone: {_median_ms(lambda: find_role('uk prime minister'), arguments.runs):.0f} ms")
    for query in ROLE_QUERIES:
        total = search_articles(query).total
        milliseconds = _median_ms(lambda query=query: search_articles(query), arguments.runs)
        print(f"  search {query!r}: {total} articles, {milliseconds:.0f} ms")
    for url in PAGES:
        status = client.get(url).status_code
        milliseconds = _median_ms(lambda url=url: client.get(url), arguments.runs)
        print(f"  GET {url}: {status}, {milliseconds:.0f} ms")
    for url in PAGES[2:]:
        trends = build_trends(read_trend_request(QueryDict(urlsplit(url).query)))
        checked = differing = 0
        for series in trends.series:
            for point in series.points:
                wanted = read_search_request(QueryDict(urlsplit(point.search_url).query))
                checked += 1
                differing += point.count != search_articles(wanted.query, filters=wanted.filters).total
        print(f"  {url}: {checked} points checked against their searches, {differing} differ")


def _median_ms(call, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


if __name__ == "__main__":
    main()
