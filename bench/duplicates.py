"""Benchmark near-duplicate grouping: precision and recall on real articles and edited copies, and its cost.

Usage: .venv/bin/python bench/duplicates.py [--originals 300] [--sizes 25000,50000,100000] [--lookups 500] [--cost-only]

1. Quality. In a fresh SQLite database (or DATABASE_URL), every BBC News article of ../shared/data/corpus/
   (2,225, of which 98 are exact duplicates of another) is stored, then edited copies of --originals of
   them, each through the import's own grouping calls (stories.grouping.store_fingerprint and
   group_article, inside one transaction per article as at import; cleaning and tagging are left out,
   their cost is in bench/import.py). Each original gets five copies: one with all four edits (new
   headline, last paragraph dropped, first sentence replaced by another article's, 5% of words replaced
   by random corpus words) and one per single edit. Truth: two articles are one story when their bodies
   are equal or one is a copy of the other (or both copies of one original). Precision and recall are
   over pairs of articles. --with-reuters also stores the 21,577 Reuters-21578 items first (its own
   repeated items are not in the truth, so they count against precision).
2. Cost. The database is then filled up to --size articles: every real corpus body of 60 words or
   more once, then synthetic bodies: corpus bodies with half their words replaced by random corpus
   words, under fresh ids (NOT real data: the corpora hold 23,802 articles; these only make the tables
   as large as a 100k archive's, with real word statistics).
   Then --lookups more articles are imported the same way (half edited copies of stored articles, half
   new), timing per article: fingerprinting, the lookup (find_near_duplicates: the band-key query and
   the candidates' signatures) and all that grouping adds to the page's transaction (fingerprint, its
   band rows, lookup, story update); the commit is timed apart, since the page's transaction commits
   anyway.
"""

import argparse
import gzip
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus"
SOURCES = ("Demo Wire", "Sample Daily", "Example Herald", "Test Gazette", "Mock Courier", "Placeholder Post")
EDITS = ("all", "headline", "last_paragraph", "first_sentence", "words")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
FILL_CHUNK = 2000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--originals", type=int, default=300, help="BBC articles that get edited copies (default 300)")
    parser.add_argument(
        "--sizes", default="25000,50000,100000",
        help="archive sizes at which the cost is measured, comma-separated (default 25000,50000,100000); each is printed when done",
    )
    parser.add_argument("--lookups", type=int, default=500, help="articles imported and timed at each size (default 500)")
    parser.add_argument("--with-reuters", action="store_true", help="also store the Reuters-21578 items in the quality run")
    parser.add_argument("--cost-only", action="store_true", help="skip the quality run (the cost run then starts from an empty archive)")
    parser.add_argument("--seed", type=int, default=16)
    arguments = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-duplicates-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ["SEARCH_INDEX_DIR"] = str(workdir / "index")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsindex.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rng = random.Random(arguments.seed)
    bbc = read_corpus("bbc_news.jsonl.gz")
    reuters = read_corpus("reuters21578.jsonl.gz")
    vocabulary = sorted({w for doc in bbc[:500] for w in re.findall(r"[a-z]+", doc["body"].lower())})

    if not arguments.cost_only:
        quality = measure_quality(bbc, reuters if arguments.with_reuters else [], originals=arguments.originals, vocabulary=vocabulary, rng=rng)
        print(json.dumps({"quality": quality}, indent=2), flush=True)
    for size in sorted(int(value) for value in arguments.sizes.split(",")):
        cost = measure_cost([*bbc, *reuters], size=size, lookups=arguments.lookups, vocabulary=vocabulary, rng=rng)
        print(json.dumps({"cost": cost, "load_average": os.getloadavg()}, indent=2), flush=True)


def read_corpus(name: str) -> list[dict]:
    with gzip.open(CORPUS / name, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def edit_copy(doc: dict, *, edit: str, donor: dict, vocabulary: list[str], rng: random.Random) -> dict:
    """Return an edited copy of a corpus article (title and body)."""
    title, paragraphs = doc["title"], [p for p in doc["body"].split("\n\n") if p.strip()]
    if edit in ("all", "headline"):
        title = f"{rng.choice(('Report:', 'Update:', 'Analysis:'))} {' '.join(reversed(title.split()))}"
    if edit in ("all", "last_paragraph") and len(paragraphs) > 1:
        paragraphs = paragraphs[:-1]
    if edit in ("all", "first_sentence"):
        first = SENTENCE_END.split(paragraphs[0], maxsplit=1)
        intro = SENTENCE_END.split(donor["body"].strip(), maxsplit=1)[0]
        paragraphs[0] = intro + (" " + first[1] if len(first) > 1 else "")
    if edit in ("all", "words"):
        paragraphs = [replace_words(p, share=0.05, vocabulary=vocabulary, rng=rng) for p in paragraphs]
    return {"title": title, "body": "\n\n".join(paragraphs)}


def replace_words(text: str, *, share: float, vocabulary: list[str], rng: random.Random) -> str:
    words = text.split(" ")
    for i in rng.sample(range(len(words)), k=round(len(words) * share)):
        words[i] = rng.choice(vocabulary)
    return " ".join(words)


def store_article(*, number: int, title: str, body: str, source: str, day: int) -> int:
    """Save one article and group it, in one transaction as at import; return its id."""
    from datetime import date, timedelta

    from django.db import transaction

    from articles.models import Article
    from articles.stories.grouping import group_article, store_fingerprint

    with transaction.atomic():
        article = Article.objects.create(
            title=title[:500], slug=f"a-{number}", source=source, published=date(2005, 1, 1) + timedelta(days=day),
            content_hash=f"{number}",
        )
        fingerprint = store_fingerprint(article=article, texts=[body], is_new=True)
        group_article(article=article, fingerprint=fingerprint)
    return article.pk


def measure_quality(bbc: list[dict], reuters: list[dict], *, originals: int, vocabulary: list[str], rng: random.Random) -> dict:
    from articles.models import Article

    truth_group: dict[int, object] = {}  # article id -> its true story key
    title_group: dict[int, object] = {}  # the same, where BBC articles with one title are one story too
    by_body: dict[str, int] = {}
    by_title: dict[str, int] = {}
    number = 0
    started = time.perf_counter()
    for doc in [*reuters, *bbc]:
        number += 1
        pk = store_article(number=number, title=doc["title"], body=doc["body"], source=rng.choice(SOURCES), day=rng.randrange(300))
        body_key = " ".join(doc["body"].split())
        truth_group[pk] = by_body.setdefault(body_key, pk)
        title_group[pk] = by_title.setdefault(doc["title"], truth_group[pk])
    bbc_ids = {pk for pk in truth_group if pk > len(reuters)}
    copy_kinds: dict[int, str] = {}
    usable = [doc for doc in bbc if doc["body"].count("\n\n") >= 2]
    for doc in rng.sample(usable, k=min(originals, len(usable))):
        original_pk = by_body[" ".join(doc["body"].split())]
        for edit in EDITS:
            number += 1
            copy = edit_copy(doc, edit=edit, donor=rng.choice(bbc), vocabulary=vocabulary, rng=rng)
            pk = store_article(number=number, title=copy["title"], body=copy["body"], source=rng.choice(SOURCES), day=300 + rng.randrange(30))
            truth_group[pk] = truth_group[original_pk]
            title_group[pk] = title_group[original_pk]
            copy_kinds[pk] = edit
    seconds = time.perf_counter() - started
    predicted = dict(Article.objects.values_list("pk", "story_id"))
    evaluated = {pk for pk in truth_group if pk in bbc_ids or pk in copy_kinds}
    scores = pair_scores(evaluated, truth_group=truth_group, predicted=predicted)
    # The BBC set also holds 129 repeated titles: mostly one report updated, i.e. real near-duplicates
    # that the exact-body truth calls different stories.
    scores_by_title = pair_scores(evaluated, truth_group=merge_groups(truth_group, title_group), predicted=predicted)
    scores_all = pair_scores(set(truth_group), truth_group=truth_group, predicted=predicted) if reuters else None
    recall_by_edit = {}
    for edit in EDITS:
        copies = [pk for pk, kind in copy_kinds.items() if kind == edit]
        grouped = sum(
            1 for pk in copies
            if predicted[pk] is not None and predicted[pk] == predicted.get(truth_group[pk])
        )
        recall_by_edit[edit] = round(grouped / len(copies), 4) if copies else None
    return {
        "articles": len(evaluated),
        "edited_copies": len(copy_kinds),
        "exact_duplicate_articles": len(bbc_ids) - len({truth_group[pk] for pk in bbc_ids}),
        **scores,
        "counting_same_bbc_title_as_one_story": scores_by_title,
        "copy_grouped_with_its_original_by_edit": recall_by_edit,
        **({"with_reuters": scores_all} if scores_all else {}),
        "ms_per_article_while_building": round(seconds / number * 1000, 2),
    }


def pair_scores(ids: set[int], *, truth_group: dict, predicted: dict) -> dict:
    true_pairs, predicted_pairs = set(), set()
    for members, into in ((group_members(ids, truth_group), true_pairs), (group_members(ids, predicted), predicted_pairs)):
        for group in members:
            into.update(combinations(sorted(group), 2))
    both = len(true_pairs & predicted_pairs)
    return {
        "true_pairs": len(true_pairs),
        "predicted_pairs": len(predicted_pairs),
        "precision": round(both / len(predicted_pairs), 4) if predicted_pairs else None,
        "recall": round(both / len(true_pairs), 4) if true_pairs else None,
    }


def merge_groups(first: dict, second: dict) -> dict:
    """Return groups where two ids are together when either mapping puts them together (union-find)."""
    parent: dict = {}

    def find(key):
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    for mapping in (first, second):
        for pk, group in mapping.items():
            parent.setdefault(("id", pk), ("id", pk))
            parent[find(("id", pk))] = find(("group", mapping is second, group))
    return {pk: find(("id", pk)) for pk in first}


def group_members(ids: set[int], groups: dict) -> list[list[int]]:
    members: dict[object, list[int]] = defaultdict(list)
    for pk in ids:
        if groups.get(pk) is not None:
            members[groups[pk]].append(pk)
    return [group for group in members.values() if len(group) > 1]


def fill_mode(*, is_on: bool, key_index: str = "") -> str:
    """Turn bulk-fill settings on (return the dropped key index's name) or off (build that index again)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if is_on:
            constraints = connection.introspection.get_constraints(cursor, "articles_fingerprintband")
            key_index = next(name for name, c in constraints.items() if c["index"] and c["columns"] == ["key"])
            cursor.execute(f'DROP INDEX "{key_index}"')
        else:
            cursor.execute(f'CREATE INDEX "{key_index}" ON "articles_fingerprintband" ("key")')
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous=OFF" if is_on else "PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA cache_size=-262144" if is_on else "PRAGMA cache_size=-2000")
    return key_index


def measure_cost(docs: list[dict], *, size: int, lookups: int, vocabulary: list[str], rng: random.Random) -> dict:
    from django.db import transaction

    from articles.models import Article, BodyFingerprint, FingerprintBand
    from articles.stories.fingerprints import fingerprint_text
    from articles.stories.grouping import find_near_duplicates, group_article, store_fingerprint

    bodies = [doc["body"] for doc in docs if len(doc["body"].split()) >= 60]
    started = time.perf_counter()
    count = start_count = Article.objects.count()
    # Filling: the band-key index is dropped and built once at the end (inserting 6 million random keys
    # into a live B-tree is what makes a fill slow), and SQLite skips fsyncs. Both are undone before timing.
    key_index = fill_mode(is_on=True)
    while count < size:
        chunk = min(FILL_CHUNK, size - count)
        with transaction.atomic():
            articles = Article.objects.bulk_create([
                Article(title=f"Synthetic {count + i}", slug=f"s-{count + i}", content_hash=f"s{count + i}")
                for i in range(chunk)
            ])
            prints, bands = [], []
            for number, article in enumerate(articles, start=count - start_count):
                # First every real body once, then synthetic ones.
                body = bodies[number] if number < len(bodies) else replace_words(rng.choice(bodies), share=0.5, vocabulary=vocabulary, rng=rng)
                fingerprint = fingerprint_text(body)
                prints.append(BodyFingerprint(article=article, signature=fingerprint.signature, shingle_count=fingerprint.shingle_count))
                bands += [FingerprintBand(article=article, key=key) for key in fingerprint.band_keys]
            BodyFingerprint.objects.bulk_create(prints)
            FingerprintBand.objects.bulk_create(bands, batch_size=5000)
        count += chunk
    fill_mode(is_on=False, key_index=key_index)
    fill_seconds = time.perf_counter() - started

    fingerprint_ms, lookup_ms, total_ms, commit_ms, cpu_ms = [], [], [], [], []
    for n in range(lookups):
        body = rng.choice(bodies)
        if n % 2 == 0:
            body = edit_copy({"title": "x", "body": body}, edit="all", donor=rng.choice(docs), vocabulary=vocabulary, rng=rng)["body"]
        else:
            body = replace_words(body, share=0.5, vocabulary=vocabulary, rng=rng)
        with transaction.atomic():
            article = Article.objects.create(title=f"Timed {size}-{n}", slug=f"t-{size}-{n}", content_hash=f"t{size}-{n}")
            t1 = time.perf_counter()
            fingerprint = fingerprint_text(body)
            t2 = time.perf_counter()
            if fingerprint is not None:
                find_near_duplicates(fingerprint=fingerprint, exclude_id=article.pk)
            t3 = time.perf_counter()
            cpu_started = time.process_time()
            # What the import adds to a page's transaction: fingerprint, its band rows, the lookup, the story.
            fingerprint = store_fingerprint(article=article, texts=[body], is_new=True)
            group_article(article=article, fingerprint=fingerprint)
            t4 = time.perf_counter()
            cpu_ms.append((time.process_time() - cpu_started) * 1000)
        t5 = time.perf_counter()
        fingerprint_ms.append((t2 - t1) * 1000)
        lookup_ms.append((t3 - t2) * 1000)
        total_ms.append((t4 - t3) * 1000)
        commit_ms.append((t5 - t4) * 1000)
    return {
        "articles_in_database": Article.objects.count(),
        "band_rows": FingerprintBand.objects.count(),
        "fill_seconds": round(fill_seconds, 1),
        "timed_imports": lookups,
        "fingerprint_ms_median": round(statistics.median(fingerprint_ms), 3),
        "lookup_ms_median": round(statistics.median(lookup_ms), 3),
        "lookup_ms_p95": round(statistics.quantiles(lookup_ms, n=20)[-1], 3),
        "grouping_ms_per_article_median": round(statistics.median(total_ms), 3),
        "grouping_ms_per_article_p95": round(statistics.quantiles(total_ms, n=20)[-1], 3),
        "grouping_ms_per_article_mean": round(statistics.fmean(total_ms), 3),
        # CPU time of the same work (this process, SQLite included): wall time on a loaded machine is mostly waiting.
        "grouping_cpu_ms_per_article_median": round(statistics.median(cpu_ms), 3),
        "grouping_cpu_ms_per_article_p95": round(statistics.quantiles(cpu_ms, n=20)[-1], 3),
        "page_commit_ms_median": round(statistics.median(commit_ms), 3),  # the page's own commit; not grouping's
    }


if __name__ == "__main__":
    main()
