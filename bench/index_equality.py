"""Does the index rebuild_index writes hold exactly what the old way wrote? (bench/indexing.py, stage compare)

Three indexes of the same database:
- new:        `rebuild_search_index()`, the product's path (parallel part writers, one commit);
- stock-500:  the old rebuild: haystack's stock `WhooshSearchBackend.update()` per batch of 500 articles,
              one commit each, Whoosh's default merges (what rebuild.py did before);
- stock-1:    the same stock `update()` with every article in one batch (one commit, no merge).
Checked:
- every document's stored fields, and every field's terms with their document and total frequencies;
- for each query, sort order (relevance, newest, oldest) and a country filter: the total, the facet counts
  and the whole ordered list of hits with their scores, through the engine (backend.search);
- the same queries through the site's `search_articles` (totals, facets, the hits of page 1).
Against stock-1 everything must be identical, order included, but for the relevance order of prefix
queries (see unranked_prefixes: it depends on segments, in the old build too). stock-500's merges renumber documents,
so results with equal scores (or equal dates) come in another order there: against it the ordered
scores must be identical and, within each run of equal scores, the same articles.
"""

import gzip
import json
import os
import random
import shutil
from pathlib import Path

from common import CORPUS_DIR, CORPUS_FILES

QUERY_SEED = 11
QUERY_COUNT = 60
SORTS = (None, ["-published"], ["published"])
FACETS = ["leaders", "countries", "topics", "year", "source", "story_copy"]
COUNTRY_FILTERS = ("united-states", "japan", "united-kingdom")
STOPWORDS = set("the a an and or of to in on for at by with from as is are was were be it its that this not no says said".split())


def compare_with_stock_build() -> dict:
    """Build the three indexes, compare them; return the numbers, or raise SystemExit naming the first difference."""
    from haystack import connections
    from haystack.backends.whoosh_backend import WhooshSearchBackend

    from articles.models import Article
    from articles.search.rebuild import rebuild_search_index
    from articles.search_indexes import with_index_data

    live = connections["default"]
    configured = Path(live.get_backend().configured_path)
    new_folder = Path(rebuild_search_index().folder)
    index = live.get_unified_index().get_index(Article)
    ids = list(Article.objects.filter(is_published=True).order_by("pk").values_list("pk", flat=True))
    folders = {"new": new_folder}
    for name, batch_size in (("stock-500", 500), ("stock-1", len(ids))):
        folder = configured.with_name(f"{configured.name}-{name}")
        shutil.rmtree(folder, ignore_errors=True)
        backend = backend_on(folder)
        for start in range(0, len(ids), batch_size):
            articles = list(with_index_data(Article.objects.filter(pk__in=ids[start : start + batch_size])))
            WhooshSearchBackend.update(backend, index, articles)
        folders[name] = folder
    queries = build_queries(QUERY_COUNT)
    contents = {name: index_contents(backend_on(folder)) for name, folder in folders.items()}
    results = {name: engine_results(backend_on(folder), queries) for name, folder in folders.items()}
    site = {name: site_results(configured, folder, queries) for name, folder in folders.items()}
    point_link(configured, new_folder)
    for name in ("stock-1", "stock-500"):
        if contents[name] != contents["new"]:
            raise SystemExit(f"Stored documents or terms differ between new and {name}: {first_difference(contents[name], contents['new'])}")
    results = {name: unranked_prefixes(found) for name, found in results.items()}
    site = {name: unranked_prefixes(found) for name, found in site.items()}
    if results["stock-1"] != results["new"]:
        raise SystemExit(f"Results differ between new and stock-1: {first_difference(results['stock-1'], results['new'])}")
    if tie_groups(results["stock-500"]) != tie_groups(results["new"]):
        raise SystemExit(f"Results differ between new and stock-500: {first_difference(tie_groups(results['stock-500']), tie_groups(results['new']))}")
    if site["stock-1"] != site["new"]:
        raise SystemExit(f"Site results differ between new and stock-1: {first_difference(site['stock-1'], site['new'])}")
    for name in ("stock-1", "stock-500"):
        shutil.rmtree(folders[name], ignore_errors=True)
    documents, terms = contents["new"]
    return {
        "compared_documents": len(documents),
        "compared_terms": len(terms),
        "compared_searches": len(results["new"]),
        "compared_hits": sum(len(r["ranked"]) for r in results["new"].values()),
        "identical": True,
    }


def backend_on(folder: Path):
    """Return our engine's backend on the index in folder (created empty if missing)."""
    from haystack import connections

    live = connections["default"]
    backend = type(live.get_backend())("default", **{**live.options, "PATH": str(folder)})
    backend.setup()
    return backend


def index_contents(backend) -> tuple[dict, dict]:
    """Return ({document id: stored fields}, {(field, term): (document frequency, total frequency)})."""
    with backend.index.searcher() as searcher:
        documents = {fields["id"]: fields for fields in searcher.all_stored_fields()}
        reader = searcher.reader()
        terms = {(name, text): (reader.doc_frequency(name, text), reader.frequency(name, text)) for name, text in reader.all_terms()}
    return documents, terms


def engine_results(backend, queries: list[str]) -> dict:
    """Return, per (query, sort, filter), the total, the facet counts and every hit as (score or date, pk)."""
    results = {}
    for query in queries:
        for sort in SORTS:
            for country in (None, *COUNTRY_FILTERS[:1]):
                narrow = {f'countries:"{country}"'} if country else None
                found = backend.search(query, sort_by=sort, facets=FACETS, narrow_queries=narrow, end_offset=10**9)
                key = "score" if sort is None else "published"
                results[(query, str(sort), country)] = {
                    "hits": found["hits"],
                    "facets": found.get("facets", {}).get("fields"),
                    "ranked": [(getattr(hit, key), int(hit.pk)) for hit in found["results"]],
                }
    return results


def unranked_prefixes(results: dict) -> dict:
    """Return the results with the relevance order of prefix queries ("cell*") replaced by the hits' ids, sorted.

    Whoosh expands a prefix in each segment apart and scores it as a word where it expands to one word
    only, else gives every match 1.0, so their relevance order depends on how the documents are cut
    into segments (by the old build's merges, every import's commit, or the new build's parts). Their
    totals, facets and date orders do not, and are compared as they are.
    """
    unranked = {}
    for key, found in results.items():
        query, sort = key[0], key[1]
        if "*" not in query or query == "*" or sort not in ("None", "relevance"):
            unranked[key] = found
        elif isinstance(found, dict):
            unranked[key] = {**found, "ranked": sorted((0.0, pk) for _, pk in found["ranked"])}
        else:
            total, facets, _ = found
            unranked[key] = (total, facets, None)  # page 1 of a relevance order
    return unranked


def tie_groups(results: dict) -> dict:
    """Return the results with each ordered hit list cut into runs of equal score (or date), as sets of pks."""
    grouped = {}
    for key, found in results.items():
        runs: list[tuple] = []
        for value, pk in found["ranked"]:
            if runs and runs[-1][0] == value:
                runs[-1][1].add(pk)
            else:
                runs.append((value, {pk}))
        grouped[key] = {**found, "ranked": runs}
    return grouped


def site_results(configured: Path, folder: Path, queries: list[str]) -> dict:
    """Return search_articles' total, facets and page-1 article ids per query and sort, with folder live."""
    from articles.search.service import search_articles

    point_link(configured, folder)
    results = {}
    for query in queries:
        for sort in ("relevance", "newest", "oldest"):
            page = search_articles(query, sort=sort)
            facets = {name: [(value.value, value.count) for value in values] for name, values in page.facets.items()}
            results[(query, sort)] = (page.total, facets, [hit.article.pk for hit in page.hits])
    return results


def point_link(configured: Path, folder: Path) -> None:
    """Make the configured index path a link to folder, the way rebuild_index swaps one in."""
    link = configured.with_name(f".{configured.name}.compare-link")
    if link.is_symlink():
        link.unlink()
    os.symlink(folder.name, link)
    os.replace(link, configured)


def build_queries(count: int) -> list[str]:
    """Return one-word, two-word, phrase, OR and prefix queries drawn with a fixed seed from the corpus titles."""
    rng = random.Random(QUERY_SEED)
    titles = []
    for name in CORPUS_FILES:
        with gzip.open(CORPUS_DIR / name, "rt", encoding="utf-8") as lines:
            titles.extend(json.loads(line)["title"].lower() for line in lines)
    words = sorted({w for t in titles for w in t.split() if w.isalpha() and w not in STOPWORDS and len(w) > 3})
    kinds = [
        lambda: rng.choice(words),
        lambda: f"{rng.choice(words)} {rng.choice(words)}",
        lambda: f'"{" ".join(rng.choice(titles).split()[:2])}"',
        lambda: f"{rng.choice(words)} OR {rng.choice(words)}",
        lambda: f"{rng.choice(words)[:4]}*",
    ]
    return ["*"] + [kinds[n % len(kinds)]() for n in range(count - 1)]


def first_difference(expected: dict | tuple, actual: dict | tuple) -> str:
    """Return a short description of the first key whose values differ."""
    if isinstance(expected, tuple):
        for part, (left, right) in enumerate(zip(expected, actual)):
            if left != right:
                return f"part {part}: " + first_difference(left, right)
        return "no difference"
    for key in sorted(set(expected) | set(actual), key=repr):
        if expected.get(key) != actual.get(key):
            return f"{key!r}: {str(expected.get(key))[:300]} != {str(actual.get(key))[:300]}"
    return "no difference"
