"""Article extraction on both development sets: our cleaner vs trafilatura, one table per set.

    .venv/bin/python bench/extraction.py                        # both sets, both extractors
    .venv/bin/python bench/extraction.py --only ours --per-page /tmp/worst   # <set>.tsv per set
    .venv/bin/python bench/extraction.py --out-dir /tmp/preds   # <set>-<extractor>.json
    .venv/bin/python bench/extraction.py --only ours --min-f1 0.97  # exit 1 when a set is below
    .venv/bin/python bench/extraction.py --only ours --sets readability --metadata  # titles, dates, sources

Data and scorer: shared/data/aeb/ (181 news pages with hand-checked bodies) and
shared/data/readability/ (Mozilla Readability's 130 test pages, same layout, scored with the
AEB's score.py); see their READMEs. Body text = every section's heading and paragraphs joined,
without the title, as both ground truths hold subheadings but not the headline.

Columns: F1, precision, recall (score.py), refused = pages that gave no text (our
CleaningError, trafilatura's None), wall-clock median ms/page of the extraction call on the
gunzipped bytes (ours also decodes them) and the CPU median, which a shared machine disturbs
less. The load average is printed with the tables: compare timings only at similar load.

--metadata also compares our title, date, source and authors with the Readability set's expected
ones (title, siteName and byline equal after collapsing whitespace and case, our authors joined by
", "; publishedTime on the same day),
counting only pages whose expected value is not null; with --per-page the misses go to
<set>-metadata.tsv. The AEB set has no expected metadata.
"""

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO.parent / "shared" / "data"
SETS = ("aeb", "readability")
sys.path.insert(0, str(REPO))

from articles.cleaning import CleanPage, clean_page  # noqa: E402
from articles.exceptions import CleaningError  # noqa: E402

Extractor = Callable[[bytes, str], str]


def page_body(page: CleanPage) -> str:
    """Return the article body the benchmark scores: headings and paragraphs, no title."""
    parts = []
    for section in page.sections:
        if section.heading:
            parts.append(section.heading)
        parts.extend(section.paragraphs)
    return "\n\n".join(parts)


METADATA_FIELDS = (("title", "title"), ("publishedTime", "date"), ("siteName", "source"), ("byline", "byline"))


def make_ours(refusals: Counter, pages: dict[str, CleanPage]) -> Extractor:
    def extract(data: bytes, name: str) -> str:
        try:
            page = clean_page(data, filename=name)
            pages[name.split(".")[0]] = page
            return page_body(page)
        except CleaningError as error:
            refusals[str(error).split(":")[0].replace(f"'{name}'", "PAGE")] += 1
            return ""

    return extract


def make_trafilatura() -> Extractor:
    import trafilatura

    def extract(data: bytes, name: str) -> str:
        return trafilatura.extract(data.decode("utf-8"), include_comments=False) or ""

    return extract


def page_metadata(page: CleanPage | None, field: str) -> str:
    """Return one metadata field of our page in the ground truth's form ("" when refused or missing)."""
    if page is None:
        return ""
    if field == "publishedTime":
        return page.published.isoformat() if page.published else ""
    if field == "byline":
        return ", ".join(page.authors)
    return page.title if field == "title" else page.source


def is_same_metadata(field: str, ours: str, expected: str) -> bool:
    """Return whether our value matches the expected one: the same day for dates, else equal text."""
    if field == "publishedTime":
        return bool(ours) and expected[:10] == ours
    return " ".join(ours.split()).lower() == " ".join(expected.split()).lower()


def compare_metadata(truth_path: Path, pages: dict[str, CleanPage]) -> tuple[dict[str, tuple[int, int]], list[list[str]]]:
    """Return (matched, expected) counts per field and the misses as [page, field, ours, expected] rows."""
    truth = json.loads(truth_path.read_text())
    counts: dict[str, tuple[int, int]] = {}
    misses: list[list[str]] = []
    for field, label in METADATA_FIELDS:
        matched = expected_count = 0
        for page_id, expected_page in sorted(truth.items()):
            expected = expected_page.get(field)
            if expected in (None, "None", ""):
                continue
            expected_count += 1
            ours = page_metadata(pages.get(page_id), field)
            if is_same_metadata(field, ours, str(expected)):
                matched += 1
            else:
                misses.append([page_id, label, ours, str(expected)])
        counts[label] = (matched, expected_count)
    return counts, misses


def run_extractor(extract: Extractor, pages: list[Path]) -> tuple[dict[str, str], list[float], list[float]]:
    """Return predictions by page id and the per-page wall-clock and CPU times in milliseconds."""
    predictions: dict[str, str] = {}
    wall_ms: list[float] = []
    cpu_ms: list[float] = []
    for path in pages:
        data = gzip.decompress(path.read_bytes())
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        predictions[path.name.split(".")[0]] = extract(data, path.name.removesuffix(".gz"))
        cpu_ms.append((time.process_time() - cpu_start) * 1000)
        wall_ms.append((time.perf_counter() - wall_start) * 1000)
    return predictions, wall_ms, cpu_ms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="folder holding aeb/ and readability/ (default: %(default)s)")
    parser.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS), help="which sets to run (default: both)")
    parser.add_argument("--only", choices=("ours", "trafilatura"), help="run one extractor only")
    parser.add_argument("--out-dir", type=Path, help="write <set>-<extractor>.json predictions here")
    parser.add_argument("--per-page", type=Path, help="write our per-page scores as <set>.tsv into this folder")
    parser.add_argument("--metadata", action="store_true", help="compare our titles, dates, sources and bylines with the expected ones (readability set)")
    parser.add_argument("--min-f1", type=float, help="exit 1 when our F1 on any set is below this (e.g. 0.95)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(args.data_dir / "aeb"))
    import score

    extractors: dict[str, Extractor] = {}
    refusals: Counter = Counter()
    our_pages: dict[str, CleanPage] = {}
    if args.only != "trafilatura":
        extractors["ours (articles.cleaning)"] = make_ours(refusals, our_pages)
    if args.only != "ours":
        try:
            extractors[f"trafilatura {metadata.version('trafilatura')}"] = make_trafilatura()
        except ImportError:
            print("trafilatura not installed; pip install trafilatura==2.3.1 lxml_html_clean==0.4.6 to compare", file=sys.stderr)

    exit_code = 0
    for set_name in args.sets:
        set_dir = args.data_dir / set_name
        pages = sorted((set_dir / "html").glob("*.html.gz"))
        truth = score.load_ground_truth(set_dir / "ground-truth.json")
        print(f"\n{set_name}: {len(pages)} pages")
        print(f"{'extractor':<26} {'F1':>7} {'P':>7} {'R':>7} {'refused':>8} {'ms median':>10} {'cpu median':>11}")
        our_pages.clear()
        for label, extract in extractors.items():
            refusals.clear()
            predictions, wall_ms, cpu_ms = run_extractor(extract, pages)
            summary, per_page = score.score(truth, predictions)
            is_ours = label.startswith("ours")
            if args.out_dir:
                args.out_dir.mkdir(parents=True, exist_ok=True)
                (args.out_dir / f"{set_name}-{label.split()[0]}.json").write_text(json.dumps(predictions, ensure_ascii=False, indent=1))
            if args.per_page and is_ours:
                args.per_page.mkdir(parents=True, exist_ok=True)
                score.write_per_page(args.per_page / f"{set_name}.tsv", per_page)
            refused = sum(1 for text in predictions.values() if not text.strip())
            print(
                f"{label:<26} {summary['f1']:>7.4f} {summary['precision']:>7.4f} {summary['recall']:>7.4f} "
                f"{refused:>8} {statistics.median(wall_ms):>10.1f} {statistics.median(cpu_ms):>11.1f}"
            )
            for reason, count in refusals.most_common():
                print(f"{'':<28}{count} x {reason[:90]}")
            if args.min_f1 is not None and is_ours and summary["f1"] < args.min_f1:
                print(f"our F1 on {set_name} {summary['f1']:.4f} is below --min-f1 {args.min_f1}", file=sys.stderr)
                exit_code = 1
        if args.metadata and set_name == "readability" and our_pages:
            counts, misses = compare_metadata(set_dir / "ground-truth.json", our_pages)
            print("ours, metadata as expected: " + ", ".join(f"{label}s {matched} of {total}" for label, (matched, total) in counts.items()))
            if args.per_page:
                rows = ["page\tfield\tours\texpected", *("\t".join(row) for row in misses)]
                (args.per_page / f"{set_name}-metadata.tsv").write_text("\n".join(rows) + "\n")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"\nload average (1, 5, 15 min): {load} on {os.cpu_count()} cores")
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
