"""The frozen label slices stay unseen: bench/tagging.py scores them apart, bench/topic_model.py never learns from them."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "tagging"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "corpus" / "bbc_news.jsonl.gz"


def load_bench_module(name: str):
    """Import bench/<name>.py (bench/topic_model.py imports bench/tagging.py as "tagging")."""
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module


def test_every_frozen_slice_is_scored_apart_from_the_development_files():
    tagging = load_bench_module("tagging")
    frozen = {path.name for path in FIXTURES.glob("labels_frozen*.jsonl")}
    assert {"labels_frozen5.jsonl", "labels_frozen6.jsonl"} <= frozen
    assert frozen <= set(tagging.FROZEN_LABEL_FILES)
    assert frozen <= set(tagging.DEFAULT_LABEL_FILES)


def test_the_topic_model_experiment_never_learns_from_a_frozen_slice():
    topic_model = load_bench_module("topic_model")
    assert not any(name.startswith("labels_frozen") for name in topic_model.development_label_files())
    excluded_ids, _ = topic_model.labelled_items()  # left out of the bulk (Reuters and BBC) too
    for path in FIXTURES.glob("labels_frozen*.jsonl"):
        ids = {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
        assert ids <= excluded_ids


def test_word_pairs_do_not_cross_a_line_break():
    topic_model = load_bench_module("topic_model")
    features = topic_model.find_word_features(["BANK STRIKE\n\nThe strike went on"])
    assert {"bank strike", "strike went", "bank", "the"} <= features
    assert "strike the" not in features


# The label files when labels_frozen6.jsonl was drawn; each slice was drawn with the files before it
# excluded (files written after it were not there to exclude).
LABEL_FILES_AT_FROZEN6 = [
    "labels.jsonl", "labels_holdout.jsonl", "labels_fresh.jsonl", "labels_dev2.jsonl", "labels_frozen.jsonl",
    "labels_dev5.jsonl", "labels_dev3.jsonl", "labels_dev4.jsonl", "labels_dev6.jsonl", "labels_frozen4.jsonl",
    "labels_dev7.jsonl", "labels_frozen5.jsonl", "labels_frozen6.jsonl",
]
FROZEN_DRAWS = [
    ("labels_frozen5.jsonl", 10171, [3, 3, 3, 3, 2], 18),
    ("labels_frozen6.jsonl", 11171, [5, 5, 4, 4, 4], 20),
]


@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/data/corpus")
@pytest.mark.parametrize(("name", "seed", "quotas", "reuters_count"), FROZEN_DRAWS)
def test_a_frozen_slice_is_the_sample_its_seed_draws(name, seed, quotas, reuters_count):
    sample_labels = load_bench_module("sample_labels")
    earlier = LABEL_FILES_AT_FROZEN6[:LABEL_FILES_AT_FROZEN6.index(name)]
    drawn = sample_labels.sample_ids(seed, quotas, reuters_count, [FIXTURES / file_name for file_name in earlier])
    path = FIXTURES / name
    assert drawn == [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
