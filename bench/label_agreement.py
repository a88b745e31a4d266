"""Compare two labellings of the same articles: how far a second labeller agrees with the first, per kind.

Usage: .venv/bin/python bench/label_agreement.py [--list] [--only ID,ID...] REFERENCE.jsonl OTHER.jsonl
  e.g. bench/label_agreement.py tests/fixtures/tagging/labels_frozen7.jsonl \\
           tests/fixtures/tagging/agreement/labels_frozen7_second.jsonl

REFERENCE is a label file the tagger is scored on (tests/fixtures/tagging/labels*.jsonl), OTHER a
second labeller's blind labelling of the same texts (tests/fixtures/tagging/agreement/); both in the
label files' format, with the same article ids. Per kind (topics, leaders, countries) it prints the
second labeller's precision, recall and F1 against the first, micro-averaged over (article, name)
pairs as bench/tagging.py scores the tagger, so the figures read on the tagger's scale: if two
labellers agree at topic precision 0.85, a tagger target of 0.90 asks for more than the labels can
tell. Beside them: Cohen's kappa over every (article, vocabulary name) decision (each name of the
gazetteer's kind, absent from both labellings, counts as an agreement), the articles whose labels
of that kind are identical, and the articles both leave without a label of that kind. Then the
articles with a disagreement and how many of each kind; --list names each disagreeing label:
"-" only the reference has it, "+" only the other labeller.
"""

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from articles.tagging import load_gazetteer  # noqa: E402

KINDS = ("topics", "leaders", "countries")  # label fields, in the order they are reported


@dataclass
class Agreement:
    """The (article id, name) pairs of one kind that both labellings hold, and those only one holds."""

    both: list[tuple[str, str]] = field(default_factory=list)
    only_reference: list[tuple[str, str]] = field(default_factory=list)
    only_other: list[tuple[str, str]] = field(default_factory=list)
    identical_articles: int = 0  # articles whose labels of this kind are the same set
    empty_articles: int = 0  # articles neither labelling gives a label of this kind

    @property
    def precision(self) -> float:
        """Share of the other labeller's labels that the reference holds (1.0 when it gives none)."""
        given = len(self.both) + len(self.only_other)
        return len(self.both) / given if given else 1.0

    @property
    def recall(self) -> float:
        """Share of the reference's labels that the other labeller gives too (1.0 when it holds none)."""
        expected = len(self.both) + len(self.only_reference)
        return len(self.both) / expected if expected else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def kappa(self, *, decisions: int) -> float:
        """Return Cohen's kappa over `decisions` yes/no calls (articles x vocabulary names).

        Raises:
            ValueError: decisions is smaller than the pairs counted.
        """
        both, only_reference, only_other = len(self.both), len(self.only_reference), len(self.only_other)
        neither = decisions - both - only_reference - only_other
        if neither < 0:
            raise ValueError(f"{decisions} decisions cannot hold {decisions - neither} labelled pairs; "
                             "pass articles x vocabulary size.")
        observed = (both + neither) / decisions
        reference_yes, other_yes = both + only_reference, both + only_other
        expected = (reference_yes * other_yes + (decisions - reference_yes) * (decisions - other_yes)) / decisions ** 2
        return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def read_labels(path: Path) -> dict[str, dict]:
    """Return the labelled articles of a JSONL label file by id, in file order.

    Raises:
        SystemExit: an article id occurs twice.
    """
    articles: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            article = json.loads(line)
            if article["id"] in articles:
                raise SystemExit(f"{path}: article {article['id']} is labelled twice; keep one line per article.")
            articles[article["id"]] = article
    return articles


def compare_labels(reference: dict[str, dict], other: dict[str, dict]) -> dict[str, Agreement]:
    """Return, per kind, the agreement of the other labelling with the reference over their common articles.

    Raises:
        SystemExit: the two labellings do not hold the same article ids.
    """
    if set(reference) != set(other):
        missing, extra = sorted(set(reference) - set(other)), sorted(set(other) - set(reference))
        raise SystemExit(f"The labellings hold different articles: only in the reference {missing}, "
                         f"only in the other {extra}; compare labellings of the same texts.")
    agreements = {kind: Agreement() for kind in KINDS}
    for article_id, article in reference.items():
        for kind, agreement in agreements.items():
            expected, given = set(article[kind]), set(other[article_id][kind])
            agreement.both += [(article_id, name) for name in sorted(expected & given)]
            agreement.only_reference += [(article_id, name) for name in sorted(expected - given)]
            agreement.only_other += [(article_id, name) for name in sorted(given - expected)]
            agreement.identical_articles += expected == given
            agreement.empty_articles += not expected and not given
    return agreements


def vocabulary_sizes() -> dict[str, int]:
    """Return the number of names each kind may take: the gazetteer's topics, leaders and countries."""
    gazetteer = load_gazetteer()
    return {"topics": len(gazetteer.topics), "leaders": len(gazetteer.leaders), "countries": len(gazetteer.countries)}


def print_report(reference: dict[str, dict], agreements: dict[str, Agreement], *, is_listed: bool) -> None:
    """Print the table per kind, the articles with disagreements and, if is_listed, each disagreeing label."""
    sizes = vocabulary_sizes()
    print(f"{'kind':<10} {'reference':>9} {'other':>6} {'both':>5} {'precision':>9} {'recall':>7} {'F1':>6} "
          f"{'kappa':>6} {'identical':>9} {'both empty':>10}")
    for kind, agreement in agreements.items():
        print(f"{kind:<10} {len(agreement.both) + len(agreement.only_reference):>9} "
              f"{len(agreement.both) + len(agreement.only_other):>6} {len(agreement.both):>5} "
              f"{agreement.precision:>9.3f} {agreement.recall:>7.3f} {agreement.f1:>6.3f} "
              f"{agreement.kappa(decisions=len(reference) * sizes[kind]):>6.3f} "
              f"{agreement.identical_articles:>5}/{len(reference):<3} {agreement.empty_articles:>10}")
    print("\nArticles with a disagreement (topics / leaders / countries):")
    for article_id, article in reference.items():
        counts = [sum(pair[0] == article_id for pair in agreement.only_reference + agreement.only_other)
                  for agreement in agreements.values()]
        if any(counts):
            print(f"  {article_id:<22} {counts[0]} / {counts[1]} / {counts[2]}  {title_of(article)}")
    if not is_listed:
        return
    print("\nDisagreeing labels (- only the reference, + only the other labeller):")
    for kind, agreement in agreements.items():
        pairs = [("-", pair) for pair in agreement.only_reference] + [("+", pair) for pair in agreement.only_other]
        for sign, (article_id, name) in sorted(pairs, key=lambda item: (list(reference).index(item[1][0]), item[0])):
            print(f"  {kind:<9} {article_id:<22} {sign} {name:<34} {title_of(reference[article_id])}")


def title_of(article: dict) -> str:
    """Return an article's title: the first line of its first section, cut to 60 characters."""
    return article["sections"][0].split("\n", 1)[0][:60]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", type=Path, help="the label file scored on (the first labeller)")
    parser.add_argument("other", type=Path, help="the second labeller's labelling of the same texts")
    parser.add_argument("--list", action="store_true", help="list every disagreeing label with its article")
    parser.add_argument("--only", default="", metavar="ID,ID...",
                        help="compare these articles only (comma-separated ids), e.g. those no written call decides")
    arguments = parser.parse_args()
    reference, other = read_labels(arguments.reference), read_labels(arguments.other)
    if arguments.only:
        kept = arguments.only.split(",")
        unknown = [article_id for article_id in kept if article_id not in reference]
        if unknown:
            raise SystemExit(f"--only names articles the reference lacks: {unknown}")
        reference = {article_id: reference[article_id] for article_id in kept}
        other = {article_id: other[article_id] for article_id in kept if article_id in other}
    print(f"reference {arguments.reference.name}, other {arguments.other.name}: {len(reference)} articles")
    print_report(reference, compare_labels(reference, other), is_listed=arguments.list)


if __name__ == "__main__":
    main()
