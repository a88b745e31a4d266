"""What the resolution of one article works on: the hits found in it and what it has learnt so far.

Shared by tagger.py (the stages), countries.py and leaders.py (the rules per kind).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from articles.tagging.matcher import Target


@dataclass(frozen=True)
class Hit:
    """One gazetteer surface found in a section."""

    section: int
    start: int
    end: int
    surface: str  # folded text of the match
    targets: tuple[Target, ...]


class Resolved(NamedTuple):
    """What a hit was resolved to."""

    kind: str  # "leader" | "country"
    name: str
    hit: Hit
    note: str = ""


@dataclass
class ArticleState:
    """What the resolution of one article has learnt so far."""

    texts: list[str]  # folded section texts, lines in capitals recased
    published: date | None
    originals: list[str] = field(default_factory=list)  # folded section texts as written
    capitals_lines: dict[tuple[int, int], bool] = field(default_factory=dict)  # (section, line start) -> in capitals
    named_countries: set[str] = field(default_factory=set)  # unambiguous evidence, whole article
    places: set[str] = field(default_factory=set)  # named_countries plus capitals named as cities
    introduced: set[str] = field(default_factory=set)  # leaders named by full name or title so far
    # Surnames the article gives to someone else ("Bob Wilson", or "Michael Howard" in 1987
    # when he held no role): alone, they are not a leader nobody introduced.
    other_people_surnames: set[str] = field(default_factory=set)
    # Republics the article places in a union state of its time ("Soviet Georgia" in 1989).
    union_republics: dict[str, str] = field(default_factory=dict)
    # Mentions per country counted before resolving names shared with a US state ("Georgia").
    country_counts: dict[str, int] = field(default_factory=dict)
    # (country surface, next word) of companies the article names with a legal form
    # ("American Quarry Resources Corp" -> ("American", "Quarry")): alone they are the company.
    company_short_names: set[tuple[str, str]] = field(default_factory=set)
    found: list[Resolved] = field(default_factory=list)
    out_of_role: list[Resolved] = field(default_factory=list)  # gazetteer people named in no role that year
