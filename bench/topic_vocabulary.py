"""Would the development labels choose a better topic vocabulary? Cross-validated, no: an experiment.

Usage: .venv/bin/python bench/topic_vocabulary.py   (about 30 s on one core)

The topic rule's phrases (articles/data/gazetteer/topics.json) were chosen by hand, class by
class. This asks whether the labels themselves pick phrases that generalise, in two directions,
each 5-fold cross-validated over the development articles (every label file but the frozen
slices, one article per title; folds drawn with seed 19171), the rules otherwise unchanged:

- mined: add to a topic the words and runs of up to N words (not starting or ending with an
  everyday word) found in at least MIN training articles labelled with it, and in no more than
  1 - PRECISION of the training articles that hold them without the label;
- pruned: drop a topic's phrases found in at least MIN training articles of which at most SHARE
  are labelled with it.

Each fold's vocabulary comes from the other four folds only. Scores are micro P/R/F1 over
(article, topic) pairs of the held-out folds, against the rules alone on the same folds
(docs/tagging.md, "The thirteenth topic attempt").
"""

import collections
import dataclasses
import json
import random
import re
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from articles.tagging import load_gazetteer, tag_sections  # noqa: E402
from articles.tagging.types import Gazetteer  # noqa: E402
from bench.topic_errors import development_files  # noqa: E402

FOLDS = 5
SEED = 19171
WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")
EVERYDAY_WORDS = frozenset(
    "the a an of to in and or for on at by with from as is was were be been are that this it its said says will "
    "would has have had not but which who he she they we".split()
)
MINED_SETTINGS = ((3, 0.8, 2), (5, 0.8, 2), (3, 0.9, 3), (2, 1.0, 3))  # (MIN articles, PRECISION, N words)
PRUNED_SETTINGS = ((5, 0.1), (5, 0.2), (8, 0.25), (10, 0.3), (4, 0.0))  # (MIN articles, SHARE labelled)
Counts = tuple[int, int, int]


def development_articles() -> list[dict]:
    """Return the development articles, the first of each title (some slices share a story)."""
    articles, titles = [], set()
    for path in development_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            article = json.loads(line)
            title = article["sections"][0].split("\n")[0]
            if title not in titles:
                titles.add(title)
                articles.append(article)
    return articles


def word_runs(article: dict, longest: int) -> set[str]:
    words = WORD.findall(" ".join(article["sections"]).lower())
    return {
        " ".join(words[start:start + length])
        for length in range(1, longest + 1) for start in range(len(words) - length + 1)
        if words[start] not in EVERYDAY_WORDS and words[start + length - 1] not in EVERYDAY_WORDS
    }


def mined_phrases(train: list[dict], known: dict[str, set[str]], *, minimum: int, precision: float, longest: int) -> dict[str, list[str]]:
    """Return, per topic, the word runs the training articles would add to its phrases."""
    with_topic: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    everywhere: collections.Counter = collections.Counter()
    for article in train:
        runs = word_runs(article, longest)
        everywhere.update(runs)
        for topic in article["topics"]:
            with_topic[topic].update(runs)
    return {
        topic: [run for run, count in counts.items()
                if count >= minimum and count / everywhere[run] >= precision and run not in known.get(topic, set())]
        for topic, counts in with_topic.items()
    }


def pruned_phrases(train: list[dict], gazetteer: Gazetteer, present: dict[str, set[str]], *, minimum: int, share: float) -> dict[str, set[str]]:
    """Return, per topic, the phrases the training articles would drop."""
    dropped: dict[str, set[str]] = collections.defaultdict(set)
    for topic in gazetteer.topics:
        for phrase in topic.phrases:
            holding = [article for article in train if phrase in present[article["id"]]]
            labelled = sum(topic.name in article["topics"] for article in holding)
            if len(holding) >= minimum and labelled / len(holding) <= share:
                dropped[topic.name].add(phrase)
    return dropped


def phrases_present(articles: list[dict], gazetteer: Gazetteer) -> dict[str, set[str]]:
    """Return each article's topic phrases found in its text (whole words, case folded)."""
    patterns = {
        phrase: re.compile(r"(?<![\w-])" + re.escape(phrase.lower()) + r"(?![\w-])")
        for topic in gazetteer.topics for phrase in topic.phrases
    }
    present = {}
    for article in articles:
        text = " ".join(article["sections"]).lower()
        present[article["id"]] = {phrase for phrase, pattern in patterns.items() if phrase.lower() in text and pattern.search(text)}
    return present


def with_phrases(gazetteer: Gazetteer, *, added: dict[str, list[str]] | None = None, dropped: dict[str, set[str]] | None = None) -> Gazetteer:
    topics = tuple(
        dataclasses.replace(topic, phrases=tuple(
            phrase for phrase in (*topic.phrases, *(added or {}).get(topic.name, ()))
            if phrase not in (dropped or {}).get(topic.name, set())
        ))
        for topic in gazetteer.topics
    )
    return dataclasses.replace(gazetteer, topics=topics)


def score(articles: list[dict], gazetteer: Gazetteer) -> Counts:
    right = wrong = missed = 0
    for article in articles:
        published = date.fromisoformat(article["published"]) if article["published"] else None
        mentions = tag_sections(list(article["sections"]), gazetteer=gazetteer, published=published)
        found = {mention.name for mention in mentions if mention.kind == "topic"}
        expected = set(article["topics"])
        right, wrong, missed = right + len(found & expected), wrong + len(found - expected), missed + len(expected - found)
    return right, wrong, missed


def describe(counts: Counts) -> str:
    right, wrong, missed = counts
    return (f"P {right / (right + wrong):.3f} R {right / (right + missed):.3f} "
            f"F1 {2 * right / (2 * right + wrong + missed):.3f} ({right} right, {wrong} wrong, {missed} missed)")


def main() -> None:
    articles = development_articles()
    gazetteer = load_gazetteer()
    order = list(range(len(articles)))
    random.Random(SEED).shuffle(order)
    folds = [[articles[index] for index in order[fold::FOLDS]] for fold in range(FOLDS)]
    trains = [[article for other in range(FOLDS) if other != fold for article in folds[other]] for fold in range(FOLDS)]
    known = {topic.name: {phrase.lower() for phrase in topic.phrases} for topic in gazetteer.topics}
    present = phrases_present(articles, gazetteer)

    def cross_validated(vocabulary_of) -> tuple[Counts, int]:
        total, changed = (0, 0, 0), 0
        for fold in range(FOLDS):
            changed_gazetteer, count = vocabulary_of(trains[fold])
            changed += count
            total = tuple(a + b for a, b in zip(total, score(folds[fold], changed_gazetteer)))  # type: ignore[assignment]
        return total, changed // FOLDS

    print(f"{len(articles)} development articles, {FOLDS} folds")
    print(f"rules alone                                      {describe(cross_validated(lambda train: (gazetteer, 0))[0])}")
    for minimum, precision, longest in MINED_SETTINGS:
        def mined(train, minimum=minimum, precision=precision, longest=longest):
            added = mined_phrases(train, known, minimum=minimum, precision=precision, longest=longest)
            return with_phrases(gazetteer, added=added), sum(len(runs) for runs in added.values())
        counts, changed = cross_validated(mined)
        print(f"mined: in >= {minimum}, precision >= {precision}, <= {longest} words (~{changed} added)  {describe(counts)}")
    for minimum, share in PRUNED_SETTINGS:
        def pruned(train, minimum=minimum, share=share):
            dropped = pruned_phrases(train, gazetteer, present, minimum=minimum, share=share)
            return with_phrases(gazetteer, dropped=dropped), sum(len(phrases) for phrases in dropped.values())
        counts, changed = cross_validated(pruned)
        print(f"pruned: in >= {minimum}, labelled <= {share} (~{changed} dropped)         {describe(counts)}")


if __name__ == "__main__":
    main()
