"""Print the Elasticsearch 7 index body (settings + mapping) haystack creates for our ArticleIndex.

Usage: SEARCH_URL=elasticsearch://localhost:9200/newsindex python deploy/elasticsearch/build_mapping.py \
           > deploy/elasticsearch/mapping.json
Needs the `elasticsearch>=7,<8` client installed; no server is contacted. haystack applies the same body
itself on first use (Elasticsearch7SearchBackend.setup); this file is for review and for creating the
index ahead of time: curl -XPUT "$ES/newsindex" -H 'Content-Type: application/json' -d @mapping.json
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsindex.settings")

import django  # noqa: E402

django.setup()

from haystack import connections  # noqa: E402


def build_index_body() -> dict:
    """Return the settings and mapping of the "default" connection, which must be Elasticsearch 7."""
    backend = connections["default"].get_backend()
    _, field_mapping = backend.build_schema(connections["default"].get_unified_index().all_searchfields())
    return {"settings": backend.DEFAULT_SETTINGS["settings"], "mappings": backend._get_current_mapping(field_mapping)}


if __name__ == "__main__":
    print(json.dumps(build_index_body(), indent=2, sort_keys=True))
