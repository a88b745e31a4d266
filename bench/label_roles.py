r"""List (and with --write remove) leader labels of people who held no role on their page's date.

Usage: .venv/bin/python bench/label_roles.py [--write] [labels ...]   (default: every label file)

The archive's rule is that a leader tag means "in office at the article's date" (docs/tagging.md,
"People named out of role"); the label files follow it. This reads only the labels, each page's
"published" date and the shipped gazetteer's roles (articles/data/gazetteer/), never the tagger, so
it can run over the frozen slices too: a label is out of role when the person has roles and none of
them covers the date, to the day where the gazetteer knows the days. Undated pages keep every label.
Prints one line per such label; --write rewrites the files without them (nothing else changes).
"""

import argparse
import json
import sys
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from articles.tagging import load_gazetteer  # noqa: E402

LABEL_DIRECTORY = REPO / "tests" / "fixtures" / "tagging"


def out_of_role_labels(article: dict, leaders: dict) -> list[str]:
    """Return the article's leader labels whose person held none of their roles on its date."""
    if not article.get("published"):
        return []
    published = date.fromisoformat(article["published"][:10])
    return [
        name for name in article["leaders"]
        if name in leaders and leaders[name].roles and not leaders[name].has_role_in(published)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("labels", type=Path, nargs="*")
    parser.add_argument("--write", action="store_true", help="rewrite the files without those labels")
    arguments = parser.parse_args()
    leaders = {leader.name: leader for leader in load_gazetteer().leaders}
    paths = arguments.labels or sorted(LABEL_DIRECTORY.glob("labels*.jsonl"))
    total = 0
    for path in paths:
        lines = path.read_text(encoding="utf-8").splitlines()
        articles = [json.loads(line) for line in lines if line.strip()]
        for article in articles:
            removed = out_of_role_labels(article, leaders)
            for name in removed:
                roles = "; ".join(f"{role.title} {role.dates}" for role in leaders[name].roles)
                print(f"{path.name} {article['id']} {article['published'][:10]} {name} (roles: {roles})")
            total += len(removed)
            article["leaders"] = [name for name in article["leaders"] if name not in removed]
        if arguments.write:
            path.write_text("".join(json.dumps(article, ensure_ascii=False) + "\n" for article in articles), encoding="utf-8")
    print(f"{total} leader labels out of role on their page's date", file=sys.stderr)


if __name__ == "__main__":
    main()
