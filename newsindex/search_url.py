"""SEARCH_URL -> haystack's connection settings: the one place that knows each engine's URL shape.

    whoosh:///absolute/path              our Whoosh backend, index in that folder
    whoosh://                            our Whoosh backend, index in SEARCH_INDEX_DIR
    solr://host:8983/solr/core           haystack's Solr backend (solr+https:// for TLS)
    elasticsearch://host:9200/index      haystack's Elasticsearch 7 backend (elasticsearch+https:// for TLS)
    postgres://                          our PostgreSQL engine, documents in DATABASE_URL's database
    postgres://user@host:5432/name       the same, checked to name DATABASE_URL's database (the
                                         documents commit with the articles, so they cannot live elsewhere)

No Django imports: settings.py calls this while settings load.
"""

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

WHOOSH_ENGINE = "articles.search.backends.ArchiveWhooshEngine"
SOLR_ENGINE = "haystack.backends.solr_backend.SolrEngine"
# haystack 3.4 ships backends for Elasticsearch 1, 2, 5 and 7; 7 is the newest it supports.
ELASTICSEARCH_ENGINE = "haystack.backends.elasticsearch7_backend.Elasticsearch7SearchEngine"
POSTGRES_ENGINE = "articles.search.postgres.PostgresSearchEngine"
EXAMPLES = "whoosh:///path/to/index, solr://host:8983/solr/core, elasticsearch://host:9200/index or postgres://"


def parse_search_url(url: str, *, whoosh_path: Path, setting: str = "SEARCH_URL") -> dict:
    """Return the HAYSTACK_CONNECTIONS["default"] entry for a search URL.

    Raises:
        ImproperlyConfigured: the URL's scheme is unknown or it lacks the host, core or index name.
    """
    parts = urlsplit(url)
    scheme, _, transport = parts.scheme.partition("+")
    if transport not in ("", "http", "https"):
        raise _bad_url(url, setting, f"transport '{transport}' is neither http nor https")
    if scheme in ("postgres", "postgresql"):
        # Which database is checked when the engine first connects (articles/search/postgres.py):
        # settings are still loading here.
        return {"ENGINE": POSTGRES_ENGINE, "URL": url}
    if scheme == "whoosh":
        if parts.netloc:
            raise _bad_url(url, setting, "a Whoosh path must be absolute, with three slashes (whoosh:///srv/index)")
        return {"ENGINE": WHOOSH_ENGINE, "PATH": parts.path or str(whoosh_path)}
    if scheme not in ("solr", "elasticsearch"):
        raise _bad_url(url, setting, f"unknown engine '{parts.scheme}'")
    if not parts.hostname:
        raise _bad_url(url, setting, "it names no host")
    name = parts.path.strip("/")
    http_url = urlunsplit((transport or "http", parts.netloc, "", "", ""))
    if scheme == "solr":
        if not name:
            raise _bad_url(url, setting, "it names no Solr core (solr://host:8983/solr/core)")
        return {"ENGINE": SOLR_ENGINE, "URL": f"{http_url}/{name}"}
    if not name or "/" in name:
        raise _bad_url(url, setting, "it needs exactly one index name after the host (elasticsearch://host:9200/index)")
    return {"ENGINE": ELASTICSEARCH_ENGINE, "URL": f"{http_url}/", "INDEX_NAME": name}


def _bad_url(url: str, setting: str, reason: str) -> ImproperlyConfigured:
    password = urlsplit(url).password
    if password:  # the message ends up in logs
        url = url.replace(f":{password}@", ":***@")
    return ImproperlyConfigured(f"{setting}={url!r} cannot be used: {reason}. Use {EXAMPLES}.")
