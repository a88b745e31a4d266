"""Benchmark the tagger against hand labels: precision and recall per kind, median ms per article.

Usage: .venv/bin/python bench/tagging.py [--errors] [LABELS.jsonl ...]

Default label files, in tests/fixtures/tagging/ (one article a line, labelled by hand from the
text; sampled with fixed seeds from BBC politics/business 2004-05 and Reuters-21578 1987):
  labels.jsonl          44 articles, labelled first; the topic rule and vocabulary were tuned on it
  labels_holdout.jsonl  30 articles, labelled after that tuning; its first score is in the report
  labels_fresh.jsonl    20 articles, labelled last, after all tuning (when present)
Scores are micro-averaged over (article, name) pairs. BBC items carry no date (published=None).
Each label's section 0 starts with the title line; --title-apart passes it as title= instead,
as the importer does (it stores paragraphs only).
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

LABELS_DIRECTORY = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "tagging"
DEFAULT_LABEL_FILES = ("labels.jsonl", "labels_holdout.jsonl", "labels_fresh.jsonl")
KINDS = {"leader": "leaders", "country": "countries", "topic": "topics"}  # kind -> label field
TIMING_ROUNDS = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", nargs="*", type=Path, help="JSONL files of labelled articles (default: all shipped)")
    parser.add_argument("--errors", action="store_true", help="list every false positive and false negative")
    parser.add_argument("--title-apart", action="store_true", help="pass the title line as title=, like the importer")
    arguments = parser.parse_args()
    label_files = arguments.labels or [
        LABELS_DIRECTORY / name for name in DEFAULT_LABEL_FILES if (LABELS_DIRECTORY / name).exists()
    ]
    gazetteer = load_gazetteer()
    started = time.perf_counter()
    build_tagger(gazetteer)
    print(f"matcher built in {(time.perf_counter() - started) * 1000:.0f} ms")
    totals = new_counts()
    durations: list[float] = []
    for label_file in label_files:
        articles = [json.loads(line) for line in label_file.read_text(encoding="utf-8").splitlines() if line.strip()]
        counts = new_counts()
        for article in articles:
            score_article(
                article, gazetteer, counts, durations, show_errors=arguments.errors, is_title_apart=arguments.title_apart
            )
        print_table(f"{label_file.name} ({len(articles)} articles)", counts)
        for kind in KINDS:
            for key in ("tp", "fp", "fn"):
                totals[kind][key] += counts[kind][key]
    if len(label_files) > 1:
        print_table("all files", totals)
    print(f"\nmedian {statistics.median(durations) * 1000:.2f} ms per article "
          f"(p90 {statistics.quantiles(durations, n=10)[-1] * 1000:.2f} ms)")


def new_counts() -> dict[str, dict[str, int]]:
    return {kind: {"tp": 0, "fp": 0, "fn": 0} for kind in KINDS}


def score_article(
    article: dict, gazetteer, counts: dict, durations: list[float], *, show_errors: bool, is_title_apart: bool
) -> None:
    """Add the article's true/false positives to counts and its tagging times to durations."""
    published = date.fromisoformat(article["published"]) if article["published"] else None
    sections, title = list(article["sections"]), None
    if is_title_apart:
        title, _, sections[0] = sections[0].partition("\n\n")
    mentions = tag_sections(sections, gazetteer=gazetteer, published=published, title=title)
    for _ in range(TIMING_ROUNDS):
        started = time.perf_counter()
        tag_sections(sections, gazetteer=gazetteer, published=published, title=title)
        durations.append(time.perf_counter() - started)
    for kind, field in KINDS.items():
        found = {mention.name for mention in mentions if mention.kind == kind}
        expected = set(article[field])
        counts[kind]["tp"] += len(found & expected)
        counts[kind]["fp"] += len(found - expected)
        counts[kind]["fn"] += len(expected - found)
        if show_errors and found != expected:
            print(f"  {article['id']:<22} {kind:<8} extra={sorted(found - expected)} missing={sorted(expected - found)}")


def print_table(title: str, counts: dict) -> None:
    print(f"\n{title}\n{'kind':<8} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    for kind in KINDS:
        tp, fp, fn = counts[kind]["tp"], counts[kind]["fp"], counts[kind]["fn"]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"{kind:<8} {precision:>9.3f} {recall:>7.3f} {tp:>4} {fp:>4} {fn:>4}")


if __name__ == "__main__":
    main()
