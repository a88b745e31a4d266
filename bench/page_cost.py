"""A results page's CPU cost, least of several runs per query: for before/after comparisons of the page's code.

Usage: .venv/bin/python bench/page_cost.py --workdir DIR [--runs 7] [QUERY ...]
       BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/page_cost.py --engine postgres --workdir DIR
       .venv/bin/python bench/page_cost.py --workdir DIR --paths /topics/banking/ "/topics/banking/?sort=relevance"

DIR is a bench/search.py workdir (its db.sqlite3 and index). Each query's page is fetched through
Django's test client --runs times and the least CPU time is kept (this process's, plus the database
server's for the PostgreSQL engine): the least is what the code costs, the rest is the machine's
other work, so two versions can be compared on a busy machine. Run it on both versions back to back
on the same workdir. --engine postgres searches with our PostgreSQL engine in BENCH_DATABASE_URL
(the archive bench/search.py --engines page-postgres built there). --paths fetches those pages instead
of searches (an entity page reads only the database, so its workdir needs no index).
"""

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import unquote_plus, urlencode

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["oil", "trade deficit", "bank", "president", "minister said", "wheat", "dollar", "election", "said", '"more than"']


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--engine", choices=["whoosh", "postgres"], default="whoosh")
    parser.add_argument("--paths", nargs="+", default=[], help="pages to fetch instead of searches, e.g. /topics/banking/")
    parser.add_argument("queries", nargs="*", default=QUERIES)
    arguments = parser.parse_args()
    workdir = arguments.workdir.resolve()
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsindex.settings",
        DATABASE_URL=os.environ["BENCH_DATABASE_URL"] if arguments.engine == "postgres" else f"sqlite:///{workdir / 'db.sqlite3'}",
        SEARCH_INDEX_DIR=str(workdir / "index"), MEDIA_ROOT=str(workdir / "media"), LOG_LEVEL="WARNING",
    )
    os.environ.pop("SEARCH_URL", None)
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    # Production's hashed static names need collectstatic; the page's cost is the same without them.
    override_settings(STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }).enable()
    if arguments.engine == "postgres":
        from haystack import connections

        from newsindex.search_url import parse_search_url

        connections.connections_info = {"default": parse_search_url("postgres://", whoosh_path=Path("/nonexistent"))}
        connections.reload("default")
    client = Client()
    pages = arguments.paths or ["/search/?" + urlencode({"q": query}) for query in arguments.queries]
    _fetch(client, pages[0])  # connect, open the searcher
    server = _database_backend_pid()
    least = []
    for page in pages:
        costs = []
        for _ in range(arguments.runs):
            started = _cpu_ns(server)
            _fetch(client, page)
            costs.append((_cpu_ns(server) - started) / 1e9)
        least.append(min(costs) * 1000)
        print(f"{min(costs) * 1000:8.1f} ms  {page if arguments.paths else unquote_plus(page.split('q=', 1)[1])}")
    print(f"{sum(least):8.1f} ms  in all ({len(least)} pages, least of {arguments.runs} runs each; load {os.getloadavg()[0]:.1f})")


def _fetch(client, page: str) -> None:
    response = client.get(page)
    if response.status_code == 404:
        sys.exit(f"{page} answered 404; pass a page the archive has")


def _database_backend_pid() -> int | None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _cpu_ns(server_pid: int | None) -> int:
    """Return this process's CPU nanoseconds, plus the database backend's (/proc/PID/schedstat) if any."""
    used = time.process_time_ns()
    if server_pid:
        with open(f"/proc/{server_pid}/schedstat") as stat:
            used += int(stat.read().split()[0])
    return used


if __name__ == "__main__":
    main()
