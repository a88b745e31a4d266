"""The slowest results pages on the PostgreSQL engine, each split into its SQL statements and the rest.

Usage (on an archive bench/search.py built with --engines page-postgres):
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/bench100k .venv/bin/python bench/page_tail.py \\
        --workdir /work/bench-pg100k [--queries 200] [--rounds 3] [--slowest 20] [--explain DIR]

Fetches every page of bench/search.py's query mix (seed fixed) through Django's test client, as its
page-postgres engine does (but pointing haystack at the engine once, not around every page), --rounds times, and keeps each query's cheapest round (CPU: this process's
plus the database backend's, /proc/PID/schedstat), so a busy machine inflates the figures less. Prints
the page CPU p50/p95 and each type's p95, then for the --slowest pages where the time went: the
engine's page statement (the one with the CTE `matched`), the page's other statements (backend CPU) and
everything else (Python: parsing, rows, snippets, template). --explain DIR writes EXPLAIN (ANALYZE,
BUFFERS) of each slow page's statement to DIR, with the engine's page settings.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True, help="bench/search.py's --workdir for this archive")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="fetches of each page; the cheapest counts")
    parser.add_argument("--slowest", type=int, default=20, help="pages to split into their parts")
    parser.add_argument("--explain", type=Path, help="folder for EXPLAIN (ANALYZE, BUFFERS) of the slow pages' statements")
    arguments = parser.parse_args()
    from common import setup_django  # bench/common.py

    setup_django(workdir=arguments.workdir.resolve(), database_url=os.environ["BENCH_DATABASE_URL"])
    from django.test.utils import override_settings, setup_test_environment
    from search import Runner, make_queries, postgres_engine  # bench/search.py

    setup_test_environment()
    # Production's hashed static names need collectstatic; the page's cost is the same without them.
    override_settings(STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }).enable()
    queries = make_queries(arguments.queries)
    runner = Runner(arguments.workdir.resolve())
    with postgres_engine():
        cheapest = fetch_pages(runner, queries, rounds=arguments.rounds)
    print_tail(queries, cheapest, rounds=arguments.rounds, slowest=arguments.slowest)
    if arguments.explain:
        explain_statements(queries, cheapest, slowest=arguments.slowest, folder=arguments.explain)


# The engine's page statement is the one that materialises the CTE `matched` (postgres_query.build_page_sql).
PAGE_STATEMENT_MARK = "matched AS MATERIALIZED"


def fetch_pages(runner, queries: list[dict], *, rounds: int) -> dict[int, tuple[float, float, list]]:
    """Return, per query number, its cheapest page: (CPU ms, wall ms, [(sql, params, wall ms, backend CPU ms)])."""
    from django.db import connection

    statements: list[tuple[str, list, float, float]] = []

    def record(execute, sql, params, many, context):
        cpu, started = backend_cpu_ms(), time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((sql, list(params or ()), (time.perf_counter() - started) * 1000, backend_cpu_ms() - cpu))

    for params in queries[:20]:  # connect, warm the caches
        runner._page(params)
    cheapest: dict[int, tuple[float, float, list]] = {}
    with connection.execute_wrapper(record):
        for _ in range(rounds):
            for number, params in enumerate(queries):
                statements.clear()
                cpu, started = time.process_time_ns() / 1e6 + backend_cpu_ms(), time.perf_counter()
                runner._page(params)
                cpu = time.process_time_ns() / 1e6 + backend_cpu_ms() - cpu
                if number not in cheapest or cpu < cheapest[number][0]:
                    cheapest[number] = (cpu, (time.perf_counter() - started) * 1000, list(statements))
    return cheapest


def backend_cpu_ms() -> float:
    """Return the CPU milliseconds the database backend serving Django's connection has used."""
    from django.db import connection

    connection.ensure_connection()
    with open(f"/proc/{connection.connection.info.backend_pid}/schedstat") as stat:
        return int(stat.read().split()[0]) / 1e6


def print_tail(queries: list[dict], cheapest: dict, *, rounds: int, slowest: int) -> None:
    load = os.getloadavg()
    cpus = [cpu for cpu, _, _ in cheapest.values()]
    print(f"{len(queries)} pages, cheapest of {rounds} rounds each, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"page CPU p50 {statistics.median(cpus):.1f} ms, p95 {_p95(cpus):.1f} ms")
    by_type: dict[str, list[float]] = {}
    for number, (cpu, _, _) in cheapest.items():
        by_type.setdefault(queries[number]["type"], []).append(cpu)
    print("p95 per type: " + ", ".join(f"{kind} {_p95(values):.1f}" for kind, values in by_type.items()))
    print(f"\nthe {slowest} slowest pages, CPU ms:\n| page | engine statement | other statements | the rest (Python) | type | query |")
    print("|---:|---:|---:|---:|---|---|")
    for number in sorted(cheapest, key=lambda n: -cheapest[n][0])[:slowest]:
        cpu, _, statements = cheapest[number]
        page_statement = sum(backend for sql, _, _, backend in statements if PAGE_STATEMENT_MARK in sql)
        others = sum(backend for sql, _, _, backend in statements if PAGE_STATEMENT_MARK not in sql)
        shown = {k: v for k, v in queries[number].items() if k != "type"}
        print(f"| {cpu:.1f} | {page_statement:.1f} | {others:.1f} | {cpu - page_statement - others:.1f} "
              f"| {queries[number]['type']} | `{shown}` |")


def explain_statements(queries: list[dict], cheapest: dict, *, slowest: int, folder: Path) -> None:
    from django.db import connection, transaction

    from articles.search.postgres import PAGE_SETTINGS

    folder.mkdir(parents=True, exist_ok=True)
    for rank, number in enumerate(sorted(cheapest, key=lambda n: -cheapest[n][0])[:slowest], start=1):
        found = [(sql, params) for sql, params, _, _ in cheapest[number][2] if PAGE_STATEMENT_MARK in sql]
        if not found:
            continue
        sql, params = found[0]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(PAGE_SETTINGS, ["off" if "@@" in sql else "on"])
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, SETTINGS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            transaction.set_rollback(True)
        path = folder / f"{rank:02d}.txt"
        path.write_text(f"{queries[number]}\n\n{sql}\n{params}\n\n{plan}\n")
    print(f"\nplans of the {slowest} slowest pages' statements in {folder}")


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


if __name__ == "__main__":
    main()
