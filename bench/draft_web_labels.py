r"""Write unlabelled drafts of a label slice of modern web news pages (the AEB and Readability sets).

Usage: .venv/bin/python bench/draft_web_labels.py SEED COUNT OUT.jsonl [--max-words N] [--exclude F.jsonl ...]

Every page of shared/data/aeb/html and shared/data/readability/html is cleaned by the importer's
cleaner (articles.cleaning.clean_page); a page is in the pool when the cleaner accepts it, its
language is English, its title is not empty and its sections hold 120 to N words (default 1200).
random.Random(SEED).sample of COUNT pages of the pool (sorted by id, less the ids of the excluded
files) is written in the sample's order, one JSON object a line in the label format of tests/fixtures/tagging/README.md, with
empty leaders, countries and topics: section 0 is the title line, a blank line, then the first
section; a section with a subheading starts with it. The ids are "aeb-<first 12 hex digits>" and
"readability-<test name>". The drafts are then labelled by hand from the text, without the tagger.
"""

import argparse
import gzip
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA_DIRECTORY = REPO.parent / "shared" / "data"
sys.path.insert(0, str(REPO))

from articles.cleaning import CleanPage, clean_page  # noqa: E402
from articles.exceptions import ArchiveError  # noqa: E402

MIN_WORDS = 120


def page_sections(page: CleanPage) -> list[str]:
    """Return the label sections of page: the title line first, each subheading before its text."""
    texts = []
    for section in page.sections:
        text = section.text
        if section.heading:
            text = f"{section.heading}\n\n{text}"
        texts.append(text)
    texts[0] = f"{page.title}\n\n{texts[0]}"
    return texts


def read_pool(max_words: int) -> list[dict]:
    """Return the draft of every page that qualifies (see the module docstring), sorted by id."""
    pool = []
    for set_name in ("aeb", "readability"):
        for path in sorted((DATA_DIRECTORY / set_name / "html").glob("*.html.gz")):
            name = path.name.removesuffix(".html.gz")
            page_id = f"aeb-{name[:12]}" if set_name == "aeb" else f"readability-{name}"
            try:
                page = clean_page(gzip.decompress(path.read_bytes()), filename=path.name)
            except ArchiveError:
                continue
            words = sum(len(section.text.split()) for section in page.sections)
            if page.language != "en" or not page.title.strip() or not page.sections or not MIN_WORDS <= words <= max_words:
                continue
            pool.append({
                "id": page_id, "source": set_name,
                "published": page.published.isoformat() if page.published else None,
                "sections": page_sections(page), "leaders": [], "countries": [], "topics": [],
            })
    return sorted(pool, key=lambda draft: draft["id"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("seed", type=int)
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--max-words", type=int, default=1200)
    parser.add_argument("--exclude", type=Path, nargs="*", default=[])
    arguments = parser.parse_args()
    excluded = {json.loads(line)["id"] for path in arguments.exclude for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    pool = [draft for draft in read_pool(arguments.max_words) if draft["id"] not in excluded]
    print(f"{len(pool)} pages in the pool", file=sys.stderr)
    chosen = random.Random(arguments.seed).sample(pool, min(arguments.count, len(pool)))
    with arguments.out.open("w", encoding="utf-8") as out:
        for draft in chosen:
            out.write(json.dumps(draft, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
