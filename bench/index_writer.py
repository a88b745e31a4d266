"""One Whoosh index writer's phases over N articles: preparing documents, adding them, committing.

Usage: .venv/bin/python bench/index_writer.py [--size 20000] [--workdir /work/windex-bench] [--writer archive|whoosh]

Reads the database bench/indexing.py loaded (WORKDIR/SIZE/db.sqlite3; run its load stage first) and
writes every article, in one process, into a new index under WORKDIR/SIZE/writer-index with the
product's ArchiveSegmentWriter (search/segments.py) or Whoosh's own SegmentWriter (with the 256 MB
posting pool the product's writers had before). Prints CPU seconds per phase and the peak RSS as JSON.
"""

import argparse
import json
import resource
import shutil
import time
from pathlib import Path

from common import setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20000, help="the loaded database to read (articles)")
    parser.add_argument("--workdir", type=Path, default=Path("/work/windex-bench"), help="bench/indexing.py's workdir")
    parser.add_argument("--writer", choices=("archive", "whoosh"), default="archive", help="which segment writer")
    arguments = parser.parse_args()
    folder = arguments.workdir / str(arguments.size)
    setup_django(workdir=folder, database_url=f"sqlite:///{folder / 'db.sqlite3'}")
    from haystack import connections
    from whoosh.writing import SegmentWriter

    from articles.models import Article
    from articles.search.rebuild import ARCHIVE_ORDER, _prepared_batches
    from articles.search.segments import ArchiveSegmentWriter

    live = connections["default"]
    path = folder / "writer-index"
    shutil.rmtree(path, ignore_errors=True)
    backend = type(live.get_backend())("default", **{**live.options, "PATH": str(path)})
    backend.setup()
    index = live.get_unified_index().get_index(Article)
    ids = list(Article.objects.filter(is_published=True).order_by(*ARCHIVE_ORDER).values_list("pk", flat=True))
    numbers = {"articles": len(ids), "writer": arguments.writer}
    started = time.process_time()
    batches = list(_prepared_batches(backend, index, ids, batch_size=500, on_progress=None))
    numbers["prepare_cpu_s"] = round(time.process_time() - started, 2)
    writer_class = ArchiveSegmentWriter if arguments.writer == "archive" else SegmentWriter
    # For Whoosh's writer, the pool size the product gave it (Whoosh's default: 128 MB); ours replaces the pool.
    writer = writer_class(backend.index, limitmb=256)
    started = time.process_time()
    for documents in batches:
        for document in documents:
            writer.add_document(**document)
    numbers["add_documents_cpu_s"] = round(time.process_time() - started, 2)
    started = time.process_time()
    writer.commit(merge=False)
    numbers["commit_cpu_s"] = round(time.process_time() - started, 2)
    numbers["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(numbers))
    shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    main()
