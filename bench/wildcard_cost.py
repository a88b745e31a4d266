"""What one word a wildcard expands to costs the Whoosh engine, beside what one match costs.

Usage:
    .venv/bin/python bench/wildcard_cost.py --workdir DIR [--prefixes 40]

DIR is a bench/search.py workdir (read only). Two- and three-letter prefixes are drawn (fixed seed)
across the range of expansion counts; each `prefix*` goes through search_articles() as the page sends
it, limits lifted, three times. For each: the words it expands to, the documents they occur in
(summed: the matches), and CPU ms (min of 3). A least-squares fit of CPU = fixed + per word x words +
per match x matches then says what the limits' cost model (WILDCARD_WORD_COST matches per rare word)
should be on this machine.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--prefixes", type=int, default=40)
    arguments = parser.parse_args()
    from load import open_bench_site

    open_bench_site(arguments.workdir.resolve())
    from django.test import override_settings
    from haystack import connections
    from refused_queries import LIFTED_LIMITS

    from articles.search.service import search_articles

    backend = connections["default"].get_backend()
    with backend.reading() as (searcher, _):
        field = backend.content_field_name
        reader = searcher.reader()
        sizes = {}
        for prefix in sorted({term[:length] for term in reader.field_terms(field) for length in (2, 3)}):
            if not prefix.isalpha():
                continue
            frequencies = [reader.doc_frequency(field, term) for term in reader.expand_prefix(field, prefix)]
            sizes[prefix] = (len(frequencies), sum(frequencies), sum(1 for f in frequencies if f <= 25))
        articles = searcher.doc_count()
    chosen = draw_across_sizes(sizes, count=arguments.prefixes)
    print(f"{articles:,} documents; load {os.getloadavg()[0]:.2f}")
    print("| prefix | words | of them in <= 25 documents | matches | total | CPU ms min of 3 |")
    print("|---|---:|---:|---:|---:|---:|")
    rows = []
    with override_settings(**LIFTED_LIMITS):
        search_articles("warm up")
        for prefix in chosen:
            words, matches, rare = sizes[prefix]
            cpu_ms = []
            for _ in range(3):
                started = time.process_time()
                page = search_articles(f"{prefix}*")
                cpu_ms.append((time.process_time() - started) * 1000)
            rows.append((words, matches, min(cpu_ms)))
            print(f"| `{prefix}*` | {words:,} | {rare:,} | {matches:,} | {page.total:,} | {min(cpu_ms):.1f} |", flush=True)
    design = np.array([[1.0, words, matches] for words, matches, _ in rows])
    cpu = np.array([ms for _, _, ms in rows])
    (fixed, per_word, per_match), *_ = np.linalg.lstsq(design, cpu, rcond=None)
    print(
        f"fit: CPU ms = {fixed:.1f} + {per_word * 1000:.1f} us x words + {per_match * 1000:.2f} us x matches; "
        f"one word costs as much as {per_word / per_match:.1f} matches; load {os.getloadavg()[0]:.2f}"
    )


def draw_across_sizes(sizes: dict[str, tuple[int, int, int]], *, count: int) -> list[str]:
    """Return count prefixes of 10 or more words, spread evenly over the log of their word counts."""
    candidates = sorted((words, prefix) for prefix, (words, _, _) in sizes.items() if words >= 10)
    rng = random.Random(18)
    edges = np.geomspace(10, candidates[-1][0] + 1, count + 1)
    chosen = []
    for low, high in zip(edges[:-1], edges[1:]):
        bucket = [prefix for words, prefix in candidates if low <= words < high]
        if bucket:
            chosen.append(rng.choice(bucket))
    return chosen


if __name__ == "__main__":
    main()
