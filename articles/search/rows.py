"""The database rows a results page shows, whatever the search engine: the hits' articles, their
sections with marked snippets, their tags with mention counts and their stories' other copies, and
the names of the facets' entities.

A page is four queries (facet names, articles, sections, tags), five with stories. Articles, facet
names, sections and tags are plain SQL over the models' tables: building the same queries through the ORM
took ten to twenty times longer than running them (the union of the three tag tables with their
mention counts: 1.3 ms to build, 0.1 ms to run at 20,000 articles), on every page view.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F

from articles.kinds import ENTITY_KINDS, EntityKind
from articles.models import Article, Section
from articles.search.snippets import HighlightTerms, SectionSnippet, section_snippets


@dataclass(frozen=True)
class HitSection:
    position: int
    heading: str
    anchor: str
    text: str


@dataclass(frozen=True)
class ArticleTag:
    kind: str  # an entity kind's name: leader | country | topic
    slug: str
    name: str
    mentions: int  # times the tagger found it in the article; 0 for a tag set by hand


@dataclass
class ArticleHit:
    article: Article
    snippets: list[SectionSnippet] = field(default_factory=list)
    copies: list[Article] = field(default_factory=list)  # the story's other published copies, earliest first
    sections: list[HitSection] = field(default_factory=list)  # in reading order
    tags: list[ArticleTag] = field(default_factory=list)  # by kind (leaders, countries, topics), then name

    @property
    def best(self) -> SectionSnippet | None:
        return self.snippets[0] if self.snippets else None

    @property
    def more(self) -> list[SectionSnippet]:
        return self.snippets[1:]


def load_hits(ids: list[int], *, terms: HighlightTerms, with_copies: bool) -> list[ArticleHit]:
    """Return a hit for each published article of ids, in the order of ids, with snippets for terms.

    with_copies: a story's hit names its other copies; listing every copy, each copy is its own hit.
    """
    by_id = {article.pk: article for article in load_published_articles(ids)}
    shown = [pk for pk in ids if pk in by_id]  # a missing id: deleted since it was indexed; check_index --repair removes it
    sections = load_sections(shown)
    tags = load_article_tags(shown)
    copies = load_story_copies(story_ids={by_id[pk].story_id for pk in shown if by_id[pk].story_id}) if with_copies else {}
    hits = []
    for pk in shown:
        article = by_id[pk]
        hits.append(
            ArticleHit(
                article=article,
                snippets=section_snippets(sections.get(pk, []), terms) if terms else [],
                copies=[copy for copy in copies.get(article.story_id, []) if copy.pk != pk],
                sections=sections.get(pk, []),
                tags=tags.get(pk, []),
            )
        )
    return hits


def load_published_articles(article_ids: list[int]) -> list[Article]:
    """Return the published articles among article_ids, in no particular order."""
    if not article_ids:
        return []
    columns = ", ".join(_column(Article, field.name) for field in Article._meta.concrete_fields)
    # raw(): the model instances as the ORM makes them, without building the query (0.5 -> 0.2 ms).
    return list(Article.objects.raw(
        f"SELECT {columns} FROM {_table(Article)} WHERE {_column(Article, 'id')} IN ({_placeholders(article_ids)}) "
        f"AND {_column(Article, 'is_published')} = %s",
        [*article_ids, True],
    ))


def load_sections(article_ids: list[int]) -> dict[int, list[HitSection]]:
    """Return each article's sections in reading order."""
    if not article_ids:
        return {}
    columns = ", ".join(_column(Section, name) for name in ("article", "position", "heading", "anchor", "text"))
    article, position = _column(Section, "article"), _column(Section, "position")
    sections: dict[int, list[HitSection]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {_table(Section)} WHERE {article} IN ({_placeholders(article_ids)}) "
            f"ORDER BY {article}, {position}",
            article_ids,
        )
        for article_id, position, heading, anchor, text in cursor.fetchall():
            sections.setdefault(article_id, []).append(HitSection(position=position, heading=heading, anchor=anchor, text=text))
    return sections


def load_article_tags(article_ids: list[int]) -> dict[int, list[ArticleTag]]:
    """Return each article's tags with how often the article mentions each: by kind, then by name."""
    if not article_ids:
        return {}
    sql, params = _article_tags_query_postgresql(article_ids) if connection.vendor == "postgresql" else _article_tags_query(article_ids)
    tags: dict[int, list[ArticleTag]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for article_id, kind_position, slug, name, mentions in cursor.fetchall():
            tag = ArticleTag(kind=ENTITY_KINDS[kind_position].param, slug=slug, name=name, mentions=mentions)
            tags.setdefault(article_id, []).append(tag)
    return tags


def _article_tags_query(article_ids: list[int]) -> tuple[str, list]:
    placeholders = _placeholders(article_ids)
    section_id, section_article = _column(Section, "id"), _column(Section, "article")
    selects = []
    for position, kind in enumerate(ENTITY_KINDS):
        through, tagged_article, tagged_entity, mention_section, mention_entity, entity_id, entity_slug, entity_name = (
            _tag_tables(kind)
        )
        # Mentions are counted in the page's articles' sections only, grouped before the join: a
        # correlated count per tag read every mention of a common entity (60 ms a page).
        selects.append(
            f"SELECT t.{tagged_article}, {position}, e.{entity_slug}, e.{entity_name}, COALESCE(m.mentions, 0) "
            f"FROM {_table(through)} t JOIN {_table(kind.model)} e ON e.{entity_id} = t.{tagged_entity} "
            f"LEFT JOIN (SELECT s.{section_article} AS article_id, x.{mention_entity} AS entity_id, COUNT(*) AS mentions "
            f"FROM {_table(kind.mention_model)} x JOIN {_table(Section)} s ON s.{section_id} = x.{mention_section} "
            f"WHERE s.{section_article} IN ({placeholders}) GROUP BY s.{section_article}, x.{mention_entity}) m "
            f"ON m.article_id = t.{tagged_article} AND m.entity_id = t.{tagged_entity} "
            f"WHERE t.{tagged_article} IN ({placeholders})"
        )
    # By kind, then by name in SQL as each kind's model orders its rows (the database's collation).
    return " UNION ALL ".join(selects) + " ORDER BY 2, 4", article_ids * 2 * len(ENTITY_KINDS)


def _article_tags_query_postgresql(article_ids: list[int]) -> tuple[str, list]:
    # The same rows. PostgreSQL planned the query above longer than it ran it (0.9 + 0.7 ms at 100,000
    # articles); counting each tag's mentions among its article's few sections, kept as an array,
    # takes half that. OFFSET 0 keeps the count reading mentions by section, not by entity (every
    # mention of a common entity: the 60 ms above).
    section_id, section_article = _column(Section, "id"), _column(Section, "article")
    selects = []
    for position, kind in enumerate(ENTITY_KINDS):
        through, tagged_article, tagged_entity, mention_section, mention_entity, entity_id, entity_slug, entity_name = (
            _tag_tables(kind)
        )
        selects.append(
            f"SELECT t.{tagged_article}, {position}, e.{entity_slug}, e.{entity_name}, "
            f"(SELECT COUNT(*) FROM (SELECT x.{mention_entity} AS entity_id FROM {_table(kind.mention_model)} x "
            f"WHERE x.{mention_section} = ANY(s.section_ids) OFFSET 0) m WHERE m.entity_id = t.{tagged_entity}) "
            f"FROM {_table(through)} t JOIN {_table(kind.model)} e ON e.{entity_id} = t.{tagged_entity} "
            f"LEFT JOIN page_sections s ON s.article_id = t.{tagged_article} WHERE t.{tagged_article} = ANY(%s)"
        )
    page_sections = (
        f"WITH page_sections AS (SELECT {section_article} AS article_id, array_agg({section_id}) AS section_ids "
        f"FROM {_table(Section)} WHERE {section_article} = ANY(%s) GROUP BY {section_article}) "
    )
    return page_sections + " UNION ALL ".join(selects) + " ORDER BY 2, 4", [article_ids] * (1 + len(ENTITY_KINDS))


def _tag_tables(kind: EntityKind) -> tuple:
    """Return a kind's tag table (model) and the column names both tag queries read.

    (tag table, its article column, its entity column, mention section column, mention entity column,
    entity id, entity slug, entity name column).
    """
    through = Article._meta.get_field(kind.field).remote_field.through
    return (
        through, _column(through, "article"), _column(through, kind.param),
        _column(kind.mention_model, "section"), _column(kind.mention_model, kind.param),
        *(_column(kind.model, column) for column in ("id", "slug", "name")),
    )


def load_entity_names(slugs: dict[EntityKind, list[str]]) -> dict[str, dict[str, str]]:
    """Return {kind name: {slug: name}} for the given slugs of each kind (unknown slugs left out)."""
    selects: list[str] = []
    params: list = []
    for position, (kind, kind_slugs) in enumerate(slugs.items()):
        if kind_slugs:
            slug, name = _column(kind.model, "slug"), _column(kind.model, "name")
            if connection.vendor == "postgresql":  # one array, not a parameter per slug: a third less time
                selects.append(f"SELECT {position}, {slug}, {name} FROM {_table(kind.model)} WHERE {slug} = ANY(%s)")
                params.append(kind_slugs)
            else:
                selects.append(f"SELECT {position}, {slug}, {name} FROM {_table(kind.model)} WHERE {slug} IN ({_placeholders(kind_slugs)})")
                params += kind_slugs
    kinds = list(slugs)
    names: dict[str, dict[str, str]] = {kind.param: {} for kind in kinds}
    if selects:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), params)
            for position, slug, name in cursor.fetchall():
                names[kinds[position].param][slug] = name
    return names


def load_story_copies(*, story_ids: set[int]) -> dict[int, list[Article]]:
    """Return the published copies of each story, earliest first (the order that picks a story's first copy)."""
    if not story_ids:
        return {}
    copies: dict[int, list[Article]] = {}
    rows = Article.objects.filter(story_id__in=story_ids, is_published=True).only(
        "pk", "slug", "title", "source", "published", "story_id"
    ).order_by(F("published").asc(nulls_last=True), "pk")
    for article in rows:
        copies.setdefault(article.story_id, []).append(article)
    return copies


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, field_name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field_name).column)


def _placeholders(values: list) -> str:
    return ", ".join(["%s"] * len(values))
