"""Article Extraction Benchmark: our cleaner vs trafilatura, side by side (issue 4).

    .venv/bin/python bench/extraction.py                     # table for both extractors
    .venv/bin/python bench/extraction.py --only ours --per-page worst.tsv
    .venv/bin/python bench/extraction.py --out-dir /tmp/aeb  # predictions as JSON
    .venv/bin/python bench/extraction.py --only ours --min-f1 0.97  # exit 1 below the bar

Data and scorer: shared/data/aeb/ (181 pages with hand-checked article bodies; see its
README). Body text = every section's heading and paragraphs joined, without the title,
as the ground truth holds subheadings but not the headline. Time = wall-clock of the
extraction call on the gunzipped page bytes (our cleaner also decodes them), one process.
trafilatura is a bench-only dependency, not in requirements.txt (the cleaner does not use it):
`.venv/bin/pip install trafilatura==2.3.1 lxml_html_clean==0.4.6`.
"""

import argparse
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AEB_DIR = REPO.parent / "shared" / "data" / "aeb"
sys.path.insert(0, str(REPO))

from articles.cleaning import CleanPage, clean_page  # noqa: E402
from articles.exceptions import CleaningError  # noqa: E402


def page_body(page: CleanPage) -> str:
    """Return the article body the benchmark scores: headings and paragraphs, no title."""
    parts = []
    for section in page.sections:
        if section.heading:
            parts.append(section.heading)
        parts.extend(section.paragraphs)
    return "\n\n".join(parts)


def extract_ours(data: bytes, name: str) -> str:
    try:
        return page_body(clean_page(data, filename=name))
    except CleaningError:
        return ""


def make_trafilatura() -> Callable[[bytes, str], str]:
    import trafilatura

    def extract(data: bytes, name: str) -> str:
        return trafilatura.extract(data.decode("utf-8"), include_comments=False) or ""

    return extract


def run_extractor(
    extract: Callable[[bytes, str], str], pages: list[Path]
) -> tuple[dict[str, str], list[float], list[float]]:
    """Return predictions by page id and the per-page wall-clock and CPU times in milliseconds.

    CPU time is reported too because wall-clock time on a shared 2-core machine swings with
    whatever else runs there; CPU time of this process does not.
    """
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
    parser.add_argument("--aeb-dir", type=Path, default=AEB_DIR, help="benchmark folder (default: %(default)s)")
    parser.add_argument("--only", choices=("ours", "trafilatura"), help="run one extractor only")
    parser.add_argument("--out-dir", type=Path, help="write <extractor>.json predictions here")
    parser.add_argument("--per-page", type=Path, help="write our per-page scores here (score.py format)")
    parser.add_argument("--min-f1", type=float, help="exit 1 when our F1 is below this (e.g. 0.97)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(args.aeb_dir))
    import score

    pages = sorted((args.aeb_dir / "html").glob("*.html.gz"))
    truth = score.load_ground_truth(args.aeb_dir / "ground-truth.json")
    extractors: dict[str, Callable[[bytes, str], str]] = {}
    if args.only != "trafilatura":
        extractors["ours (articles.cleaning)"] = extract_ours
    if args.only != "ours":
        try:
            extractors[f"trafilatura {metadata.version('trafilatura')}"] = make_trafilatura()
        except ImportError:
            print("trafilatura not installed; pip install trafilatura==2.3.1 lxml_html_clean==0.4.6 to compare", file=sys.stderr)

    exit_code = 0
    print(f"{'extractor':<28} {'F1':>7} {'P':>7} {'R':>7} {'acc':>6} {'ms median':>10} {'ms mean':>8} {'cpu median':>11}")
    for label, extract in extractors.items():
        predictions, times_ms, cpu_ms = run_extractor(extract, pages)
        summary, per_page = score.score(truth, predictions)
        if args.out_dir:
            args.out_dir.mkdir(parents=True, exist_ok=True)
            (args.out_dir / f"{label.split()[0]}.json").write_text(json.dumps(predictions, ensure_ascii=False, indent=1))
        if args.per_page and label.startswith("ours"):
            score.write_per_page(args.per_page, per_page)
        print(
            f"{label:<28} {summary['f1']:>7.4f} {summary['precision']:>7.4f} {summary['recall']:>7.4f} "
            f"{summary['accuracy']:>6.3f} {statistics.median(times_ms):>10.1f} {statistics.fmean(times_ms):>8.1f}"
            f" {statistics.median(cpu_ms):>11.1f}"
        )
        empty = sum(1 for text in predictions.values() if not text.strip())
        if empty:
            print(f"{'':<28} {empty} of {len(predictions)} pages gave no text")
        if args.min_f1 is not None and label.startswith("ours") and summary["f1"] < args.min_f1:
            print(f"our F1 {summary['f1']:.4f} is below --min-f1 {args.min_f1}", file=sys.stderr)
            exit_code = 1
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
