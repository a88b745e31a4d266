"""Load check: do the most expensive queries the parser accepts slow other users down?

Usage: .venv/bin/python bench/load.py [--articles 4800] [--seconds 60] [--workdir DIR]
       (BENCH_DATABASE_URL=postgres://... to run on PostgreSQL, as production does; SQLite otherwise)

Builds (or reuses) an archive of N real articles like bench/search.py, serves it with gunicorn and the
production worker set-up (2 processes x 2 threads, DEBUG=0) on 127.0.0.1 only, then runs two phases of
--seconds each, both while `import_pages` imports 200 new pages:

  A. 16 "realistic" clients: one- to three-word searches, phrases, a word with a filter and a date window;
  B. the same 16, plus 8 "expensive" clients sending the costliest queries the limits let through
     (OR chains of common words, wildcards and phrases filled up to the word-matches limit, 10-deep
     parentheses, 32 unknown words for "did you mean", far pages).

Each client loops until its phase's deadline (one request at a time, no think time). Prints p50/p95/p99
of the realistic clients' latency per phase, the p95 ratio B/A (target: under 3x), errors (any 5xx or
connection failure; target 0), what the expensive clients got back, and `uptime` before and after.
Results also go to bench/results/load.json.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from itertools import islice
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

REALISTIC_CLIENTS = 16
EXPENSIVE_CLIENTS = 8
IMPORT_PAGES_PER_PHASE = 200
REQUEST_TIMEOUT_SECONDS = 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=4800)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workdir", type=Path)
    arguments = parser.parse_args()
    workdir = (arguments.workdir or ROOT / "var" / f"bench-load-{arguments.articles}").resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    env = server_environment(workdir)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from search import build_archive, build_whoosh, make_queries, read_corpus

    from articles.models import Article
    from articles.settings import search_limits

    call_command("migrate", verbosity=0)
    if Article.objects.count() < arguments.articles:
        build_archive(arguments.articles)
        build_whoosh(workdir)  # build_archive stores the articles only
    call_command("collectstatic", interactive=False, verbosity=0)
    realistic = [f"/search/?{urlencode(params)}" for params in make_queries(200)]
    expensive = expensive_requests()
    folders = write_import_pages(read_corpus(), workdir=workdir, skip=arguments.articles)

    port = free_port()
    server_env = {
        **os.environ, **env, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "2",
        "LOG_LEVEL": "WARNING", "LOG_STREAM": "stderr",
    }
    log = open(workdir / "gunicorn.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "newsindex.wsgi"],
        cwd=ROOT, env=server_env, stdout=log, stderr=subprocess.STDOUT,
    )
    report = {
        "articles": Article.objects.count(), "seconds": arguments.seconds, "database": env["DATABASE_URL"].split(":")[0],
        "max_prefix_expansions": search_limits().max_prefix_expansions, "expensive_paths": expensive[::2],
    }
    try:
        wait_for_server(port)
        for path in realistic[:20] + expensive[:4]:  # warm each worker's searchers and facet tables
            fetch(port, path)
        report["uptime_before"] = uptime()
        print("uptime before:", report["uptime_before"], flush=True)
        report["realistic_only"] = run_phase(
            port, realistic, [], seconds=arguments.seconds, import_folder=folders[0], env=server_env
        )
        report["with_expensive"] = run_phase(
            port, realistic, expensive, seconds=arguments.seconds, import_folder=folders[1], env=server_env
        )
        report["uptime_after"] = uptime()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    base, loaded = report["realistic_only"]["realistic"], report["with_expensive"]["realistic"]
    report["p95_ratio"] = round(loaded["p95_ms"] / base["p95_ms"], 2) if base["p95_ms"] else None
    print_report(report)
    results = ROOT / "bench" / "results" / "load.json"
    results.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {results.relative_to(ROOT)}")


def expensive_requests() -> list[str]:
    """Return the costliest searches the limits accept on this index: each is filled with common words,
    wildcards or phrases until one more would cross 85% of a limit (the search layer's own count). The
    wildcards are the widest two- and three-letter prefixes under the expansion limit that the
    word-matches limit also lets through alone."""
    from articles.search.limits import count_prefix_expansions, count_word_matches
    from articles.search.query import parse_user_query
    from articles.settings import search_limits

    limits = search_limits()
    common = ["said", "year", "market", "government", "percent", "company", "would", "state", "bank", "trade",
              "official", "price", "new", "president", "minister", "week", "oil", "rate", "country", "billion",
              "million", "world", "last", "first", "talks", "report", "months", "people", "economy", "dollar",
              "share", "group", "also", "sales", "told", "expected", "since", "added", "could", "three"]
    letters = "abcdefghijklmnopqrstuvwxyz"
    two_letters = [a + b for a in letters for b in letters]
    prefixes = sorted(
        (
            (count_prefix_expansions(prefix, limit=limits.max_prefix_expansions + 1), prefix)
            for prefix in two_letters + [ab + c for ab in two_letters for c in letters]
        ),
        reverse=True,
    )

    def is_accepted(query: str) -> bool:
        parsed = parse_user_query(query)
        matches, articles = count_word_matches(parsed)
        return (
            parsed.term_count <= limits.max_query_terms
            and len(parsed.wildcards) <= limits.max_wildcards
            # 85%: the import running meanwhile adds documents, whose words push a query filled to 100% over.
            and matches <= 0.85 * max(5000, limits.max_word_matches_per_article * articles)
        )

    def filled(parts: list[str], *, join: str, wrap=lambda q: q) -> str:
        chosen: list[str] = []
        for part in parts:
            if is_accepted(wrap(join.join(chosen + [part]))):
                chosen.append(part)
        return wrap(join.join(chosen))

    # The widest prefixes the expansion limit lets through, as far as the word-matches limit takes them too.
    wildcards = list(islice(
        (f"{prefix}*" for size, prefix in prefixes if 0 < size <= limits.max_prefix_expansions and is_accepted(f"{prefix}*")),
        80,
    ))
    queries = [
        filled(common, join=" OR "),
        filled(wildcards[0::2] + common, join=" OR "),
        filled(wildcards[1::2] + common, join=" OR "),
        filled([f'"{a} {b}"' for a, b in zip(common[0::2], common[1::2])], join=" OR "),
        filled(common, join=" OR ", wrap=lambda q: "(" * 10 + q + ")" * 10),
        filled(common[::-1], join=" -"),
        " ".join(f"zq{random.Random(n).randrange(10**6)}x" for n in range(limits.max_query_terms)),
    ]
    requests = []
    for number, query in enumerate(queries):
        requests.append(f"/search/?{urlencode({'q': query})}")
        requests.append(f"/api/search/?{urlencode({'q': query, 'sort': 'newest', 'page': 1 + number * 37 % 500})}")
    return requests


def write_import_pages(corpus: list[dict], *, workdir: Path, skip: int) -> list[Path]:
    """Write two folders of text dumps from corpus items the archive does not hold, one per phase."""
    folders = []
    for phase in range(2):
        folder = workdir / f"import-{phase}"
        folder.mkdir(exist_ok=True)
        for stale in folder.glob("*.txt"):
            stale.unlink()
        start = skip + phase * IMPORT_PAGES_PER_PHASE
        for number, item in enumerate(corpus[start : start + IMPORT_PAGES_PER_PHASE]):
            stamp = f"{time.time_ns()}-{number}"  # new content each run, so each run really imports
            (folder / f"page{number:03d}.txt").write_text(
                f"{item['title']} ({stamp})\n\nSource: Bench Wire\n\n{item['body']}\n", encoding="utf-8"
            )
        folders.append(folder)
    return folders


def run_phase(port: int, realistic: list[str], expensive: list[str], *, seconds: float, import_folder: Path, env: dict) -> dict:
    deadline = time.monotonic() + seconds
    importer = subprocess.Popen(
        [sys.executable, "manage.py", "import_pages", "--no-progress", str(import_folder)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    import_started = time.monotonic()
    samples: dict[str, list] = {"realistic": [], "expensive": []}
    threads = [
        threading.Thread(target=client_loop, args=(port, realistic, deadline, samples["realistic"], n))
        for n in range(REALISTIC_CLIENTS)
    ] + [
        threading.Thread(target=client_loop, args=(port, expensive, deadline, samples["expensive"], 100 + n))
        for n in range(EXPENSIVE_CLIENTS if expensive else 0)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    importer.wait(timeout=600)
    import_seconds = time.monotonic() - import_started
    print(f"phase with {len(threads)} clients done; import exit {importer.returncode} after {import_seconds:.0f} s", flush=True)
    return {
        "realistic": summarize(samples["realistic"]),
        "expensive": summarize(samples["expensive"]) if expensive else None,
        "import_exit_code": importer.returncode,
        "import_seconds": round(import_seconds, 1),
    }


def client_loop(port: int, paths: list[str], deadline: float, out: list, seed: int) -> None:
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_SECONDS)
    while time.monotonic() < deadline:
        path = rng.choice(paths)
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_SECONDS)
        out.append((time.perf_counter() - started, status))
    connection.close()


def summarize(samples: list[tuple[float, int]]) -> dict:
    latencies = sorted(seconds * 1000 for seconds, _ in samples)
    statuses: dict[str, int] = {}
    for _, status in samples:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    if not latencies:
        return {"requests": 0}

    def percentile(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))], 1)

    return {
        "requests": len(latencies),
        "p50_ms": percentile(50),
        "p95_ms": percentile(95),
        "p99_ms": percentile(99),
        "mean_ms": round(statistics.fmean(latencies), 1),
        "statuses": statuses,
        "errors": sum(n for status, n in statuses.items() if status == "0" or status.startswith("5")),
    }


def print_report(report: dict) -> None:
    print(f"\n{report['articles']} articles on {report['database']}, {report['seconds']:.0f} s per phase, "
          f"{REALISTIC_CLIENTS} realistic clients (+{EXPENSIVE_CLIENTS} expensive in phase B), an import running")
    for label, key in (("A realistic only", "realistic_only"), ("B with expensive", "with_expensive")):
        r = report[key]["realistic"]
        print(f"  {label}: {r['requests']} requests, p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, p99 {r['p99_ms']} ms, "
              f"errors {r['errors']}, statuses {r['statuses']}")
    expensive = report["with_expensive"]["expensive"]
    print(f"  expensive clients: {expensive['requests']} requests, p50 {expensive['p50_ms']} ms, "
          f"p95 {expensive['p95_ms']} ms, statuses {expensive['statuses']}")
    print(f"  realistic p95 ratio B/A: {report['p95_ratio']} (target under 3)")
    print(f"  uptime before: {report['uptime_before']}\n  uptime after:  {report['uptime_after']}")


def server_environment(workdir: Path) -> dict[str, str]:
    """Return the settings' environment for a bench site in workdir: BENCH_DATABASE_URL (else SQLite there), its index, media, static."""
    return {
        "DJANGO_SETTINGS_MODULE": "newsindex.settings",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'db.sqlite3'}",
        "SEARCH_INDEX_DIR": str(workdir / "index"),
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
    }


def open_bench_site(workdir: Path) -> None:
    """Set up Django in this process on a bench workdir's site, with its Whoosh index as the engine."""
    os.environ.update(server_environment(workdir))
    os.environ.pop("SEARCH_URL", None)
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_server(port: int) -> None:
    for _ in range(120):
        try:
            if fetch(port, "/healthz") == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{port}; see its log in the workdir.")


def fetch(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_SECONDS)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    main()
