"""SEARCH_URL picks the search engine: one URL per engine, and a bad URL says what to write instead."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsindex.search_url import parse_search_url

DEFAULT_INDEX = Path("/srv/newsindex/whoosh_index")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("whoosh://", {"ENGINE": "articles.search.backends.ArchiveWhooshEngine", "PATH": str(DEFAULT_INDEX)}),
        ("postgres://", {"ENGINE": "articles.search.postgres.PostgresSearchEngine", "URL": "postgres://"}),
        (
            "postgresql://app@db:5432/newsindex",
            {"ENGINE": "articles.search.postgres.PostgresSearchEngine", "URL": "postgresql://app@db:5432/newsindex"},
        ),
        ("whoosh:///var/lib/index", {"ENGINE": "articles.search.backends.ArchiveWhooshEngine", "PATH": "/var/lib/index"}),
        (
            "solr://solr.internal:8983/solr/newsindex",
            {"ENGINE": "haystack.backends.solr_backend.SolrEngine", "URL": "http://solr.internal:8983/solr/newsindex"},
        ),
        (
            "solr+https://user:secret@solr.example.org/solr/newsindex",
            {"ENGINE": "haystack.backends.solr_backend.SolrEngine", "URL": "https://user:secret@solr.example.org/solr/newsindex"},
        ),
        (
            "elasticsearch://es.internal:9200/newsindex",
            {
                "ENGINE": "haystack.backends.elasticsearch7_backend.Elasticsearch7SearchEngine",
                "URL": "http://es.internal:9200/",
                "INDEX_NAME": "newsindex",
            },
        ),
        (
            "elasticsearch+https://es.example.org/articles",
            {
                "ENGINE": "haystack.backends.elasticsearch7_backend.Elasticsearch7SearchEngine",
                "URL": "https://es.example.org/",
                "INDEX_NAME": "articles",
            },
        ),
    ],
)
def test_search_url_becomes_the_haystack_connection(url, expected):
    assert parse_search_url(url, whoosh_path=DEFAULT_INDEX) == expected


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://host/index", "unknown engine 'ftp'"),
        ("/srv/index", "unknown engine ''"),
        ("whoosh://srv/index", "a Whoosh path must be absolute, with three slashes"),
        ("solr:///solr/core", "it names no host"),
        ("solr://solr.internal:8983", "it names no Solr core"),
        ("elasticsearch://es.internal:9200", "it needs exactly one index name after the host"),
        ("elasticsearch://es.internal:9200/a/b", "it needs exactly one index name after the host"),
        ("solr+ftp://solr.internal/solr/core", "transport 'ftp' is neither http nor https"),
    ],
)
def test_a_bad_search_url_raises_naming_the_setting_and_the_reason(url, reason):
    with pytest.raises(ImproperlyConfigured, match=rf"^SEARCH_URL='{re.escape(url)}' cannot be used: {re.escape(reason)}.*Use whoosh:///"):
        parse_search_url(url, whoosh_path=DEFAULT_INDEX)


def test_a_bad_search_url_never_shows_its_password():
    with pytest.raises(ImproperlyConfigured) as raised:
        parse_search_url("solr://admin:hunter2@solr.internal:8983", whoosh_path=DEFAULT_INDEX)
    assert "hunter2" not in str(raised.value)
    assert "admin:***@solr.internal" in str(raised.value)
