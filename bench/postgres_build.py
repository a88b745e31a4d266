"""Time the PostgreSQL engine's rebuild (documents, then vocabulary) against a plain tsvector table, in
wall clock and in the database backend's CPU time (the machine is shared; CPU time barely stretches).

Usage: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/postgres_build.py
(on an archive bench/search.py built). Changes nothing but the documents it rebuilds and a bench_plain table.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    os.environ.update(DJANGO_SETTINGS_MODULE="newsindex.settings", DATABASE_URL=os.environ["BENCH_DATABASE_URL"], LOG_LEVEL="WARNING")
    import django

    django.setup()
    from django.db import connection, transaction

    from articles.search.postgres_sql import DROP_TRIGGERS, TRIGGERS, rebuild_documents, rebuild_vocabulary

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), (SELECT count(*) FROM articles_article WHERE is_published)")
        pid, articles = cursor.fetchone()
    steps = {}
    with transaction.atomic(), connection.cursor() as cursor:
        # What rebuild_index runs on this engine (clear(), start_keeping_documents), in its parts.
        for statement in [*DROP_TRIGGERS, *TRIGGERS]:
            cursor.execute(statement)
        steps["documents (engine)"] = timed(pid, lambda: rebuild_documents(cursor))
        steps["vocabulary (engine)"] = timed(pid, lambda: rebuild_vocabulary(cursor))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain")
        steps["plain tsvector table + GIN"] = timed(pid, lambda: plain_table(cursor))
        cursor.execute("DROP TABLE bench_plain")
    load = os.getloadavg()
    print(f"{articles} articles, load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print("| step | wall s | backend CPU s | articles/s by CPU |\n|---|---:|---:|---:|")
    for name, (wall, cpu) in steps.items():
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {articles / cpu:,.0f} |")
    wall = sum(w for n, (w, c) in steps.items() if "engine" in n)
    cpu = sum(c for n, (w, c) in steps.items() if "engine" in n)
    print(f"| engine rebuild (clear()) | {wall:.1f} | {cpu:.1f} | {articles / cpu:,.0f} |")
    print(f"wall clock: {articles / wall:,.0f} articles/s")


def timed(pid: int, step) -> tuple[float, float]:
    cpu_before, started = backend_cpu(pid), time.perf_counter()
    step()
    return time.perf_counter() - started, backend_cpu(pid) - cpu_before


def backend_cpu(pid: int) -> float:
    with open(f"/proc/{pid}/schedstat") as stat:
        return int(stat.read().split()[0]) / 1e9


def plain_table(cursor) -> None:
    cursor.execute(
        """CREATE TABLE bench_plain AS
           SELECT a.id, to_tsvector('english', a.title || ' ' || coalesce(b.text, '')) AS vector
           FROM articles_article a LEFT JOIN LATERAL (
               SELECT string_agg(s.text, E'\\n\\n' ORDER BY s.position) AS text FROM articles_section s WHERE s.article_id = a.id
           ) b ON true WHERE a.is_published"""
    )
    cursor.execute("CREATE INDEX ON bench_plain USING gin (vector)")


if __name__ == "__main__":
    main()
