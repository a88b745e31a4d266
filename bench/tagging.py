"""Benchmark the tagger against hand labels: precision and recall per kind, median ms per article.

Usage: .venv/bin/python bench/tagging.py [--errors] [--labels PATH]

Labels: tests/fixtures/tagging/labels.jsonl, one article a line (44 items sampled with a fixed
seed from BBC politics/business 2004-05 and Reuters-21578 1987 items with places or people),
labelled by hand before any tuning. Scores are micro-averaged over (article, name) pairs.
"""

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from articles.tagging import build_tagger, load_gazetteer, tag_sections  # noqa: E402

DEFAULT_LABELS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "tagging" / "labels.jsonl"
KINDS = {"leader": "leaders", "country": "countries", "topic": "topics"}  # kind -> label field
TIMING_ROUNDS = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS, help="JSONL file of labelled articles")
    parser.add_argument("--errors", action="store_true", help="list every false positive and false negative")
    arguments = parser.parse_args()
    articles = [json.loads(line) for line in arguments.labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    gazetteer = load_gazetteer()
    started = time.perf_counter()
    build_tagger(gazetteer)
    build_ms = (time.perf_counter() - started) * 1000
    counts = {kind: {"tp": 0, "fp": 0, "fn": 0} for kind in KINDS}
    durations = []
    for article in articles:
        published = date.fromisoformat(article["published"]) if article["published"] else None
        mentions = tag_sections(article["sections"], gazetteer=gazetteer, published=published)
        for _ in range(TIMING_ROUNDS):
            started = time.perf_counter()
            tag_sections(article["sections"], gazetteer=gazetteer, published=published)
            durations.append(time.perf_counter() - started)
        for kind in KINDS:
            found = {mention.name for mention in mentions if mention.kind == kind}
            expected = set(article[KINDS[kind]])
            counts[kind]["tp"] += len(found & expected)
            counts[kind]["fp"] += len(found - expected)
            counts[kind]["fn"] += len(expected - found)
            if arguments.errors and found != expected:
                print(f"{article['id']:<22} {kind:<8} extra={sorted(found - expected)} missing={sorted(expected - found)}")
    print(f"{len(articles)} labelled articles; matcher built in {build_ms:.0f} ms")
    print(f"{'kind':<8} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    for kind in KINDS:
        tp, fp, fn = counts[kind]["tp"], counts[kind]["fp"], counts[kind]["fn"]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"{kind:<8} {precision:>9.3f} {recall:>7.3f} {tp:>4} {fp:>4} {fn:>4}")
    print(f"median {statistics.median(durations) * 1000:.2f} ms per article "
          f"(p90 {statistics.quantiles(durations, n=10)[-1] * 1000:.2f} ms)")


if __name__ == "__main__":
    main()
