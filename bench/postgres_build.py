"""Time the PostgreSQL engine's rebuild (documents, then vocabulary) against a plain tsvector table, in
wall clock, in the database backend's CPU time and in the whole server's CPU time (the machine is
shared; CPU time barely stretches), then check that every document equals the one its rows give.

Usage: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/postgres_build.py \\
    [--postmaster-pid PID]
(on an archive bench/search.py built). Changes nothing but the documents it rebuilds and a bench_plain table.
Server CPU is read from /proc for the postmaster and its children (with the CPU of children it has
reaped, such as parallel workers), so it needs the server on this machine and counts every session
of that server: run it where no other session is busy.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postmaster-pid", type=int, help="the server's postmaster (default: from data_directory/postmaster.pid)")
    arguments = parser.parse_args()
    os.environ.update(DJANGO_SETTINGS_MODULE="newsindex.settings", DATABASE_URL=os.environ["BENCH_DATABASE_URL"], LOG_LEVEL="WARNING")
    import django

    django.setup()
    from django.db import connection, transaction

    from articles.search.postgres import PostgresSearchBackend
    from articles.search.postgres_sql import DROP_TRIGGERS, TRIGGERS, rebuild_documents, rebuild_vocabulary

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), (SELECT count(*) FROM articles_article WHERE is_published), current_setting('data_directory')")
        pid, articles, data_directory = cursor.fetchone()
    postmaster = arguments.postmaster_pid or postmaster_pid(data_directory)
    steps = {}

    def rebuild() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            # What rebuild_index runs on this engine (clear(), start_keeping_documents), in its parts.
            for statement in [*DROP_TRIGGERS, *TRIGGERS]:
                cursor.execute(statement)
            steps["documents (engine)"] = timed(pid, postmaster, lambda: rebuild_documents(cursor))
            steps["vocabulary (engine)"] = timed(pid, postmaster, lambda: rebuild_vocabulary(cursor))

    whole = timed(pid, postmaster, rebuild)
    # The rest of the whole: the triggers and the commit (its WAL flush).
    steps["triggers, commit"] = tuple(total - sum(values[i] for values in steps.values()) for i, total in enumerate(whole))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain")
        steps["plain tsvector table + GIN"] = timed(pid, postmaster, lambda: plain_table(cursor))
        cursor.execute("DROP TABLE bench_plain")
    load = os.getloadavg()
    print(f"{articles} articles, load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print("| step | wall s | backend CPU s | server CPU s | articles/s by wall | articles/s by server CPU |\n|---|---:|---:|---:|---:|---:|")
    for name, (wall, cpu, server) in steps.items():
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {server:.1f} | {articles / max(wall, 1e-3):,.0f} | {articles / max(server, 1e-3):,.0f} |")
    engine = [values for name, values in steps.items() if "plain" not in name]
    wall, cpu, server = (sum(values[i] for values in engine) for i in range(3))
    print(f"| engine rebuild (clear()) | {wall:.1f} | {cpu:.1f} | {server:.1f} | {articles / wall:,.0f} | {articles / server:,.0f} |")
    print(f"wall clock: {articles / wall:,.0f} articles/s")
    found = PostgresSearchBackend("default", URL="postgres://").check_documents()
    print("check_index: " + ", ".join(f"{len(ids)} {state}" for state, ids in found.items())
          + (" (the documents equal the ones their rows give)" if not any(found.values()) else ""))


def timed(pid: int, postmaster: int, step) -> tuple[float, float, float]:
    cpu_before, server_before, started = backend_cpu(pid), server_cpu(postmaster), time.perf_counter()
    step()
    return time.perf_counter() - started, backend_cpu(pid) - cpu_before, server_cpu(postmaster) - server_before


def backend_cpu(pid: int) -> float:
    with open(f"/proc/{pid}/schedstat") as stat:
        return int(stat.read().split()[0]) / 1e9


def postmaster_pid(data_directory: str) -> int:
    with open(Path(data_directory) / "postmaster.pid") as lines:
        return int(lines.readline())


def server_cpu(postmaster: int) -> float:
    """Return the CPU seconds of the postmaster, its live children and the children it has reaped."""
    ticks = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile: its CPU is in the postmaster's reaped children
            continue
        if int(name) == postmaster:
            ticks += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
        elif int(fields[1]) == postmaster:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


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
