"""Text -> tags: leaders, countries and topics mentioned in an article's cleaned sections.

Use:
    gazetteer = load_gazetteer()  # cached per directory; or a Gazetteer built elsewhere
    mentions = tag_sections(section_texts, gazetteer=gazetteer, published=article_date,
                            title=article_title, headings=section_headings)
    new_people = discover_leaders(section_texts, gazetteer=gazetteer)

Compiling a Gazetteer into matching patterns takes 0.1-0.3 s, so tag_sections caches one
Tagger per Gazetteer object (by identity: build the gazetteer once per import run and keep it).
build_tagger(gazetteer).tag(...) is the same call with the object in hand. No Django imports.

Rules (details and calibration in tagger.py, rules.py, topics.py):
- Leaders: full names and aliases, case-sensitive, diacritics folded ("Erdogan" = "Erdoğan");
  "Title Surname" ("Prime Minister Modi") introduces a leader; a bare surname counts only
  after an introduction, or in a dated article when that person headed a state or government
  that year ("Reagan said", 1987). ambiguous_aliases need a title or honorific plus context.
  A surname or name two leaders share goes to the one whose role fits the title and the
  published year, else the one already named, of a named country, or in office alongside the
  other leaders named; otherwise nothing. "Donald Trump Jr." and "Eric Trump" are not Donald
  Trump. "the Turkish president" points at a leader the article named earlier.
- Countries: names, aliases, demonyms (also inside titles: "Russian President"), and
  unambiguous metonyms ("the Kremlin"). Ambiguous metonyms ("Moscow") count when the country
  is named anyway or they act as a government ("Moscow has warned"). Names that are people
  ("Michael Jordan"), US states ("Atlanta, Georgia"), seas ("Gulf of Mexico"), companies or
  parties ("British Petroleum", "UK Independence Party") or blocked phrases ("Paris
  Agreement") are not countries. "Congo", "Korea" count only when the article names one of
  their countries unambiguously.
- Topics: phrases matched case-insensitively on word boundaries; a topic is kept with at least
  2 hits and one per 100 words, or a hit in the title or a heading.
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
