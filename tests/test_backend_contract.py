"""What every search backend must do for this site, run against each one that is reachable.

Whoosh (our ArchiveWhooshEngine) and haystack's stock Whoosh engine always run: the stock engine is
a real engine that is not ours, so every path that claims to be engine-neutral (import, unpublish,
delete, check_index --repair, facets, filters, date ranges, sort, pagination, the pages) is proven
so here. Solr runs when SOLR_URL names a core created from
deploy/solr/schema.xml (e.g. SOLR_URL=http://127.0.0.1:8983/solr/newsindex_test); Elasticsearch 7 runs when
ELASTICSEARCH_URL names a server (e.g. ELASTICSEARCH_URL=http://127.0.0.1:9200; the index newsindex_contract
is created and cleared there); our PostgreSQL engine runs when the tests run on PostgreSQL (DATABASE_URL).
Otherwise those cases are skipped, saying why.

The behaviours go through the product's own calls: update_search_index() to index, search_articles() to
search (words, phrases, facets, filters, sort) and haystack's SearchQuerySet for what a page does not show.
"""

import os
import socket
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from haystack import connections
from haystack.query import SearchQuerySet

from articles.models import Article, Country, Leader, Section
from articles.search.consistency import check_search_index
from articles.search.indexing import remove_from_search_index, update_search_index
from articles.search.service import SearchFilters, search_articles
from newsindex.search_url import parse_search_url

ELASTICSEARCH_CONTRACT_INDEX = "newsindex_contract"
STOCK_WHOOSH_ENGINE = "haystack.backends.whoosh_backend.WhooshEngine"
# What each engine's ENGINE setting contains.
ENGINE_PATHS = {
    "whoosh": "articles.search.backends.ArchiveWhooshEngine",
    "stock-whoosh": STOCK_WHOOSH_ENGINE,
    "solr": "solr",
    "elasticsearch": "elasticsearch",
    "postgres": "articles.search.postgres.PostgresSearchEngine",
}

# title, published, leaders, countries, body
ARTICLES = [
    (
        "Ceasefire in Gaza holds for a second day",
        date(2024, 1, 20),
        ["benjamin-netanyahu"],
        ["israel"],
        "The ceasefire in Gaza held for a second day as aid lorries crossed the border.",
    ),
    (
        "Kremlin says grain talks with Kyiv stalled",
        date(2023, 7, 18),
        ["vladimir-putin", "volodymyr-zelenskyy"],
        ["russia", "ukraine"],
        "Grain exports through the Black Sea stopped after talks stalled, the Kremlin said.",
    ),
    (
        "Leaders meet to discuss a Gaza ceasefire",
        date(2023, 11, 2),
        ["benjamin-netanyahu", "vladimir-putin"],
        ["israel", "russia"],
        "Talks on a Gaza ceasefire continued; a truce was not agreed.",
    ),
    (
        "Wheat prices fall on record harvest",
        date(2022, 9, 1),
        [],
        ["ukraine"],
        "Wheat prices fell as the harvest came in at a record, traders said.",
    ),
]
LEADER_NAMES = {
    "benjamin-netanyahu": "Benjamin Netanyahu",
    "vladimir-putin": "Vladimir Putin",
    "volodymyr-zelenskyy": "Volodymyr Zelenskyy",
}
COUNTRY_NAMES = {"israel": "Israel", "russia": "Russia", "ukraine": "Ukraine"}


def reachable_server(variable: str, *, client_module: str) -> str:
    """Return the server URL in the environment variable, or skip the test saying why it cannot run."""
    url = os.environ.get(variable)
    if not url:
        pytest.skip(f"{variable} is not set; set it to a running server's URL to run the contract on it.")
    try:
        __import__(client_module)
    except ImportError:
        pytest.skip(f"{variable} is set but the '{client_module}' client is not installed (pip install it).")
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port or 80), timeout=2).close()
    except OSError as error:
        pytest.skip(f"No server answers at {variable}={url}: {error.strerror or error}.")
    return url


def connection_for(engine: str, tmp_path) -> dict:
    if engine == "postgres":
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("The PostgreSQL search engine needs the tests on PostgreSQL: set DATABASE_URL=postgres://….")
        return parse_search_url("postgres://", whoosh_path=tmp_path)
    if engine == "whoosh":
        return parse_search_url(f"whoosh://{tmp_path / 'whoosh'}", whoosh_path=tmp_path)
    if engine == "stock-whoosh":
        return {"ENGINE": STOCK_WHOOSH_ENGINE, "PATH": str(tmp_path / "stock-whoosh")}
    if engine == "solr":
        url = urlsplit(reachable_server("SOLR_URL", client_module="pysolr"))
        return parse_search_url(f"solr+{url.scheme}://{url.netloc}{url.path}", whoosh_path=tmp_path)
    url = urlsplit(reachable_server("ELASTICSEARCH_URL", client_module="elasticsearch"))
    return parse_search_url(f"elasticsearch+{url.scheme}://{url.netloc}/{ELASTICSEARCH_CONTRACT_INDEX}", whoosh_path=tmp_path)


@pytest.fixture(params=list(ENGINE_PATHS))
def engine(request, tmp_path, settings):
    """Point haystack's default connection at one engine, emptied, for the length of a test."""
    if request.param == "postgres":
        request.getfixturevalue("db")  # its documents live in the test database
    original = connections.connections_info
    settings.HAYSTACK_CONNECTIONS = {"default": connection_for(request.param, tmp_path)}
    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    connections.reload("default")
    backend = connections["default"].get_backend()
    backend.clear()
    yield request.param
    backend.clear()
    connections.connections_info = original
    connections.reload("default")


@pytest.fixture
def archive(db, engine):
    """Save ARTICLES with their tags and index them through the product's indexing call."""
    leaders = {slug: Leader.objects.get_or_create(slug=slug, defaults={"name": name})[0] for slug, name in LEADER_NAMES.items()}
    countries = {slug: Country.objects.get_or_create(slug=slug, defaults={"name": name})[0] for slug, name in COUNTRY_NAMES.items()}
    saved = []
    for number, (title, published, leader_slugs, country_slugs, body) in enumerate(ARTICLES):
        article = Article.objects.create(
            title=title, slug=f"contract-{number}", published=published, source="Contract Wire", content_hash=str(number)
        )
        Section.objects.create(article=article, position=0, heading="", anchor="intro", text=body)
        article.leaders.set([leaders[s] for s in leader_slugs])
        article.countries.set([countries[s] for s in country_slugs])
        saved.append(article)
    update_search_index(article_ids=[a.pk for a in saved])
    return {a.title: a for a in saved}


def titles(page) -> set[str]:
    return {hit.article.title for hit in page.hits}


def test_contract_indexes_every_published_article(archive):
    assert SearchQuerySet().models(Article).count() == len(ARTICLES)


def test_contract_words_find_the_articles_that_contain_all_of_them(archive):
    assert titles(search_articles("ceasefire")) == {
        "Ceasefire in Gaza holds for a second day",
        "Leaders meet to discuss a Gaza ceasefire",
    }
    assert titles(search_articles("grain Kremlin")) == {"Kremlin says grain talks with Kyiv stalled"}


def test_contract_a_phrase_matches_only_its_words_in_order(archive):
    assert titles(search_articles('"Gaza ceasefire"')) == {"Leaders meet to discuss a Gaza ceasefire"}


def test_contract_facet_counts_leaders_and_countries_by_slug(archive):
    facets = search_articles("ceasefire OR grain").facets
    assert {(f.value, f.count) for f in facets["leaders"]} == {
        ("benjamin-netanyahu", 2),
        ("vladimir-putin", 2),
        ("volodymyr-zelenskyy", 1),
    }
    assert {(f.value, f.count) for f in facets["countries"]} == {("israel", 2), ("russia", 2), ("ukraine", 1)}


def test_contract_filters_by_leader_country_and_date(archive):
    assert titles(search_articles("ceasefire", filters=SearchFilters(leaders=("vladimir-putin",)))) == {
        "Leaders meet to discuss a Gaza ceasefire"
    }
    assert titles(search_articles("prices OR talks", filters=SearchFilters(countries=("ukraine",)))) == {
        "Kremlin says grain talks with Kyiv stalled",
        "Wheat prices fall on record harvest",
    }
    assert titles(search_articles("ceasefire", filters=SearchFilters(date_from=date(2024, 1, 1)))) == {
        "Ceasefire in Gaza holds for a second day"
    }


def test_contract_sorts_newest_first(archive):
    page = search_articles("ceasefire OR grain OR wheat", sort="newest")
    assert [hit.article.published for hit in page.hits] == sorted((a[1] for a in ARTICLES), reverse=True)


def test_contract_an_unpublished_article_leaves_the_index(archive):
    article = archive["Wheat prices fall on record harvest"]
    article.is_published = False
    article.save()
    update_search_index(article_ids=[article.pk])
    assert search_articles("wheat").total == 0
    assert SearchQuerySet().models(Article).count() == len(ARTICLES) - 1


def test_contract_runs_against_the_engine_named_in_settings(engine):
    # Guards the fixture itself: each case really talks to the engine it is named after.
    assert ENGINE_PATHS[engine] in django_settings.HAYSTACK_CONNECTIONS["default"]["ENGINE"]


def test_contract_a_deleted_article_leaves_the_index(archive):
    article = archive["Kremlin says grain talks with Kyiv stalled"]
    article_id = article.pk
    article.delete()
    remove_from_search_index(article_ids=[article_id])
    assert search_articles("grain").total == 0
    assert SearchQuerySet().models(Article).count() == len(ARTICLES) - 1


def test_contract_check_index_repairs_missing_stale_and_orphaned_documents(archive, engine):
    if engine == "postgres":
        pytest.skip("The PostgreSQL engine's documents follow their rows in the same transaction: none can go "
                    "missing, stale or orphaned (test_postgres_engine.py checks check_index there).")
    missing = archive["Wheat prices fall on record harvest"]
    remove_from_search_index(article_ids=[missing.pk])
    stale = archive["Kremlin says grain talks with Kyiv stalled"]
    Article.objects.filter(pk=stale.pk).update(title="Kremlin says grain talks resumed")
    orphan = archive["Ceasefire in Gaza holds for a second day"]
    Article.objects.filter(pk=orphan.pk).update(is_published=False)

    report = check_search_index()
    assert (report.missing, report.stale, report.orphaned) == ([missing.pk], [stale.pk], [orphan.pk])
    call_command("check_index", "--repair", verbosity=0)
    assert check_search_index().is_consistent
    assert titles(search_articles("grain OR wheat OR ceasefire")) == {
        "Kremlin says grain talks resumed", "Wheat prices fall on record harvest", "Leaders meet to discuss a Gaza ceasefire",
    }


def test_contract_a_date_range_keeps_the_articles_published_within_it(archive):
    window = SearchFilters(date_from=date(2023, 1, 1), date_to=date(2023, 12, 31))
    assert titles(search_articles("*", filters=window)) == {
        "Kremlin says grain talks with Kyiv stalled", "Leaders meet to discuss a Gaza ceasefire",
    }


def test_contract_pages_of_results_follow_the_sort_order(archive):
    newest = SearchQuerySet().models(Article).order_by("-published")
    assert newest.count() == len(ARTICLES)
    pages = [[r.pk for r in newest[start : start + 2]] for start in (0, 2)]
    expected = [str(a.pk) for a in sorted(archive.values(), key=lambda a: a.published, reverse=True)]
    assert pages == [expected[:2], expected[2:]]


@pytest.mark.parametrize(
    "path, params",
    [
        ("/search/", {"q": "ceasefire", "leader": "vladimir-putin"}),
        ("/search/", {"q": "ceasefire", "from": "2023-01-01", "to": "2024-12-31", "sort": "newest"}),
        ("/search/", {"q": "ceasfire"}),  # no match: "did you mean" where the engine can
        ("/api/search/", {"q": "grain"}),
        ("/search/feed/", {"q": "grain"}),
        ("/search/export.csv", {"q": "grain"}),
    ],
)
def test_contract_search_pages_answer_on_every_engine(archive, client, path, params):
    # Features only our engine has (spelling suggestions) are left out on others, never a 500.
    assert client.get(path, params).status_code == 200


def test_contract_role_search_dates_each_holder_to_the_day(archive):
    # Putin was prime minister until 7 May 2012 and president from that day: on 1 March 2012 he held only the first office.
    article = Article.objects.create(
        title="Putin chairs a cabinet meeting", slug="contract-cabinet", published=date(2012, 3, 1),
        source="Contract Wire", content_hash="cabinet",
    )
    Section.objects.create(article=article, position=0, heading="", anchor="intro", text="The cabinet met in Moscow.")
    article.leaders.set([Leader.objects.get(slug="vladimir-putin")])
    update_search_index(article_ids=[article.pk])
    assert titles(search_articles('role:"prime minister of russia"')) == {"Putin chairs a cabinet meeting"}
    assert titles(search_articles('role:"president of russia"')) == {
        "Kremlin says grain talks with Kyiv stalled", "Leaders meet to discuss a Gaza ceasefire",
    }
