"""Tagger output -> stored tags: mention rows, the article's tag links, discovered leaders.

Used by importing (a new or changed page) and retagging (stored articles): both find tags with
find_tags outside the transaction and store them with save_tags inside it. Admins' rejections
(TagRejection) and hand tags (HandTag) are applied here, so neither path can put a rejected tag back
or take a hand tag off.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q
from django.utils.text import slugify

from articles.entities.tables import EntityTables
from articles.kinds import ENTITY_KINDS, LEADER, KindName, kind_named
from articles.models import Article, HandTag, Leader, Section, TagRejection
from articles.tagging import DiscoveredLeader, Mention, discover_leaders, tag_sections
from articles.tagging.text import find_sentence_around


@dataclass(frozen=True)
class FoundTags:
    mentions: list[Mention]
    discovered: list[DiscoveredLeader]


def find_tags(
    *,
    texts: Sequence[str],
    tables: EntityTables,
    published: date | None = None,
    title: str | None = None,
    headings: Sequence[str | None] = (),
) -> FoundTags:
    """Return the tagger's mentions in texts and the leaders it discovered there (not yet in tables)."""
    mentions = tag_sections(texts, gazetteer=tables.gazetteer, published=published, title=title, headings=headings)
    discovered = discover_leaders(texts, gazetteer=tables.gazetteer)
    return FoundTags(mentions=mentions, discovered=discovered)


def save_tags(*, article: Article, sections: list[Section], found: FoundTags, tables: EntityTables, is_new: bool) -> None:
    """Store found's mentions of article (sections in tagger order) and set its tags; call inside a transaction.

    Discovered leaders are created unreviewed (unless an admin rejected the name) and tagged where
    their full name appears. Mentions of an entity rejected on this article are dropped. The article's
    hand tags stay, found or not; one whose entity no longer exists is skipped.
    """
    rejected = _rejected_names(article) if not is_new else set()
    hand_tagged = _hand_tagged_entities(article, rejected=rejected) if not is_new else {}
    leaders = dict(tables.leaders)
    mentions = list(found.mentions)
    for person in found.discovered:
        leader = _discovered_leader(person, tables=tables)
        if leader is not None:
            leaders[leader.name] = leader
            mentions.extend(_name_mentions(person.name, [s.text for s in sections]))
    entities = {kind.param: getattr(tables, kind.plural) for kind in ENTITY_KINDS} | {LEADER.param: leaders}
    rows: dict[str, list] = {kind.param: [] for kind in ENTITY_KINDS}
    for mention in mentions:
        entity = entities[mention.kind].get(mention.name)
        if entity is None or (mention.kind, mention.name) in rejected or not sections:
            continue
        # A mention in the title is stored on the first section with an empty span (see
        # is_title_mention): its sentence is the title, and there is no section text to highlight.
        section, start, end = (
            (sections[0], 0, 0) if mention.is_in_title else (sections[mention.section], mention.start, mention.end)
        )
        rows[mention.kind].append(kind_named(mention.kind).mention_model(
            section=section, start=start, end=end,
            matched=mention.matched[:300], sentence=mention.sentence, note=mention.note[:300],
            **{mention.kind: entity},
        ))
    for kind in ENTITY_KINDS:
        if rows[kind.param]:
            kind.mention_model.objects.bulk_create(rows[kind.param])
    for kind in ENTITY_KINDS:
        tagged = {getattr(row, kind.param) for row in rows[kind.param]} | hand_tagged.get(kind.param, set())
        if not is_new:
            getattr(article, kind.field).set(tagged)
        elif tagged:
            # A new article has no tags yet: insert the link rows at once instead of set()'s diff queries.
            through = getattr(Article, kind.field).through
            field = getattr(Article, kind.field).field
            through.objects.bulk_create([
                through(**{field.m2m_field_name(): article, field.m2m_reverse_field_name(): entity}) for entity in tagged
            ])


def is_title_mention(prefix: str = "") -> Q:
    """Return the condition for a stored mention (reached through prefix) to be in its article's title.

    save_tags stores a title mention with an empty span (start == end); a mention in a section's
    text always spans the words matched, so the test needs no comparison of sentence and title.
    """
    return Q(**{f"{prefix}start": F(f"{prefix}end")})


def _rejected_names(article: Article) -> set[tuple[str, str]]:
    return set(TagRejection.objects.filter(article=article).values_list("kind", "name"))


def _hand_tagged_entities(article: Article, *, rejected: set[tuple[str, str]]) -> dict[str, set]:
    # Read from the database, not the tables: an entity created after the tables were loaded
    # (an admin's new topic during a long retag) is still kept.
    names: dict[str, set[str]] = defaultdict(set)
    for kind, name in HandTag.objects.filter(article=article).values_list("kind", "name"):
        if (kind, name) not in rejected:
            names[kind].add(name)
    return {kind: set(kind_named(kind).model.objects.filter(name__in=kind_names)) for kind, kind_names in names.items()}


def _discovered_leader(person: DiscoveredLeader, *, tables: EntityTables) -> Leader | None:
    # The tables were loaded before this page: another page of the same run may have created the
    # person already, so look the name up before creating it.
    if TagRejection.objects.filter(article__isnull=True, kind=KindName.LEADER, name=person.name).exists():
        return None
    existing = Leader.objects.filter(Q(name=person.name) | Q(slug=_leader_slug(person.name))).first()
    if existing is not None:
        return existing if existing.name == person.name else None
    return Leader.objects.create(
        name=person.name[:200],
        slug=_leader_slug(person.name),
        country=tables.countries.get(person.country or ""),
        roles=[{"title": person.title}],
        is_reviewed=False,
    )


def _leader_slug(name: str) -> str:
    return slugify(name)[:200] or "leader"


def _name_mentions(name: str, texts: Sequence[str]) -> list[Mention]:
    mentions = []
    for position, text in enumerate(texts):
        start = text.find(name)
        while start >= 0:
            sentence_start, sentence_end = find_sentence_around(text, start)
            mentions.append(Mention(
                kind=KindName.LEADER, name=name, section=position, start=start, end=start + len(name),
                sentence=text[sentence_start:sentence_end].strip(), matched=name,
            ))
            start = text.find(name, start + len(name))
    return mentions
