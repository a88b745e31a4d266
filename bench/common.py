"""What the benchmarks share: Django set up on a database and index of their own, the shared corpus, and
articles stored through the product's own code, so a benchmark measures the product and not a copy of it.

The corpus is ../shared/data/corpus/ (Reuters-21578, 1987, and BBC News, 2004-05; sources and licences in
its SOURCE.md). Past its 23,802 items the same items repeat with new slugs and "(copy k)" titles: larger
sizes are replicated, not new, text.
"""

import gzip
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT.parent / "shared" / "data" / "corpus"
CORPUS_FILES = ("reuters21578.jsonl.gz", "bbc_news.jsonl.gz")
# Three paragraphs a section: the corpus has no subheadings, and the product stores articles by section.
PARAGRAPHS_PER_SECTION = 3


def setup_django(*, workdir: Path, database_url: str | None = None) -> None:
    """Point the settings at a database and a search index under workdir (or DATABASE_URL) and set Django up."""
    os.environ.setdefault("DATABASE_URL", database_url or f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ["SEARCH_INDEX_DIR"] = str(workdir / "index")
    os.environ["SEARCH_URL"] = os.environ.get("SEARCH_URL", "")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsindex.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def read_corpus() -> list[dict]:
    """Return every corpus item: {"id", "title", "date", "body", "places", "people", "topics", ...}."""
    items = []
    for name in CORPUS_FILES:
        with gzip.open(CORPUS_DIR / name, "rt", encoding="utf-8") as lines:
            items.extend(json.loads(line) for line in lines)
    return items


def iter_corpus(size: int) -> Iterator[tuple[int, dict]]:
    """Yield (copy number, item) for `size` items, repeating the corpus once it runs out."""
    items = read_corpus()
    for position in range(size):
        copy, index = divmod(position, len(items))
        yield copy, items[index]


def item_paragraphs(item: dict) -> list[str]:
    """Return the item's body as paragraphs with whitespace collapsed (the title when the body is empty)."""
    paragraphs = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n|\n    ", item.get("body") or "")]
    return [p for p in paragraphs if p] or [item["title"]]


def item_date(item: dict) -> date | None:
    return date.fromisoformat(item["date"][:10]) if item.get("date") else None


def store_corpus_articles(
    items: Iterator[tuple[int, dict]], *, batch_size: int = 1000, on_batch: Callable[[int], None] | None = None
) -> list[int]:
    """Store corpus items as tagged articles the way an import does, one transaction per batch; return their ids.

    Sections of three paragraphs; tags from the product's tagger and stored by its save_tags
    (mention rows with sentences, article tags). Not indexed: the caller times indexing apart.
    """
    from django.db import transaction
    from django.utils.text import slugify

    from articles.entities.storage import find_tags, save_tags
    from articles.entities.tables import load_entity_tables
    from articles.models import Article, Section

    tables = load_entity_tables()
    ids: list[int] = []
    batch: list[tuple[int, dict]] = []

    def store(batch: list[tuple[int, dict]]) -> None:
        with transaction.atomic():
            for copy, item in batch:
                title = item["title"] + (f" (copy {copy})" if copy else "")
                paragraphs = item_paragraphs(item)
                texts = ["\n\n".join(paragraphs[i : i + PARAGRAPHS_PER_SECTION]) for i in range(0, len(paragraphs), PARAGRAPHS_PER_SECTION)]
                article = Article.objects.create(
                    title=title[:500], slug=f"{slugify(title)[:90]}-{len(ids)}", published=item_date(item),
                    source="Reuters" if item["id"].startswith("reuters") else "BBC News",
                    source_name=f"{item['id']}-{copy}", content_hash=f"bench-{item['id']}-{copy}",
                )
                sections = Section.objects.bulk_create([
                    Section(article=article, position=position, heading="" if position == 0 else f"Part {position + 1}",
                            anchor="intro" if position == 0 else f"part-{position + 1}", text=text)
                    for position, text in enumerate(texts)
                ])
                found = find_tags(texts=texts, tables=tables, published=article.published, title=title,
                                  headings=[section.heading or None for section in sections])
                save_tags(article=article, sections=sections, found=found, tables=tables, is_new=True)
                ids.append(article.pk)
        if on_batch:
            on_batch(len(ids))

    for entry in items:
        batch.append(entry)
        if len(batch) == batch_size:
            store(batch)
            batch = []
    if batch:
        store(batch)
    return ids
