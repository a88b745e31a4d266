"""The Solr schema and Elasticsearch mapping shipped in deploy/ describe every field our index writes."""

import json
import re
from pathlib import Path

from articles.search_indexes import ArticleIndex

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
SOLR_FIELD = re.compile(r'<field name="(\w+)" type="(\w+)" indexed="\w+" stored="\w+" multiValued="(\w+)"')


def index_fields() -> dict[str, bool]:
    """Return each field of the article index (its index_fieldname) with whether it is multi-valued."""
    return {field.index_fieldname: field.is_multivalued for field in ArticleIndex().fields.values()}


def test_the_solr_schema_has_every_index_field_with_its_multiplicity():
    schema = {name: multi == "true" for name, _, multi in SOLR_FIELD.findall((DEPLOY / "solr" / "schema.xml").read_text())}
    for name, is_multivalued in index_fields().items():
        assert name in schema, f"deploy/solr/schema.xml lacks {name}: regenerate it with manage.py build_solr_schema"
        assert schema[name] == is_multivalued, name


def test_the_elasticsearch_mapping_has_every_index_field():
    mapping = json.loads((DEPLOY / "elasticsearch" / "mapping.json").read_text())["mappings"]["properties"]
    missing = set(index_fields()) - set(mapping)
    assert not missing, f"deploy/elasticsearch/mapping.json lacks {sorted(missing)}: regenerate it with build_mapping.py"
