"""Text -> tags: leaders, countries and topics mentioned in an article's cleaned sections.

Use:
    gazetteer = load_gazetteer()  # cached per directory; or a Gazetteer built elsewhere
    mentions = tag_sections(section_texts, gazetteer=gazetteer, published=article_date,
                            title=article_title, headings=section_headings)
    new_people = discover_leaders(section_texts, gazetteer=gazetteer)

Compiling a Gazetteer into matching patterns takes 0.1-0.3 s, so tag_sections caches one
Tagger per Gazetteer object (by identity: build the gazetteer once per import run and keep it).
build_tagger(gazetteer).tag(...) is the same call with the object in hand; its read(...) also
returns the gazetteer people named out of role (TaggedText). No Django imports.

Rules (details and calibration in leaders.py, countries.py, rules.py, topics.py, capitals.py; decisions in
docs/tagging.md):
- The title, passed apart, is tagged like a section read first (Mention.section ==
  TITLE_SECTION, offsets into the title, the title as its sentence). Lines in capitals and
  Title Case headlines are recased at the same length before matching (capitals.py).
- Leaders: full names and aliases, case-sensitive, diacritics folded ("Erdogan" = "Erdoğan");
  "Title Surname" ("Prime Minister Modi") introduces a leader when a role of theirs bears the
  title ("Premier" = "Prime Minister") in the published year and of the state the title names;
  a surname followed by another capitalised name is someone else ("Prime Minister Rashid
  Karami"); a longer name starting inside a match wins ("Premier Li Qiang"). In a dated article
  a leader counts only while in some role ("Donald Trump" in 1987 is not tagged); a bare
  surname counts after an introduction or when its one bearer held a role that year ("Reagan
  said", 1987; "Stoltenberg" is Gerhard in 1987, Jens in 2016). A titled alias belongs to every
  holder of that title with the name ("Premier Li": Li Keqiang in 2015, Li Qiang in 2024); an
  undated article gets the latest holder, with Mention.note saying so. ambiguous_aliases need a
  title or honorific plus context. "Donald Trump Jr." and "Eric Trump" are not Donald Trump,
  nor is "Jose Hugo Castelo Branco" Humberto Castelo Branco. "the Turkish president" points at
  a leader the article named earlier; a bare title is not the holder before "of" another state
  or as the possessive of an institution ("the Queen's Speech"). Gazetteer people named out of
  role ("Donald Trump" in 1987, "President Carter" in 1987) are no leader tags; Tagger.read
  returns them apart.
- Countries: names, aliases, demonyms (also inside titles: "Russian President"), and
  unambiguous metonyms ("the Kremlin", "the Bundesbank"). States with a life span (Soviet Union 1922-1991, East
  and West Germany, Yugoslavia, Zaire, Burma, ...) are countries of their own; in an article
  dated within their years, their era surfaces mean them ("Kremlin", "Moscow", "Russian" in
  1987: the Soviet Union; "Burma" in 1987: Burma, in 2004 or undated: Myanmar). Ambiguous
  metonyms ("Moscow") count when the country is named anyway or they act as a government
  ("Moscow has warned", "BONN WELCOMES", "Bonn sources", "the government in Bonn"). Names that
  are people ("Michael Jordan", "Subs not used: Kerr, Okafor, Jordan"), US states or towns
  ("Atlanta, Georgia", "Whitehall, Pa.", "Turkey Point", Georgia in an article about the US
  that gives no sign of the country), seas ("Gulf of Mexico"), parts of other states
  ("Northern Ireland", "British Columbia"), companies, banks, parties, events or associations
  ("British Petroleum", "AMERICAN AGRONOMICS CORP <AGR>", "American Barrick" after "American
  Barrick Resources Corp", "Australian Hardcourt Championships", "National Bank of Kuwait"; but
  a body of the state, "Bank of Japan", "Australian Reserve Bank", names its state, and so does
  "of" after a legal form: "Hoechst AG of West Germany") or blocked phrases ("Paris Agreement")
  are not countries, nor are currency units ("Swiss francs", "U.S. dlrs"; a central bank,
  "Swiss National Bank", names its state) or armed movements ("Irish Republican Army"). A
  republic the text places in a union state of the article's time ("Soviet Georgia" in 1989,
  "the Baltic republics" before 1992) is the union. "Congo", "Korea" count only when the
  article names one of their countries unambiguously.
- Topics: phrases matched case-insensitively on word boundaries; a topic is kept with a hit in
  the title or a heading (not a weak phrase, not the story's source: "..., CENTRAL BANK SAYS"),
  or with a score of at least 2 and one per 100 words: a hit weighs 1, a specific phrase in
  the lead 2, a hit late in the article 0.75, a weak phrase such as "vote" 0.5 (1 in a
  headline; weak phrases alone score nothing), an institution as a speaker's affiliation 0,
  a hit in a sentence naming three or more topics half; distinct phrases add weight. A deal
  verb with what is sold in a headline ("SELLS UNIT", "COMPLETES X PURCHASE") decides Mergers
  and acquisitions, a dividend or results headline ("SETS QTRLY PAYOUT", "YEAR FEB 28 NET")
  Corporate earnings. Words of a company's name ("Ashland Oil Inc", a headline's "ALASKA
  HOUSING") and phrases inside another term ("fiscal year", "profit-taking", "to ship", "land
  mines", "oil meals") are no evidence. Under a rating agency's headline ("DEBT DOWNGRADED BY
  S/P") results and deals are the rating's reasons: they need a headline hit. A deal in which
  a bank changes hands is also Banking.
"""

from collections.abc import Sequence
from datetime import date

from articles.tagging.discovery import discover_new_leaders
from articles.tagging.gazetteer import GazetteerError, load_gazetteer
from articles.tagging.tagger import Tagger
from articles.tagging.types import (
    TITLE_SECTION,
    CountryEntry,
    DiscoveredLeader,
    Gazetteer,
    LeaderEntry,
    Mention,
    MetonymEntry,
    Role,
    RoleFormatError,
    TaggedText,
    TopicEntry,
    parse_role,
)

__all__ = [
    "TITLE_SECTION", "CountryEntry", "DiscoveredLeader", "Gazetteer", "GazetteerError", "LeaderEntry", "Mention",
    "MetonymEntry", "Role", "RoleFormatError", "TaggedText", "Tagger", "TopicEntry", "build_tagger", "discover_leaders",
    "load_gazetteer", "parse_role", "tag_sections",
]

# A Tagger takes a good part of a second to compile. Cache it by the gazetteer's identity, for the
# tagging loop that passes one object thousands of times (hashing a gazetteer of thousands of
# leaders costs more than tagging an article), and by its value, for the import that reads the
# gazetteer from the database again each time: an equal gazetteer gives the same tags, so an
# unchanged one is not compiled again, and an admin's edit makes an unequal one that is.
# The identity cache keeps the gazetteer in the value so its id cannot be reused while cached.
MAX_CACHED_TAGGERS = 4
TAGGERS_BY_IDENTITY: dict[int, tuple[Gazetteer, Tagger]] = {}
TAGGERS_BY_VALUE: dict[Gazetteer, Tagger] = {}


def build_tagger(gazetteer: Gazetteer) -> Tagger:
    """Return the Tagger for gazetteer, compiled on first use and cached (see above)."""
    cached = TAGGERS_BY_IDENTITY.get(id(gazetteer))
    if cached is not None and cached[0] is gazetteer:
        return cached[1]
    tagger = TAGGERS_BY_VALUE.get(gazetteer)
    if tagger is None:
        if len(TAGGERS_BY_VALUE) >= MAX_CACHED_TAGGERS:
            TAGGERS_BY_VALUE.clear()
        tagger = TAGGERS_BY_VALUE[gazetteer] = Tagger(gazetteer)
    if len(TAGGERS_BY_IDENTITY) >= MAX_CACHED_TAGGERS:
        TAGGERS_BY_IDENTITY.clear()
    TAGGERS_BY_IDENTITY[id(gazetteer)] = (gazetteer, tagger)
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

    Offsets point into texts, or into title for mentions there (section == TITLE_SECTION).
    Pass title and headings (one per text, None where a text has none) when texts hold paragraphs
    only: the title is tagged like a section read first, and a topic phrase in it is a headline
    hit; one in a heading is a headline hit only when the text under the heading mentions the
    topic too (a subheading tells what its part is about), and weighs like a body hit otherwise.
    """
    return build_tagger(gazetteer).tag(list(texts), published=published, title=title, headings=tuple(headings))


def discover_leaders(texts: Sequence[str], *, gazetteer: Gazetteer) -> list[DiscoveredLeader]:
    """Return people introduced as "<demonym> <head-of-state title> <Name>" who are not in gazetteer."""
    return discover_new_leaders(build_tagger(gazetteer).matcher, list(texts))
