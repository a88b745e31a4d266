"""Whoosh indexing speed through the product's own path: rebuild_index and an import's index update.

Usage: .venv/bin/python bench/indexing.py [--sizes 20000,100000] [--workdir DIR] [--update-size 200]
                                          [--compare-size 5000] [--out FILE]

Stages, per size, each in its own process so its peak memory and CPU time are its own:
1. load:    a database of N articles from ../shared/data/corpus/ stored by the product's own code
            (bench/common.store_corpus_articles: sections, the tagger, save_tags). Kept in the workdir and
            reused by the next run (SQLite at WORKDIR/N/db.sqlite3; DATABASE_URL overrides it, e.g. PostgreSQL).
2. rebuild: `rebuild_search_index()` (what `manage.py rebuild_index` runs): a new folder beside the live
            index, swapped in when complete. Articles/s by wall and CPU time, index size, segments, peak RSS.
3. update:  `update_search_index()` of --update-size existing articles (what an import batch of re-imported
            pages writes), on the rebuilt index; then the same for one article.
4. compare: (once, at --compare-size articles) the index built by rebuild_index and one built by haystack's
            stock path (`backend.update()` per batch, the way the product indexed before) must hold the same
            documents with the same stored values, and give the same hits, totals and facets for a set of
            queries in every sort order (bench/index_equality.py).
Prints one JSON object per size and writes them all to --out. Give `uptime` with the numbers: the machine's
two cores are shared, so wall time depends on the load, CPU time much less.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, iter_corpus, store_corpus_articles

DEFAULT_WORKDIR = Path("/work/windex-bench")
LOAD_BATCH_SIZE = 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,100000", help="comma-separated article counts")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR, help="databases and indexes are kept here")
    parser.add_argument("--update-size", type=int, default=200, help="articles re-indexed by the update stage")
    parser.add_argument("--compare-size", type=int, default=5000, help="articles for the equality check (0: skip)")
    parser.add_argument("--stages", default="load,rebuild,update", help="stages to run per size")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "indexing.json", help="JSON results file")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.stage:
        run_stage(arguments.stage, size=arguments.size, update_size=arguments.update_size)
        return
    rows = []
    if arguments.compare_size:
        row = {"articles": arguments.compare_size}
        for stage in ("load", "compare"):
            row.update(run_child(stage, size=arguments.compare_size, workdir=arguments.workdir, update_size=0))
        print(json.dumps(row), flush=True)
        rows.append(row)
    for size in [int(s) for s in arguments.sizes.split(",") if s]:
        row = {"articles": size}
        for stage in arguments.stages.split(","):
            row.update(run_child(stage, size=size, workdir=arguments.workdir, update_size=arguments.update_size))
        print(json.dumps(row), flush=True)
        rows.append(row)
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    arguments.out.write_text(json.dumps(rows, indent=1) + "\n")


def run_child(stage: str, *, size: int, workdir: Path, update_size: int) -> dict:
    """Run one stage in a fresh interpreter against the size's database and index; return its numbers."""
    folder = workdir / str(size)
    folder.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsindex.settings",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'db.sqlite3'}",
        "SEARCH_INDEX_DIR": str(folder / "index"),
        "SEARCH_URL": "",
        "MEDIA_ROOT": str(folder / "media"),
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, __file__, "--stage", stage, "--size", str(size), "--update-size", str(update_size)]
    output = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def run_stage(stage: str, *, size: int, update_size: int) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()  # run_child set DATABASE_URL and SEARCH_INDEX_DIR for this size
    started, cpu_started = time.perf_counter(), time.process_time()
    numbers = STAGES[stage](size=size, update_size=update_size)
    numbers[f"{stage}_s"] = round(time.perf_counter() - started, 1)
    numbers[f"{stage}_cpu_s"] = round(time.process_time() - cpu_started, 1)  # this process only
    numbers[f"{stage}_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    # Other processes share the machine's two cores; a load above 2 inflates wall times.
    numbers[f"{stage}_load_average"] = round(os.getloadavg()[0], 1)
    print(json.dumps(numbers))


def load_articles(*, size: int, update_size: int) -> dict:
    """Store `size` corpus articles unless the database already has them."""
    from django.core.management import call_command

    from articles.models import Article

    call_command("migrate", verbosity=0)
    present = Article.objects.count()
    if present == size:
        return {"loaded": 0}
    if present:
        raise SystemExit(f"The database has {present} articles, not {size}; remove it to load it anew.")
    ids = store_corpus_articles(iter_corpus(size), batch_size=LOAD_BATCH_SIZE)
    return {"loaded": len(ids)}


def rebuild(*, size: int, update_size: int) -> dict:
    from articles.search.rebuild import rebuild_search_index

    started, cpu_started = time.perf_counter(), cpu_seconds()
    report = rebuild_search_index()
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    return {
        "rebuild_wall_s": round(wall, 1),
        # This process and its writer processes together.
        "rebuild_cpu_total_s": round(cpu, 1),
        "writer_process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "indexed": report.indexed,
        "rebuild_articles_per_s": round(report.indexed / wall),
        "rebuild_articles_per_cpu_s": round(report.indexed / cpu),
        "index_mb": round(folder_bytes(Path(report.folder)) / 1e6, 1),
        "segments": count_segments(),
    }


def update(*, size: int, update_size: int) -> dict:
    from articles.models import Article
    from articles.search.indexing import update_search_index

    # Spread over the archive, as a re-import of older pages would be.
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    chosen = ids[:: max(1, len(ids) // update_size)][:update_size]
    started, cpu_started = time.perf_counter(), time.process_time()
    update_search_index(article_ids=chosen)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    one_started = time.perf_counter()
    update_search_index(article_ids=chosen[:1])
    one = time.perf_counter() - one_started
    return {
        "update_articles": len(chosen),
        "update_batch_s": round(wall, 2),
        "update_batch_cpu_s": round(cpu, 2),
        "update_articles_per_s": round(len(chosen) / wall),
        "update_one_s": round(one, 3),
        "segments_after_update": count_segments(),
        "documents_after_update": count_documents(),
    }


def compare(*, size: int, update_size: int) -> dict:
    from index_equality import compare_with_stock_build

    return compare_with_stock_build()


STAGES = {"load": load_articles, "rebuild": rebuild, "update": update, "compare": compare}


def cpu_seconds() -> float:
    """Return the CPU time of this process and of its finished child processes (the index writers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def count_segments() -> int:
    from haystack import connections

    backend = connections["default"].get_backend()
    backend.setup()
    return len(backend.index._segments())


def count_documents() -> int:
    from haystack import connections

    backend = connections["default"].get_backend()
    backend.setup()
    return backend.index.doc_count()


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


if __name__ == "__main__":
    main()
