"""Benchmark the search results page against raw Whoosh doing the same work, on one index.

Usage: .venv/bin/python bench/search.py [--articles 20000] [--queries 200] [--workdir DIR] [--keep]

Builds an archive of N articles from ../shared/data/corpus/ (Reuters-21578 and BBC News, 23,802 real
items; for N above that, items are repeated with new ids and titles suffixed "(copy k)": synthetic
size, not new text), tagged with our tagger and indexed through our haystack backend. Then runs the
same queries (one- to three-word, phrases, and a word plus a leader/country filter and a six-month
date window) two ways and prints p50/p95:

- page: GET /search/?… through Django's test client: search with five facets, the shown articles'
  rows, per-section snippets with <mark>, filter names, template;
- raw Whoosh: the same parsed query and filter, search_page with the same five facets, the same
  ten articles' sections read from the database and highlighted with whoosh.highlight.

The database and index stay in --workdir (default var/bench-search-N) and are reused by later runs.
"""

import argparse
import gzip
import json
import os
import random
import re
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus"
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workdir", type=Path)
    arguments = parser.parse_args()
    workdir = (arguments.workdir or ROOT / "var" / f"bench-search-{arguments.articles}").resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsindex.settings",
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'db.sqlite3'}",
        SEARCH_INDEX_DIR=str(workdir / "index"),
        MEDIA_ROOT=str(workdir / "media"),
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from articles.models import Article

    if Article.objects.count() != arguments.articles:
        build_archive(arguments.articles, workdir=workdir)
    queries = make_queries(arguments.queries)
    run_benchmark(queries, articles=arguments.articles)


def read_corpus() -> list[dict]:
    items = []
    for name in ("reuters21578.jsonl.gz", "bbc_news.jsonl.gz"):
        with gzip.open(CORPUS / name, "rt", encoding="utf-8") as lines:
            for line in lines:
                item = json.loads(line)
                if item["body"].strip() and item["title"].strip():
                    items.append(item)
    return items


def build_archive(count: int, *, workdir: Path) -> None:
    """Create count articles (tagged, one section per 3 paragraphs) and index them through haystack."""
    import shutil

    from django.db import transaction
    from django.utils.text import slugify
    from haystack import connections

    from articles.entities.tables import load_entity_tables
    from articles.models import Article, CountryMention, LeaderMention, Section, TopicMention
    from articles.search_indexes import with_index_data
    from articles.tagging import tag_sections

    started = time.perf_counter()
    Article.objects.all().delete()
    shutil.rmtree(workdir / "index", ignore_errors=True)
    connections.reload("default")
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
            for article, (item_id, title, sections) in zip(articles, section_specs):
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
                    common = dict(section=sections[m.section], start=m.start, end=m.end, matched=m.matched[:300], sentence=m.sentence[:2000])
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
    stored = time.perf_counter()
    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(Article)
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 2000):
        backend.update(index, list(with_index_data(Article.objects.filter(pk__in=ids[start : start + 2000]))))
        print(f"  indexed {min(len(ids), start + 2000)}/{len(ids)} ({time.perf_counter() - stored:.0f} s)", flush=True)
    backend.optimize()
    print(f"built {count} articles: store+tag {stored - started:.0f} s, index {time.perf_counter() - stored:.0f} s")


def _title_case(title: str) -> str:
    return title.title() if title.isupper() else title


def make_queries(count: int) -> list[dict]:
    """Return deterministic queries: words, phrases, and a word with a filter and a six-month window."""
    from django.db.models import Count

    from articles.models import Country, Leader

    rng = random.Random(11)
    corpus = read_corpus()
    words = [w.lower() for item in rng.sample(corpus, 400) for w in re.findall(r"[A-Za-z]{5,}", item["body"])]
    common = [w for w in words if w not in {"which", "would", "their", "there", "about", "after", "said"}]
    leaders = list(Leader.objects.annotate(n=Count("articles")).filter(n__gt=20).values_list("slug", flat=True)) or [""]
    countries = list(Country.objects.annotate(n=Count("articles")).filter(n__gt=50).values_list("slug", flat=True)) or [""]
    queries = []
    for number in range(count):
        kind = number % 4
        if kind < 2:
            queries.append({"q": " ".join(rng.sample(common, kind + 1))})
        elif kind == 2:
            item = rng.choice(corpus)
            tokens = re.findall(r"[A-Za-z]{4,}", item["body"])
            start = rng.randrange(max(1, len(tokens) - 2))
            queries.append({"q": f'"{" ".join(tokens[start:start + 2])}"'})
        else:
            year = rng.choice([1987, 2004, 2005])
            start = date(year, rng.choice([1, 3, 5]), 1)
            params = {"q": rng.choice(common), "from": start.isoformat(), "to": (start + timedelta(days=182)).isoformat()}
            params["leader" if number % 8 == 3 else "country"] = rng.choice(leaders if number % 8 == 3 else countries)
            queries.append(params)
    return queries


def run_benchmark(queries: list[dict], *, articles: int) -> None:
    from django.test import Client
    from django.test.utils import setup_test_environment

    from django.test.utils import override_settings

    setup_test_environment()
    # Production's hashed static names need collectstatic; the page's cost is the same without them.
    override_settings(STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }).enable()
    client = Client()
    for params in queries[:10]:  # warm caches and the per-thread searcher
        client.get("/search/", params)
        raw_search(params)
    page_ms, raw_ms, plain_ms = [], [], []
    for params in queries:
        started = time.perf_counter()
        response = client.get("/search/", params)
        page_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (params, response.status_code)
        started = time.perf_counter()
        raw_search(params)
        raw_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        raw_search(params, with_facets_and_highlights=False)
        plain_ms.append((time.perf_counter() - started) * 1000)
    slowest = sorted(zip(page_ms, raw_ms, queries), key=lambda item: -item[0])[:5]
    print("slowest pages:", *(f"  {page:.0f} ms (raw {raw:.0f} ms) {params}" for page, raw, params in slowest), sep="\n")
    p50, p95 = statistics.median(page_ms), _p95(page_ms)
    r50, r95 = statistics.median(raw_ms), _p95(raw_ms)
    print(f"\n{articles} articles, {len(queries)} queries")
    print(f"| what | p50 ms | p95 ms |\n|---|---:|---:|")
    print(f"| results page (facets, snippets, template) | {p50:.1f} | {p95:.1f} |")
    print(f"| raw Whoosh, same work (its own groupedby facets and highlight) | {r50:.1f} | {r95:.1f} |")
    print(f"| raw Whoosh, top 10 and total only (no facets, no snippets) | {statistics.median(plain_ms):.1f} | {_p95(plain_ms):.1f} |")
    print(f"page / raw at p95: {p95 / r95:.2f}x (target <= 1.5x); page p95 {p95:.0f} ms (target < 150 ms at 100k)")


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def raw_search(params: dict, *, with_facets_and_highlights: bool = True) -> None:
    """The same query, filters, facets and highlighting, in raw Whoosh plus the same database reads."""
    from haystack import connections
    from whoosh import query as whoosh_query
    from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight
    from whoosh.sorting import Count, FieldFacet

    from articles.models import Section
    from articles.search.lookup import resolve_filter_value
    from articles.search.query import parse_user_query
    from articles.search.snippets import highlight_terms_for

    backend = connections["default"].get_backend()
    searcher = backend.searcher()
    parsed = parse_user_query(params.get("q", ""), resolve=resolve_filter_value)
    query = backend.parse_query(parsed.engine_query)
    filters = [whoosh_query.Term("django_ct", "articles.article")]
    for field, param in (("leaders", "leader"), ("countries", "country")):
        if params.get(param):
            filters.append(whoosh_query.Term(field, params[param]))
    if params.get("from"):
        filters.append(backend.parse_query(f"day:[{params['from'].replace('-', '')} TO {params['to'].replace('-', '')}]"))
    facets = {name: FieldFacet(name, allow_overlap=name in ("leaders", "countries", "topics"), maptype=Count)
              for name in ("leaders", "countries", "topics", "source", "year")}
    allowed = set(searcher.docs_for_query(whoosh_query.And(filters)))
    if not with_facets_and_highlights:
        searcher.search_page(query, 1, pagelen=10, filter=allowed)
        return
    page = searcher.search_page(query, 1, pagelen=10, filter=allowed, groupedby=facets)
    for name in facets:
        page.results.groups(name)
    ids = [int(hit["django_id"]) for hit in page]
    terms = highlight_terms_for(parsed.highlight_text)
    analyzer = backend.schema["text"].analyzer
    for section in Section.objects.filter(article_id__in=ids):
        if terms.terms:
            highlight(section.text, set(terms.terms), analyzer, ContextFragmenter(maxchars=400, surround=80), HtmlFormatter(tagname="mark"), top=3)


if __name__ == "__main__":
    main()
