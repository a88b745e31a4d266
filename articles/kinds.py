"""The one registry of entity kinds (leader, country, topic): every layer reads its names from here.

A kind is spelled one way per role:
- `name` ("leader"): the URL parameter (`?leader=`), the query prefix (`leader:`), the page route, the
  tagger's `Mention.kind`, `TagRejection.kind` and `HandTag.kind`;
- `plural` ("leaders"): the Article field, the search index and facet field, the API's key.
Adding a kind (say, organisations) is one entry here plus its model, mention model and migration.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import models


class KindName(models.TextChoices):
    LEADER = "leader", "leader"
    COUNTRY = "country", "country"
    TOPIC = "topic", "topic"


@dataclass(frozen=True)
class EntityKind:
    name: str  # a KindName value
    plural: str
    title: str  # heading of its facet and list page
    model_name: str
    mention_model_name: str
    # Fields whose change can change what the tagger finds (the slug changes the index's facet values).
    tagging_fields: frozenset[str]

    @property
    def param(self) -> str:
        """The URL parameter and query prefix: ?leader=vladimir-putin, leader:putin."""
        return self.name

    @property
    def field(self) -> str:
        """The Article many-to-many field, the index field and the facet name."""
        return self.plural

    @property
    def model(self) -> type[models.Model]:
        # Looked up through the app registry: models.py itself reads KindName from this module.
        return apps.get_model("articles", self.model_name)

    @property
    def mention_model(self) -> type[models.Model]:
        return apps.get_model("articles", self.mention_model_name)


LEADER = EntityKind(
    "leader", "leaders", "Leaders", "Leader", "LeaderMention",
    tagging_fields=frozenset({"name", "slug", "aliases", "ambiguous_aliases", "country", "roles"}),
)
COUNTRY = EntityKind(
    "country", "countries", "Countries", "Country", "CountryMention",
    tagging_fields=frozenset({"name", "slug", "aliases", "demonyms", "capitals", "start_year", "end_year", "successors"}),
)
TOPIC = EntityKind(
    "topic", "topics", "Topics", "Topic", "TopicMention",
    tagging_fields=frozenset({"name", "slug", "aliases"}),
)
ENTITY_KINDS: tuple[EntityKind, ...] = (LEADER, COUNTRY, TOPIC)

_BY_NAME = {kind.param: kind for kind in ENTITY_KINDS}
_BY_FIELD = {kind.field: kind for kind in ENTITY_KINDS}
_BY_MODEL_NAME = {kind.model_name: kind for kind in ENTITY_KINDS}


def kind_named(name: str) -> EntityKind:
    """Return the kind called `name` ("leader").

    Raises:
        LookupError: no kind has that name.
    """
    try:
        return _BY_NAME[name]
    except KeyError:
        raise LookupError(f"No entity kind '{name}'; kinds are {', '.join(_BY_NAME)}.") from None


def kind_of_field(field: str) -> EntityKind | None:
    """Return the kind whose index/facet field is `field` ("leaders"), or None for other fields (source, year)."""
    return _BY_FIELD.get(field)


def kind_of(entity: models.Model) -> EntityKind:
    """Return the kind of a Leader, Country or Topic instance (or model class).

    Raises:
        LookupError: it is not an entity model.
    """
    model = entity if isinstance(entity, type) else type(entity)
    try:
        return _BY_MODEL_NAME[model.__name__]
    except KeyError:
        raise LookupError(f"{model.__name__} is not an entity kind; kinds are {', '.join(_BY_NAME)}.") from None


@dataclass(frozen=True)
class FilterFacet:
    """A search facet a reader can filter by: the entity kinds, and the source."""

    field: str  # the index field counted ("leaders", "source")
    param: str  # the URL parameter that filters by it ("leader", "source")
    plural: str  # SearchFilters' attribute holding the chosen values ("leaders", "sources")
    title: str
    kind: EntityKind | None = None


SOURCE_FACET = FilterFacet(field="source", param="source", plural="sources", title="Sources")
FILTER_FACETS: tuple[FilterFacet, ...] = (
    *(FilterFacet(field=k.field, param=k.param, plural=k.plural, title=k.title, kind=k) for k in ENTITY_KINDS),
    SOURCE_FACET,
)
_FACETS_BY_FIELD = {facet.field: facet for facet in FILTER_FACETS}


def filter_facet(field: str) -> FilterFacet | None:
    """Return the filter facet counted on the index field `field`, or None (year, month)."""
    return _FACETS_BY_FIELD.get(field)
