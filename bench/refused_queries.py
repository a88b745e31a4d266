"""Which of bench/search.py's queries the search limits refuse, and what they would cost without the limits.

Usage:
    [BENCH_DATABASE_URL=postgres://…] .venv/bin/python bench/refused_queries.py --workdir DIR [--queries 200]

DIR is a bench/search.py workdir (its Whoosh index and, without BENCH_DATABASE_URL, its SQLite database).
Each query goes through search_articles() as the page sends it; the refused ones are then run three
times with the limits lifted, and their total and CPU time (min/max) printed. The bench's tables time a
refused query as its refusal page, so this says what those tables leave out.
"""

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

LIFTED_LIMITS = {
    "ARTICLES_MAX_PREFIX_EXPANSIONS": 10**9,
    "ARTICLES_MAX_WORD_MATCHES_PER_ARTICLE": 10**9,
    "ARTICLES_SEARCH_TIME_BUDGET_SECONDS": 600,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=200)
    arguments = parser.parse_args()
    from load import open_bench_site

    open_bench_site(arguments.workdir.resolve())
    from django.test import override_settings
    from search import make_queries

    from articles.exceptions import InvalidSearchQuery

    refused = []
    for params in make_queries(arguments.queries):
        try:
            search(params)
        except InvalidSearchQuery as error:
            refused.append((params, str(error)))
    print(f"{len(refused)} of {arguments.queries} queries refused; load {os.getloadavg()[0]:.2f}")
    print("| type | query | total without limits | CPU ms min / max of 3 | refused because |")
    print("|---|---|---:|---:|---|")
    with override_settings(**LIFTED_LIMITS):
        for params, reason in refused:
            cpu_ms = []
            for _ in range(3):
                started = time.process_time()
                page = search(params)
                cpu_ms.append((time.process_time() - started) * 1000)
            print(f"| {params['type']} | `{params.get('q', '')}` | {page.total:,} | {min(cpu_ms):.0f} / {max(cpu_ms):.0f} | {reason} |")


def search(params: dict):
    from articles.search.service import SearchFilters, search_articles

    filters = SearchFilters(
        leaders=(params["leader"],) if params.get("leader") else (),
        countries=(params["country"],) if params.get("country") else (),
        date_from=date.fromisoformat(params["from"]) if params.get("from") else None,
        date_to=date.fromisoformat(params["to"]) if params.get("to") else None,
    )
    return search_articles(params.get("q", ""), filters=filters)


if __name__ == "__main__":
    main()
