"""What the PostgreSQL engine's triggers add to an import: one article written and rolled back, backend CPU.

Usage (on an archive the engine keeps, e.g. one bench/search.py built):
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/postgres_writes.py [--articles 60]

Writes an article, 4 sections, 2 countries and 1 topic (5 statements, each refreshing the document)
in a transaction that is rolled back, --articles times, with the refresh function as migration 0015
made it (documents with tag codes, whole-archive facet counts) and as it is now (and facet sets: the
article's combination of source and tags is new to the archive, so each write adds its set), twice
each, alternately; prints the median and p95 backend CPU of each (/proc/<pid>/schedstat), the first 10 of
each run left out as warm-up. Leaves the current function in place.
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60, help="articles written (and rolled back) per run")
    arguments = parser.parse_args()
    os.environ.update(DJANGO_SETTINGS_MODULE="newsindex.settings", DATABASE_URL=os.environ["BENCH_DATABASE_URL"])
    os.environ.pop("SEARCH_URL", None)
    import django

    django.setup()
    from django.db import connection

    from articles.search import postgres_sql

    # The two latest refresh functions. 0015's writes no facet_set: the column takes NULL during its run
    # (every write is rolled back, so the table is as before when the constraint comes back).
    functions = {"tag codes (0015)": postgres_sql.REFRESH_FUNCTION_WITH_TAG_CODES,
                 "and facet sets (0018)": postgres_sql.REFRESH_FUNCTION_WITH_FACET_SETS}
    for _ in range(2):
        for label, function in functions.items():
            has_facet_sets = function == postgres_sql.REFRESH_FUNCTION_WITH_FACET_SETS
            with connection.cursor() as cursor:
                cursor.execute(function)
                cursor.execute(
                    f"ALTER TABLE {postgres_sql.DOCUMENT_TABLE} ALTER COLUMN facet_set {'SET' if has_facet_sets else 'DROP'} NOT NULL"
                )
            costs = write_articles(count=arguments.articles)[10:]
            print(f"{label}: one article, 5 statements: backend CPU median {statistics.median(costs):.2f} ms,"
                  f" p95 {statistics.quantiles(costs, n=20)[-1]:.2f} ms; load {os.getloadavg()[0]:.2f}")


def write_articles(*, count: int) -> list[float]:
    """Return the backend CPU (ms) of writing each of `count` articles in a rolled-back transaction."""
    from django.db import connection, transaction

    from articles.models import Article, Country, Section, Topic

    connection.ensure_connection()
    schedstat = Path(f"/proc/{connection.connection.info.backend_pid}/schedstat")
    countries = list(Country.objects.filter(articles__isnull=False).distinct()[:2])
    topics = list(Topic.objects.all()[:1])
    body = (ROOT / "README.md").read_text()[:2000]
    costs = []
    for number in range(count):
        with transaction.atomic():
            before = int(schedstat.read_text().split()[0])
            article = Article.objects.create(title=f"Bench write {number} harbour", slug=f"bench-write-{number}",
                                             published="2024-03-01", source="Bench Wire", content_hash=f"bench-write-{number}")
            Section.objects.bulk_create([Section(article=article, position=position, heading="", anchor=f"s{position}",
                                                 text=body[position * 500:(position + 1) * 500]) for position in range(4)])
            article.countries.add(*countries)
            article.topics.add(*topics)
            costs.append((int(schedstat.read_text().split()[0]) - before) / 1e6)
            transaction.set_rollback(True)
    return costs


if __name__ == "__main__":
    main()
