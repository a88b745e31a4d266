"""The PostgreSQL engine's page statements on a bench archive: where the time goes, and whether the answers change.

Usage (on an archive bench/search.py built, e.g. --workdir var/bench-search-100000):
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/postgres_queries.py \\
        [--queries 200] [--explain DIR] [--save answers.json] [--compare answers.json] [--reference] \\
        [--page-settings max_parallel_workers_per_gather=1,parallel_setup_cost=0]

Runs bench/search.py's query mix through search_articles() on our PostgreSQL engine, relevance order
and newest first, and records what the engine's statements cost in the database (wall and backend CPU).
- --explain DIR writes EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of each query type to DIR;
- --save FILE writes every answer (total, each facet's counts, the page's ids in both orders);
- --compare FILE compares the answers with a saved FILE (say, before a change) and lists every difference;
- --reference compares them with a plain, slow reference that does the same work the naive way:
  ts_rank over every match in full, count(*), GROUP BY over the tag tables and the article rows, on the
  engine's stored vectors (check_index compares each of those with the one its article's rows give);
- --page-settings name=value,... runs the page statements with these settings added to the engine's
  (PAGE_SETTINGS, local to each statement's transaction), e.g. parallel workers, and also prints the
  CPU of the server's processes that ended during the run (parallel workers are such processes; so
  is any other session's backend that disconnects meanwhile: run it where no other session is busy).
"""

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SORTS = ("relevance", "newest")
LISTING: list[str] = []
FACET_FIELDS = ("leaders", "countries", "topics", "source", "year", "month")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--explain", type=Path, help="folder for EXPLAIN (ANALYZE, BUFFERS) of each type's slowest statement")
    parser.add_argument("--save", type=Path, help="write the answers to this JSON file")
    parser.add_argument("--compare", type=Path, help="compare the answers with this JSON file")
    parser.add_argument("--reference", action="store_true", help="compare the answers with the naive reference")
    parser.add_argument("--listing", choices=("copies", "stories"), default="copies",
                        help="what a hit is (the bench archive has no stories, so both give the same answers)")
    parser.add_argument("--page-settings", default="",
                        help="settings added to the engine's page statements, as name=value,... (e.g. parallel workers)")
    arguments = parser.parse_args()
    os.environ.update(DJANGO_SETTINGS_MODULE="newsindex.settings", DATABASE_URL=os.environ["BENCH_DATABASE_URL"])
    os.environ.pop("SEARCH_URL", None)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from search import make_queries, postgres_engine  # bench/search.py

    queries = make_queries(arguments.queries)
    LISTING.append(arguments.listing)
    if arguments.page_settings:
        add_page_settings(arguments.page_settings)
    ended_before = ended_children_cpu()
    with postgres_engine():
        answers, costs = run_queries(queries)
    print_costs(queries, costs)
    if arguments.page_settings:
        time.sleep(0.5)  # the postmaster adds a child's CPU to its own once it has reaped it
        print(f"CPU of server processes that ended during the run (parallel workers): "
              f"{(ended_children_cpu() - ended_before) * 1000:.0f} ms")
    if arguments.explain:
        explain_slowest(queries, costs, folder=arguments.explain)
    if arguments.save:
        arguments.save.write_text(json.dumps(answers, indent=0))
        print(f"saved {len(answers)} answers to {arguments.save}")
    if arguments.compare:
        print_differences(json.loads(arguments.compare.read_text()), answers, label=str(arguments.compare))
    if arguments.reference:
        reference = [reference_answer(params, sort=sort) for params in queries for sort in SORTS]
        print_differences(reference, answers, label="the naive reference")


def run_queries(queries: list[dict]) -> tuple[list[dict], dict]:
    """Return each (query, sort)'s answer and, per query number, the engine statements' costs.

    The answer is what the engine returned for the page's main search (total, the page's ids, every
    facet's counts), before the site cuts the facets to their first FACET_MORE values.
    """
    from django.db import connection

    from articles.search.postgres import PostgresSearchBackend
    from articles.search.service import search_articles

    statements: list[tuple[str, list, float, float]] = []
    returned: list[dict] = []

    def record(execute, sql, params, many, context):
        cpu, started = backend_cpu(), time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((sql, list(params or ()), time.perf_counter() - started, backend_cpu() - cpu))

    search = PostgresSearchBackend.search

    def keep(self, *args, **kwargs):
        result = search(self, *args, **kwargs)
        returned.append(result)
        return result

    PostgresSearchBackend.search = keep
    for params in queries[:10]:  # warm the caches
        search_articles(params.get("q", ""), filters=filters_of(params))
    answers, costs = [], defaultdict(list)
    with connection.execute_wrapper(record):
        for number, params in enumerate(queries):
            for sort in SORTS:
                statements.clear()
                returned.clear()
                search_articles(params.get("q", ""), filters=filters_of(params), sort=sort)
                first = returned[0]
                answers.append(answer_of(params, sort, total=first["hits"], ids=[int(r.pk) for r in first["results"]],
                                         facets={name: [list(pair) for pair in pairs]
                                                 for name, pairs in first["facets"]["fields"].items() if name in FACET_FIELDS}))
                costs[number].append([s for s in statements if s[0].startswith(("WITH", "SET", "SELECT set_config"))])
    PostgresSearchBackend.search = search
    return answers, costs


def answer_of(params: dict, sort: str, **fields) -> dict:
    return {"query": {k: v for k, v in params.items() if k != "type"}, "sort": sort, **fields}


def filters_of(params: dict):
    from articles.search.service import SearchFilters

    return SearchFilters(
        leaders=(params["leader"],) if params.get("leader") else (),
        countries=(params["country"],) if params.get("country") else (),
        date_from=date.fromisoformat(params["from"]) if params.get("from") else None,
        date_to=date.fromisoformat(params["to"]) if params.get("to") else None,
        listing=LISTING[0] if LISTING else "copies",
    )


def add_page_settings(text: str) -> None:
    """Append set_config() calls for name=value,... to the engine's page settings (later calls win)."""
    from articles.search import postgres

    pairs = [pair.split("=", 1) for pair in text.split(",") if pair.strip()]
    postgres.PAGE_SETTINGS += "".join(f", set_config('{name.strip()}', '{value.strip()}', true)" for name, value in pairs)
    print("page settings:", postgres.PAGE_SETTINGS)


def ended_children_cpu() -> float:
    """Return the CPU seconds of the server's child processes that have ended (0 if the server is not local)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW data_directory")
        folder = cursor.fetchone()[0]
    try:
        with open(Path(folder) / "postmaster.pid") as lines:
            postmaster = int(lines.readline())
        with open(f"/proc/{postmaster}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")  # cutime, cstime


_PID: list[int] = []


def backend_cpu() -> float:
    """Return the CPU seconds the database backend serving Django's connection has used (0 if not local)."""
    from django.db import connection

    if not _PID:
        connection.ensure_connection()
        _PID.append(connection.connection.info.backend_pid)
    try:
        with open(f"/proc/{_PID[0]}/schedstat") as stat:
            return int(stat.read().split()[0]) / 1e9
    except FileNotFoundError:
        return 0.0


def print_costs(queries: list[dict], costs: dict) -> None:
    by_type: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for number, runs in costs.items():
        for statements in runs:
            page = [(wall, cpu) for sql, _, wall, cpu in statements if sql.startswith("WITH")]
            by_type[queries[number]["type"]].append((sum(w for w, _ in page) * 1000, sum(c for _, c in page) * 1000))
    everything = [pair for pairs in by_type.values() for pair in pairs]
    load = os.getloadavg()
    print(f"engine page statements, {len(queries)} queries x {len(SORTS)} sorts; load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("| type | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms |\n|---|---:|---:|---:|---:|---:|")
    for kind, pairs in [*by_type.items(), ("all", everything)]:
        walls, cpus = [w for w, _ in pairs], [c for _, c in pairs]
        print(f"| {kind} | {statistics.median(walls):.1f} | {_p95(walls):.1f} | {max(walls):.1f} "
              f"| {statistics.median(cpus):.1f} | {_p95(cpus):.1f} |")


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def explain_slowest(queries: list[dict], costs: dict, *, folder: Path) -> None:
    from django.db import connection, transaction

    folder.mkdir(parents=True, exist_ok=True)
    slowest: dict[str, tuple[float, int, list]] = {}
    for number, runs in costs.items():
        for statements in runs:
            for index, (sql, _, wall, _) in enumerate(statements):
                kind = queries[number]["type"]
                if sql.startswith("WITH") and wall > slowest.get(kind, (0.0,))[0]:
                    slowest[kind] = (wall, number, statements[: index + 1])
    for kind, (wall, number, statements) in slowest.items():
        with transaction.atomic(), connection.cursor() as cursor:
            for sql, params, _, _ in statements[:-1]:
                cursor.execute(sql, params)
            sql, params, _, _ = statements[-1]
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, SETTINGS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        path = folder / f"{kind.replace(' ', '-')}.txt"
        path.write_text(f"{queries[number]}\n{wall * 1000:.1f} ms in the run\n\n{sql}\n{params}\n\n{plan}\n")
        print(f"{kind}: {wall * 1000:.1f} ms, plan in {path}")


def print_differences(expected: list[dict], actual: list[dict], *, label: str) -> None:
    differences = defaultdict(list)
    for old, new in zip(expected, actual):
        assert old["query"] == new["query"] and old["sort"] == new["sort"], (old["query"], new["query"])
        for name in ("total", "ids", "facets"):
            if name == "facets" and name in old:
                old = {**old, "facets": {k: v for k, v in old["facets"].items() if k in new["facets"]}}
            if name in old and old[name] != new[name]:
                differences[name].append((old["query"], old["sort"], old[name], new[name]))
    compared = min(len(expected), len(actual))
    print(f"\nagainst {label}: {compared} answers (query x sort) compared")
    for name in ("total", "ids", "facets"):
        found = differences.get(name, [])
        print(f"  {name}: {compared - len(found)}/{compared} equal")
        for query, sort, old, new in found[:5]:
            print(f"    {query} {sort}: {str(old)[:300]}\n      now {str(new)[:300]}")


def reference_answer(params: dict, *, sort: str) -> dict:
    """Return the query's total, the top 10 and the facet counts computed the plain way from the article tables."""
    from django.db import connection
    from search import query_trees  # bench/search.py

    from articles.kinds import FILTER_FACETS
    from articles.search.postgres_query import Compiler
    from articles.search.postgres_sql import DOCUMENT_TABLE

    trees, parsed = query_trees(params)
    with connection.cursor() as cursor:
        compiled = Compiler(cursor).compile_all(trees)
        if compiled.is_nothing:
            return answer_of(params, sort, total=0, ids=[])
        where = compiled.where
        for name, table, column in (("leaders", "articles_article_leaders", "leader"), ("countries", "articles_article_countries", "country"),
                                     ("topics", "articles_article_topics", "topic")):
            where = where.replace(
                f"{name} @> ARRAY[%s]::text[]",
                f"EXISTS (SELECT 1 FROM {table} t JOIN articles_{column} e ON e.id = t.{column}_id WHERE t.article_id = a.id AND e.slug = %s)",
            )
        where = where.replace("vector @@", "x.vector @@")
        # The articles' own columns: the document table has columns of the same names.
        where = re.sub(r"(?<![.\w])(published|source)\b", r"a.\1", where)
        # The engine's stored vectors (check_index compares each with the one its rows give); the rest
        # is read from the article and tag tables.
        documents = f"{DOCUMENT_TABLE} x JOIN articles_article a ON a.id = x.article_id"
        matched = f"SELECT a.id FROM {documents} WHERE {where}"
        cursor.execute(f"SELECT count(*) FROM ({matched}) m", compiled.params)
        total = cursor.fetchone()[0]
        if sort == "relevance" and compiled.rank_query:
            order = "ts_rank(x.vector, %s::tsquery, 1) DESC, a.published DESC NULLS LAST, a.id DESC"
            order_params = [compiled.rank_query]
        else:
            order = "a.published DESC NULLS LAST, a.id DESC"
            order_params = []
        cursor.execute(f"SELECT a.id FROM {documents} WHERE {where} ORDER BY {order} LIMIT 10", compiled.params + order_params)
        ids = [row[0] for row in cursor.fetchall()]
        facets = {}
        for facet in FILTER_FACETS:
            if facet.kind is None:
                cursor.execute(f"SELECT a.source, count(*) FROM articles_article a WHERE a.id IN ({matched}) GROUP BY 1", compiled.params)
            else:
                kind = facet.kind
                table, column = kind.model._meta.get_field("articles").through._meta.db_table, f"{kind.name}_id"
                cursor.execute(
                    f"SELECT e.slug, count(*) FROM {table} t JOIN {kind.model._meta.db_table} e ON e.id = t.{column}"
                    f" WHERE t.article_id IN ({matched}) GROUP BY 1", compiled.params)
            facets[facet.field] = sorted_pairs(cursor.fetchall())
        for name, pattern in (("year", "YYYY"), ("month", "YYYY-MM")):
            cursor.execute(f"SELECT to_char(a.published, '{pattern}'), count(*) FROM articles_article a"
                           f" WHERE a.id IN ({matched}) AND a.published IS NOT NULL GROUP BY 1", compiled.params)
            facets[name] = sorted_pairs(cursor.fetchall())
    return answer_of(params, sort, total=total, ids=ids, facets=facets)


def sorted_pairs(rows) -> list[list]:
    return [[value, count] for value, count in sorted(rows, key=lambda pair: (-pair[1], pair[0] or ""))]


if __name__ == "__main__":
    main()
