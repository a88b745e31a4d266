"""Text -> tags: leaders, countries and topics mentioned in an article's cleaned sections.

Use:
    gazetteer = load_gazetteer()
    mentions = tag_sections(section_texts, gazetteer=gazetteer, published=article_date)

Compiling a Gazetteer into matching patterns takes a fraction of a second, so tag_sections
caches one Tagger per Gazetteer object (by identity: load the gazetteer once and keep it).
Callers that prefer explicit objects use build_tagger(gazetteer).tag(texts, published=...).
discover_leaders(texts, gazetteer=...) lists titled people the gazetteer lacks (issue 5).
No Django imports here.
"""

from collections.abc import Sequence
from datetime import date

from articles.tagging.discovery import discover_new_leaders
from articles.tagging.gazetteer import GazetteerError, load_gazetteer
from articles.tagging.tagger import Tagger
from articles.tagging.types import (
    CountryEntry, DiscoveredLeader, Gazetteer, LeaderEntry, Mention, MetonymEntry, TopicEntry,
)

__all__ = [
    "CountryEntry", "DiscoveredLeader", "Gazetteer", "GazetteerError", "LeaderEntry", "Mention",
    "MetonymEntry", "Tagger", "TopicEntry", "build_tagger", "discover_leaders", "load_gazetteer", "tag_sections",
]

# Gazetteer holds dicts (LeaderEntry.roles), so it is not hashable: cache by identity, and keep
# the gazetteer in the value so its id cannot be reused by another object while cached.
MAX_CACHED_TAGGERS = 4
TAGGERS: dict[int, tuple[Gazetteer, Tagger]] = {}


def build_tagger(gazetteer: Gazetteer) -> Tagger:
    """Return the Tagger for gazetteer, compiled on first use and cached by object identity."""
    cached = TAGGERS.get(id(gazetteer))
    if cached is not None and cached[0] is gazetteer:
        return cached[1]
    if len(TAGGERS) >= MAX_CACHED_TAGGERS:
        TAGGERS.clear()
    tagger = Tagger(gazetteer)
    TAGGERS[id(gazetteer)] = (gazetteer, tagger)
    return tagger


def tag_sections(
    texts: Sequence[str],
    *,
    gazetteer: Gazetteer,
    published: date | None = None,
    title: str | None = None,
    headings: Sequence[str | None] = (),
) -> list[Mention]:
    """Return every leader, country and topic mention in texts (section 0 is the intro).

    Offsets point into texts. Pass title and headings when texts hold paragraphs only: a topic
    phrase there gives the topic weight (a headline hit), though only hits in texts are returned.
    """
    return build_tagger(gazetteer).tag(list(texts), published=published, title=title, headings=tuple(headings))


def discover_leaders(texts: Sequence[str], *, gazetteer: Gazetteer) -> list[DiscoveredLeader]:
    """Return people introduced as "<demonym> <head-of-state title> <Name>" who are not in gazetteer."""
    return discover_new_leaders(build_tagger(gazetteer).matcher, list(texts))
