"""A long-lived search process sees what another process did to the index: rebuild_index, clear_index.

The searching process is a subprocess that keeps one searcher and its facet tables across searches,
as a gunicorn worker does; this test process changes the database and runs haystack's commands.
"""

import json
import os
import selectors
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Country, Section
from articles.search.indexing import update_search_index

ROOT = Path(__file__).resolve().parent.parent
ANSWER_TIMEOUT_SECONDS = 60

# Reads one query a line, answers one JSON line: the total and the country facet counts.
SEARCH_SERVER = """
import json, sys
import django
django.setup()
from haystack.query import SearchQuerySet
from articles.models import Article
for line in sys.stdin:
    results = SearchQuerySet().models(Article).raw_search(line.strip()).facet("countries")
    counts = dict(results.facet_counts()["fields"]["countries"])
    print(json.dumps({"total": results.count(), "countries": counts}), flush=True)
"""

COUNTRIES = {"israel": "Israel", "russia": "Russia", "ukraine": "Ukraine"}
# title, countries
ARTICLES = [
    ("President visits Kyiv", ["ukraine"]),
    ("President meets Netanyahu", ["israel"]),
    ("President speaks in Moscow", ["russia"]),
    ("President and the grain deal", ["russia", "ukraine"]),
    ("President on the ceasefire", ["israel", "russia"]),
]


class SearchServer:
    def __init__(self, index_path: Path):
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsindex.settings", "SEARCH_INDEX_DIR": str(index_path)}
        environment.pop("SEARCH_URL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-c", SEARCH_SERVER], cwd=ROOT, env=environment, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.process.stdout, selectors.EVENT_READ)

    def search(self, query: str) -> dict:
        self.process.stdin.write(query + "\n")
        self.process.stdin.flush()
        if not self.selector.select(timeout=ANSWER_TIMEOUT_SECONDS):
            raise TimeoutError(f"The search process did not answer {query!r} in {ANSWER_TIMEOUT_SECONDS} s.")
        return json.loads(self.process.stdout.readline())

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=ANSWER_TIMEOUT_SECONDS)


@pytest.fixture
def archive(db, search_index):
    countries = {slug: Country.objects.get_or_create(slug=slug, defaults={"name": name})[0] for slug, name in COUNTRIES.items()}
    saved = []
    for number, (title, slugs) in enumerate(ARTICLES):
        article = Article.objects.create(
            title=title, slug=f"fresh-{number}", published=date(2024, 1, number + 1), source="Wire", content_hash=str(number)
        )
        Section.objects.create(article=article, position=0, heading="", anchor="intro", text=f"{title}, said the wire.")
        article.countries.set([countries[slug] for slug in slugs])
        saved.append(article)
    update_search_index(article_ids=[a.pk for a in saved])
    return saved


@pytest.fixture
def search_server(archive, search_index):
    server = SearchServer(Path(search_index.path))
    yield server
    server.stop()


def test_a_running_search_process_sees_the_index_rebuilt_by_another_process(archive, search_server):
    before = search_server.search("president")
    assert before == {"total": 5, "countries": {"russia": 3, "israel": 2, "ukraine": 2}}

    Article.objects.filter(title__in=["President speaks in Moscow", "President and the grain deal"]).delete()
    call_command("rebuild_index", interactive=False, verbosity=0)

    assert search_server.search("president") == {"total": 3, "countries": {"israel": 2, "russia": 1, "ukraine": 1}}


def test_a_running_search_process_sees_the_index_cleared_and_refilled_by_another_process(archive, search_server):
    assert search_server.search("president")["total"] == 5

    call_command("clear_index", interactive=False, verbosity=0)
    assert search_server.search("president") == {"total": 0, "countries": {}}

    Article.objects.filter(title="President visits Kyiv").delete()
    update_search_index(article_ids=Article.objects.values_list("pk", flat=True))
    assert search_server.search("president") == {"total": 4, "countries": {"russia": 3, "israel": 2, "ukraine": 1}}
