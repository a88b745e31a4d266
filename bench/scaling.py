"""Whoosh at growing archive sizes: index size, build time, search p50/p95 and memory per size.

Usage: .venv/bin/python bench/scaling.py [--sizes 10000,30000,100000] [--queries 200] [--workdir DIR] [--out FILE]

Stages, per size, each in its own process so its peak memory is its own:
1. load:   a fresh SQLite database (migrated, so the gazetteer is there) gets N articles from
           ../shared/data/corpus/*.jsonl.gz (Reuters-21578 + BBC, 23,802 real items), one section each.
           Past 23,802 the same items repeat with new slugs and "(copy k)" titles: the larger sizes are
           replicated, not real, data. Sections and tags are stored by the product's own code
           (bench/common.store_corpus_articles: the tagger and entities.storage.save_tags).
2. build:  the index is built through our haystack backend (ArchiveWhooshEngine, from settings) the way
           `update_index` does it: batches of 1,000 articles, one writer and one commit per batch.
           The slowest batch shows Whoosh's segment merges; optimising to one segment is timed apart,
           and the searches are timed again on the optimised index.
4. update: re-indexing one article (what a single re-import costs; median of 5) and a batch of 200
           (one import batch) on the finished index: Whoosh has one writer, so this is how long an
           import holds the index lock.
3. search: `search_articles` (the product's search: one engine search with five facets, then the rows
           and snippets from the database) for a fixed-seed mix of one-word, two-word, phrase, OR,
           country-filtered and newest-first queries drawn from the corpus titles; p50/p95 after warm-up.
Prints one JSON object per size and writes them all to --out.
"""

import argparse
import gzip
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CORPUS_DIR, CORPUS_FILES, ROOT, iter_corpus, store_corpus_articles

BUILD_BATCH_SIZE = 1000  # haystack update_index's default batch size
WARMUP_QUERIES = 5
UPDATE_ROUNDS = 5
UPDATE_BATCH_SIZE = 200  # what articles/importing.py indexes per batch
QUERY_SEED = 8
STOPWORDS = set(
    "the a an and or of to in on for at by with from as is are was were be it its that this not no "
    "up down over after new says say said us u.s. uk mln pct vs".split()
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000", help="comma-separated article counts")
    parser.add_argument("--queries", type=int, default=200, help="timed searches per size")
    parser.add_argument("--workdir", type=Path, help="keep databases and indexes here (default: a temp dir, removed)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "scaling.json", help="JSON results file")
    parser.add_argument("--stage", choices=list(STAGES), help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.stage:
        run_stage(arguments.stage, size=arguments.size, queries=arguments.queries)
        return
    workdir = arguments.workdir or Path(tempfile.mkdtemp(prefix="newsindex-scaling-"))
    rows = []
    try:
        for size in [int(s) for s in arguments.sizes.split(",")]:
            row = {"articles": size}
            folder = workdir / str(size)
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            for stage in ("load", "build", "search", "optimize"):
                row.update(run_child(stage, size=size, folder=folder, queries=arguments.queries))
            optimized = run_child("search", size=size, folder=folder, queries=arguments.queries)
            row.update({f"optimized_{k}": v for k, v in optimized.items() if k.endswith(("p50_ms", "p95_ms"))})
            row.update(run_child("update", size=size, folder=folder, queries=arguments.queries))
            row["index_mb"] = round(folder_bytes(folder / "index") / 1e6, 1)
            row["database_mb"] = round((folder / "db.sqlite3").stat().st_size / 1e6, 1)
            print(json.dumps(row), flush=True)
            rows.append(row)
            arguments.out.parent.mkdir(parents=True, exist_ok=True)
            arguments.out.write_text(json.dumps(rows, indent=1) + "\n")
    finally:
        if not arguments.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


def run_child(stage: str, *, size: int, folder: Path, queries: int) -> dict:
    """Run one stage in a fresh interpreter against the size's database and index; return its numbers."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsindex.settings",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "SEARCH_INDEX_DIR": str(folder / "index"),
        "SEARCH_URL": "",
    }
    command = [sys.executable, __file__, "--stage", stage, "--size", str(size), "--queries", str(queries)]
    output = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def run_stage(stage: str, *, size: int, queries: int) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()  # run_child set DATABASE_URL and SEARCH_INDEX_DIR for this size
    numbers = STAGES[stage](size=size, queries=queries)
    numbers[f"{stage}_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    # Other processes share the machine's cores; a load above the core count inflates every time here.
    numbers[f"{stage}_load_average"] = round(os.getloadavg()[0], 1)
    print(json.dumps(numbers))


def load_articles(*, size: int, queries: int) -> dict:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    ids = store_corpus_articles(iter_corpus(size), batch_size=BUILD_BATCH_SIZE)
    return {"load_s": round(time.perf_counter() - started, 1), "articles": len(ids)}


def build_index(*, size: int, queries: int) -> dict:
    from haystack import connections

    from articles.models import Article
    from articles.search_indexes import with_index_data

    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(Article)
    backend.clear()
    ids = list(Article.objects.filter(is_published=True).order_by("pk").values_list("pk", flat=True))
    batch_seconds = []
    started = time.perf_counter()
    for start in range(0, len(ids), BUILD_BATCH_SIZE):
        batch_started = time.perf_counter()
        batch = ids[start : start + BUILD_BATCH_SIZE]
        backend.update(index, list(with_index_data(Article.objects.filter(pk__in=batch))))
        batch_seconds.append(time.perf_counter() - batch_started)
    build_seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with backend.index.reader() as reader:
        segments = len(reader.leaf_readers())
    return {
        "build_s": round(build_seconds, 1),
        "build_cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "docs_per_s": round(len(ids) / build_seconds),
        "batch_median_s": round(statistics.median(batch_seconds), 2),
        "batch_max_s": round(max(batch_seconds), 2),
        "segments": segments,
        "indexed": backend.index.doc_count(),
    }


def optimize_index(*, size: int, queries: int) -> dict:
    from haystack import connections

    backend = connections["default"].get_backend()
    backend.setup()
    started = time.perf_counter()
    backend.index.optimize()
    return {"optimize_s": round(time.perf_counter() - started, 1)}


def time_updates(*, size: int, queries: int) -> dict:
    from articles.models import Article
    from articles.search.indexing import update_search_index

    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True)[: UPDATE_BATCH_SIZE])
    single = []
    for article_id in ids[:UPDATE_ROUNDS]:
        started = time.perf_counter()
        update_search_index(article_ids=[article_id])
        single.append(time.perf_counter() - started)
    started = time.perf_counter()
    update_search_index(article_ids=ids)
    return {
        "update_one_median_s": round(statistics.median(single), 2),
        "update_batch_s": round(time.perf_counter() - started, 1),
    }


def build_queries(count: int) -> list[tuple[str, dict]]:
    """Return (query, options) pairs drawn with a fixed seed from the corpus titles."""
    rng = random.Random(QUERY_SEED)
    titles = []
    for name in CORPUS_FILES:
        with gzip.open(CORPUS_DIR / name, "rt", encoding="utf-8") as lines:
            titles.extend(json.loads(line)["title"].lower() for line in lines)
    words = [w for t in titles for w in t.split() if w.isalpha() and w not in STOPWORDS and len(w) > 3]
    pairs = []
    for title in titles:
        tokens = [w for w in title.split() if w.isalpha()]
        pairs.extend(f"{a} {b}" for a, b in zip(tokens, tokens[1:]) if a not in STOPWORDS and b not in STOPWORDS)
    kinds = [
        lambda: (rng.choice(words), {}),
        lambda: (f"{rng.choice(words)} {rng.choice(words)}", {}),
        lambda: (f'"{rng.choice(pairs)}"', {}),
        lambda: (f"{rng.choice(words)} OR {rng.choice(words)}", {}),
        lambda: (rng.choice(words), {"countries": (rng.choice(["united-states", "japan", "united-kingdom", "canada"]),)}),
        lambda: (rng.choice(words), {"sort": "newest"}),
    ]
    return [kinds[n % len(kinds)]() for n in range(count)]


def time_searches(*, size: int, queries: int) -> dict:
    from articles.search.service import SearchFilters, search_articles

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    planned = build_queries(queries + WARMUP_QUERIES)
    durations, cpu_durations, hits = [], [], []
    for number, (query, options) in enumerate(planned):
        sort = options.get("sort", "relevance")
        filters = SearchFilters(countries=options.get("countries", ()))
        started, cpu_started = time.perf_counter(), time.process_time()
        page = search_articles(query, filters=filters, sort=sort)
        elapsed, cpu_elapsed = (time.perf_counter() - started) * 1000, (time.process_time() - cpu_started) * 1000
        if number >= WARMUP_QUERIES:
            durations.append(elapsed)
            cpu_durations.append(cpu_elapsed)
            hits.append(page.total)
    durations.sort()
    cpu_durations.sort()
    return {
        "search_p50_ms": round(statistics.median(durations), 1),
        "search_p95_ms": round(durations[int(len(durations) * 0.95) - 1], 1),
        "search_max_ms": round(durations[-1], 1),
        # CPU time of this process alone: the same search on an idle machine takes about this long.
        "search_cpu_p50_ms": round(statistics.median(cpu_durations), 1),
        "search_cpu_p95_ms": round(cpu_durations[int(len(cpu_durations) * 0.95) - 1], 1),
        "median_hits": statistics.median(hits),
        "search_rss_before_mb": round(rss_before, 1),
    }


STAGES = {
    "load": load_articles,
    "build": build_index,
    "search": time_searches,
    "optimize": optimize_index,
    "update": time_updates,
}


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


if __name__ == "__main__":
    main()
