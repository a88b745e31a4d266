"""An article's tags with the reason for each: the sentence that triggered it and how often it is mentioned.

Read by the article page ("why these tags") and by an import preview (the proposed tags).
"""

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Value, When

from articles.entities.storage import is_title_mention
from articles.kinds import ENTITY_KINDS
from articles.models import Article

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
    sentence: str  # the first sentence of the text that mentions it (the headline if only it does)
    anchor: str  # the section it is in
    mention_count: int
    note: str = ""  # why a guess was made ("The article has no date: taken to be the latest holder …")


def tag_reasons(article: Article, *, limit: int = REASONS_PER_KIND) -> list[TagReason]:
    """Return, for the most mentioned tags of each kind, the first sentence that triggered it, its
    count, and the note of a guess made in tagging it (an undated article's latest title holder).

    Bounded whatever the article's size: one grouped count per kind, one read of the first
    MENTIONS_SCANNED mentions' sentences, and section anchors read once (not each section's text
    once per mention, which took 22.9 GB for a 1 MB page).
    """
    anchors = dict(article.sections.values_list("pk", "anchor"))
    reasons = []
    for kind in ENTITY_KINDS:
        entity_field = kind.param
        mentions = kind.mention_model.objects.filter(section__article=article)
        counts = dict(
            mentions.values_list(entity_field).annotate(count=Count("pk")).order_by("-count", entity_field)[:limit]
        )
        if not counts:
            continue
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
        reasons += sorted(
            (
                TagReason(
                    kind=kind.param,
                    name=entities[pk].name,
                    url=entities[pk].get_absolute_url(),
                    sentence=first[pk][1][:SENTENCE_CHARS],
                    anchor=anchors.get(first[pk][0], ""),
                    mention_count=count,
                    note=notes.get(pk, ""),
                )
                for pk, count in counts.items()
            ),
            key=lambda reason: (-reason.mention_count, reason.name),
        )
    return reasons
