"""An article's tags with the reason for each: the sentence that triggered it and how often it is
mentioned, or that an editor added it by hand.

Read by the article page ("why these tags") and by an import preview (the proposed tags).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Value, When

from articles.entities.storage import is_title_mention
from articles.kinds import ENTITY_KINDS, EntityKind
from articles.models import Article, HandTag

# "Why these tags" lists the most mentioned tags of each kind; a huge page can name hundreds.
REASONS_PER_KIND = 30
# Mentions read for first sentences; tags first named later are looked up one by one.
MENTIONS_SCANNED = 2000
# The page shows 220 characters of a sentence; a "sentence" of a page with no full stops can be huge.
SENTENCE_CHARS = 1000


@dataclass
class TagReason:
    kind: str  # a KindName value: leader | country | topic
    name: str
    url: str
    sentence: str  # the first sentence of the text that mentions it (the headline if only it does); "" if none does
    anchor: str  # the section it is in; "" without a sentence
    mention_count: int
    note: str = ""  # why a guess was made ("The article has no date: taken to be the latest holder …")
    is_hand_tag: bool = False  # an editor added it (HandTag); with no mention, that is the only reason


def tag_reasons(article: Article, *, limit: int = REASONS_PER_KIND) -> list[TagReason]:
    """Return, for the most mentioned tags of each kind, the first sentence that triggered it, its
    count, and the note of a guess made in tagging it (an undated article's latest title holder);
    then the hand tags no sentence mentions, with mention_count 0 and no sentence.

    Bounded whatever the article's size: one grouped count per kind, one read of the first
    MENTIONS_SCANNED mentions' sentences, and section anchors read once (not each section's text
    once per mention, which took 22.9 GB for a 1 MB page).
    """
    anchors = dict(article.sections.values_list("pk", "anchor"))
    hand_tag_names: dict[str, set[str]] = defaultdict(set)
    for kind_name, name in HandTag.objects.filter(article=article).values_list("kind", "name"):
        hand_tag_names[kind_name].add(name)
    reasons = []
    for kind in ENTITY_KINDS:
        names = hand_tag_names[kind.param]
        reasons += _mention_reasons(article, kind=kind, anchors=anchors, hand_tag_names=names, limit=limit)
        if names:
            reasons += _unmentioned_hand_tag_reasons(article, kind=kind, names=names)
    return reasons


def _unmentioned_hand_tag_reasons(article: Article, *, kind: EntityKind, names: set[str]) -> list[TagReason]:
    # Only tags the article has (a hand tag whose entity was deleted names nothing) and that no
    # mention in it triggers (those are listed with their sentence, or left out past the limit).
    entities = (
        getattr(article, kind.field).filter(name__in=names)
        .exclude(mentions__section__article=article).order_by("name")
    )
    return [
        TagReason(
            kind=kind.param, name=entity.name, url=entity.get_absolute_url(), sentence="", anchor="",
            mention_count=0, is_hand_tag=True,
        )
        for entity in entities
    ]


def _mention_reasons(
    article: Article, *, kind: EntityKind, anchors: dict[int, str], hand_tag_names: set[str], limit: int
) -> list[TagReason]:
    entity_field = kind.param
    mentions = kind.mention_model.objects.filter(section__article=article)
    counts = dict(
        mentions.values_list(entity_field).annotate(count=Count("pk")).order_by("-count", entity_field)[:limit]
    )
    if not counts:
        return []
    # A sentence of the text says more about why than the headline does, so the text's first
    # mention comes before the headline's.
    is_headline = Case(When(is_title_mention(), then=Value(1)), default=Value(0), output_field=IntegerField())
    ordered = (
        mentions.filter(**{f"{entity_field}__in": counts})
        .annotate(is_headline=is_headline)
        .order_by("is_headline", "section__position", "start")
    )
    first: dict[int, tuple[int, str]] = {}
    for entity_pk, section_pk, sentence in ordered.values_list(entity_field, "section", "sentence")[:MENTIONS_SCANNED]:
        first.setdefault(entity_pk, (section_pk, sentence))
    for entity_pk in counts.keys() - first.keys():  # first mentioned past the scanned ones: rare, one query each
        first[entity_pk] = ordered.filter(**{entity_field: entity_pk}).values_list("section", "sentence")[0]
    # Few distinct notes per tag (one per kind of guess), so this read stays small on any page.
    notes: dict[int, str] = {}
    for entity_pk, note in mentions.filter(**{f"{entity_field}__in": counts}).exclude(note="").values_list(
        entity_field, "note"
    ).distinct().order_by(entity_field, "note"):
        notes.setdefault(entity_pk, note)
    entities = kind.model.objects.in_bulk(list(counts))
    return sorted(
        (
            TagReason(
                kind=kind.param,
                name=entities[pk].name,
                url=entities[pk].get_absolute_url(),
                sentence=first[pk][1][:SENTENCE_CHARS],
                anchor=anchors.get(first[pk][0], ""),
                mention_count=count,
                note=notes.get(pk, ""),
                is_hand_tag=entities[pk].name in hand_tag_names,
            )
            for pk, count in counts.items()
        ),
        key=lambda reason: (-reason.mention_count, reason.name),
    )
