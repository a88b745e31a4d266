"""A gunicorn worker's memory and throughput at each thread count, on a built search archive.

Usage:
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/worker_memory.py \\
        --workdir DIR [--threads 1,4] [--queries 200] [--engine whoosh|postgres]

DIR is a bench/search.py workdir (its Whoosh index; the database BENCH_DATABASE_URL names holds the
articles, and with --engine postgres the PostgreSQL engine's documents, which bench/search.py builds
when a PostgreSQL engine is in its run). For each thread count, starts one gunicorn worker with the production settings (DEBUG=0)
on 127.0.0.1 only, sends bench/search.py's queries once as a warm-up with as many clients as threads,
then once more timed, and prints the worker's resident memory (VmRSS, and its peak VmHWM) after
each pass, the requests per second of the timed pass, and the worker's CPU time per request.
"""

import argparse
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--threads", default="1,4", help="comma-separated thread counts to measure")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--engine", choices=("whoosh", "postgres"), default="whoosh")
    arguments = parser.parse_args()
    workdir = arguments.workdir.resolve()
    from load import free_port, server_environment, uptime, wait_for_server

    env = server_environment(workdir)
    os.environ.update(env)
    os.environ.pop("SEARCH_URL", None)
    if arguments.engine == "postgres":
        if not os.environ.get("BENCH_DATABASE_URL"):
            raise SystemExit("--engine postgres needs BENCH_DATABASE_URL (the database bench/search.py built).")
        os.environ["SEARCH_URL"] = "postgres://"
    import django

    django.setup()
    from django.core.management import call_command
    from search import make_queries

    call_command("collectstatic", interactive=False, verbosity=0)
    paths = [f"/search/?{urlencode({k: v for k, v in params.items() if k != 'type'})}" for params in make_queries(arguments.queries)]
    print("engine:", arguments.engine, "uptime before:", uptime(), flush=True)
    rows = []
    for threads in [int(t) for t in arguments.threads.split(",")]:
        port = free_port()
        server_env = {
            **os.environ, **env, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
            "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": str(threads),
            "LOG_LEVEL": "WARNING", "LOG_STREAM": "stderr",
        }
        with open(workdir / f"gunicorn-{threads}.log", "w") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "newsindex.wsgi"],
                cwd=ROOT, env=server_env, stdout=log, stderr=subprocess.STDOUT,
            )
            try:
                wait_for_server(port)
                worker = worker_pid(server.pid)
                run_clients(port, paths, clients=threads)
                warm_rss = memory_kib(worker)["VmRSS"]
                cpu_before = cpu_seconds(worker)
                started = time.perf_counter()
                statuses = run_clients(port, paths, clients=threads)
                seconds = time.perf_counter() - started
                cpu = cpu_seconds(worker) - cpu_before
                memory = memory_kib(worker)
            finally:
                server.terminate()
                server.wait(timeout=30)
        rows.append((threads, warm_rss / 1024, memory["VmRSS"] / 1024, memory["VmHWM"] / 1024, len(paths) / seconds,
                     cpu * 1000 / len(paths), statuses))
    print("uptime after:", uptime())
    print("\n| threads | RSS after warm-up MiB | RSS after timed pass MiB | peak MiB | requests/s | worker CPU ms/request | statuses |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    for threads, warm, rss, peak, rate, cpu_ms, statuses in rows:
        print(f"| {threads} | {warm:.0f} | {rss:.0f} | {peak:.0f} | {rate:.1f} | {cpu_ms:.1f} | {statuses} |")


def run_clients(port: int, paths: list[str], *, clients: int) -> dict[int, int]:
    """Send every path once, `clients` at a time; return how many got each status."""
    from load import fetch

    statuses: dict[int, int] = {}
    lock = threading.Lock()
    pending = list(reversed(paths))

    def client() -> None:
        while True:
            with lock:
                if not pending:
                    return
                path = pending.pop()
            status = fetch(port, path)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    workers = [threading.Thread(target=client) for _ in range(clients)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return statuses


def worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise SystemExit("gunicorn started no worker")


def memory_kib(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


def cpu_seconds(pid: int) -> float:
    values = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(values[11]) + int(values[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
