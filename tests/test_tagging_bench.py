"""The label slices: frozen ones stay unseen (bench/tagging.py scores them apart, bench/topic_model.py never learns
from them), each is the sample its seed draws, and no article is labelled twice."""

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
    assert {"labels_frozen7.jsonl", "labels_frozen8.jsonl", "labels_frozen9.jsonl", "labels_frozen10.jsonl",
            "labels_frozen11.jsonl"} <= frozen
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


# The label files in the order they were drawn; each slice was drawn with the files before it
# excluded (files written after it were not there to exclude).
LABEL_FILES_IN_DRAWING_ORDER = [
    "labels.jsonl", "labels_holdout.jsonl", "labels_fresh.jsonl", "labels_dev2.jsonl", "labels_dev9.jsonl",
    "labels_dev5.jsonl", "labels_dev3.jsonl", "labels_dev4.jsonl", "labels_dev6.jsonl", "labels_dev10.jsonl",
    "labels_dev7.jsonl", "labels_dev11.jsonl", "labels_dev8.jsonl", "labels_dev12.jsonl",
    "labels_frozen7.jsonl", "labels_frozen8.jsonl", "labels_frozen9.jsonl", "labels_frozen10.jsonl",
    "labels_dev13.jsonl", "labels_frozen11.jsonl", "labels_dev14.jsonl",
]
# labels_dev12.jsonl (seed 11171) was drawn on another branch at the same time as labels_dev8.jsonl, both
# with the files up to labels_dev11.jsonl excluded, so neither excluded the other; the items both drew stay
# in the frozen slice and were dropped from labels_dev8.jsonl.
DRAWN_BY_DEV12 = {
    "bbc-politics-171", "bbc-politics-178", "bbc-politics-207", "bbc-tech-007", "bbc-tech-241", "bbc-tech-209",
}
# (file, seed, BBC quotas, Reuters count, the last file excluded, ids dropped after the draw, BBC words under)
SLICE_DRAWS = [
    ("labels_dev11.jsonl", 10171, [3, 3, 3, 3, 2], 18, "labels_dev7.jsonl", set(), 300),
    ("labels_dev12.jsonl", 11171, [5, 5, 4, 4, 4], 20, "labels_dev11.jsonl", set(), 300),
    ("labels_dev8.jsonl", 12171, [10, 10, 8, 8, 8], 56, "labels_dev11.jsonl", DRAWN_BY_DEV12, 300),
    # every file above excluded; the BBC tech pool had only two items left, so its quota is 2
    ("labels_frozen7.jsonl", 13171, [5, 5, 2, 4, 4], 20, "labels_dev12.jsonl", set(), 300),
    # every file above excluded; the BBC pool under 300 words had no tech item left, so under 450
    ("labels_frozen8.jsonl", 14171, [5, 5, 4, 4, 4], 20, "labels_frozen7.jsonl", set(), 450),
    ("labels_frozen9.jsonl", 15171, [5, 5, 4, 4, 4], 20, "labels_frozen8.jsonl", set(), 450),
    ("labels_frozen10.jsonl", 16171, [5, 5, 4, 4, 4], 20, "labels_frozen9.jsonl", set(), 450),
    # a development file four times a slice's size, of BBC items under 600 words
    ("labels_dev13.jsonl", 17171, [24, 24, 24, 24, 24], 120, "labels_frozen10.jsonl", set(), 600),
    ("labels_frozen11.jsonl", 18171, [5, 5, 4, 4, 4], 20, "labels_dev13.jsonl", set(), 450),
    # a development file of six labellers' work, BBC items under 600 words
    ("labels_dev14.jsonl", 19171, [30, 30, 30, 30, 30], 150, "labels_frozen11.jsonl", set(), 600),
]


def read_ids(path: Path) -> list[str]:
    """Return the article ids of a label file, in file order."""
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/data/corpus")
@pytest.mark.parametrize(
    ("name", "seed", "quotas", "reuters_count", "last_excluded", "dropped", "max_words"), SLICE_DRAWS,
)
def test_a_slice_is_the_sample_its_seed_draws(name, seed, quotas, reuters_count, last_excluded, dropped, max_words):
    sample_labels = load_bench_module("sample_labels")
    earlier = LABEL_FILES_IN_DRAWING_ORDER[:LABEL_FILES_IN_DRAWING_ORDER.index(last_excluded) + 1]
    excluded = [FIXTURES / file_name for file_name in earlier]
    drawn = sample_labels.sample_ids(seed, quotas, reuters_count, excluded, max_words)
    assert [article_id for article_id in drawn if article_id not in dropped] == read_ids(FIXTURES / name)


def test_no_article_is_in_two_label_files():
    seen: dict[str, str] = {}
    for path in sorted(FIXTURES.glob("labels*.jsonl")):
        for article_id in read_ids(path):
            assert article_id not in seen, f"{article_id} is in {seen.get(article_id)} and {path.name}"
            seen[article_id] = path.name


def test_the_development_file_labels_dev8_is_scored_and_may_be_tuned_on():
    tagging = load_bench_module("tagging")
    assert "labels_dev8.jsonl" in tagging.DEFAULT_LABEL_FILES
    assert "labels_dev8.jsonl" not in tagging.FROZEN_LABEL_FILES


def write_label_file(path: Path, labels: dict[str, tuple[list[str], list[str], list[str]]]) -> Path:
    """Write {id: (topics, leaders, countries)} as a label file with a one-line text per article."""
    lines = [
        json.dumps({"id": article_id, "source": "test", "published": None, "sections": [f"Title of {article_id}\n\nText."],
                    "leaders": leaders, "countries": countries, "topics": topics})
        for article_id, (topics, leaders, countries) in labels.items()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_label_agreement_scores_the_second_labelling_against_the_first(tmp_path):
    label_agreement = load_bench_module("label_agreement")
    reference = label_agreement.read_labels(write_label_file(tmp_path / "first.jsonl", {
        "a": (["Elections", "Taxes and public budgets"], ["Tony Blair"], ["United Kingdom"]),
        "b": (["Football"], [], []),
        "c": ([], [], ["France"]),
    }))
    other = label_agreement.read_labels(write_label_file(tmp_path / "second.jsonl", {
        "a": (["Elections"], ["Tony Blair"], ["United Kingdom"]),
        "b": (["Football", "Courts and trials"], [], []),
        "c": (["Stock markets"], [], []),
    }))
    agreements = label_agreement.compare_labels(reference, other)
    topics = agreements["topics"]
    assert topics.both == [("a", "Elections"), ("b", "Football")]
    assert topics.only_reference == [("a", "Taxes and public budgets")]
    assert topics.only_other == [("b", "Courts and trials"), ("c", "Stock markets")]
    assert (topics.precision, topics.recall) == (0.5, 2 / 3)
    assert topics.identical_articles == 0
    countries = agreements["countries"]
    assert (countries.precision, countries.recall, countries.identical_articles) == (1.0, 0.5, 2)
    leaders = agreements["leaders"]
    assert (leaders.precision, leaders.recall, leaders.identical_articles, leaders.empty_articles) == (1.0, 1.0, 3, 2)


def test_label_agreement_kappa_discounts_chance_agreement():
    label_agreement = load_bench_module("label_agreement")
    agreement = label_agreement.Agreement(both=[("a", "x"), ("b", "x")], only_reference=[("c", "x")],
                                          only_other=[("d", "x")])
    # 10 decisions: 8 agree (0.8); chance, with 3 yes each, 0.58
    assert agreement.kappa(decisions=10) == pytest.approx((0.8 - 0.58) / (1 - 0.58))
    assert label_agreement.Agreement(both=[("a", "x")]).kappa(decisions=4) == 1.0
    with pytest.raises(ValueError, match="cannot hold 4 labelled pairs"):
        agreement.kappa(decisions=3)


def test_label_agreement_refuses_labellings_of_different_articles(tmp_path):
    label_agreement = load_bench_module("label_agreement")
    reference = label_agreement.read_labels(write_label_file(tmp_path / "first.jsonl", {"a": ([], [], []), "b": ([], [], [])}))
    other = label_agreement.read_labels(write_label_file(tmp_path / "second.jsonl", {"a": ([], [], []), "c": ([], [], [])}))
    with pytest.raises(SystemExit, match=r"only in the reference \['b'\], only in the other \['c'\]"):
        label_agreement.compare_labels(reference, other)


def test_second_labellings_are_not_label_files_the_tagger_is_scored_on():
    tagging = load_bench_module("tagging")
    second_labellings = sorted((FIXTURES / "agreement").glob("*_second.jsonl"))
    assert second_labellings, "tests/fixtures/tagging/agreement/ holds the second labellings"
    scored = set(FIXTURES.glob("labels*.jsonl")) | {FIXTURES / name for name in tagging.DEFAULT_LABEL_FILES}
    for path in second_labellings:
        assert path not in scored
        reference = FIXTURES / path.name.replace("_second", "")  # the file it labels again
        assert read_ids(path) == read_ids(reference)
