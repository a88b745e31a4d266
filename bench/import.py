"""Benchmark importing: a zip of 2,000 real news pages through the admin job's code path.

Usage: .venv/bin/python bench/import.py [--pages 2000] [--one-page-uploads 0] [--keep]

Builds a zip from ../shared/data/corpus/ (BBC News 2004-05 and Reuters-21578 1987; sources and licences
in that folder's SOURCE.md): half the pages as HTML (a news-site page with navigation, share
buttons, related links and footer around the article), half as plain-text dumps (title, Source:,
Published:, paragraphs). Reuters briefs with an empty body are skipped. Then, in a fresh SQLite
database (or DATABASE_URL), a temporary index and media folder, it stores the zip as an upload
(jobs.create_import_batch) and runs jobs.run_import_batch, exactly what the queue's worker runs.

Reports pages/s for cleaning, tagging, saving (the page transaction) and indexing, each its own
time divided into the page count; the total is pages over wall-clock time of the whole job
(scan of the archive, every stage, bookkeeping); and peak memory (max RSS of the process).

--one-page-uploads K then runs K more batches of one text page each in the same process, what an
admin's upload of a single file costs the worker, and prints each batch's wall-clock time: the
first pays for compiling the tagger when the big batch discovered leaders; the rest show a batch's
fixed cost (reading the gazetteer from the database, the job's bookkeeping).
"""

import argparse
import gzip
import html
import json
import os
import resource
import tempfile
import time
import zipfile
from pathlib import Path

from common import CORPUS_DIR as CORPUS
from common import setup_django

HTML_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}"><link rel="canonical" href="https://{host}/news/{slug}">
<meta name="article:published_time" content="{date}"></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a>
<a href="/sport">Sport</a> <a href="/subscribe">Subscribe to our newsletter</a></nav></header>
<main><article><h1>{title}</h1><p class="byline">By Staff Reporter</p>
<time datetime="{date}">{date}</time>
{paragraphs}
<div class="share">Share this article: Facebook Twitter Email</div></article>
<aside><h2>Related articles</h2><ul><li><a href="/a">Markets rally on rate hopes</a></li>
<li><a href="/b">Five things to watch this week</a></li></ul></aside></main>
<footer><p>© {site}. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer></body></html>
"""
TEXT_PAGE = "{title}\n\nSource: {site}\nPublished: {date}\n\n{paragraphs}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000, help="how many pages the zip holds (default 2000)")
    parser.add_argument("--one-page-uploads", type=int, default=0, help="then time this many one-page batches (default 0)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, index, zip)")
    parser.add_argument("--index-batch-size", type=int, help="ARTICLES_INDEX_BATCH_SIZE for this run (default: the setting)")
    arguments = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    setup_django(workdir=workdir)
    from django.conf import settings
    from django.core.files import File
    from django.core.management import call_command

    from articles.imports.jobs import batch_progress, create_import_batch, run_import_batch
    from articles.imports.pipeline import StageTimings

    if arguments.index_batch_size:
        settings.ARTICLES_INDEX_BATCH_SIZE = arguments.index_batch_size
    call_command("migrate", verbosity=0)
    archive_path = workdir / "pages.zip"
    counts = build_archive(archive_path, pages=arguments.pages)
    print(f"zip: {arguments.pages} pages ({counts['html']} HTML, {counts['text']} text), "
          f"{archive_path.stat().st_size / 1e6:.1f} MB; database {os.environ['DATABASE_URL'].split(':')[0]}")

    with open(archive_path, "rb") as upload:
        batch = create_import_batch(files=[File(upload, name="pages.zip")])
    timings = StageTimings()
    started = time.perf_counter()
    batch = run_import_batch(batch_id=batch.pk, timings=timings)
    wall = time.perf_counter() - started
    progress = batch_progress(batch=batch)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    pages = progress.total
    result = {
        "pages": pages,
        "statuses": {k: v for k, v in progress.counts.items() if v},
        **{f"{stage}_pages_per_s": round(pages / seconds, 1) for stage, seconds in timings.seconds.items() if seconds},
        "stage_seconds": {stage: round(seconds, 2) for stage, seconds in timings.seconds.items()},
        "total_seconds": round(wall, 2),
        "total_pages_per_s": round(pages / wall, 1),
        "peak_rss_mb": round(peak_mb),
    }
    for stage, seconds in timings.seconds.items():
        print(f"{stage:<9} {pages / seconds:8.1f} pages/s  ({seconds:.1f} s)")
    print(f"{'total':<9} {pages / wall:8.1f} pages/s  ({wall:.1f} s wall-clock)   peak memory {peak_mb:.0f} MB")
    print(json.dumps(result))
    if arguments.one_page_uploads:
        time_one_page_uploads(workdir, skip=arguments.pages, uploads=arguments.one_page_uploads)
    if arguments.keep:
        print(f"kept: {workdir}")
    else:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)


def time_one_page_uploads(workdir: Path, *, skip: int, uploads: int) -> None:
    """Run uploads batches of one text page each (corpus items after the first skip) and print their times."""
    import statistics

    from django.core.files import File

    from articles.imports.jobs import create_import_batch, run_import_batch

    items = list(corpus_items(limit=skip + uploads))[skip:]
    seconds = []
    for item in items:
        path = workdir / f"{item['id']}.txt"
        path.write_text(text_page(item), encoding="utf-8")
        with open(path, "rb") as upload:
            batch = create_import_batch(files=[File(upload, name=path.name)])
        started = time.perf_counter()
        run_import_batch(batch_id=batch.pk)
        seconds.append(time.perf_counter() - started)
    later = statistics.median(seconds[1:]) if len(seconds) > 1 else seconds[0]
    print(f"one-page uploads: {' '.join(f'{s:.2f}' for s in seconds)} s; median after the first {later:.2f} s")


def build_archive(path: Path, *, pages: int) -> dict[str, int]:
    """Write a zip of pages (alternately HTML and text dump) from the two corpora; return counts by shape."""
    counts = {"html": 0, "text": 0}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, item in enumerate(corpus_items(limit=pages)):
            if number % 2 == 0:
                paragraphs, site, date = page_fields(item)
                body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
                page = HTML_PAGE.format(
                    title=html.escape(item["title"]), site=site, host=site.lower().replace(" ", "") + ".example",
                    slug=item["id"], date=date, paragraphs=body,
                )
                archive.writestr(f"html/{item['id']}.html", page)
                counts["html"] += 1
            else:
                archive.writestr(f"text/{item['id']}.txt", text_page(item))
                counts["text"] += 1
    return counts


def text_page(item: dict) -> str:
    """Return the corpus item as a plain-text dump: title, Source:, Published:, paragraphs."""
    paragraphs, site, date = page_fields(item)
    return TEXT_PAGE.format(title=item["title"], site=site, date=date, paragraphs="\n\n".join(paragraphs))


def page_fields(item: dict) -> tuple[list[str], str, str]:
    """Return the corpus item's paragraphs, its site's name and its date (a fixed one when it has none)."""
    paragraphs = [p.strip() for p in item["body"].split("\n") if p.strip()]
    site = "BBC News" if item["id"].startswith("bbc") else "Reuters"
    return paragraphs, site, item.get("date") or "2005-03-01"


def corpus_items(*, limit: int):
    """Yield up to limit articles, alternating BBC and Reuters (Reuters without a body skipped)."""
    sources = [iter_jsonl(CORPUS / "bbc_news.jsonl.gz"), iter_jsonl(CORPUS / "reuters21578.jsonl.gz")]
    produced = 0
    while produced < limit and sources:
        for source in list(sources):
            item = next(source, None)
            while item is not None and len(item["body"].split()) < 40:
                item = next(source, None)
            if item is None:
                sources.remove(source)
                continue
            yield item
            produced += 1
            if produced >= limit:
                return


def iter_jsonl(path: Path):
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


if __name__ == "__main__":
    main()
