r"""Print the ids of a new label slice, sampled as tests/fixtures/tagging/README.md describes.

Usage: .venv/bin/python bench/sample_labels.py [--max-words N] SEED QUOTAS REUTERS [EXCLUDED.jsonl ...]
  e.g. bench/sample_labels.py --max-words 450 14171 5,5,4,4,4 20
                                                    (labels_frozen8.jsonl: every other file excluded; the BBC
       pool under 300 words had no tech item and 6 politics items left, so its BBC items are under 450 words)
       bench/sample_labels.py 13171 5,5,2,4,4 20    (labels_frozen7.jsonl: every other file excluded; only 2
       BBC tech items under 300 words with a unique title were left, so the tech quota is 2, not 4)
       bench/sample_labels.py 11171 5,5,4,4,4 20    (labels_dev12.jsonl: drawn with the files up to
       labels_dev11.jsonl excluded, at the same time as labels_dev8.jsonl)
       bench/sample_labels.py 12171 10,10,8,8,8 56  (labels_dev8.jsonl: drawn with the files up to
       labels_dev11.jsonl excluded; then the six items labels_dev12.jsonl also drew were dropped)
       bench/sample_labels.py 10171 3,3,3,3,2 18    (labels_dev11.jsonl, with the files that existed then)
       bench/sample_labels.py 8171 5,5,3,3,3 25 labels.jsonl labels_holdout.jsonl labels_fresh.jsonl \
           labels_dev2.jsonl labels_dev9.jsonl labels_dev5.jsonl labels_dev3.jsonl labels_dev4.jsonl labels_dev6.jsonl
       (labels_dev10.jsonl, with the files that existed then)

random.Random(SEED); for each BBC category in the order politics, business, tech, sport,
entertainment, rng.sample of its quota from that category's items (sorted by id) with a body
under N words (--max-words N, default 300) and a title used once in the corpus; then rng.sample
of REUTERS from the Reuters items (sorted by id) of text_type NORM with a body of 40-220 words.
Items of the excluded label files (default: every labels*.jsonl) are left out of both pools. The
slice is then labelled by hand from the text, without running the tagger on it.
"""

import gzip
import json
import random
import sys
from pathlib import Path

LABELS_DIRECTORY = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "tagging"
CORPUS_DIRECTORY = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "corpus"
BBC_CATEGORIES = ("politics", "business", "tech", "sport", "entertainment")
# The slices up to labels_frozen7.jsonl drew BBC items under 300 words; that pool is all but used up.
DEFAULT_MAX_WORDS = 300


def sample_ids(
    seed: int, quotas: list[int], reuters_count: int, excluded_files: list[Path], max_words: int = DEFAULT_MAX_WORDS,
) -> list[str]:
    """Return the ids of the slice, BBC items first, in sampling order (BBC bodies under max_words words)."""
    excluded = {
        json.loads(line)["id"] for path in excluded_files
        for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    }
    with gzip.open(CORPUS_DIRECTORY / "bbc_news.jsonl.gz", "rt", encoding="utf-8") as lines:
        bbc = [json.loads(line) for line in lines]
    with gzip.open(CORPUS_DIRECTORY / "reuters21578.jsonl.gz", "rt", encoding="utf-8") as lines:
        reuters = [json.loads(line) for line in lines]
    title_uses: dict[str, int] = {}
    for article in bbc:
        title_uses[article["title"]] = title_uses.get(article["title"], 0) + 1
    rng = random.Random(seed)
    chosen = []
    for category, quota in zip(BBC_CATEGORIES, quotas):
        pool = sorted(
            (article for article in bbc if article["category"] == category and len(article["body"].split()) < max_words
             and title_uses[article["title"]] == 1 and article["id"] not in excluded),
            key=lambda article: article["id"],
        )
        chosen += rng.sample(pool, quota)
    pool = sorted(
        (article for article in reuters if article["text_type"] == "NORM" and 40 <= len(article["body"].split()) <= 220
         and article["id"] not in excluded),
        key=lambda article: article["id"],
    )
    chosen += rng.sample(pool, reuters_count)
    return [article["id"] for article in chosen]


def main() -> None:
    arguments = sys.argv[1:]
    max_words = DEFAULT_MAX_WORDS
    if "--max-words" in arguments:
        at = arguments.index("--max-words")
        if at + 1 == len(arguments) or not arguments[at + 1].isdigit():
            sys.exit(__doc__)
        max_words = int(arguments[at + 1])
        del arguments[at:at + 2]
    if len(arguments) < 3 or not arguments[0].isdigit():
        sys.exit(__doc__)
    seed, quotas, reuters_count = int(arguments[0]), [int(quota) for quota in arguments[1].split(",")], int(arguments[2])
    excluded = [LABELS_DIRECTORY / name for name in arguments[3:]] or sorted(LABELS_DIRECTORY.glob("labels*.jsonl"))
    for article_id in sample_ids(seed, quotas, reuters_count, excluded, max_words):
        print(article_id)


if __name__ == "__main__":
    main()
