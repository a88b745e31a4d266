"""Measure a learned supplement to the topic rules by cross-validation: an experiment, not shipped.

Usage: .venv/bin/python bench/topic_model.py [--folds 5] [--silver-only] [--cache FILE]

The question (docs/tagging.md, "The fifth topic attempt"): does a per-topic logistic regression
over the article's words, trained on far more text than the hand labels, add topics the rules
miss or drop tags they give wrongly, on articles it was not trained on? It did not, so the
tagger does not use it; this script reproduces the measurement (seeded; about 5 minutes on 2
cores, most of it training).

Training data (never a frozen label file nor a duplicate of its title, never Reuters TEST):
- gold: the development label files of bench/tagging.py (all 86 topics known), weight GOLD_WEIGHT;
- Reuters-21578 TRAIN (+ NOT-USED) items with TOPICS codes: the mapped topics of bench/tagging.py
  (REUTERS_TOPIC_CODES) known from Reuters' codes;
- silver, for every other (item, topic) and every BBC News item not in a label file: a topic the
  rules assign from the headline alone is a positive (precise), a topic the rules do not assign
  at all a negative, one they assign from the body alone unknown (left out of the loss).
Features: the words and pairs of adjacent words of title and body, present or absent, scaled to
unit length; vocabulary: features of at least MIN_DOCUMENTS bulk documents, the MAX_FEATURES
most frequent. Per-topic logistic regression with L2, positives weighted up
(POSITIVE_BALANCE), full-batch Adam in numpy: BASE_STEPS on the bulk, then TUNE_STEPS on the bulk
and a fold's development articles from those weights.

Measured: K-fold cross-validation over the development articles (each fold's model never saw
the fold): micro P/R of the rules alone and of the rules with the model, over a grid of (add,
drop) thresholds (add a topic the rules did not assign at p >= add; drop a rule tag not decided
by the headline at p < drop), also with additions limited to near misses (a topic with a phrase in
the text); the pair with the best F1 is chosen there, never on a frozen slice. Then the model
trained on the bulk and every development article is scored on Reuters TEST's mapped topics at
the chosen pair and at REPORTED_ON_TEST (aggregates only; TEST errors are not printed).
"""

import argparse
import gzip
import json
import pickle
import random
import re
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tagging import (  # noqa: E402
    BBC_CORPUS,
    DEFAULT_LABEL_FILES,
    FROZEN_LABEL_FILES,
    LABELS_DIRECTORY,
    REUTERS_ALSO_FITTING,
    REUTERS_TOPIC_CODES,
    reuters_items_with_topics,
)

from articles.tagging import TITLE_SECTION, build_tagger, load_gazetteer, tag_sections  # noqa: E402
from articles.tagging.text import fold_text  # noqa: E402

WORD_RE = re.compile(r"[a-z][a-z0-9]*(?:['-][a-z0-9]+)*")
SEED = 10171
GOLD_WEIGHT = 3.0
POSITIVE_BALANCE = 0.5
MIN_DOCUMENTS = 3
MAX_FEATURES = 12000
L2 = 1e-4
BASE_STEPS = 200  # on the bulk alone, which never holds a development item
TUNE_STEPS = 60  # then on the bulk and the development articles of a fold, from the base weights
LEARNING_RATE = 0.05
ADD_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 1.01)  # 1.01: never add
ADDITIONS_SHOWN_AT = 0.7
REPORTED_ON_TEST = [(0.7, 0.0), (0.5, 0.0)]  # informative only: thresholds are chosen on cross-validation
DROP_GRID = (0.0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2)  # 0.0: never drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--silver-only", action="store_true",
                        help="label the Reuters items' mapped topics like the others (silver), not from Reuters' codes")
    parser.add_argument("--cache", type=Path, help="keep the tagged corpora in this file between runs (delete it after a rule change)")
    arguments = parser.parse_args()
    started = time.perf_counter()
    gazetteer = load_gazetteer()
    topics = tuple(topic.name for topic in gazetteer.topics)
    if arguments.cache and arguments.cache.exists():
        dev, bulk, test = pickle.loads(arguments.cache.read_bytes())
    else:
        dev = load_development_articles(gazetteer)
        excluded_ids, excluded_titles = labelled_items()
        bulk, test = load_bulk(gazetteer, topics, excluded_ids, excluded_titles)
        if arguments.cache:
            arguments.cache.write_bytes(pickle.dumps((dev, bulk, test)))
    print(f"{len(dev)} development articles, {len(bulk)} bulk documents, {len(test)} Reuters TEST items "
          f"({time.perf_counter() - started:.0f} s)")
    if arguments.silver_only:
        for document in bulk:
            if "codes" in document:
                document["known"] = silver_labels(topics, document["rules"], document["headline"], skip=set())
    vocabulary = build_vocabulary(bulk)
    print(f"{len(vocabulary)} features")
    bulk_rows, bulk_y, bulk_m = to_matrices(bulk, vocabulary, topics, weight=1.0)
    dev_rows, dev_y, dev_m = to_matrices(dev, vocabulary, topics, weight=GOLD_WEIGHT)
    bulk_x, dev_x = to_dense(bulk_rows, len(vocabulary)), to_dense(dev_rows, len(vocabulary))
    base = train_model(bulk_x, bulk_y, bulk_m, steps=BASE_STEPS)
    print(f"base model trained on the bulk ({time.perf_counter() - started:.0f} s)")
    folds = [index % arguments.folds for index in range(len(dev))]
    random.Random(SEED).shuffle(folds)
    probabilities = np.zeros((len(dev), len(topics)), dtype=np.float32)
    for fold in range(arguments.folds):
        train = np.array([number != fold for number in folds])
        weights, bias = train_model(
            np.vstack([bulk_x, dev_x[train]]), np.vstack([bulk_y, dev_y[train]]), np.vstack([bulk_m, dev_m[train]]),
            steps=TUNE_STEPS, start=base,
        )
        probabilities[~train] = predict(dev_x[~train], weights, bias)
        print(f"fold {fold} trained ({time.perf_counter() - started:.0f} s)")
    if arguments.cache:
        np.save(arguments.cache.with_suffix(".probabilities.npy"), probabilities)
    matcher = build_tagger(gazetteer).matcher
    for article in dev:
        article["phrases"] = find_phrase_topics(matcher, article["texts"])
    print_dev_grid(dev, probabilities, topics)
    print_gated_grid(dev, probabilities, topics)
    add_threshold, drop_threshold = choose_thresholds(dev, probabilities, topics)
    print(f"chosen on cross-validation: add at p >= {add_threshold}, drop body-only rule tags at p < {drop_threshold}")
    print_per_file(dev, probabilities, topics, add_threshold, drop_threshold)
    print_additions(dev, probabilities, topics, ADDITIONS_SHOWN_AT)
    weights, bias = train_model(
        np.vstack([bulk_x, dev_x]), np.vstack([bulk_y, dev_y]), np.vstack([bulk_m, dev_m]), steps=TUNE_STEPS, start=base
    )
    test_rows, _, _ = to_matrices([{**document, "known": {}} for document in test], vocabulary, topics, weight=1.0)
    test_probabilities = predict(to_dense(test_rows, len(vocabulary)), weights, bias)
    print_reuters_test(test, test_probabilities, topics, [(add_threshold, drop_threshold), *REPORTED_ON_TEST])
    print(f"done in {time.perf_counter() - started:.0f} s")


def labelled_items() -> tuple[set[str], set[str]]:
    """Return the ids and titles of every item of every label file (frozen ones above all)."""
    ids, titles = set(), set()
    for label_file in LABELS_DIRECTORY.glob("labels*.jsonl"):
        for line in label_file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                article = json.loads(line)
                ids.add(article["id"])
                titles.add(article["sections"][0].split("\n", 1)[0].strip())
    return ids, titles


def development_label_files() -> list[str]:
    """Return the names of the label files the model may learn from: every scored file but the frozen slices."""
    return [name for name in DEFAULT_LABEL_FILES if name not in FROZEN_LABEL_FILES]


def load_development_articles(gazetteer) -> list[dict]:
    """Return the development label files' articles with their gold topics and the rules' topics."""
    articles = []
    for name in development_label_files():
        for line in (LABELS_DIRECTORY / name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            article = json.loads(line)
            published = date.fromisoformat(article["published"]) if article["published"] else None
            title = article["sections"][0].split("\n", 1)[0]
            rules_topics, headline_topics = read_rules(gazetteer, article["sections"], published, title_alone=title)
            articles.append({
                "file": name, "id": article["id"], "texts": [fold_text(text) for text in article["sections"]],
                "known": {topic: topic in article["topics"] for topic in rules_known_all(gazetteer)},
                "rules": rules_topics, "headline": headline_topics, "gold": set(article["topics"]),
            })
    return articles


def rules_known_all(gazetteer) -> list[str]:
    return [topic.name for topic in gazetteer.topics]


def read_rules(gazetteer, texts: list[str], published, *, title: str | None = None, title_alone: str) -> tuple[set[str], set[str]]:
    """Return (topics the rules assign, topics they assign from the headline title_alone by itself)."""
    mentions = tag_sections(texts, gazetteer=gazetteer, published=published, title=title)
    headline = tag_sections([], gazetteer=gazetteer, published=published, title=title_alone)
    return ({mention.name for mention in mentions if mention.kind == "topic"},
            {mention.name for mention in headline if mention.kind == "topic" and mention.section == TITLE_SECTION})


def load_bulk(gazetteer, topics: tuple[str, ...], excluded_ids: set[str], excluded_titles: set[str]) -> tuple[list[dict], list[dict]]:
    """Return (bulk training documents, Reuters TEST items), each with known labels per topic."""
    bulk, test = [], []
    mapped = set(REUTERS_TOPIC_CODES)
    for article, body in reuters_items_with_topics(excluded_ids):
        published = date.fromisoformat(article["date"][:10]) if article["date"] else None
        rules_topics, headline_topics = read_rules(gazetteer, [body], published, title=article["title"], title_alone=article["title"])
        document = {"id": article["id"], "texts": [fold_text(article["title"]), fold_text(body)], "rules": rules_topics,
                    "headline": headline_topics, "codes": set(article["topics"])}
        if article["lewis_split"] == "TEST":
            test.append(document)
            continue
        known = silver_labels(topics, rules_topics, headline_topics, skip=mapped)
        for topic, codes in REUTERS_TOPIC_CODES.items():
            is_fitting = bool(REUTERS_ALSO_FITTING.get(topic, set()) & document["codes"])
            if codes & document["codes"]:
                known[topic] = True
            elif not is_fitting:
                known[topic] = False
        document["known"] = known
        bulk.append(document)  # keeps "rules" and "headline": --silver-only relabels from them
    with gzip.open(BBC_CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            if article["id"] in excluded_ids or article["title"].strip() in excluded_titles:
                continue
            rules_topics, headline_topics = read_rules(gazetteer, [article["body"]], None, title=article["title"], title_alone=article["title"])
            bulk.append({"id": article["id"], "texts": [fold_text(article["title"]), fold_text(article["body"])],
                         "known": silver_labels(topics, rules_topics, headline_topics, skip=set())})
    return bulk, test


def silver_labels(topics: tuple[str, ...], rules_topics: set[str], headline_topics: set[str], *, skip: set[str]) -> dict[str, bool]:
    """Return topic -> label where the rules are sure: assigned from the headline alone, or not at all."""
    known = {}
    for topic in topics:
        if topic in skip:
            continue
        if topic in headline_topics:
            known[topic] = True
        elif topic not in rules_topics:
            known[topic] = False
    return known


def find_word_features(texts: list[str]) -> set[str]:
    """Return the words and pairs of adjacent words of texts, lower-cased; pairs do not cross a line break."""
    features = set()
    for text in texts:
        previous_word, previous_end = "", 0
        for match in WORD_RE.finditer(text.lower()):
            word = match.group()
            features.add(word)
            if previous_word and "\n" not in text[previous_end:match.start()]:
                features.add(previous_word + " " + word)
            previous_word, previous_end = word, match.end()
    return features


def document_features(document: dict) -> set[str]:
    return find_word_features(document["texts"])


def build_vocabulary(bulk: list[dict]) -> list[str]:
    """Return the features of at least MIN_DOCUMENTS bulk documents, the MAX_FEATURES most frequent, sorted."""
    counts: dict[str, int] = {}
    for document in bulk:
        for feature in document_features(document):
            counts[feature] = counts.get(feature, 0) + 1
    frequent = sorted((feature for feature, count in counts.items() if count >= MIN_DOCUMENTS), key=lambda feature: (-counts[feature], feature))
    return sorted(frequent[:MAX_FEATURES])


def to_matrices(documents: list[dict], vocabulary: list[str], topics: tuple[str, ...], *, weight: float) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Return (each document's feature rows, labels, label weights: 0 where unknown)."""
    rows = {feature: row for row, feature in enumerate(vocabulary)}
    features = []
    y = np.zeros((len(documents), len(topics)), dtype=np.float32)
    m = np.zeros((len(documents), len(topics)), dtype=np.float32)
    for number, document in enumerate(documents):
        features.append(np.array(sorted(rows[feature] for feature in document_features(document) if feature in rows), dtype=np.int64))
        for column, topic in enumerate(topics):
            if topic in document["known"]:
                y[number, column] = float(document["known"][topic])
                m[number, column] = weight
    return features, y, m


def to_dense(documents: list[np.ndarray], width: int) -> np.ndarray:
    """Return documents x features as float32, each document's present features scaled to unit length."""
    x = np.zeros((len(documents), width), dtype=np.float32)
    for number, indices in enumerate(documents):
        if len(indices):
            x[number, indices] = 1.0 / np.sqrt(len(indices))
    return x


def train_model(
    x: np.ndarray, y: np.ndarray, m: np.ndarray, *, steps: int, start: tuple[np.ndarray, np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Return (weights, bias) of per-topic logistic regressions fitted by full-batch Adam from start (else zero)."""
    weights = np.zeros((x.shape[1], y.shape[1]), dtype=np.float32) if start is None else start[0].copy()
    bias = np.zeros(y.shape[1], dtype=np.float32) if start is None else start[1].copy()
    moments = [np.zeros_like(weights), np.zeros_like(weights), np.zeros_like(bias), np.zeros_like(bias)]
    m = balance_positives(y, m)
    totals = np.maximum(m.sum(axis=0), 1.0)  # each topic's loss is a weighted mean over its known labels
    beta1, beta2 = 0.9, 0.999
    for step in range(1, steps + 1):
        predicted = 1.0 / (1.0 + np.exp(-((x @ weights) + bias)))
        error = (predicted - y) * m / totals
        gradient_w = (x.T @ error) + L2 * weights
        gradient_b = error.sum(axis=0)
        for parameter, gradient, first, second in ((weights, gradient_w, moments[0], moments[1]), (bias, gradient_b, moments[2], moments[3])):
            first *= beta1
            first += (1 - beta1) * gradient
            second *= beta2
            second += (1 - beta2) * gradient * gradient
            parameter -= LEARNING_RATE * (first / (1 - beta1**step)) / (np.sqrt(second / (1 - beta2**step)) + 1e-8)
    return weights, bias


def balance_positives(y: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Return m with each topic's positives weighted up by (negatives / positives) ** POSITIVE_BALANCE.

    Most topics have a few dozen positives among thousands of known negatives; unweighted, their
    probabilities seldom reach a useful threshold.
    """
    positives = (m * y).sum(axis=0)
    negatives = (m * (1 - y)).sum(axis=0)
    factor = (np.maximum(negatives, 1.0) / np.maximum(positives, 1.0)) ** POSITIVE_BALANCE
    return m * np.where(y > 0, factor, 1.0).astype(np.float32)


def predict(x: np.ndarray, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-((x @ weights) + bias)))


def combine(rules_topics: set[str], headline_topics: set[str], probabilities: np.ndarray, topics: tuple[str, ...],
            add_threshold: float, drop_threshold: float) -> set[str]:
    """Return the rules' topics with the model's: confident ones added, unlikely body-only ones dropped."""
    combined = set()
    for column, topic in enumerate(topics):
        probability = probabilities[column]
        if topic in rules_topics:
            if topic in headline_topics or probability >= drop_threshold:
                combined.add(topic)
        elif probability >= add_threshold:
            combined.add(topic)
    return combined


def score(pairs: list[tuple[set[str], set[str]]]) -> tuple[float, float, int, int, int]:
    """Return (precision, recall, tp, fp, fn) of (found, expected) pairs, micro-averaged."""
    tp = sum(len(found & expected) for found, expected in pairs)
    fp = sum(len(found - expected) for found, expected in pairs)
    fn = sum(len(expected - found) for found, expected in pairs)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), tp, fp, fn


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / max(precision + recall, 1e-9)


def print_dev_grid(dev: list[dict], probabilities: np.ndarray, topics: tuple[str, ...]) -> None:
    print("\ncross-validated on the development articles: rules alone and rules + model")
    precision, recall, tp, fp, fn = score([(article["rules"], article["gold"]) for article in dev])
    print(f"rules alone                      P {precision:.3f} R {recall:.3f} F1 {f1(precision, recall):.3f} ({tp} tp, {fp} fp, {fn} fn)")
    for add_threshold in ADD_GRID:
        for drop_threshold in DROP_GRID:
            pairs = [(combine(article["rules"], article["headline"], probabilities[number], topics, add_threshold, drop_threshold),
                      article["gold"]) for number, article in enumerate(dev)]
            precision, recall, tp, fp, fn = score(pairs)
            print(f"add >= {add_threshold:<4} drop < {drop_threshold:<5}     P {precision:.3f} R {recall:.3f} "
                  f"F1 {f1(precision, recall):.3f} ({tp} tp, {fp} fp, {fn} fn)")
    for threshold in (0.3, 0.5, 0.7, 0.9):
        model_alone = [({topic for column, topic in enumerate(topics) if probabilities[number, column] >= threshold}, article["gold"])
                       for number, article in enumerate(dev)]
        precision, recall, tp, fp, fn = score(model_alone)
        print(f"model alone (p >= {threshold})           P {precision:.3f} R {recall:.3f} F1 {f1(precision, recall):.3f} ({tp} tp, {fp} fp, {fn} fn)")


def find_phrase_topics(matcher, texts: list[str]) -> set[str]:
    """Return the topics with at least one phrase anywhere in texts (whatever the rules then weigh)."""
    return {topic for text in texts for match in matcher.topic_pattern.finditer(text) for topic in matcher.topic_names[match.group().lower()]}


def print_gated_grid(dev: list[dict], probabilities: np.ndarray, topics: tuple[str, ...]) -> None:
    """Print P/R when the model may only add topics the rules saw a phrase of but did not assign (a near miss)."""
    print("\nadding near misses only: a topic with a phrase in the text that the rules did not assign")
    for add_threshold in ADD_GRID:
        pairs = []
        for number, article in enumerate(dev):
            found = set(article["rules"])
            for column, topic in enumerate(topics):
                if topic in article["phrases"] and probabilities[number, column] >= add_threshold:
                    found.add(topic)
            pairs.append((found, article["gold"]))
        precision, recall, tp, fp, fn = score(pairs)
        print(f"near miss added at p >= {add_threshold:<4}   P {precision:.3f} R {recall:.3f} F1 {f1(precision, recall):.3f} ({tp} tp, {fp} fp, {fn} fn)")


def print_additions(dev: list[dict], probabilities: np.ndarray, topics: tuple[str, ...], threshold: float) -> None:
    """Print, per topic, the cross-validated additions at threshold that are right and wrong, and the drops at 0.005."""
    right: dict[str, int] = {}
    wrong: dict[str, int] = {}
    drops: dict[str, list[int]] = {}
    for number, article in enumerate(dev):
        for column, topic in enumerate(topics):
            probability = probabilities[number, column]
            if topic not in article["rules"] and probability >= threshold:
                counter = right if topic in article["gold"] else wrong
                counter[topic] = counter.get(topic, 0) + 1
            if topic in article["rules"] and topic not in article["headline"] and probability < 0.005:
                drops.setdefault(topic, [0, 0])[topic not in article["gold"]] += 1
    print(f"\nadditions at p >= {threshold} (cross-validated), right / wrong per topic")
    for topic in sorted(set(right) | set(wrong)):
        print(f"  {topic:<34} {right.get(topic, 0):>3} / {wrong.get(topic, 0):>3}")
    print("drops at p < 0.005 of body-only rule tags, right (the tag was wrong) / wrong per topic")
    for topic, (kept_right, dropped_right) in sorted(drops.items()):
        print(f"  {topic:<34} {dropped_right:>3} / {kept_right:>3}")


def choose_thresholds(dev: list[dict], probabilities: np.ndarray, topics: tuple[str, ...]) -> tuple[float, float]:
    """Return the (add, drop) pair of the grid with the best cross-validated F1 (ties: the more cautious pair)."""
    best, best_f1 = (1.01, 0.0), -1.0
    for add_threshold in sorted(ADD_GRID, reverse=True):
        for drop_threshold in DROP_GRID:
            pairs = [(combine(article["rules"], article["headline"], probabilities[number], topics, add_threshold, drop_threshold),
                      article["gold"]) for number, article in enumerate(dev)]
            value = f1(*score(pairs)[:2])
            if value > best_f1 + 1e-9:
                best, best_f1 = (add_threshold, drop_threshold), value
    return best


def print_per_file(dev: list[dict], probabilities: np.ndarray, topics: tuple[str, ...], add_threshold: float, drop_threshold: float) -> None:
    print("\nper development file, cross-validated (rules alone -> rules + model at the chosen thresholds)")
    for name in dict.fromkeys(article["file"] for article in dev):
        numbers = [number for number, article in enumerate(dev) if article["file"] == name]
        before = score([(dev[number]["rules"], dev[number]["gold"]) for number in numbers])
        after = score([(combine(dev[number]["rules"], dev[number]["headline"], probabilities[number], topics, add_threshold,
                                drop_threshold), dev[number]["gold"]) for number in numbers])
        print(f"{name:<22} {len(numbers):>3}  P {before[0]:.3f} R {before[1]:.3f} -> P {after[0]:.3f} R {after[1]:.3f}")


def print_reuters_test(test: list[dict], probabilities: np.ndarray, topics: tuple[str, ...], settings: list[tuple[float, float]]) -> None:
    """Print Reuters TEST mapped-topic P/R, rules alone and with the model at each (add, drop) setting (no item is listed)."""
    names = {"rules alone": None, **{f"add >= {add} drop < {drop}": (add, drop) for add, drop in settings}}
    counts = {name: {"tp": 0, "fp": 0, "fn": 0} for name in names}
    for number, document in enumerate(test):
        found_by = {
            name: document["rules"] if setting is None else combine(document["rules"], document["headline"], probabilities[number], topics, *setting)
            for name, setting in names.items()
        }
        for name, found in found_by.items():
            for topic, codes in REUTERS_TOPIC_CODES.items():
                is_expected, is_found = bool(codes & document["codes"]), topic in found
                is_fitting = is_expected or bool(REUTERS_ALSO_FITTING.get(topic, set()) & document["codes"])
                key = "tp" if is_expected and is_found else "fp" if is_found and not is_fitting else "fn" if is_expected else ""
                if key:
                    counts[name][key] += 1
    print(f"\nReuters-21578 TEST ({len(test)} items), mapped topics (TEST errors not listed)")
    for name, count in counts.items():
        tp, fp, fn = count["tp"], count["fp"], count["fn"]
        print(f"{name:<24} P {tp / max(tp + fp, 1):.3f} R {tp / max(tp + fn, 1):.3f} ({tp} tp, {fp} fp, {fn} fn)")


if __name__ == "__main__":
    main()
