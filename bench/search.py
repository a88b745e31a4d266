"""Benchmark the search engines on one archive and one query mix, interleaved in one run.

Usage:
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/search.py \\
        [--articles 20000] [--queries 200] [--engines page-whoosh,page-postgres,...] [--workdir DIR]

Builds an archive of N articles from ../shared/data/corpus/ (Reuters-21578 and BBC News, 23,802 real
items; above that, items repeat with new ids and titles suffixed "(copy k)": synthetic size, not new
text), tagged with our tagger, in the database BENCH_DATABASE_URL names (SQLite in --workdir if unset:
then the PostgreSQL engines are left out, saying why). Each engine indexes the same rows, and every
query runs on every engine in turn, doing the same work: the top 10 by relevance, the exact total,
leader/country/topic/source/year facet counts and a marked snippet per hit.

Engines:
- page-whoosh, page-postgres: GET /search/ through Django's test client (search_articles, the shown
  articles' rows, our snippets, the template) on our Whoosh backend / our PostgreSQL engine;
- articles-whoosh, articles-postgres: search_articles() alone on each;
- whoosh-raw: plain Whoosh on the same index, no Django or haystack: the same engine query and filters
  (prepared before the clock starts), top 10 by relevance with an exact total (TopCollector with
  replace=0), Whoosh's own FacetCollector for leader/country/topic/source/year counts, and
  hit.highlights() on the stored text. The reference for "the page costs at most 1.5x raw Whoosh";
- postgres-fts: PostgreSQL full-text done the plain way (a tsvector table with a GIN index, ts_rank,
  count(*), ts_headline, facets by GROUP BY over the tag tables), on the same tsquery as ours;
- fts5: SQLite FTS5 (porter + unicode61 without diacritics, prefix indexes, bm25, snippet(), GROUP BY facets);
- tantivy: Lucene-class Rust library (pip install tantivy), its own terms aggregations; the reference
  for what a search library can do.

The query mix has types (word, two words, phrase, OR, NOT, prefix, field prefix, filtered) in equal
shares; filtered queries take a tagged article's word, tag and a six-month window around its date,
so each one matches something. Totals are compared per query with our PostgreSQL engine, and every
disagreement is put down to a reason (stop words, prefix over stems, tokenisation, stemming).
Our Whoosh engine is built by rebuild_search_index(), the product's `rebuild_index`. Builds are timed once and kept in --workdir (default var/bench-search-N) with the indexes.
"""

import argparse
import gzip
import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from itertools import chain
from pathlib import Path

from whoosh import collectors  # Whoosh alone needs no Django set-up

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus"
sys.path.insert(0, str(ROOT))

ENGINES = ["page-whoosh", "page-postgres", "articles-whoosh", "articles-postgres", "whoosh-raw", "postgres-fts", "fts5", "tantivy"]
QUERY_TYPES = ["word", "two words", "phrase", "OR", "NOT", "prefix", "field", "filtered"]
FACETS = ("leaders", "countries", "topics", "source", "year")
STOP = {"which", "would", "their", "there", "about", "after", "said", "could", "other", "these", "those"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated, from: " + ", ".join(ENGINES))
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--fingerprints", type=Path, help="a JSON file of each query's results per engine (whole page "
                        "HTML, search_articles' hits/snippets/facets): written if missing, else compared, to show a "
                        "speed-up changed no result")
    arguments = parser.parse_args()
    workdir = (arguments.workdir or ROOT / "var" / f"bench-search-{arguments.articles}").resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsindex.settings",
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'db.sqlite3'}",
        SEARCH_INDEX_DIR=str(workdir / "index"),
        MEDIA_ROOT=str(workdir / "media"),
    )
    os.environ.pop("SEARCH_URL", None)
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # one request log line per page would drown the table
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from articles.models import Article

    engines = [e for e in arguments.engines.split(",") if e]
    if connection.vendor != "postgresql":
        skipped = [e for e in engines if "postgres" in e]
        if skipped:
            print(f"leaving out {', '.join(skipped)}: BENCH_DATABASE_URL is not PostgreSQL")
        engines = [e for e in engines if "postgres" not in e]
    if "tantivy" in engines:
        try:
            import tantivy  # noqa: F401
        except ImportError:
            print("leaving out tantivy: pip install tantivy")
            engines.remove("tantivy")
    if not engines:
        # Before the archive is stored: that takes minutes and would be built for nothing.
        sys.exit("no engine left to run (see above); nothing measured")
    builds_file = workdir / "builds.json"
    builds = json.loads(builds_file.read_text()) if builds_file.exists() else {}
    if Article.objects.count() != arguments.articles:
        builds = {"store": build_archive(arguments.articles)}
        _remove_whoosh_index(workdir)
        for path in ("fts5.sqlite3", "tantivy"):
            shutil.rmtree(workdir / path, ignore_errors=True) if (workdir / path).is_dir() else (workdir / path).unlink(missing_ok=True)
    for engine in engines:
        name = BUILD_OF[engine]
        if name not in builds or not index_exists(name, workdir):
            print(f"building {name} …", flush=True)
            builds[name] = BUILDERS[name](workdir)
            print(f"  {builds[name]['seconds']:.1f} s, {builds[name]['megabytes']:.0f} MB", flush=True)
        builds_file.write_text(json.dumps(builds, indent=1))
    queries = make_queries(arguments.queries)
    report = run_benchmark(queries, engines=engines, workdir=workdir)
    if arguments.fingerprints:
        compare_fingerprints(report, queries=queries, path=arguments.fingerprints)
    load = os.getloadavg()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    print_report(report, queries=queries, builds=builds, articles=arguments.articles, load=load, commit=commit)
    results = ROOT / "bench" / "results" / f"search-{arguments.articles}.json"
    results.write_text(json.dumps({"articles": arguments.articles, "commit": commit, "load": load, "builds": builds,
                                   "summary": summarise(report, queries)}, indent=1, default=str))
    print(f"\nsaved {results.relative_to(ROOT)}")


# -- the archive ------------------------------------------------------------------------------------


def read_corpus() -> list[dict]:
    items = []
    for name in ("reuters21578.jsonl.gz", "bbc_news.jsonl.gz"):
        with gzip.open(CORPUS / name, "rt", encoding="utf-8") as lines:
            for line in lines:
                item = json.loads(line)
                if item["body"].strip() and item["title"].strip():
                    items.append(item)
    return items


def build_archive(count: int) -> dict:
    """Create count articles (tagged, one section per 3 paragraphs); return the time it took."""
    from django.db import transaction
    from django.utils.text import slugify

    from articles.entities.tables import load_entity_tables
    from articles.models import Article, CountryMention, LeaderMention, Section, TopicMention
    from articles.tagging import tag_sections

    started = time.perf_counter()
    Article.objects.all().delete()
    tables = load_entity_tables()
    corpus = read_corpus()
    rng = random.Random(7)
    tagged = {}
    batch_size = 1000
    for start in range(0, count, batch_size):
        with transaction.atomic():
            articles, section_specs = [], []
            for number in range(start, min(count, start + batch_size)):
                item = corpus[number % len(corpus)]
                copy = number // len(corpus)
                title = _title_case(item["title"]) + (f" (copy {copy})" if copy else "")
                published = date.fromisoformat(item["date"][:10]) if item.get("date") else date(2004, 1, 1) + timedelta(days=rng.randrange(700))
                paragraphs = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n|\n    ", item["body"]) if p.strip()]
                sections = [paragraphs[i : i + 3] for i in range(0, len(paragraphs), 3)] or [[item["title"]]]
                articles.append(
                    Article(
                        title=title[:500], slug=f"{slugify(title)[:90]}-{number}", published=published,
                        source="Reuters" if item["id"].startswith("reuters") else "BBC News",
                        content_hash=f"bench-{number}", source_name=item["id"],
                    )
                )
                section_specs.append((item["id"], title, sections))
            Article.objects.bulk_create(articles)
            rows = []
            for article, (_item_id, _title, sections) in zip(articles, section_specs):
                for position, paragraphs in enumerate(sections):
                    heading = "" if position == 0 else f"Part {position + 1}"
                    rows.append(Section(article=article, position=position, heading=heading,
                                        anchor="intro" if position == 0 else f"part-{position + 1}", text="\n\n".join(paragraphs)))
            Section.objects.bulk_create(rows)
            by_article = {}
            for section in rows:
                by_article.setdefault(section.article_id, []).append(section)
            mention_rows = {LeaderMention: [], CountryMention: [], TopicMention: []}
            for article, (item_id, title, _) in zip(articles, section_specs):
                sections = by_article[article.pk]
                if item_id not in tagged:
                    tagged[item_id] = tag_sections([s.text for s in sections], gazetteer=tables.gazetteer,
                                                   published=article.published, title=title)
                leaders, countries, topics = set(), set(), set()
                for m in tagged[item_id]:
                    # Stored as save_tags stores it: a title mention on the first section with an empty span.
                    section, offsets = (sections[0], (0, 0)) if m.is_in_title else (sections[m.section], (m.start, m.end))
                    common = dict(section=section, start=offsets[0], end=offsets[1], matched=m.matched[:300], sentence=m.sentence[:2000])
                    if m.kind == "leader" and m.name in tables.leaders:
                        mention_rows[LeaderMention].append(LeaderMention(leader=tables.leaders[m.name], **common))
                        leaders.add(tables.leaders[m.name].pk)
                    elif m.kind == "country" and m.name in tables.countries:
                        mention_rows[CountryMention].append(CountryMention(country=tables.countries[m.name], **common))
                        countries.add(tables.countries[m.name].pk)
                    elif m.kind == "topic" and m.name in tables.topics:
                        mention_rows[TopicMention].append(TopicMention(topic=tables.topics[m.name], **common))
                        topics.add(tables.topics[m.name].pk)
                article._bench_tags = (leaders, countries, topics)
            for model, objects in mention_rows.items():
                model.objects.bulk_create(objects)
            for relation, index in (("leaders", 0), ("countries", 1), ("topics", 2)):
                through = getattr(Article, relation).through
                field = {"leaders": "leader_id", "countries": "country_id", "topics": "topic_id"}[relation]
                through.objects.bulk_create(
                    [through(article_id=a.pk, **{field: pk}) for a in articles for pk in a._bench_tags[index]]
                )
        print(f"  stored {min(count, start + batch_size)}/{count} ({time.perf_counter() - started:.0f} s)", flush=True)
    return {"seconds": time.perf_counter() - started, "megabytes": 0}


def _title_case(title: str) -> str:
    return title.title() if title.isupper() else title


def read_rows():
    """Yield (id, title, body, source, published, leaders, countries, topics) of every published article."""
    from articles.models import Article, Section

    tags = {name: defaultdict(list) for name in ("leaders", "countries", "topics")}
    for name in tags:
        through = getattr(Article, name).through
        column = {"leaders": "leader__slug", "countries": "country__slug", "topics": "topic__slug"}[name]
        for article_id, slug in through.objects.values_list("article_id", column).iterator(chunk_size=20000):
            tags[name][article_id].append(slug)
    bodies = defaultdict(list)
    for article_id, heading, text in Section.objects.order_by("article_id", "position").values_list("article_id", "heading", "text").iterator(chunk_size=20000):
        bodies[article_id] += [heading, text] if heading else [text]
    for pk, title, source, published in Article.objects.filter(is_published=True).order_by("pk").values_list("pk", "title", "source", "published").iterator(chunk_size=20000):
        yield pk, title, "\n\n".join(bodies[pk]), source, published, tags["leaders"][pk], tags["countries"][pk], tags["topics"][pk]


def _megabytes(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def _relation_megabytes(*tables: str) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(pg_total_relation_size(t::regclass)) FROM unnest(%s::text[]) t", [list(tables)])
        return float(cursor.fetchone()[0]) / 1e6


def build_whoosh(workdir: Path) -> dict:
    """Time the product's own full build: rebuild_search_index(), what `manage.py rebuild_index` runs."""
    from haystack import connections

    from articles.search.rebuild import rebuild_search_index

    _remove_whoosh_index(workdir)
    connections.reload("default")
    started = time.perf_counter()

    done = 0

    def on_progress(count: int) -> None:
        nonlocal done
        done += count
        if done % 10_000 < count:
            print(f"  whoosh indexed {done} ({time.perf_counter() - started:.0f} s)", flush=True)

    report = rebuild_search_index(on_progress=on_progress)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "megabytes": _megabytes(Path(report.folder)), "documents": report.indexed}


def _remove_whoosh_index(workdir: Path) -> None:
    # The live index is a link to the folder rebuild_index built beside it (an older run's is a folder).
    live = workdir / "index"
    if live.is_symlink() or live.is_file():
        live.unlink()
    for folder in [live, *workdir.glob("index-build-*")]:
        shutil.rmtree(folder, ignore_errors=True)


def build_postgres(workdir: Path) -> dict:
    """Time a full rebuild of our engine's documents, as rebuild_index does; the triggers keep them after."""
    from django.db import connection, transaction

    from articles.search.postgres_sql import DROP_TRIGGERS, TRIGGERS, rebuild_documents, rebuild_facet_counts, rebuild_vocabulary

    # What the engine's clear() (rebuild_index, start_keeping_documents) runs, timed in its two parts.
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in [*DROP_TRIGGERS, *TRIGGERS]:
            cursor.execute(statement)
        documents = rebuild_documents(cursor)
        documents_seconds = time.perf_counter() - started
        rebuild_vocabulary(cursor)
        rebuild_facet_counts(cursor)
    seconds = time.perf_counter() - started
    _analyze()
    return {"seconds": seconds, "documents_seconds": documents_seconds, "documents": documents,
            "megabytes": _relation_megabytes("articles_searchdocument", "articles_searchword")}


def build_postgres_fts(workdir: Path) -> dict:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_fts")
        cursor.execute(
            """CREATE TABLE bench_fts AS
               SELECT a.id AS article_id, a.published, a.source,
                      setweight(to_tsvector('newsindex_english', a.title), 'A')
                        || setweight(to_tsvector('newsindex_english', coalesce(b.text, '')), 'D') AS vector,
                      coalesce(b.text, '') AS body
               FROM articles_article a LEFT JOIN LATERAL (
                   SELECT string_agg(s.text, E'\\n\\n' ORDER BY s.position) AS text FROM articles_section s WHERE s.article_id = a.id
               ) b ON true WHERE a.is_published"""
        )
        cursor.execute("ALTER TABLE bench_fts ADD PRIMARY KEY (article_id)")
        cursor.execute("CREATE INDEX bench_fts_vector ON bench_fts USING gin (vector)")
        cursor.execute("SELECT count(*) FROM bench_fts")
        documents = cursor.fetchone()[0]
    seconds = time.perf_counter() - started
    _analyze()
    return {"seconds": seconds, "megabytes": _relation_megabytes("bench_fts"), "documents": documents}


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def build_fts5(workdir: Path) -> dict:
    path = workdir / "fts5.sqlite3"
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    database = sqlite3.connect(path)
    database.executescript(
        """CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT, body TEXT, source TEXT, published TEXT, year TEXT);
           CREATE TABLE tags (article_id INTEGER, kind TEXT, slug TEXT);
           CREATE VIRTUAL TABLE fts USING fts5(title, body, content='articles', content_rowid='id',
                                               tokenize='porter unicode61 remove_diacritics 2', prefix='2 3 4 5');"""
    )
    documents = 0
    for pk, title, body, source, published, leaders, countries, topics in read_rows():
        day = published.isoformat() if published else None
        database.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)", (pk, title, body, source, day, day[:4] if day else None))
        database.executemany(
            "INSERT INTO tags VALUES (?, ?, ?)",
            [(pk, kind, slug) for kind, slugs in (("leaders", leaders), ("countries", countries), ("topics", topics)) for slug in slugs],
        )
        documents += 1
    database.executescript(
        """INSERT INTO fts(fts) VALUES ('rebuild');
           CREATE INDEX tags_article ON tags (article_id);
           CREATE INDEX tags_slug ON tags (kind, slug, article_id);
           CREATE INDEX articles_published ON articles (published);"""
    )
    database.commit()
    database.close()
    return {"seconds": time.perf_counter() - started, "megabytes": _megabytes(path), "documents": documents}


def build_tantivy(workdir: Path) -> dict:
    import tantivy

    path = workdir / "tantivy"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir()
    started = time.perf_counter()
    index = tantivy.Index(tantivy_schema(), path=str(path))
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    documents = 0
    for pk, title, body, source, published, leaders, countries, topics in read_rows():
        fields = dict(id=pk, title=title, body=body, source=source or "", leaders=leaders, countries=countries, topics=topics)
        if published:
            fields.update(published=datetime(published.year, published.month, published.day), year=str(published.year))
        writer.add_document(tantivy.Document(**fields))
        documents += 1
    writer.commit()
    writer.wait_merging_threads()
    return {"seconds": time.perf_counter() - started, "megabytes": _megabytes(path), "documents": documents}


def tantivy_schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    for name in FACETS:
        builder.add_text_field(name, stored=False, tokenizer_name="raw", fast=True)
    builder.add_date_field("published", indexed=True, fast=True)
    return builder.build()


BUILDERS = {"whoosh": build_whoosh, "postgres": build_postgres, "postgres-fts": build_postgres_fts, "fts5": build_fts5, "tantivy": build_tantivy}
BUILD_OF = {"page-whoosh": "whoosh", "articles-whoosh": "whoosh", "whoosh-raw": "whoosh", "page-postgres": "postgres", "articles-postgres": "postgres",
            "postgres-fts": "postgres-fts", "fts5": "fts5", "tantivy": "tantivy"}


def index_exists(name: str, workdir: Path) -> bool:
    if name == "whoosh":
        return (workdir / "index").is_dir()
    if name == "fts5":
        return (workdir / "fts5.sqlite3").exists()
    if name == "tantivy":
        return (workdir / "tantivy").is_dir()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", ["bench_fts" if name == "postgres-fts" else "articles_searchdocument"])
        return cursor.fetchone()[0] is not None


# -- queries --------------------------------------------------------------------------------------


def make_queries(count: int) -> list[dict]:
    """Return deterministic queries, QUERY_TYPES in equal shares; each is GET parameters plus its "type"."""
    from articles.models import Article, Country, Leader

    rng = random.Random(11)
    corpus = read_corpus()
    words = [w.lower() for item in rng.sample(corpus, 400) for w in re.findall(r"[A-Za-z]{5,}", item["body"])]
    common = [w for w in words if w not in STOP]
    leader_names = list(Leader.objects.filter(articles__isnull=False).distinct().values_list("name", flat=True)[:200])
    country_names = list(Country.objects.filter(articles__isnull=False).distinct().values_list("name", flat=True)[:200])
    tagged = list(
        Article.objects.filter(is_published=True, published__isnull=False, countries__isnull=False)
        .order_by("pk").values_list("pk", flat=True).distinct()[:5000]
    )
    queries = []
    for number in range(count):
        kind = QUERY_TYPES[number % len(QUERY_TYPES)]
        if kind == "word":
            params = {"q": rng.choice(common)}
        elif kind == "two words":
            params = {"q": " ".join(rng.sample(common, 2))}
        elif kind == "phrase":
            item = rng.choice(corpus)
            tokens = re.findall(r"[A-Za-z]{4,}", item["body"])
            start = rng.randrange(max(1, len(tokens) - 2))
            params = {"q": f'"{" ".join(tokens[start:start + 2])}"'}
        elif kind == "OR":
            params = {"q": " OR ".join(rng.sample(common, 2))}
        elif kind == "NOT":
            params = {"q": f"{rng.choice(common)} -{rng.choice(common)}"}
        elif kind == "prefix":
            params = {"q": rng.choice(common)[: rng.choice([3, 4, 5])] + "*"}
        elif kind == "field":
            if rng.random() < 0.5 and leader_names:
                params = {"q": f'leader:"{rng.choice(leader_names)}" {rng.choice(common)}'}
            else:
                params = {"q": f'country:"{rng.choice(country_names)}"'}
        else:
            params = filtered_query(rng, rng.choice(tagged)) if tagged else {"q": rng.choice(common)}
        queries.append({"type": kind, **params})
    return queries


def filtered_query(rng: random.Random, article_id: int) -> dict:
    """A word of a tagged article, one of its tags and a six-month window around its date: it matches."""
    from articles.models import Article

    article = Article.objects.prefetch_related("countries", "leaders", "sections").get(pk=article_id)
    text = " ".join(s.text for s in article.sections.all())
    words = [w.lower() for w in re.findall(r"[A-Za-z]{5,}", text) if w.lower() not in STOP] or ["the"]
    start = article.published - timedelta(days=rng.randrange(0, 182))
    params = {"q": rng.choice(words), "from": start.isoformat(), "to": (start + timedelta(days=182)).isoformat()}
    leaders = [leader.slug for leader in article.leaders.all()]
    if leaders and rng.random() < 0.5:
        params["leader"] = rng.choice(leaders)
    else:
        params["country"] = rng.choice([country.slug for country in article.countries.all()])
    return params


def query_trees(params: dict) -> tuple[list[tuple], object]:
    """Return the engine query trees (query and filters) search_articles would send, and the parsed query."""
    from articles.search.lookup import resolve_filter_value
    from articles.search.postgres_query import parse_engine_query
    from articles.search.query import day_range_clause, parse_user_query

    parsed = parse_user_query(params.get("q", ""), resolve=resolve_filter_value)
    texts = [parsed.engine_query]
    if params.get("leader"):
        texts.append(f'leaders:"{params["leader"]}"')
    if params.get("country"):
        texts.append(f'countries:"{params["country"]}"')
    if params.get("from"):
        texts.append(day_range_clause(date.fromisoformat(params["from"]), date.fromisoformat(params["to"])))
    return [parse_engine_query(t) for t in texts], parsed


# -- engines: each returns the query's total --------------------------------------------------------


class postgres_engine:
    """Point haystack at our PostgreSQL engine for the length of a with block."""

    def __enter__(self):
        from haystack import connections

        from newsindex.search_url import parse_search_url

        self.original = connections.connections_info
        connections.connections_info = {"default": parse_search_url("postgres://", whoosh_path=Path("/nonexistent"))}
        connections.reload("default")

    def __exit__(self, *exc):
        from haystack import connections

        connections.connections_info = self.original
        connections.reload("default")


class Runner:
    def __init__(self, workdir: Path):
        from django.test import Client

        self.client = Client()
        self.fingerprint = ""  # of the last run's results, set by the engines that can tell
        self.fts5 = sqlite3.connect(workdir / "fts5.sqlite3") if (workdir / "fts5.sqlite3").exists() else None
        self.tantivy_index = None
        if (workdir / "tantivy").is_dir():
            import tantivy

            self.tantivy_index = tantivy.Index.open(str(workdir / "tantivy"))
            self.tantivy_searcher = self.tantivy_index.searcher()
            self.tantivy_schema = self.tantivy_index.schema

    def run(self, engine: str, params: dict) -> int:
        self.fingerprint = ""
        return getattr(self, "run_" + engine.replace("-", "_"))(params)

    def _page(self, params: dict) -> int:
        # follow: a query of tags alone (country:"France") redirects to the same search as filters.
        response = self.client.get("/search/", {k: v for k, v in params.items() if k != "type"}, follow=True)
        # 400: a query over a limit (a wildcard standing for too many words) gets the page saying so.
        assert response.status_code in (200, 400), (params, response.status_code)
        # The whole page: hits, snippets, facet counts, totals and links, byte for byte.
        self.fingerprint = hashlib.sha1(response.content).hexdigest()
        if response.status_code == 400:
            return -1
        return response.context["result"].total if response.context and "result" in response.context else -1

    def run_page_whoosh(self, params):
        return self._page(params)

    def run_page_postgres(self, params):
        with postgres_engine():
            return self._page(params)

    def _articles(self, params):
        from articles.exceptions import InvalidSearchQuery
        from articles.search.service import SearchFilters, search_articles

        filters = SearchFilters(
            leaders=(params["leader"],) if params.get("leader") else (),
            countries=(params["country"],) if params.get("country") else (),
            date_from=date.fromisoformat(params["from"]) if params.get("from") else None,
            date_to=date.fromisoformat(params["to"]) if params.get("to") else None,
        )
        try:
            page = search_articles(params.get("q", ""), filters=filters)
        except InvalidSearchQuery as refused:
            self.fingerprint = str(refused)
            return -1
        facets = {name: [(v.value, v.count) for v in values] for name, values in page.facets.items()}
        hits = [(hit.article.pk, [s.html for s in hit.snippets], [c.pk for c in hit.copies]) for hit in page.hits]
        self.fingerprint = hashlib.sha1(repr((page.total, hits, facets, page.histogram, page.undated)).encode()).hexdigest()
        return page.total

    def run_articles_whoosh(self, params):
        return self._articles(params)

    def run_articles_postgres(self, params):
        with postgres_engine():
            return self._articles(params)

    def prepare_whoosh_raw(self, workdir: Path, queries: list[dict]) -> None:
        """Open the index with Whoosh alone and turn each query into Whoosh query text (not timed).

        The query text is what search_articles sends to the engine: the parsed query, the tag and date
        filters, and the stories listing's "not a later copy" (every bench query lists stories).
        """
        from whoosh import index as whoosh_index
        from whoosh.qparser import MultifieldParser

        from articles.exceptions import InvalidSearchQuery
        from articles.search.limits import check_query_work
        from articles.search.lookup import resolve_filter_value
        from articles.search.query import day_range_clause, parse_user_query
        from articles.search_indexes import STORY_LATER_COPY

        self.raw_index = whoosh_index.open_dir(str(workdir / "index"))
        self.raw_searcher = self.raw_index.searcher()
        self.raw_parser = MultifieldParser(["text", "title"], schema=self.raw_index.schema, fieldboosts={"title": 3.0})
        self.raw_queries = {}
        reader = self.raw_searcher.reader()
        self.raw_facet_values = {}
        for name in FACETS:
            values = [[] for _ in range(reader.doc_count_all())]
            for term in reader.lexicon(name):
                for docnum in reader.postings(name, term).all_ids():
                    values[docnum].append(term)
            self.raw_facet_values[name] = values
        for params in queries:
            parsed = parse_user_query(params.get("q", ""), resolve=resolve_filter_value)
            filters = [f"NOT story_copy:{STORY_LATER_COPY}"]
            if params.get("leader"):
                filters.append(f'leaders:"{params["leader"]}"')
            if params.get("country"):
                filters.append(f'countries:"{params["country"]}"')
            if params.get("from"):
                filters.append(day_range_clause(date.fromisoformat(params["from"]), date.fromisoformat(params["to"])))
            is_ranked = bool(parsed.words or parsed.prefixes)
            try:
                check_query_work(parsed, query=params.get("q", ""))
            except InvalidSearchQuery:  # refused by the page too, before any search
                self.raw_queries[_query_key(params)] = None
                continue
            self.raw_queries[_query_key(params)] = (parsed.engine_query, filters, is_ranked)

    def run_whoosh_raw(self, params):
        """Plain Whoosh doing the page's work: top 10, exact total, five facets' counts, a snippet per hit."""
        from whoosh import query as whoosh_query
        from whoosh import sorting

        prepared = self.raw_queries[_query_key(params)]
        if prepared is None:
            return -1
        engine_query, filters, is_ranked = prepared
        searcher, parser = self.raw_searcher, self.raw_parser

        def parse(text):
            # The parser reads "*" as Every(field), which walks the field's terms; Every() reads the document list.
            return parser.parse(text).accept(lambda node: whoosh_query.Every() if isinstance(node, whoosh_query.Every) else node)

        query = parse(engine_query)
        allowed = None
        for text in filters:
            docs = set(searcher.docs_for_query(parse(text)))
            allowed = docs if allowed is None else allowed & docs
        if not allowed:
            return 0
        if is_ranked:
            # replace=0 and no block-quality skipping: every match is collected, so the total is exact.
            top = collectors.TopCollector(limit=10, usequality=False, replace=0)
        else:
            top = collectors.SortingCollector(sorting.FieldFacet("published", reverse=True), limit=10)
        # Facet counts from each document's values, read once per searcher (self.raw_facet_values):
        # Whoosh's FacetCollector with allow_overlap rebuilds those lists on every search (245 ms CPU
        # p95 at 20,000 articles, against 136 for all the rest), which would make a weak reference.
        matched = []
        recorder = MatchRecorder(top, matched)
        outer = collectors.FilterCollector(recorder, allow=allowed)
        searcher.search_with_collector(query, outer)
        results = outer.results()
        for table in self.raw_facet_values.values():
            Counter(chain.from_iterable(table[docnum] for docnum in matched)).most_common()
        for hit in results[:10]:
            hit.highlights("text", top=2)
        self.fingerprint = str(top.count())
        return top.count()

    def run_postgres_fts(self, params):
        from django.db import connection

        from articles.search.postgres_query import Compiler

        trees, _ = query_trees(params)
        with connection.cursor() as cursor:
            compiled = Compiler(cursor).compile_all(trees)
            if compiled.is_nothing:
                return 0
            # The same tsquery and conditions as our engine; tag filters read the tag tables.
            where = compiled.where
            for name, table, column in (("leaders", "articles_article_leaders", "leader"), ("countries", "articles_article_countries", "country"),
                                         ("topics", "articles_article_topics", "topic")):
                where = where.replace(
                    f"{name} @> ARRAY[%s]::text[]",
                    f"EXISTS (SELECT 1 FROM {table} t JOIN articles_{column} e ON e.id = t.{column}_id WHERE t.article_id = f.article_id AND e.slug = %s)",
                )
            cursor.execute(f"SELECT count(*) FROM bench_fts f WHERE {where}", compiled.params)
            total = cursor.fetchone()[0]
            rank = "ts_rank(vector, %s::tsquery, 1)" if compiled.rank_query else "0::real"
            rank_params = [compiled.rank_query] if compiled.rank_query else []
            cursor.execute(
                f"SELECT article_id, body FROM bench_fts f WHERE {where} ORDER BY {rank} DESC, article_id LIMIT 10",
                compiled.params + rank_params,
            )
            hits = cursor.fetchall()
            if compiled.rank_query:
                for _, body in hits:
                    cursor.execute("SELECT ts_headline('newsindex_english', %s, %s::tsquery, 'StartSel=<mark>, StopSel=</mark>')",
                                   [body, compiled.rank_query])
            matched = f"SELECT article_id FROM bench_fts f WHERE {where}"
            for _name, table, column in (("leaders", "articles_article_leaders", "leader"), ("countries", "articles_article_countries", "country"),
                                         ("topics", "articles_article_topics", "topic")):
                cursor.execute(
                    f"SELECT e.slug, count(*) FROM {table} t JOIN articles_{column} e ON e.id = t.{column}_id"
                    f" WHERE t.article_id IN ({matched}) GROUP BY e.slug ORDER BY 2 DESC", compiled.params)
                cursor.fetchall()
            cursor.execute(f"SELECT source, count(*) FROM bench_fts f WHERE {where} GROUP BY source", compiled.params)
            cursor.execute(f"SELECT extract(year FROM published), count(*) FROM bench_fts f WHERE {where} GROUP BY 1", compiled.params)
        return total

    def run_fts5(self, params):
        trees, _ = query_trees(params)
        compiled = Fts5Compiler().compile_all(trees)
        if compiled is None:
            return 0
        where, args, rank_match = compiled
        database = self.fts5
        database.execute("DROP TABLE IF EXISTS temp.matched")
        database.execute(f"CREATE TEMP TABLE matched AS SELECT id FROM articles a WHERE {where}", args)
        total = database.execute("SELECT count(*) FROM temp.matched").fetchone()[0]
        if rank_match:
            # Snippets for the ten shown only: SQLite computes a sorted query's columns for every row.
            database.execute(
                "SELECT rowid, snippet(fts, 1, '<mark>', '</mark>', '…', 24) FROM fts WHERE fts MATCH ? AND rowid IN"
                " (SELECT rowid FROM fts WHERE fts MATCH ? AND rowid IN temp.matched ORDER BY bm25(fts, 3.0, 1.0) LIMIT 10)",
                [rank_match, rank_match]).fetchall()
        else:
            database.execute("SELECT id, substr(body, 1, 240) FROM articles WHERE id IN temp.matched ORDER BY id LIMIT 10").fetchall()
        database.execute("SELECT kind, slug, count(*) FROM tags WHERE article_id IN temp.matched GROUP BY kind, slug").fetchall()
        database.execute("SELECT source, count(*) FROM articles WHERE id IN temp.matched GROUP BY source").fetchall()
        database.execute("SELECT year, count(*) FROM articles WHERE id IN temp.matched GROUP BY year").fetchall()
        return total

    def run_tantivy(self, params):
        import tantivy

        trees, _ = query_trees(params)
        query = TantivyCompiler(self.tantivy_index, self.tantivy_schema).compile_all(trees)
        if query is None:
            return 0
        searcher = self.tantivy_searcher
        result = searcher.search(query, 10, count=True)
        generator = tantivy.SnippetGenerator.create(searcher, query, self.tantivy_schema, "body")
        for _, address in result.hits:
            generator.snippet_from_doc(searcher.doc(address)).to_html()
        searcher.aggregate(query, {name: {"terms": {"field": name, "size": 1000}} for name in FACETS})
        return result.count


class MatchRecorder(collectors.WrappingCollector):
    """Passes every collected document on, and appends its number to a list (whoosh-raw's facet counts)."""

    def __init__(self, child, matched: list):
        super().__init__(child)
        self.matched = matched

    def collect(self, sub_docnum):
        self.matched.append(self.offset + sub_docnum)
        return self.child.collect(sub_docnum)


def _query_key(params: dict) -> tuple:
    return tuple(sorted(params.items()))


class Fts5Compiler:
    """Engine query trees -> (SQL condition over articles a, its arguments, MATCH text to rank by)."""

    def compile_all(self, trees):
        self.positive = []
        part = self._and([self._compile(t, is_negated=False) for t in trees])
        if part[0] in ("nothing", "skip"):
            return None
        rank = " OR ".join(f"({p})" for p in self.positive)
        if part[0] == "every":
            return "1", [], rank
        if part[0] == "match":
            return "a.id IN (SELECT rowid FROM fts WHERE fts MATCH ?)", [part[1]], rank
        return part[1], part[2], rank

    def _compile(self, node, *, is_negated):
        kind = node[0]
        if kind == "every":
            return ("every",)
        if kind == "text":
            _, name, text, is_prefix = node
            tokens = re.findall(r"\w+", text)
            if not tokens:
                return ("skip",)
            match = f'"{tokens[0]}"*' if is_prefix else '"' + " ".join(tokens) + '"'
            if name == "title":
                match = f"title : {match}"
            if not is_negated:
                self.positive.append(match)
            return ("match", match)
        if kind == "and":
            return self._and([self._compile(c, is_negated=is_negated) for c in node[1]])
        if kind == "or":
            parts = [self._compile(c, is_negated=is_negated) for c in node[1]]
            if any(p[0] == "every" for p in parts):
                return ("every",)
            kept = [p for p in parts if p[0] in ("match", "sql")]
            if not kept:
                return ("skip",)
            if all(p[0] == "match" for p in kept):
                return ("match", " OR ".join(f"({p[1]})" for p in kept))
            sql = [self._sql(p) for p in kept]
            return ("sql", " OR ".join(f"({s})" for s, _ in sql), [a for _, args in sql for a in args])
        if kind == "not":
            inner = self._compile(node[1], is_negated=not is_negated)
            if inner[0] in ("skip", "nothing"):
                return ("skip",) if inner[0] == "skip" else ("every",)
            if inner[0] == "every":
                return ("nothing",)
            return ("not", inner)
        if kind == "value":
            _, name, value = node
            if name in ("leaders", "countries", "topics"):
                return ("sql", "a.id IN (SELECT article_id FROM tags WHERE kind = ? AND slug = ?)", [name, value])
            if name == "source":
                return ("sql", "a.source = ?", [value])
            return ("every",) if name == "django_ct" else ("nothing",)
        if kind == "range":
            from articles.search.postgres_query import date_bound

            low, high = date_bound(node[2], is_end=False), date_bound(node[3], is_end=True)
            sql, args = [], []
            if low:
                sql.append("a.published >= ?")
                args.append(low.isoformat())
            if high:
                sql.append("a.published <= ?")
                args.append(high.isoformat())
            return ("sql", " AND ".join(sql) or "a.published IS NOT NULL", args)
        raise ValueError(node)

    def _sql(self, part):
        if part[0] == "match":
            return "a.id IN (SELECT rowid FROM fts WHERE fts MATCH ?)", [part[1]]
        if part[0] == "not":
            sql, args = self._sql(part[1])
            return f"NOT ({sql})", args
        return part[1], part[2]

    def _and(self, parts):
        if any(p[0] == "nothing" for p in parts):
            return ("nothing",)
        kept = [p for p in parts if p[0] in ("match", "sql", "not")]
        if not kept:
            return ("every",) if any(p[0] == "every" for p in parts) else ("skip",)
        matches = [p[1] for p in kept if p[0] == "match"]
        negated_matches = [p[1][1] for p in kept if p[0] == "not" and p[1][0] == "match"]
        others = [p for p in kept if p[0] == "sql" or (p[0] == "not" and p[1][0] != "match")]
        if matches and not others:
            # FTS5's NOT is binary: a NOT b.
            text = " AND ".join(f"({m})" for m in matches) + "".join(f" NOT ({m})" for m in negated_matches)
            return ("match", text)
        sql, args = [], []
        if matches:
            text = " AND ".join(f"({m})" for m in matches) + "".join(f" NOT ({m})" for m in negated_matches)
            sql.append("a.id IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            args.append(text)
        else:
            for m in negated_matches:
                sql.append("a.id NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
                args.append(m)
        for part in others:
            s, a = self._sql(part)
            sql.append(s)
            args += a
        return ("sql", " AND ".join(f"({s})" for s in sql), args)


class TantivyCompiler:
    """Engine query trees -> one tantivy Query (None when nothing can match)."""

    def __init__(self, index, schema):
        self.index, self.schema = index, schema

    def compile_all(self, trees):
        import tantivy

        parts = [self._compile(t) for t in trees]
        parts = [p for p in parts if p != "every"]
        if any(p is None for p in parts):
            return None
        if not parts:
            return tantivy.Query.all_query()
        return parts[0] if len(parts) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Must, p) for p in parts])

    def _compile(self, node):
        import tantivy

        kind = node[0]
        if kind == "every":
            return "every"
        if kind == "text":
            _, name, text, is_prefix = node
            tokens = re.findall(r"\w+", text)
            if not tokens:
                return "every"
            fields = ["title"] if name == "title" else ["title", "body"]
            if is_prefix:
                return tantivy.Query.boolean_query(
                    [(tantivy.Occur.Should, tantivy.Query.regex_query(self.schema, f, re.escape(tokens[0].lower()) + ".*")) for f in fields])
            return self.index.parse_query('"' + " ".join(tokens) + '"', fields)
        if kind in ("and", "or"):
            children = [self._compile(c) for c in node[1]]
            if kind == "and":
                if any(c is None for c in children):
                    return None
                kept = [c for c in children if c != "every"]
                if not kept:
                    return "every"
                musts = [(tantivy.Occur.MustNot, c[1]) if isinstance(c, tuple) else (tantivy.Occur.Must, c) for c in kept]
                if all(occur == tantivy.Occur.MustNot for occur, _ in musts):
                    musts.append((tantivy.Occur.Must, tantivy.Query.all_query()))
                return tantivy.Query.boolean_query(musts)
            if any(c == "every" for c in children):
                return "every"
            kept = [c for c in children if c is not None]
            if not kept:
                return None
            return tantivy.Query.boolean_query([(tantivy.Occur.Should, self._positive(c)) for c in kept])
        if kind == "not":
            inner = self._compile(node[1])
            if inner == "every":
                return None
            if inner is None:
                return "every"
            return ("not", self._positive(inner))
        if kind == "value":
            _, name, value = node
            if name in ("leaders", "countries", "topics", "source"):
                return tantivy.Query.term_query(self.schema, name, value)
            return "every" if name == "django_ct" else None
        if kind == "range":
            from articles.search.postgres_query import date_bound

            low, high = date_bound(node[2], is_end=False), date_bound(node[3], is_end=True)
            as_datetime = lambda d: datetime(d.year, d.month, d.day) if d else None  # noqa: E731
            return tantivy.Query.range_query(self.schema, "published", tantivy.FieldType.Date, as_datetime(low), as_datetime(high))
        raise ValueError(node)

    def _positive(self, compiled):
        import tantivy

        if isinstance(compiled, tuple):  # a lone NOT inside OR
            return tantivy.Query.boolean_query([(tantivy.Occur.Must, tantivy.Query.all_query()), (tantivy.Occur.MustNot, compiled[1])])
        return compiled


# -- the run --------------------------------------------------------------------------------------


def run_benchmark(queries: list[dict], *, engines: list[str], workdir: Path) -> dict:
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    # Production's hashed static names need collectstatic; the page's cost is the same without them.
    override_settings(STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }).enable()
    runner = Runner(workdir)
    if "whoosh-raw" in engines:
        runner.prepare_whoosh_raw(workdir, queries)
    for params in queries[:20]:  # warm caches, searchers and connections
        for engine in engines:
            runner.run(engine, params)
    report = {engine: {"ms": [], "cpu_ms": [], "totals": [], "fingerprints": []} for engine in engines}
    for number, params in enumerate(queries):
        # Rotate which engine goes first, so none always meets warm caches left by another.
        order = engines[number % len(engines):] + engines[: number % len(engines)]
        for engine in order:
            server = database_backend_pid()
            cpu_before = cpu_ns(server)
            started = time.perf_counter()
            total = runner.run(engine, params)
            report[engine]["ms"].append((time.perf_counter() - started) * 1000)
            report[engine]["cpu_ms"].append((cpu_ns(server) - cpu_before) / 1e6)
            report[engine]["totals"].append(total)
            report[engine]["fingerprints"].append(runner.fingerprint)
    return report


def compare_fingerprints(report: dict, *, queries: list[dict], path: Path) -> None:
    """Write each query's result fingerprints per engine to path, or compare them with the ones there."""
    current = {engine: data["fingerprints"] for engine, data in report.items()}
    if not path.exists():
        path.write_text(json.dumps({"queries": queries, "fingerprints": current}, indent=1))
        print(f"fingerprints of {len(queries)} queries written to {path}")
        return
    saved = json.loads(path.read_text())
    if saved["queries"] != queries:
        print(f"fingerprints in {path} are of other queries: not compared")
        return
    for engine, prints in current.items():
        if engine not in saved["fingerprints"]:
            continue
        changed = [q for q, a, b in zip(queries, prints, saved["fingerprints"][engine]) if a != b]
        print(f"{engine}: {len(queries) - len(changed)}/{len(queries)} results identical to {path.name}"
              + (f"; changed, e.g. {changed[:3]}" if changed else ""))


def database_backend_pid() -> int | None:
    """Return the pid of the PostgreSQL backend serving Django's connection, when it runs on this machine."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return pid if os.path.exists(f"/proc/{pid}/schedstat") else None


def cpu_ns(server_pid: int | None) -> int:
    """Return CPU nanoseconds used so far by this process (all threads) and the database backend.

    On a shared machine wall-clock times stretch with the load; CPU time barely does, so the table
    shows both. /proc/<pid>/schedstat counts a process's time on a CPU in nanoseconds.
    """
    used = time.process_time_ns()
    if server_pid:
        try:
            with open(f"/proc/{server_pid}/schedstat") as stat:
                used += int(stat.read().split()[0])
        except FileNotFoundError:  # the connection was replaced during the call; its CPU is lost
            pass
    return used


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def summarise(report: dict, queries: list[dict]) -> dict:
    summary = {}
    for engine, data in report.items():
        per_type, per_type_cpu = defaultdict(list), defaultdict(list)
        for params, ms, cpu in zip(queries, data["ms"], data["cpu_ms"]):
            per_type[params["type"]].append(ms)
            per_type_cpu[params["type"]].append(cpu)
        summary[engine] = {
            "p50": statistics.median(data["ms"]), "p95": _p95(data["ms"]), "max": max(data["ms"]),
            "cpu_p50": statistics.median(data["cpu_ms"]), "cpu_p95": _p95(data["cpu_ms"]),
            "types": {kind: {"p50": statistics.median(v), "p95": _p95(v), "max": max(v), "cpu_p95": _p95(per_type_cpu[kind])}
                      for kind, v in per_type.items()},
        }
    return summary


def disagreement_reason(params: dict) -> str:
    """Return the likeliest reason two engines count a query differently."""
    from django.db import connection

    text = params.get("q", "")
    if text.endswith("*"):
        return "prefix: stems (PostgreSQL, Whoosh, tantivy) vs words (FTS5)"
    words = [w for w in re.findall(r"[\w'.-]+", re.sub(r'\w+:("[^"]*"|\S+)', "", text)) if w not in ("OR", "AND", "NOT")]
    if connection.vendor == "postgresql" and words:
        with connection.cursor() as cursor:
            cursor.execute("SELECT bool_or(numnode(plainto_tsquery('english', w)) = 0) FROM unnest(%s::text[]) w", [words])
            if cursor.fetchone()[0]:
                return "stop words (PostgreSQL and Whoosh drop them, FTS5 and tantivy keep them)"
    if re.search(r"[\d'.-]", text):
        return "tokenisation (digits, apostrophes, hyphens, dots)"
    if re.search(r"leader:|country:", text):
        return "field prefix: tag slugs (ours) vs words"
    return "stemming (Snowball vs Porter) or accent folding"


def raw_whoosh_total(params: dict) -> int:
    """Return every match Whoosh itself finds for the query and filters (no page collector)."""
    from haystack import connections

    from articles.search.lookup import resolve_filter_value
    from articles.search.query import day_range_clause, parse_user_query

    backend = connections["default"].get_backend()
    searcher = backend.searcher()
    parsed = parse_user_query(params.get("q", ""), resolve=resolve_filter_value)
    matched = set(searcher.docs_for_query(backend.parse_query(parsed.engine_query)))
    narrows = []
    if params.get("leader"):
        narrows.append(f'leaders:"{params["leader"]}"')
    if params.get("country"):
        narrows.append(f'countries:"{params["country"]}"')
    if params.get("from"):
        narrows.append(day_range_clause(date.fromisoformat(params["from"]), date.fromisoformat(params["to"])))
    for narrow in narrows:
        matched &= set(searcher.docs_for_query(backend.parse_query(narrow)))
    return len(matched)


def print_report(report: dict, *, queries: list[dict], builds: dict, articles: int, load, commit: str) -> None:
    summary = summarise(report, queries)
    reference = "page-postgres" if "page-postgres" in summary else next(iter(summary))
    page = summary.get("page-whoosh") or summary[reference]
    kinds = Counter(q["type"] for q in queries)
    print(f"\n{articles} articles, {len(queries)} queries ({', '.join(f'{k} {n}' for k, n in kinds.items())}); "
          f"commit {commit}; load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1/5/15 min)")
    print("\n| engine | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms | page-whoosh ÷ this (CPU p95) | build s | articles/s | index MB | totals = ours |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for engine, stats in summary.items():
        build = builds.get(BUILD_OF[engine], {})
        agree = sum(a == b for a, b in zip(report[engine]["totals"], report[reference]["totals"]))
        rate = build.get("documents", 0) / build["seconds"] if build.get("seconds") else 0
        print(f"| {engine} | {stats['p50']:.1f} | {stats['p95']:.1f} | {stats['max']:.0f} | {stats['cpu_p50']:.1f} | {stats['cpu_p95']:.1f} "
              f"| {page['cpu_p95'] / stats['cpu_p95']:.1f}× "
              f"| {build.get('seconds', 0):.1f} | {rate:,.0f} | {build.get('megabytes', 0):.0f} | {agree}/{len(queries)} |")
    print(f"\np95 ms per query type, wall clock / CPU ({', '.join(summary)}):")
    print("| type | " + " | ".join(summary) + " |")
    print("|---|" + "---:|" * len(summary))
    for kind in QUERY_TYPES:
        if kind in kinds:
            print(f"| {kind} ({kinds[kind]}) | "
                  + " | ".join(f"{s['types'][kind]['p95']:.0f} / {s['types'][kind]['cpu_p95']:.0f}" for s in summary.values()) + " |")
    if "whoosh-raw" in summary and "page-whoosh" in summary:
        raw = summary["whoosh-raw"]
        print("\npage-whoosh ÷ whoosh-raw at p95, wall / CPU (target ≤ 1.5×):")
        print(f"| all | {page['p95'] / raw['p95']:.2f}× / {page['cpu_p95'] / raw['cpu_p95']:.2f}× |")
        for kind in QUERY_TYPES:
            if kind in kinds:
                mine, theirs = page["types"][kind], raw["types"][kind]
                print(f"| {kind} | {mine['p95'] / theirs['p95']:.2f}× / {mine['cpu_p95'] / theirs['cpu_p95']:.2f}× |")
        differing = sum(a != b for a, b in zip(report["page-whoosh"]["totals"], report["whoosh-raw"]["totals"]))
        print(f"totals page-whoosh ≠ whoosh-raw: {differing}/{len(queries)}")
    zero = sum(t == 0 for t in report[reference]["totals"])
    print(f"\nqueries with no match on {reference}: {zero}")
    for engine in summary:
        if engine == reference:
            continue
        reasons = Counter()
        examples = {}
        for params, total, expected in zip(queries, report[engine]["totals"], report[reference]["totals"]):
            if total != expected:
                is_undercount = "whoosh" in engine and total < expected and raw_whoosh_total(params) == expected
                reason = ("our Whoosh page undercounts: Whoosh's own docs_for_query agrees with ours (the page's collector "
                          "stops counting, replace=10; the exact-counts work fixes it)") if is_undercount else disagreement_reason(params)
                reasons[reason] += 1
                examples.setdefault(reason, f"{params.get('q')!r}: {total} vs {expected}")
        if reasons:
            print(f"{engine} vs {reference}: " + "; ".join(f"{n} {reason} (e.g. {examples[reason]})" for reason, n in reasons.most_common()))
        else:
            print(f"{engine} vs {reference}: every total agrees")


if __name__ == "__main__":
    main()
