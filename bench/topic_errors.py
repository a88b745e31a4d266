"""List the topic false positives (and misses) of the development label files, with the sentences that triggered them.

Usage: python bench/topic_errors.py [--scores] [LABELS.jsonl ...]

Default: every label file of tests/fixtures/tagging/ but the frozen ones (labels_frozen*.jsonl),
which are never read. --scores prints precision and recall only (per file, all together,
labels_dev8.jsonl apart), for comparing a rule change quickly.
"""

import argparse
import json
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from articles.tagging import load_gazetteer, tag_sections  # noqa: E402

LABELS_DIRECTORY = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "tagging"


def development_files() -> list[Path]:
    """Return the label files that may be read: all but the frozen slices."""
    return sorted(path for path in LABELS_DIRECTORY.glob("labels*.jsonl") if "frozen" not in path.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", nargs="*", type=Path)
    parser.add_argument("--scores", action="store_true", help="print precision and recall only")
    parser.add_argument("--misses", action="store_true", help="list the missed topics too")
    parser.add_argument("--reuters-train", action="store_true",
                        help="also score the mapped topics on Reuters-21578 TRAIN (never its TEST split)")
    arguments = parser.parse_args()
    files = arguments.labels or development_files()
    assert not any("frozen" in path.name for path in files), "frozen slices are not read"
    gazetteer = load_gazetteer()
    totals = {"all": [0, 0, 0], "labels_dev8.jsonl": [0, 0, 0]}
    for path in files:
        counts = [0, 0, 0]
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            article = json.loads(line)
            published = date.fromisoformat(article["published"]) if article["published"] else None
            sections = list(article["sections"])
            mentions = tag_sections(sections, gazetteer=gazetteer, published=published)
            found = {mention.name for mention in mentions if mention.kind == "topic"}
            expected = set(article["topics"])
            counts[0] += len(found & expected)
            counts[1] += len(found - expected)
            counts[2] += len(expected - found)
            if arguments.scores:
                continue
            for topic in sorted(found - expected):
                print_error("FP", path, article, topic, mentions, sections)
            if arguments.misses:
                for topic in sorted(expected - found):
                    print(f"FN {path.name} {article['id']} {topic!r}  title: {sections[0][:80]!r}")
        for key in ("all", path.name):
            if key in totals:
                totals[key] = [a + b for a, b in zip(totals[key], counts)]
        print_score(path.name, counts)
    for key, counts in totals.items():
        print_score(f"== {key}", counts)
    if arguments.reuters_train:
        print_score("== Reuters TRAIN mapped topics", score_reuters_train(gazetteer))


def score_reuters_train(gazetteer) -> list[int]:
    """Return [tp, fp, fn] of the mapped topics (bench/tagging.py's REUTERS_TOPIC_CODES) on Lewis's TRAIN split.

    As bench/tagging.py scores it, but TEST items are skipped before they are tagged, and the
    labelled items are left out by the ids of the development files only: no frozen slice is
    opened, so the few TRAIN items of the frozen slices are counted here.
    """
    from bench.tagging import REUTERS_ALSO_FITTING, REUTERS_TOPIC_CODES, reuters_items_with_topics

    labelled_ids = {
        json.loads(line)["id"] for path in development_files()
        for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    }
    counts = [0, 0, 0]
    for article, body in reuters_items_with_topics(labelled_ids):
        if article["lewis_split"] == "TEST":
            continue
        published = date.fromisoformat(article["date"][:10]) if article["date"] else None
        mentions = tag_sections([body], gazetteer=gazetteer, published=published, title=article["title"])
        found = {mention.name for mention in mentions if mention.kind == "topic"}
        codes = set(article["topics"])
        for topic, topic_codes in REUTERS_TOPIC_CODES.items():
            is_expected, is_found = bool(topic_codes & codes), topic in found
            is_fitting = is_expected or bool(REUTERS_ALSO_FITTING.get(topic, set()) & codes)
            counts[0] += is_found and is_expected
            counts[1] += is_found and not is_fitting
            counts[2] += is_expected and not is_found
    return counts


def print_error(kind: str, path: Path, article: dict, topic: str, mentions, sections: list[str]) -> None:
    total = sum(len(section) for section in sections)
    print(f"\n{kind} {path.name} {article['id']} {topic!r}  labels={article['topics']}")
    print(f"   title: {sections[0][:100]!r}  ({len(' '.join(sections).split())} words)")
    for mention in mentions:
        if mention.kind != "topic" or mention.name != topic:
            continue
        text = sections[mention.section] if 0 <= mention.section < len(sections) else ""
        offset = sum(len(section) for section in sections[:max(mention.section, 0)]) + mention.start
        left = max(text.rfind(". ", 0, mention.start), text.rfind("\n", 0, mention.start)) + 1
        right_candidates = [i for i in (text.find(". ", mention.end), text.find("\n", mention.end)) if i >= 0]
        right = min(right_candidates) + 1 if right_candidates else len(text)
        sentence = text[left:mention.start] + "[[" + text[mention.start:mention.end] + "]]" + text[mention.end:right]
        print(f"   {offset / max(total, 1):4.0%} {' '.join(sentence.split())[:260]}")


def print_score(name: str, counts: list[int]) -> None:
    tp, fp, fn = counts
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"{name:<28} P {precision:.3f} R {recall:.3f}  tp {tp} fp {fp} fn {fn}")


if __name__ == "__main__":
    main()
